// Opens the node's GraphiQL in headless Chromium (playwright-core, the Debian chromium), with every
// request to a host other than loopback refused, and uses it as a person would: reads the schema in
// the docs explorer, runs a query with a token pasted into the headers editor, and starts a
// subscription that receives a message sent over HTTP. Prints "ide: N/M ok"; the exit code is
// non-zero unless every check passed.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstLinesOf, graphql, register, withTimeout } from './support.mjs';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const patienceMs = 20_000;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

// TOKENIM_IDE_SCREENSHOTS=DIR keeps a screenshot of the page after each failed check.
const screenshots = process.env.TOKENIM_IDE_SCREENSHOTS;

let ok = 0;
let total = 0;

async function check(page, name, run) {
  total += 1;
  try {
    await withTimeout(run(), patienceMs, `not done within ${patienceMs} ms`);
    ok += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
    if (screenshots) await page.screenshot({ path: join(screenshots, `ide-${total}.png`) }).catch(() => {});
  }
}

const isLoopback = (address) => loopbackHosts.has(new URL(address).hostname);

async function replaceEditorText(page, selector, text) {
  await page.locator(`${selector} .monaco-editor >> visible=true`).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // One input event, so Monaco does not auto-close the brackets a key-by-key typist would get.
  await page.keyboard.insertText(text);
}

async function waitForText(page, selector, expected, timeout = patienceMs) {
  await page.waitForFunction(
    ([s, e]) => document.querySelector(s)?.textContent.replaceAll('\u00a0', ' ').includes(e),
    [selector, expected],
    { timeout },
  );
}

// GraphiQL reads the operation name from the editor a moment after a change; running before then
// would send the previous one. Its tab takes the name at the same time.
async function runOperation(page, name) {
  await waitForText(page, '.graphiql-session-header', name);
  await page.keyboard.press('ControlOrMeta+Enter');
}

const alice = await register(url, 'ide_a');
const bob = await register(url, 'ide_b');

const profile = await mkdtemp(join(tmpdir(), 'tokenim-ide-chromium-'));
// A fresh profile per run, so nothing from an earlier run (a stored tab, a token) is reused.
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const offLoopback = [];
const problems = [];
try {
  await context.route('**/*', (route) => {
    if (isLoopback(route.request().url())) return route.continue();
    offLoopback.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(/.*/, (socket) => {
    if (isLoopback(socket.url())) return socket.connectToServer();
    offLoopback.push(socket.url());
    return socket.close();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  // With the first lines of the stack: an error inside the IDE's own bundle says nothing by its message alone.
  page.on('pageerror', (error) => problems.push(firstLinesOf(error)));

  await check(page, 'the IDE loads from the node alone: no request leaves loopback, no CSP violation, no script error', async () => {
    await page.goto(url);
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: patienceMs });
    await page.waitForLoadState('networkidle');
    if (offLoopback.length) throw new Error(`requests off loopback: ${offLoopback.join(', ')}`);
    if (problems.length) throw new Error(problems.join(' | '));
  });

  await check(page, 'the docs explorer shows the schema: Query and its fields', async () => {
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await waitForText(page, '.graphiql-doc-explorer', 'Query');
    await page.locator('.graphiql-doc-explorer a', { hasText: 'Query' }).first().click();
    await waitForText(page, '.graphiql-doc-explorer', 'conversations');
  });

  await check(page, 'a query with the token pasted into the headers editor shows its result', async () => {
    await replaceEditorText(page, '.graphiql-editor-tool', JSON.stringify({ Authorization: `Bearer ${alice.token}` }));
    await replaceEditorText(page, '.graphiql-query-editor', 'query Me { me { username } }');
    await runOperation(page, 'Me');
    await waitForText(page, '.graphiql-response', alice.username);
  });

  await check(page, 'a subscription started in the IDE (graphql-transport-ws, token in connection_init) receives a message sent over HTTP', async () => {
    await replaceEditorText(page, '.graphiql-query-editor', 'subscription Live { messageReceived { body sender { username } } }');
    await runOperation(page, 'Live');
    const body = `hello from ${bob.username}`;
    // The socket opens and subscribes asynchronously; send until the message shows, at most a few times.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await graphql(url, 'mutation($to: ID!, $b: String!) { sendMessage(input: { recipientId: $to, body: $b }) { message { id } } }',
        { to: alice.id, b: body }, bob.token);
      try {
        await waitForText(page, '.graphiql-response', body, 1500);
        return;
      } catch {
        // not delivered yet: the subscription was not active when that message was sent
      }
    }
    throw new Error('no message reached the IDE');
  });

  if (offLoopback.length || problems.length) {
    total += 1;
    console.log(`FAIL nothing left loopback and nothing was refused later on: ${[...offLoopback, ...problems].join(' | ')}`);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

console.log(`ide: ${ok}/${total} ok`);
process.exitCode = ok === total ? 0 : 1;
