// Two tabs of the chat page in headless Chromium, alice and bob: each sees the other's messages
// live, and bob's tab, taken offline while alice writes, catches up with exactly what it missed;
// then bob replies and alice reacts, each seen live in the other tab.
//
//   TOKENIM_URL=http://127.0.0.1:5080/graphql WEB_PORT=5081 node test.mjs
//
// Starts server.mjs on WEB_PORT (a node outside Development must list http://127.0.0.1:WEB_PORT in
// TokenIM__Cors__Origins). Needs Chromium at /usr/bin/chromium (CHROMIUM overrides).
// Prints "web-example: N/M ok"; the exit code is non-zero unless every check passed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { checks } from '../../tests/interop/support.mjs';

const { check, finish } = checks('web-example');
const here = dirname(fileURLToPath(import.meta.url));
const port = process.env.WEB_PORT ?? '5081';
const run = Math.random().toString(36).slice(2, 8);
const patienceMs = 20_000;

const server = spawn(process.execPath, [join(here, 'server.mjs')], { env: { ...process.env, WEB_PORT: port }, stdio: ['ignore', 'pipe', 'inherit'] });
process.on('exit', () => server.kill()); // however this test ends
await new Promise((resolve, reject) => {
  server.stdout.once('data', resolve);
  server.once('exit', (code) => reject(new Error(`server.mjs exited with ${code}`)));
});

const profile = mkdtempSync(join(tmpdir(), 'tokenim-web-'));
// One browser with a fresh profile; its two tabs share it as two tabs of a person's browser would.
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

/** One tab: its user's name, and what its message list shows. */
async function tab(name) {
  const page = await browser.newPage();
  page.setDefaultTimeout(patienceMs);
  page.on('pageerror', (error) => console.log(`${name}'s page: ${error.message}`));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.fill('input[name=username]', name);
  await page.fill('input[name=password]', 'correct horse battery');
  await page.click('#sign-in button');
  const shown = () => page.$$eval('#log li', (items) => items.map((li) => ({
    ...li.dataset,
    text: li.querySelector('.text').textContent,
    quote: li.querySelector('.quote')?.textContent ?? null,
  })));
  return { name, page, shown };
}

/** Waits for the tab to be online; a page that could not reach the node (CORS, say) shows why. */
async function online(t) {
  await t.page.waitForFunction(() => document.querySelector('#status').textContent.startsWith('online')
    || document.querySelector('#error').textContent !== '');
  const error = await t.page.textContent('#error');
  if (error) throw new Error(`${t.name}'s page says: ${error}`);
}

async function talkTo(from, to) {
  await from.page.fill('input[name=peer]', to.name);
  await from.page.click('#to button');
  await from.page.waitForSelector('#compose input:not([disabled])');
}

async function say(from, text) {
  await from.page.fill('input[name=body]', text);
  await from.page.click('#compose button');
  return arrival(from, text);
}

/** Resolves with what `to` shows for `text`, once it shows it. */
async function arrival(to, text) {
  await to.page.waitForFunction((t) => [...document.querySelectorAll('#log .text')].some((s) => s.textContent.endsWith(`: ${t}`)), text);
  return (await to.shown()).find((m) => m.text.endsWith(`: ${text}`));
}

/** The message `t` shows as #seq; its item in the log, to click its buttons. */
const item = (t, seq) => t.page.locator(`#log li[data-seq="${seq}"]`);

/** Waits until `t` shows these reactions (e.g. ["👍 1"]) under message #seq. */
async function reactionsShown(t, seq, expected) {
  await t.page.waitForFunction(([s, e]) => JSON.stringify([...document.querySelectorAll(`#log li[data-seq="${s}"] .reactions button`)]
    .map((b) => b.textContent)) === JSON.stringify(e), [seq, expected]);
}

/** A tab cannot tell when its subscription went live, so send until one message arrives live. */
async function deliveredLive(from, to, text) {
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    await say(from, `${text} ${attempt}`);
    if ((await arrival(to, `${text} ${attempt}`)).source === 'live') return;
  }
  throw new Error(`none of ten messages from ${from.name} reached ${to.name} live`);
}

try {
  let alice;
  let bob;
  await check('alice and bob sign in, each in a tab of one browser, and go online', async () => {
    alice = await tab(`alice_${run}`);
    bob = await tab(`bob_${run}`);
    await Promise.all([online(alice), online(bob)]);
  });

  await check('bob sees what alice sends, live', async () => {
    await talkTo(alice, bob);
    await deliveredLive(alice, bob, 'hello bob');
  });

  await check('alice sees what bob sends back, live', async () => {
    await talkTo(bob, alice);
    await deliveredLive(bob, alice, 'hi alice');
  });

  await check('bob\'s tab, offline while alice writes, catches up with exactly what it missed', async () => {
    const before = (await bob.shown()).length;
    await bob.page.click('#toggle');
    await bob.page.waitForFunction(() => document.querySelector('#status').textContent === 'offline');
    await say(alice, 'while you were away');
    await say(alice, 'and this');
    await bob.page.click('#toggle');
    await bob.page.waitForFunction(() => document.querySelector('#status').textContent === 'online, caught up on 2');
    const caughtUp = (await bob.shown()).slice(before);
    const expected = ['while you were away', 'and this'];
    if (caughtUp.length !== 2 || caughtUp.some((m, i) => !m.text.endsWith(`: ${expected[i]}`) || m.source !== 'catch-up'))
      throw new Error(`bob's tab shows ${JSON.stringify(caughtUp)}`);
  });

  await check('both tabs show every message once, in seq order, with no gap', async () => {
    await deliveredLive(alice, bob, 'welcome back');
    for (const t of [alice, bob]) {
      const seqs = (await t.shown()).map((m) => Number(m.seq));
      if (seqs.some((seq, i) => seq !== i + 1)) throw new Error(`${t.name}'s tab shows seqs ${JSON.stringify(seqs)}`);
    }
  });

  let reply; // bob's reply, as alice's tab shows it
  await check('bob replies to a message of alice\'s, and alice\'s tab shows the reply live, quoting it', async () => {
    const quoted = (await bob.shown()).findLast((m) => m.text.startsWith(`#${m.seq} ${alice.name}: `));
    await item(bob, quoted.seq).locator('button.reply').click();
    await say(bob, 'glad to be back');
    reply = await arrival(alice, 'glad to be back');
    const expected = `↪ ${quoted.text}`;
    if (reply.source !== 'live' || reply.quote !== expected)
      throw new Error(`alice's tab shows ${JSON.stringify(reply)}, expected it live, quoting "${expected}"`);
  });

  await check('alice reacts to bob\'s reply, and bob\'s tab shows the reaction live', async () => {
    await item(alice, reply.seq).locator('button.react').click();
    await reactionsShown(alice, reply.seq, ['👍 1']);
    await reactionsShown(bob, reply.seq, ['👍 1']);
  });

  await check('alice takes her reaction back (its button under the message), and bob\'s tab shows that live too', async () => {
    await item(alice, reply.seq).locator('.reactions button').click();
    await reactionsShown(bob, reply.seq, []);
    await reactionsShown(alice, reply.seq, []);
  });
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}

finish();
