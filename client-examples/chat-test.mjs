// Drives two chat clients through their --script mode, as two people would: alice and bob talk
// live, bob's connection drops, alice writes meanwhile, bob comes back and must catch up with
// exactly what he missed; then bob replies and alice reacts, each seen live on the other side.
// The same test runs the Node and the C# client (or one of each).
//
//   node client-examples/chat-test.mjs node|csharp [node|csharp]     (alice's client, bob's client)
//
// Alice uses TOKENIM_URL, bob TOKENIM_URL_B (default: the same node). Prints "<clients>-example: N/M ok"
// and exits non-zero unless every check passed. Needs no npm packages.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks, graphql, password } from '../tests/interop/support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const clients = {
  node: () => [process.execPath, [join(here, 'node/chat.mjs')]],
  csharp: () => {
    const dll = join(here, 'csharp/bin/Release/net10.0/TokenIMChat.dll');
    if (!existsSync(dll)) throw new Error(`${dll} is missing: dotnet build -c Release client-examples/csharp`);
    return ['dotnet', [dll]];
  },
};
const [aliceKind = 'node', bobKind = aliceKind] = process.argv.slice(2);
const label = aliceKind === bobKind ? aliceKind : `${aliceKind}-${bobKind}`;
const { check, finish } = checks(`${label}-example`);
const urlA = process.env.TOKENIM_URL ?? 'http://localhost:5080/graphql';
const urlB = process.env.TOKENIM_URL_B ?? urlA;
const run = Math.random().toString(36).slice(2, 8);
const patienceMs = 20_000;

