// Speaks GraphQL over Server-Sent Events to a running server through the real graphql-sse client,
// in both of its modes: distinct connections (one stream per operation) and single connection
// (PUT reservation, one stream, operations POSTed with the token, DELETE to stop one). Needs a node
// with rate limits off, at TOKENIM_URL. TOKENIM_SSE_MODES=distinct checks only distinct connections
// mode, as behind a load balancer without stickiness, where a reservation and its stream may reach
// different nodes. Prints "graphql-sse: N/M ok"; the exit code is non-zero unless every check passed.
import { createClient, NetworkError } from 'graphql-sse';
import { checks, graphql, register, runId } from './support.mjs';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const modes = (process.env.TOKENIM_SSE_MODES ?? 'distinct single').split(/\s+/);
const { check, finish } = checks('graphql-sse', { patienceMs: 15_000 });

const client = (singleConnection, token, extra = {}) => createClient({
  url,
  singleConnection,
  retryAttempts: 0,
  headers: token ? { authorization: `Bearer ${token}` } : {},
  ...extra,
});

/** Runs one operation and resolves with every result once the server completes it. */
function execute(sse, request) {
  return new Promise((resolve, reject) => {
    const results = [];
    sse.subscribe(request, { next: (r) => results.push(r), error: reject, complete: () => resolve(results) });
  });
}

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const codesOf = (results) => results.flatMap((r) => (r.errors ?? []).map((e) => e.extensions?.code));

const send = (from, to, body) => graphql(url,
  'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id } } }',
  { i: { recipientId: to.id, body } }, from.token).then((d) => d.sendMessage.message.id);

/**
 * Subscribes to messageReceived and waits until it is live: a subscription gives no signal when its
 * source starts, so probe messages are sent until one arrives. Resolves with the events so far, a
 * function that waits for a message id, and the unsubscribe function the client returned.
 */
async function liveFeed(sse, from, to) {
  const events = [];
  const waiters = [];
  let ended = null;
  const ending = new Promise((resolve) => { ended = resolve; });
  const unsubscribe = sse.subscribe({ query: 'subscription { messageReceived { id body sender { id } } }' }, {
    next: (result) => {
      if (result.errors) console.log(`subscription errors: ${JSON.stringify(result.errors)}`);
      else events.push(result.data.messageReceived);
      for (const waiter of waiters.splice(0)) waiter();
    },
    error: (error) => ended({ error }),
    complete: () => ended({ complete: true }),
  });
  const arrival = () => new Promise((resolve) => waiters.push(resolve));
  const probes = new Set();
  for (let attempt = 0; attempt < 30 && !events.some((e) => probes.has(e.id)); attempt += 1) {
    probes.add(await send(from, to, `probe ${attempt}`));
    await Promise.race([arrival(), new Promise((r) => setTimeout(r, 300))]);
  }
  if (!events.some((e) => probes.has(e.id))) throw new Error('no probe message arrived live');
  const waitFor = async (id) => {
    while (!events.some((e) => e.id === id)) await arrival();
    return events.find((e) => e.id === id);
  };
  return { events, waitFor, unsubscribe, ending };
}

const alice = await register(url, `sse_alice`);
const bob = await register(url, `sse_bob`);

for (const single of modes.map((m) => m === 'single')) {
  const mode = single ? 'single connection mode' : 'distinct connections mode';

  await check(`${mode}: { __typename } is one result, then complete`, async () => {
    const sse = client(single);
    try {
      assertEqual(await execute(sse, { query: '{ __typename }' }), [{ data: { __typename: 'Query' } }], 'results');
    } finally {
      sse.dispose();
    }
  });

  await check(`${mode}: a mutation and a query with the Bearer token act as the signed-in user`, async () => {
    const sse = client(single, alice.token);
    try {
      const name = `Alice ${runId} ${single ? 'S' : 'D'}`;
      const updated = await execute(sse, {
        query: 'mutation($n: String!) { updateProfile(input: { displayName: $n }) { user { displayName } } }',
        variables: { n: name },
      });
      assertEqual(updated, [{ data: { updateProfile: { user: { displayName: name } } } }], 'mutation results');
      assertEqual(await execute(sse, { query: '{ me { id } }' }), [{ data: { me: { id: alice.id } } }], 'query results');
    } finally {
      sse.dispose();
    }
  });

  await check(`${mode}: an authenticated subscription receives a message sent over HTTP, exactly once`, async () => {
    const sse = client(single, alice.token);
    try {
      const feed = await liveFeed(sse, bob, alice);
      const id = await send(bob, alice, `hello over SSE (${mode})`);
      const message = await feed.waitFor(id);
      assertEqual({ body: message.body, sender: message.sender.id }, { body: `hello over SSE (${mode})`, sender: bob.id }, 'message');
      assertEqual(feed.events.filter((e) => e.id === id).length, 1, 'deliveries of the message');
      feed.unsubscribe();
      // In single connection mode the client stops the operation with DELETE ?operationId=, and
      // reports an error unless the server answers it with 200.
      const end = await feed.ending;
      if (end.error) throw end.error;
    } finally {
      sse.dispose();
    }
  });

  await check(`${mode}: a subscription without a token gets UNAUTHENTICATED as a result, then complete`, async () => {
    const sse = client(single);
    try {
      const results = await execute(sse, { query: 'subscription { messageReceived { id } }' });
      assertEqual(codesOf(results), ['UNAUTHENTICATED'], 'error codes');
    } finally {
      sse.dispose();
    }
  });

  await check(`${mode}: a forged token is refused with HTTP 401 before any stream opens`, async () => {
    const sse = client(single, 'forged.token.value');
    try {
      await execute(sse, { query: '{ __typename }' });
      throw new Error('the operation ran with a forged token');
    } catch (error) {
      if (!(error instanceof NetworkError) || error.response?.status !== 401) throw error;
    } finally {
      sse.dispose();
    }
  });
}

await check('distinct connections mode: an invalid document is reported in the stream as GRAPHQL_VALIDATION_FAILED', async () => {
  const sse = client(false);
  try {
    assertEqual(codesOf(await execute(sse, { query: '{ nope }' })), ['GRAPHQL_VALIDATION_FAILED'], 'error codes');
  } finally {
    sse.dispose();
  }
});

if (modes.includes('single')) {
await check('single connection mode: an invalid document is refused by its POST (GraphQL over HTTP), not streamed', async () => {
  const sse = client(true);
  try {
    await execute(sse, { query: '{ nope }' });
    throw new Error('the invalid operation was accepted');
  } catch (error) {
    if (!(error instanceof NetworkError) || error.response?.status !== 200 && error.response?.status !== 400) throw error;
  } finally {
    sse.dispose();
  }
});

await check('single connection mode: several operations share one stream and each completes on its own', async () => {
  const sse = client(true, alice.token);
  try {
    const [a, b, c] = await Promise.all([
      execute(sse, { query: '{ __typename }' }),
      execute(sse, { query: '{ me { id } }' }),
      execute(sse, { query: 'query($v: Int) { users(first: $v) { nodes { id } } }', variables: { v: 1 } }),
    ]);
    assertEqual(a, [{ data: { __typename: 'Query' } }], 'first');
    assertEqual(b, [{ data: { me: { id: alice.id } } }], 'second');
    if (!c[0]?.data?.users) throw new Error(`third: ${JSON.stringify(c)}`);
  } finally {
    sse.dispose();
  }
});
}

finish();
