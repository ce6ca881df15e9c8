// Speaks graphql-transport-ws to a running server through the real graphql-ws client (with the
// `ws` WebSocket implementation), so the WebSocket transport is checked by code we did not write.
// Prints "graphql-ws: N/M ok"; the exit code is non-zero unless every check passed.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { checks } from './support.mjs';

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
}

finish();
