// Opens the node's own Banana Cake Pop in headless Chromium (playwright-core, the Debian chromium), with
// every request to a host other than loopback refused and counted as a failure, and uses it as a person
// would: signs in with the login mutation, puts the token into the connection settings (Authorization,
// Bearer), runs a query and a mutation, and starts a subscription that receives a message sent over
// HTTP. Prints "bananacakepop: N/M ok"; the exit code is non-zero unless every check passed.
//
// The app registers a service worker on its first load, which takes control of the page and reloads it
// once; the first check waits for that before it touches anything.
//
// TOKENIM_BCP_HOST_PORT=P runs the same checks against Banana Cake Pop served from elsewhere: this script
// serves the same npm package (the copy the build installed) on http://127.0.0.1:P/bcp/, another origin,
// with its endpoint preset to TOKENIM_URL, as a team hosting the IDE apart from the API would. The node
// must allow that origin (TokenIM__Cors__Origins__N) outside Development.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstLinesOf, graphql, password, register, runId, withTimeout } from './support.mjs';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const hostPort = process.env.TOKENIM_BCP_HOST_PORT;
const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '../../src/TokenIM.Server/Ide/app/node_modules/@chillicream/bananacakepop-graphql-ide');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const patienceMs = 30_000;
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
    return true;
  } catch (error) {
    console.log(`FAIL ${name}: ${error?.message ?? error}`);
    if (screenshots) await page.screenshot({ path: join(screenshots, `bananacakepop-${total}.png`) }).catch(() => {});
    return false;
  }
}

const isLoopback = (address) => loopbackHosts.has(new URL(address).hostname);

// The operation editor is a Monaco editor whose model lives under file:///operations/; the response
// panel's under inmemory://.
const operationEditor = '.monaco-editor[data-uri^="file:///operations/"]';
const responseEditors = '.monaco-editor[data-uri^="inmemory://"]';

async function replaceOperation(page, text) {
  await page.locator(operationEditor).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // One input event, so Monaco does not auto-close the brackets a key-by-key typist would get.
  await page.keyboard.insertText(text);
}

// The app parses the document a moment after a change; running before then would send the previous one
// (or none). The operation builder beside the editor lists the operation ("SignIn: Mutation") once it has.
async function run(page, kind, name) {
  await page.locator('[role=treeitem]', { hasText: `${name}: ${kind}` }).first().waitFor({ timeout: patienceMs });
  await page.getByRole('button', { name: /^Run Operation/ }).click();
}

// The text a response panel shows (Monaco renders spaces as no-break spaces), once it contains `expected`.
async function waitForResponse(page, expected, timeout = patienceMs) {
  const handle = await page.waitForFunction(
    ([selector, e]) => {
      for (const editor of document.querySelectorAll(selector)) {
        const text = editor.querySelector('.view-lines')?.textContent.replaceAll('\u00a0', ' ') ?? '';
        if (text.includes(e)) return text;
      }
      return false;
    },
    [responseEditors, expected],
    { timeout },
  );
  return handle.jsonValue();
}

function parseFrame(frame) {
  try {
    return JSON.parse(frame);
  } catch {
    return undefined;
  }
}

async function setSubscriptionProtocol(page, protocol) {
  await page.getByRole('button', { name: 'Connection Settings' }).click();
  await page.getByRole('tab', { name: 'General' }).click();
  await page.locator('select#subscriptionProtocol').selectOption(protocol);
  await page.getByRole('button', { name: 'Apply' }).click();
}

// Starts `subscription NAME { messageReceived … }` in the IDE, and has bob send alice messages over HTTP
// until one shows in the response panel, then stops it (its Run button is Cancel while it runs). The
// subscription starts asynchronously, so the first messages may be sent before it is active.
async function receiveInSubscription(page, name) {
  await replaceOperation(page, `subscription ${name} { messageReceived { body sender { username } } }`);
  await run(page, 'Subscription', name);
  const body = `hello from ${bob.username} to ${name}`;
  for (let attempt = 0; attempt < 15; attempt += 1) {
    await graphql(url, 'mutation($to: ID!, $b: String!) { sendMessage(input: { recipientId: $to, body: $b }) { message { id } } }',
      { to: alice.id, b: body }, bob.token);
    try {
      await waitForResponse(page, body, 1500);
    } catch {
      continue; // not delivered yet
    }
    await page.getByRole('button', { name: /^Cancel/ }).first().click();
    await page.getByRole('button', { name: /^Run Operation/ }).waitFor({ timeout: patienceMs });
    return;
  }
  throw new Error('no message reached the IDE');
}

const contentTypes = {
  '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain',
};

