// Three nodes on one PostgreSQL database and one Redis, behind a load balancer: the delivery model
// must hold through the balancer, and killing a node mid-run must lose no acknowledged message.
// Clients behave as the API guide (docs/guide.md) tells them to: a send that got no answer is retried with the same
// clientMessageId; a subscription whose socket dropped reconnects and catches up by seq, and a live
// message whose seq jumps ahead of the last one held triggers a catch-up of the gap.
// Env: TOKENIM_URL (the balancer), TOKENIM_KILL_PID (the node to kill mid-run).
// Prints "cluster: N/M ok"; the exit code is non-zero unless every check passed.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { checks, graphql, register } from './support.mjs';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:8080/graphql';
const killPid = Number(process.env.TOKENIM_KILL_PID ?? 0);
const messageCount = Number(process.env.TOKENIM_CLUSTER_MESSAGES ?? 300);
const subscriberCount = 6;
const { check, finish } = checks('cluster', { patienceMs: 90_000 });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const sendMutation = 'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id seq conversation { id } } } }';

/** Sends until acknowledged; a failure (a node dying under the request) is retried with the same clientMessageId. */
async function sendReliably(from, input) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { message: (await graphql(url, sendMutation, { i: input }, from.token)).sendMessage.message, attempts: attempt };
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(100 * attempt);
    }
  }
}

/**
 * A chat client's view of one conversation: live messages from a subscription that reconnects by
 * itself; after every (re)connect, and whenever a live seq skips ahead, a catch-up read of
 * everything after the highest seq it holds contiguously.
 */
function subscriber(user, conversationId) {
  const seqs = new Set();
  let reconnects = -1;
  let catchingUp = Promise.resolve();
  const contiguous = () => { let n = 0; while (seqs.has(n + 1)) n += 1; return n; };
  const scheduleCatchUp = () => { catchingUp = catchingUp.then(catchUp).catch(() => {}); };
  const catchUp = async () => {
    for (;;) {
      const after = contiguous();
      const page = (await graphql(url,
        'query($c: ID!, $a: Int) { messages(conversationId: $c, afterSeq: $a, first: 100) { nodes { seq } pageInfo { hasNextPage } } }',
        { c: conversationId, a: after }, user.token)).messages;
      for (const node of page.nodes) seqs.add(node.seq);
      if (!page.pageInfo.hasNextPage) return;
    }
  };
  const client = createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${user.token}` },
    lazy: false,
    retryAttempts: Infinity,
    retryWait: () => sleep(200),
    shouldRetry: () => true,
    on: {
      connected: () => {
        reconnects += 1;
        scheduleCatchUp();
      },
    },
  });
  client.subscribe({ query: 'subscription { messageReceived { seq conversation { id } } }' }, {
    next: (result) => {
      const message = result.data?.messageReceived;
      if (message?.conversation.id !== conversationId) return;
      const gap = message.seq > contiguous() + 1;
      seqs.add(message.seq);
      if (gap) scheduleCatchUp();
    },
    error: () => {},
    complete: () => {},
  });
  return {
    seqs,
    hasAllUpTo: (seq) => contiguous() >= seq,
    get reconnects() { return Math.max(reconnects, 0); },
    dispose: () => client.dispose(),
  };
}

const alice = await register(url, 'alice');
const bob = await register(url, 'bob');
const { message: first } = await sendReliably(alice, { recipientId: bob.id, body: 'hello', clientMessageId: 'hello' });
const conversationId = first.conversation.id;

// Sockets through the balancer land on different nodes, so some are on the node that dies.
const subscribers = Array.from({ length: subscriberCount }, () => subscriber(bob, conversationId));

await check('a message sent through the balancer reaches subscribers on every node live', async () => {
  // A subscription gives no signal when it goes live; probe until every subscriber has one live.
  for (let probe = 0; subscribers.some((s) => s.seqs.size < 2) && probe < 50; probe += 1) {
    await sendReliably(alice, { conversationId, body: `probe ${probe}`, clientMessageId: `probe-${probe}` });
    await sleep(200);
  }
  const behind = subscribers.filter((s) => s.seqs.size < 2).length;
  if (behind) throw new Error(`${behind} of ${subscriberCount} subscribers received nothing live`);
});

const acknowledged = new Map();
let retried = 0;
let killed = false;
await check(`a node killed mid-run: all ${messageCount} sends are acknowledged once, with gap-free seqs`, async () => {
  // Four senders at once, so some requests are in flight on the node when it dies.
  const lanes = 4;
  let sent = 0;
  await Promise.all(Array.from({ length: lanes }, async (_, lane) => {
    for (let i = lane; i < messageCount; i += lanes) {
      if (killPid && lane === 0 && sent >= messageCount / 3 && !killed) {
        killed = true;
        process.kill(killPid, 'SIGKILL');
        console.log(`     killed node pid ${killPid} after ${sent} acknowledged sends`);
      }
      const { message, attempts } = await sendReliably(alice, { conversationId, body: `m${i}`, clientMessageId: `m-${i}` });
      if (attempts > 1) retried += 1;
      acknowledged.set(`m-${i}`, message.seq);
      sent += 1;
      await sleep(5);
    }
  }));
  const seqs = [...acknowledged.values()];
  if (new Set(seqs).size !== seqs.length) throw new Error('two sends were given one seq');
  const history = [];
  for (let after = 0; ;) {
    const page = (await graphql(url,
      'query($c: ID!, $a: Int) { messages(conversationId: $c, afterSeq: $a, first: 100) { nodes { seq body } pageInfo { hasNextPage } } }',
      { c: conversationId, a: after }, bob.token)).messages;
    history.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) break;
    after = page.nodes.at(-1).seq;
  }
  if (history.some((m, i) => m.seq !== i + 1)) throw new Error('the history has a gap');
  const bodies = history.map((m) => m.body).filter((b) => /^m\d+$/.test(b));
  if (bodies.length !== messageCount || new Set(bodies).size !== messageCount)
    throw new Error(`history holds ${bodies.length} run messages (${new Set(bodies).size} distinct), expected ${messageCount}`);
  console.log(`     ${retried} sends needed a retry`);
});

await check('every subscriber ends with every message: live, or caught up by seq after reconnecting', async () => {
  // One more message after the run, so a client whose last live message went missing sees the gap.
  const { message: last } = await sendReliably(alice, { conversationId, body: 'end', clientMessageId: 'end' });
  const incomplete = () => subscribers.filter((s) => !s.hasAllUpTo(last.seq));
  for (let waited = 0; incomplete().length && waited < 30_000; waited += 100) await sleep(100);
  console.log(`     reconnects per subscriber: ${subscribers.map((s) => s.reconnects).join(', ')}`);
  if (incomplete().length) throw new Error(`${incomplete().length} subscribers are missing messages up to seq ${last.seq}`);
  if (killPid && !subscribers.some((s) => s.reconnects > 0)) throw new Error('no subscriber was on the killed node');
});

for (const s of subscribers) await s.dispose();
finish();