/** One client process: commands go to its stdin, its JSON lines are kept as events. */
class Chat {
  constructor(kind, name, url) {
    const [command, args] = clients[kind]();
    this.name = name;
    this.url = url;
    this.events = [];
    this.output = [];
    this.process = spawn(command, [...args, '--script', '--user', name, '--password', password, '--url', url],
      { stdio: ['pipe', 'pipe', 'pipe'] });
    let partial = '';
    this.process.stdout.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        this.output.push(line);
        try { this.events.push(JSON.parse(line)); } catch { /* not an event: kept in output for a failure report */ }
      }
    });
    this.process.stderr.on('data', (chunk) => this.output.push(String(chunk).trimEnd()));
  }

  type(line) { this.process.stdin.write(`${line}\n`); }

  /** Resolves with the first event (after `from`) that matches, or fails after a while. */
  async waitFor(predicate, what, from = 0) {
    const deadline = Date.now() + patienceMs;
    for (;;) {
      const found = this.events.slice(from).find(predicate);
      if (found) return found;
      const error = this.events.slice(from).find((e) => e.event === 'error');
      if (error) throw new Error(`${this.name}: ${error.code ?? ''} ${error.message}`);
      if (Date.now() > deadline || this.process.exitCode !== null)
        throw new Error(`${this.name} never reported ${what}; its last lines:\n  ${this.output.slice(-8).join('\n  ')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends one message (or runs a command that sends one, /reply) and resolves with the client's "sent" event for it. */
  async say(line) {
    return this.command(line, 'sent');
  }

  /** Types a command and resolves with the first `event` reported after it. */
  async command(line, event) {
    const from = this.events.length;
    this.type(line);
    return this.waitFor((e) => e.event === event, `${event} after "${line}"`, from);
  }

  messages() { return this.events.filter((e) => e.event === 'message'); }

  stop() { this.process.stdin.end(); }
}

/**
 * A client cannot tell when the server has started its subscription (there is no signal for it), so
 * "live" is shown by sending until one message arrives live; catch-up covers the others, which is
 * the point of the delivery model.
 */
async function deliveredLive(from, to, text) {
  for (let attempt = 1; attempt <= 10; attempt += 1) {
    const sent = await from.say(`${text} ${attempt}`);
    try {
      await to.waitFor((e) => e.event === 'message' && e.id === sent.id, `message ${sent.id}`);
    } catch { continue; }
    if (to.messages().find((e) => e.id === sent.id).source === 'live') return sent;
  }
  throw new Error(`none of ten messages from ${from.name} reached ${to.name} live`);
}

/** Waits for `chat` to report a reaction (after event number `from`), and fails unless it came live with these fields. */
async function reactionSeen(chat, from, expected) {
  const seen = await chat.waitFor((e) => e.event === 'reaction', 'a reaction', from);
  const got = { id: seen.id, from: seen.from, emoji: seen.emoji, added: seen.added, reactions: seen.reactions };
  if (seen.source !== 'live' || JSON.stringify(got) !== JSON.stringify(expected))
    throw new Error(`${chat.name} reported ${JSON.stringify(seen)}, expected ${JSON.stringify(expected)} live`);
}

/** Deletes a message of `who`'s through a session of its own, as another device of theirs would. */
async function recall(who, messageId) {
  const { login } = await graphql(who.url, 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
    { i: { username: who.name, password } });
  await graphql(who.url, 'mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { id } } }',
    { id: messageId }, login.accessToken);
}

const alice = new Chat(aliceKind, `alice_${run}`, urlA);
const bob = new Chat(bobKind, `bob_${run}`, urlB);

try {
  await check('alice and bob sign in and connect', async () => {
    await alice.waitFor((e) => e.event === 'online', 'online');
    await bob.waitFor((e) => e.event === 'online', 'online');
  });

  await check('bob receives what alice writes, live', async () => {
    alice.type(`/to ${bob.name}`);
    await alice.waitFor((e) => e.event === 'target', 'a target');
    await deliveredLive(alice, bob, 'hello bob');
  });

  await check('alice receives what bob writes back, live', async () => {
    bob.type(`/to ${alice.name}`);
    await bob.waitFor((e) => e.event === 'target', 'a target');
    const sent = await deliveredLive(bob, alice, 'hi alice');
    // His own message reaches bob through his stream too: before he drops, or it would count as missed.
    await bob.waitFor((e) => e.event === 'message' && e.id === sent.id, 'his own message');
  });

  await check('bob, back after a dropped connection, catches up with exactly what he missed', async () => {
    const from = bob.events.length;
    bob.type('/offline');
    await bob.waitFor((e) => e.event === 'offline', 'offline', from);
    const missed = [];
    for (const body of ['while you were away', 'two', 'three']) missed.push(await alice.say(body));
    bob.type('/online');
    const online = await bob.waitFor((e) => e.event === 'online', 'online again', from);
    const caughtUp = bob.events.slice(from).filter((e) => e.event === 'message');
    const expected = JSON.stringify(missed.map((m) => m.id));
    if (JSON.stringify(caughtUp.map((e) => e.id)) !== expected || caughtUp.some((e) => e.source !== 'catch-up'))
      throw new Error(`expected ${expected} by catch-up, got ${JSON.stringify(caughtUp)}`);
    if (online.caughtUp !== missed.length) throw new Error(`reported ${online.caughtUp} caught up`);
  });

  await check('bob receives live again after catching up', () => deliveredLive(alice, bob, 'welcome back'));

  await check('each side saw every message exactly once, in seq order, with no gap', async () => {
    const last = Math.max(...[...alice.events, ...bob.events].filter((e) => e.event === 'sent').map((e) => e.seq));
    // Alice's own last message reaches her through the feed as well; wait for it before comparing.
    await alice.waitFor((e) => e.event === 'message' && e.seq === last, `message #${last}`);
    for (const chat of [alice, bob]) {
      const seqs = chat.messages().map((e) => e.seq);
      const expected = Array.from({ length: last }, (_, i) => i + 1);
      if (JSON.stringify(seqs) !== JSON.stringify(expected))
        throw new Error(`${chat.name} saw seqs ${JSON.stringify(seqs)}, expected 1..${last}`);
    }
  });

  let reply; // bob's reply, as alice received it
  await check('bob replies to a message of alice\'s, and alice sees the reply live, quoting it', async () => {
    const quoted = bob.messages().findLast((e) => e.from === alice.name);
    const sent = await bob.say(`/reply ${quoted.seq} glad to be back`);
    reply = await alice.waitFor((e) => e.event === 'message' && e.id === sent.id, 'bob\'s reply');
    const expected = { id: quoted.id, seq: quoted.seq, from: alice.name, body: quoted.body, deleted: false };
    if (reply.source !== 'live' || JSON.stringify(reply.replyTo) !== JSON.stringify(expected))
      throw new Error(`alice got ${JSON.stringify(reply)}, expected it live, quoting ${JSON.stringify(expected)}`);
  });

  await check('alice reacts to bob\'s reply, and bob sees the reaction live', async () => {
    const from = bob.events.length;
    const reacted = await alice.command(`/react ${reply.seq} 👍🏽`, 'reacted');
    if (JSON.stringify(reacted.reactions) !== JSON.stringify([{ emoji: '👍🏽', count: 1, reactedByMe: true }]))
      throw new Error(`alice's reaction left ${JSON.stringify(reacted.reactions)}`);
    await reactionSeen(bob, from,
      { id: reply.id, from: alice.name, emoji: '👍🏽', added: true, reactions: [{ emoji: '👍🏽', count: 1, reactedByMe: false }] });
  });

  await check('alice takes her reaction back, and bob sees that live too', async () => {
    const from = bob.events.length;
    await alice.command(`/unreact ${reply.seq} 👍🏽`, 'reacted');
    await reactionSeen(bob, from, { id: reply.id, from: alice.name, emoji: '👍🏽', added: false, reactions: [] });
  });

  await check('a reply to a message recalled since quotes it as deleted', async () => {
    const recalled = bob.messages().find((e) => e.from === alice.name);
    await recall(alice, recalled.id); // the chats have no command for it: alice does it from "another device"
    const sent = await bob.say(`/reply ${recalled.seq} what did you say?`);
    const got = await alice.waitFor((e) => e.event === 'message' && e.id === sent.id, 'bob\'s reply');
    if (!got.replyTo?.deleted || got.replyTo.body !== '' || got.replyTo.id !== recalled.id)
      throw new Error(`alice got ${JSON.stringify(got)}`);
  });
} finally {
  alice.stop();
  bob.stop();
}

finish();