// The package's files under /bcp/, and its settings with the endpoint preset; anything else is 404.
function hostElsewhere(port) {
  const config = JSON.stringify({ endpoint: url, useBrowserUrlAsEndpoint: false, disableTelemetry: true });
  const server = createServer(async (request, response) => {
    const path = new URL(request.url, 'http://host').pathname;
    if (path === '/bcp') return response.writeHead(301, { location: '/bcp/' }).end();
    if (path === '/bcp/bcp-config.json') return response.writeHead(200, { 'content-type': 'application/json' }).end(config);
    const file = normalize(join(packageFolder, path === '/bcp/' ? 'index.html' : path.slice('/bcp/'.length)));
    if (!path.startsWith('/bcp/') || !file.startsWith(packageFolder + sep)) return response.writeHead(404).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(Number(port), '127.0.0.1', () => resolve(server)));
}

const alice = await register(url, 'bcp_a');
const bob = await register(url, 'bcp_b');

const elsewhere = hostPort ? await hostElsewhere(hostPort) : undefined;
const pageUrl = elsewhere ? `http://127.0.0.1:${hostPort}/bcp/` : url;
const profile = await mkdtemp(join(tmpdir(), 'tokenim-bcp-chromium-'));
// A fresh profile per run, so nothing from an earlier run (a service worker, a stored tab, a token) is reused.
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  viewport: { width: 1400, height: 900 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
const offLoopback = [];
const problems = [];
const socketFrames = [];
const eventStreamRequests = [];
try {
  // Requests of the page, its workers and its service worker all pass through the context's routes.
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
  // What the app sends on its sockets, to see where the token travels.
  page.on('websocket', (socket) => socket.on('framesent', (frame) => socketFrames.push(String(frame.payload))));
  page.on('request', (request) => {
    if (request.headers().accept?.includes('text/event-stream')) eventStreamRequests.push(request.headers());
  });

  const from = elsewhere ? 'from another origin' : 'from the node alone';
  const loaded = await check(page, `Banana Cake Pop loads ${from}: its service worker takes control, no request leaves loopback, no CSP violation, no script error`, async () => {
    await page.goto(pageUrl);
    // The first visit installs the service worker, which claims the page; the app then reloads it once.
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: patienceMs });
    await page.waitForLoadState('load');
    const expected = elsewhere ? pageUrl : `${url}/`;
    if (page.url() !== expected) throw new Error(`the IDE is at ${page.url()}, not ${expected}`);
    await page.getByRole('button', { name: 'Create Document' }).click({ timeout: patienceMs });
    await page.locator(operationEditor).first().waitFor({ timeout: patienceMs });
    await page.waitForLoadState('networkidle');
    if (offLoopback.length) throw new Error(`requests off loopback: ${offLoopback.join(', ')}`);
    if (problems.length) throw new Error(problems.join(' | '));
  });

  let token;
  if (loaded) {
    await check(page, 'signing in: the login mutation run in the IDE answers an access token', async () => {
      await replaceOperation(page, `mutation SignIn { login(input: { username: "${alice.username}", password: "${password}" }) { accessToken user { username } } }`);
      await run(page, 'Mutation', 'SignIn');
      const text = await waitForResponse(page, '"accessToken"');
      token = /"accessToken":\s*"([^"]+)"/.exec(text)?.[1];
      if (!token) throw new Error(`no token in ${text}`);
    });
  }

  if (token) {
    await check(page, 'with the token set as Bearer in the connection settings, a query answers as the signed-in user', async () => {
      await page.getByRole('button', { name: 'Connection Settings' }).click();
      await page.getByRole('tab', { name: 'Authorization' }).click();
      await page.locator('select#auth-flow').selectOption('bearer');
      await page.locator('input#token').fill(token);
      await page.getByRole('button', { name: 'Apply' }).click();
      await replaceOperation(page, 'query Me { me { username } }');
      await run(page, 'Query', 'Me');
      await waitForResponse(page, `"username": "${alice.username}"`);
    });

    await check(page, 'a mutation sends a message as the signed-in user', async () => {
      const body = `hi from the IDE ${runId}`;
      await replaceOperation(page, `mutation Send { sendMessage(input: { recipientId: "${bob.id}", body: "${body}" }) { message { seq body sender { username } } } }`);
      await run(page, 'Mutation', 'Send');
      await waitForResponse(page, `"body": "${body}"`);
      await waitForResponse(page, `"username": "${alice.username}"`);
    });

    await check(page, 'a subscription started in the IDE (protocol Auto: graphql-transport-ws, the token in connection_init) receives a message sent over HTTP', async () => {
      await receiveInSubscription(page, 'Live');
      const init = socketFrames.map(parseFrame).find((frame) => frame?.type === 'connection_init');
      if (init?.payload?.authorization !== `Bearer ${token}`) throw new Error(`connection_init carried no token: ${JSON.stringify(init)}`);
      if (!socketFrames.map(parseFrame).some((frame) => frame?.type === 'subscribe')) throw new Error('no graphql-transport-ws subscribe frame');
    });

    await check(page, 'with the protocol set to Apollo WebSocket (legacy graphql-ws) in the connection settings, a subscription receives a message', async () => {
      socketFrames.length = 0;
      await setSubscriptionProtocol(page, 'graphql-ws');
      await receiveInSubscription(page, 'Legacy');
      const init = socketFrames.map(parseFrame).find((frame) => frame?.type === 'connection_init');
      if (init?.payload?.authorization !== `Bearer ${token}`) throw new Error(`connection_init carried no token: ${JSON.stringify(init)}`);
      if (!socketFrames.map(parseFrame).some((frame) => frame?.type === 'start')) throw new Error('no legacy start frame');
    });

    await check(page, 'with the protocol set to GraphQL SSE in the connection settings, a subscription receives a message', async () => {
      await setSubscriptionProtocol(page, 'graphql-sse');
      await receiveInSubscription(page, 'OverSse');
      if (!eventStreamRequests.some((headers) => headers.authorization === `Bearer ${token}`))
        throw new Error(`no event stream was asked for with the token: ${JSON.stringify(eventStreamRequests)}`);
    });
  }

  if (offLoopback.length || problems.length) {
    total += 1;
    console.log(`FAIL nothing left loopback and nothing was refused later on: ${[...offLoopback, ...problems].join(' | ')}`);
  }
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
  elsewhere?.close();
}

console.log(`bananacakepop: ${ok}/${total} ok`);
process.exitCode = ok === total ? 0 : 1;
