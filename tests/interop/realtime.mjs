// The delivery model end to end, through real clients we did not write: the graphql-ws client
// receives live on node B what was sent through node A, a client that was away catches up by seq
// with exactly what it missed, a bad token is refused with 4403, and the legacy protocol delivers
// a subscription too. Needs two nodes sharing a database and Redis: TOKENIM_URL and TOKENIM_URL_B.
// Prints "realtime: N/M ok"; the exit code is non-zero unless every check passed.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { checks, graphql, register as registerOn, runId as run } from './support.mjs';

const urlA = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const urlB = process.env.TOKENIM_URL_B ?? urlA;
const { check, finish } = checks('realtime', { patienceMs: 10_000 });
const http = graphql;
const register = (name) => registerOn(urlA, name);

const send = (from, input) => http(urlA,
  'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id seq conversation { id } } } }', { i: input }, from.token)
  .then((d) => d.sendMessage.message);

function wsClient(url, token) {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
}

const acknowledged = (client) => new Promise((resolve) => client.on('connected', resolve));
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * Subscribes to messageReceived and waits until it is live. A subscription gives no signal when its
 * source starts, so a client cannot tell when live delivery begins (the delivery model covers that
 * gap with catch-up by seq); a check that needs it live sends probe messages until one arrives.
 * Resolves with a function that waits for a given message id on the same subscription.
 */
async function liveFeed(client, from, conversationId) {
  const events = [];
  const waiters = [];
  client.subscribe({ query: 'subscription { messageReceived { id seq body sender { id } } }' }, {
    next: (result) => {
      events.push(result.data.messageReceived);
      for (const waiter of waiters.splice(0)) waiter();
    },
    error: (error) => console.log(`subscription error: ${JSON.stringify(error)}`),
    complete: () => {},
  });
  const arrival = () => new Promise((resolve) => waiters.push(resolve));
  const probes = new Set();
  for (let attempt = 0; attempt < 30 && !events.some((e) => probes.has(e.id)); attempt += 1) {
    probes.add((await send(from, { conversationId, body: `probe ${attempt}` })).id);
    await Promise.race([arrival(), new Promise((r) => setTimeout(r, 300))]);
  }
  if (!events.some((e) => probes.has(e.id))) throw new Error('no probe message arrived live');
  return async (id) => {
    while (!events.some((e) => e.id === id)) await arrival();
    return events.find((e) => e.id === id);
  };
}

const alice = await register('alice');
const bob = await register('bob');
const first = await send(alice, { recipientId: bob.id, body: 'hello' });
const conversationId = first.conversation.id;

await check('graphql-ws on node B receives live what was sent through node A', async () => {
  const client = wsClient(urlB, bob.token);
  await acknowledged(client);
  const waitFor = await liveFeed(client, alice, conversationId);
  const sent = await send(alice, { conversationId, body: 'across nodes' });
  const event = await waitFor(sent.id);
  await client.dispose();
  if (event.body !== 'across nodes' || event.sender.id !== alice.id) throw new Error(`got ${JSON.stringify(event)}`);
});

await check('a client that was away catches up by seq with exactly what it missed, then receives live', async () => {
  const lastSeen = (await http(urlB, 'query($c: ID!) { conversation(id: $c) { lastSeq } }', { c: conversationId }, bob.token))
    .conversation.lastSeq;
  const missed = [];
  for (let i = 0; i < 5; i += 1) missed.push(await send(alice, { conversationId, body: `missed ${i}`, clientMessageId: `${run}-${i}` }));
  // A retry of an acknowledged send must not become a sixth message.
  await send(alice, { conversationId, body: 'missed 4', clientMessageId: `${run}-4` });

  // Reconnect: subscribe first, then fetch everything after the last seq seen.
  const client = wsClient(urlB, bob.token);
  await acknowledged(client);
  const page = await http(urlB, 'query($c: ID!, $a: Int) { messages(conversationId: $c, afterSeq: $a, first: 100) { nodes { id seq } pageInfo { hasNextPage } } }',
    { c: conversationId, a: lastSeen }, bob.token);
  const caughtUp = page.messages.nodes.map((n) => n.id);
  if (JSON.stringify(caughtUp) !== JSON.stringify(missed.map((m) => m.id)))
    throw new Error(`caught up ${JSON.stringify(caughtUp)}, missed ${JSON.stringify(missed.map((m) => m.id))}`);
  if (page.messages.pageInfo.hasNextPage) throw new Error('more pages than messages');
  const seqs = page.messages.nodes.map((n) => n.seq);
  if (seqs.some((seq, i) => seq !== lastSeen + 1 + i)) throw new Error(`seqs ${JSON.stringify(seqs)} after ${lastSeen}`);

  const waitFor = await liveFeed(client, alice, conversationId);
  const after = await send(alice, { conversationId, body: 'back online' });
  const event = await waitFor(after.id);
  await client.dispose();
  if (event.seq <= missed.at(-1).seq) throw new Error(`live after catch-up: ${JSON.stringify(event)}`);
});

await check('a bad token in connection_init is refused with close 4403', async () => {
  const closed = await new Promise((resolve) => {
    const client = createClient({
      url: urlB.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false,
      connectionParams: { authorization: 'Bearer not-a-token' },
      onNonLazyError: () => {},
      on: { closed: (event) => resolve(event) },
    });
    client.on('error', () => {});
  });
  if (closed.code !== 4403) throw new Error(`closed with ${closed.code} ${closed.reason}`);
});

await check('the legacy graphql-ws protocol delivers a subscription', async () => {
  const socket = new WebSocket(urlB.replace(/^http/, 'ws'), 'graphql-ws');
  const frames = [];
  const waitFor = (predicate) => new Promise((resolve) => {
    const look = () => { const f = frames.find(predicate); if (f) resolve(f); else setTimeout(look, 20); };
    look();
  });
  socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
  await new Promise((resolve) => socket.on('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${bob.token}` } }));
  await waitFor((f) => f.type === 'connection_ack');
  socket.send(JSON.stringify({ id: '1', type: 'start', payload: { query: 'subscription { messageReceived { id body } }' } }));
  const sent = [];
  for (let attempt = 0; attempt < 30 && !frames.some((f) => f.type === 'data'); attempt += 1) {
    sent.push((await send(alice, { conversationId, body: `legacy ${attempt}` })).id);
    await settle();
  }
  const data = await waitFor((f) => f.type === 'data' && f.id === '1');
  socket.send(JSON.stringify({ id: '1', type: 'stop' }));
  socket.send(JSON.stringify({ type: 'connection_terminate' }));
  socket.close();
  if (!sent.includes(data.payload.data.messageReceived.id)) throw new Error(JSON.stringify(data));
});

finish();
