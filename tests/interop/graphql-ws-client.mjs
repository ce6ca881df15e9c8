// Speaks graphql-transport-ws to a running server through the real graphql-ws client (with the
// `ws` WebSocket implementation), so the WebSocket transport is checked by code we did not write.
// Prints "graphql-ws: N/M ok"; the exit code is non-zero unless every check passed.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { checks, graphql, password, register, withTimeout } from './support.mjs';

const httpUrl = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const url = httpUrl.replace(/^http/, 'ws');
const expectAuth = process.env.TOKENIM_EXPECT_AUTH === '1';
const { check, finish } = checks('graphql-ws', { patienceMs: 10_000 });

/** Runs one operation and resolves with every result once the server completes it. */
function execute(client, payload) {
  return new Promise((resolve, reject) => {
    const results = [];
    client.subscribe(payload, {
      next: (result) => results.push(result),
      error: reject,
      complete: () => resolve(results),
    });
  });
}

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

await check('{ __typename } over the socket is { data: { __typename: "Query" } }, then complete', async () => {
  const closed = new Promise((resolve) => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      on: { closed: resolve },
    });
    execute(client, { query: '{ __typename }' })
      .then((results) => {
        assertEqual(results, [{ data: { __typename: 'Query' } }], 'results');
        client.dispose();
      })
      .catch((error) => {
        client.dispose();
        resolve({ failure: error });
      });
  });
  const event = await closed;
  if (event.failure) throw event.failure;
  // The client closes once its last operation completes; a server that does not answer
  // the Close frame leaves it with 1006 instead.
  if (event.code !== 1000 || !event.wasClean) throw new Error(`the socket did not close cleanly: ${event.code} ${event.reason}`);
});

if (expectAuth) {
  await check('a bad token in connectionParams is refused with close 4403', async () => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: 'Bearer garbage' },
      retryAttempts: 0,
    });
    try {
      await execute(client, { query: '{ __typename }' });
      throw new Error('the operation ran with a bad token');
    } catch (error) {
      if (!(error && typeof error === 'object' && error.code === 4403)) throw error;
    } finally {
      client.dispose();
    }
  });

  // Signing up and in is set-up, not what is checked, and its first password hashes can outlast a check's patience.
  const { username } = await register(httpUrl, 'ws_logout');
  const { login } = await graphql(httpUrl,
    'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { accessToken refreshToken } }',
    { u: username, p: password });
  await check('logout closes the session\'s subscribed socket with 4403, which the client reports to the subscriber', async () => {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${login.accessToken}` },
      retryAttempts: 0,
    });
    const connected = new Promise((resolve) => client.on('connected', resolve));
    const ended = new Promise((resolve) => {
      client.subscribe({ query: 'subscription { messageReceived { id } }' },
        { next: () => {}, error: resolve, complete: () => resolve('complete') });
    });
    try {
      await withTimeout(connected, 10_000, 'no connection_ack');
      await graphql(httpUrl, 'mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }', { t: login.refreshToken });
      // The specification allows a second; five only tell a slow machine from a socket left open.
      const outcome = await withTimeout(ended, 5_000, 'the socket stayed open after logout');
      if (!(outcome && typeof outcome === 'object' && outcome.code === 4403)) {
        throw new Error(`expected the close event 4403, got ${JSON.stringify(outcome)}`);
      }
    } finally {
      client.dispose();
    }
  });
}

finish();
