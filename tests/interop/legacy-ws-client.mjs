// Speaks the legacy subscriptions-transport-ws protocol (subprotocol "graphql-ws") to a running
// server over a raw `ws` socket, as older Apollo clients do: init, ack, keep-alive, start a query,
// data, complete, connection_terminate. Prints "legacy-ws: N/M ok"; non-zero exit on any failure.
import WebSocket from 'ws';

const httpUrl = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const url = httpUrl.replace(/^http/, 'ws');
const expectAuth = process.env.TOKENIM_EXPECT_AUTH === '1';
const patienceMs = 10_000;

let ok = 0;
let total = 0;

function record(name, passed, detail) {
  total += 1;
  if (passed) ok += 1;
  console.log(passed ? `ok   ${name}` : `FAIL ${name}: ${detail}`);
}

/** A socket whose messages and close can be awaited in order. */
function open(address) {
  const socket = new WebSocket(address, 'graphql-ws');
  const inbox = [];
  const waiters = [];
  let closed = null;
  const deliver = () => {
    while (waiters.length > 0 && (inbox.length > 0 || closed)) {
      const waiter = waiters.shift();
      if (inbox.length > 0) waiter.resolve(inbox.shift());
      else waiter.resolve({ closed });
    }
  };
  socket.on('message', (data, isBinary) => {
    inbox.push(isBinary ? { binary: true } : JSON.parse(data.toString('utf8')));
    deliver();
  });
  socket.on('close', (code, reason) => {
    closed = { code, reason: reason.toString('utf8') };
    deliver();
  });
  const opened = new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    socket,
    opened,
    send: (message) => socket.send(JSON.stringify(message)),
    /** The next message other than a keep-alive (unless asked for), or { closed } once the socket closed. */
    next: (keepAlives = false) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nothing arrived within ${patienceMs} ms`)), patienceMs);
        const take = () => {
          waiters.push({
            resolve: (message) => {
              if (!keepAlives && message.type === 'ka') return take();
              clearTimeout(timer);
              resolve(message);
            },
          });
          deliver();
        };
        take();
      }),
  };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

try {
  const client = open(url);
  await client.opened;
  record('the server agrees to the graphql-ws subprotocol', client.socket.protocol === 'graphql-ws', `got '${client.socket.protocol}'`);

  client.send({ type: 'connection_init', payload: {} });
  const ack = await client.next(true);
  record('connection_init is answered with connection_ack', ack.type === 'connection_ack', JSON.stringify(ack));
  const ka = await client.next(true);
  record('a ka keep-alive follows the ack', ka.type === 'ka', JSON.stringify(ka));

  client.send({ id: '1', type: 'start', payload: { query: '{ __typename }' } });
  const data = await client.next();
  record(
    'start of { __typename } gets data { data: { __typename: "Query" } }',
    same(data, { type: 'data', id: '1', payload: { data: { __typename: 'Query' } } }),
    JSON.stringify(data),
  );
  const complete = await client.next();
  record('the query then completes', same(complete, { type: 'complete', id: '1' }), JSON.stringify(complete));

  client.send({ type: 'connection_terminate' });
  const end = await client.next();
  record('connection_terminate closes the socket with 1000', end.closed?.code === 1000, JSON.stringify(end));
} catch (error) {
  record('the legacy flow runs to the end', false, error?.message ?? String(error));
}

if (expectAuth) {
  try {
    const client = open(url);
    await client.opened;
    client.send({ type: 'connection_init', payload: { authorization: 'Bearer garbage' } });
    const refusal = await client.next();
    const end = refusal.closed ? refusal : await client.next();
    record(
      'a bad token gets connection_error, then close 4403',
      refusal.type === 'connection_error' && end.closed?.code === 4403,
      `${JSON.stringify(refusal)} then ${JSON.stringify(end)}`,
    );
  } catch (error) {
    record('a bad token gets connection_error, then close 4403', false, error?.message ?? String(error));
  }
}

console.log(`legacy-ws: ${ok}/${total} ok`);
process.exit(ok === total ? 0 : 1);
