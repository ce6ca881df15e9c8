// Automatic persisted queries through the real clients that speak them: Apollo Client's
// persisted-queries link and urql's persisted exchange, each with its default options. Every
// request is recorded on its way out (a fetch wrapper), so the checks see the protocol itself: a
// hash alone first, PERSISTED_QUERY_NOT_FOUND, the text with its hash, then the hash alone
// answered. With TOKENIM_URL_B (a second node on the same Redis), a hash registered through one
// node is found through the other. Prints "persisted-queries: N/M ok".
import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { checks, register, runId } from './support.mjs';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const urlB = process.env.TOKENIM_URL_B;
const { check, finish } = checks('persisted-queries', { patienceMs: 15_000 });
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

/** A fetch that records what each request carried and how it was answered. */
function recordingFetch() {
  const requests = [];
  const fetchFn = async (input, init = {}) => {
    const target = new URL(typeof input === 'string' ? input : input.url);
    const method = (init.method ?? 'GET').toUpperCase();
    const body = init.body ? JSON.parse(init.body) : null;
    const extensions = body?.extensions ?? JSON.parse(target.searchParams.get('extensions') ?? 'null');
    const query = body?.query ?? target.searchParams.get('query');
    const response = await fetch(input, init);
    const copy = await response.clone().json().catch(() => null);
    requests.push({
      method,
      hasQuery: typeof query === 'string' && query.length > 0,
      hash: extensions?.persistedQuery?.sha256Hash ?? null,
      status: response.status,
      code: copy?.errors?.[0]?.extensions?.code ?? null,
    });
    return response;
  };
  return { requests, fetchFn };
}

function apollo(endpoint, fetchFn, { token, options } = {}) {
  const persisted = createPersistedQueryLink({ sha256, ...options });
  const http = new HttpLink({ uri: endpoint, fetch: fetchFn, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return new ApolloClient({ link: ApolloLink.from([persisted, http]), cache: new InMemoryCache() });
}

function urql(endpoint, fetchFn, token) {
  return new Client({
    url: endpoint,
    fetch: fetchFn,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: token ? { authorization: `Bearer ${token}` } : {} }),
    exchanges: [persistedExchange({ generateHash: async (query) => sha256(query) }), fetchExchange],
  });
}

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const shape = (requests) => requests.map((r) => `${r.method} ${r.hasQuery ? 'query+hash' : 'hash'} ${r.code ?? r.status}`);

const alice = await register(url, 'apq_alice');

await check('Apollo Client (persisted-queries link, defaults): an unknown hash is PERSISTED_QUERY_NOT_FOUND, the link resends the text, and the next client is answered from the hash alone', async () => {
  const query = gql`query ApolloProbe_${runId} { me { id } }`;
  const first = recordingFetch();
  const result = await apollo(url, first.fetchFn, { token: alice.token }).query({ query });
  assertEqual(result.data, { me: { __typename: 'User', id: alice.id } }, 'data');
  assertEqual(shape(first.requests), ['POST hash PERSISTED_QUERY_NOT_FOUND', 'POST query+hash 200'], 'first client');
  if (first.requests[0].hash !== first.requests[1].hash) throw new Error('the two requests named different hashes');

  const second = recordingFetch();
  const again = await apollo(url, second.fetchFn, { token: alice.token }).query({ query });
  assertEqual(again.data, result.data, 'data from the hash');
  assertEqual(shape(second.requests), ['POST hash 200'], 'second client');
});

await check('Apollo Client: a mutation goes through the persisted link too', async () => {
  const mutation = gql`mutation ApolloRename_${runId}($n: String!) { updateProfile(input: { displayName: $n }) { user { id displayName } } }`;
  const recorded = recordingFetch();
  const result = await apollo(url, recorded.fetchFn, { token: alice.token }).mutate({ mutation, variables: { n: `Alice ${runId}` } });
  assertEqual(result.data.updateProfile.user.displayName, `Alice ${runId}`, 'display name');
  assertEqual(shape(recorded.requests), ['POST hash PERSISTED_QUERY_NOT_FOUND', 'POST query+hash 200'], 'requests');
});

await check('Apollo Client with useGETForHashedQueries: a query named by its hash alone is a GET', async () => {
  const query = gql`query ApolloGet_${runId} { __type(name: "User") { name } }`;
  const recorded = recordingFetch();
  const client = () => apollo(url, recorded.fetchFn, { options: { useGETForHashedQueries: true } });
  await client().query({ query });
  await client().query({ query });
  assertEqual(shape(recorded.requests), ['GET hash PERSISTED_QUERY_NOT_FOUND', 'POST query+hash 200', 'GET hash 200'], 'requests');
});

await check('urql (persisted exchange, defaults): hash alone by GET, PersistedQueryNotFound, the text, then the hash alone answered', async () => {
  const query = `query UrqlProbe_${runId} { me { id username } }`;
  const first = recordingFetch();
  const result = await urql(url, first.fetchFn, alice.token).query(query, {}).toPromise();
  if (result.error) throw result.error;
  assertEqual(result.data.me.id, alice.id, 'me');
  const [notFound, withText] = first.requests;
  assertEqual([notFound.method, notFound.hasQuery, notFound.code], ['GET', false, 'PERSISTED_QUERY_NOT_FOUND'], 'first request');
  assertEqual([withText.hasQuery, withText.status], [true, 200], 'second request');
  assertEqual(first.requests.length, 2, 'requests');

  const second = recordingFetch();
  const again = await urql(url, second.fetchFn, alice.token).query(query, {}).toPromise();
  if (again.error) throw again.error;
  assertEqual(shape(second.requests), ['GET hash 200'], 'second client');
});

await check('a hash whose text does not match is refused with BAD_REQUEST and not stored', async () => {
  const wrong = sha256('{ somethingElse }');
  const send = (body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
  const refused = await send({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } });
  assertEqual(refused.errors?.[0]?.extensions?.code, 'BAD_REQUEST', 'mismatch');
  const lookup = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } });
  assertEqual(lookup.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND', 'lookup of the wrong hash');
});

if (urlB) {
  await check('a hash registered through one node is answered by another node (shared through Redis)', async () => {
    const query = gql`query AcrossNodes_${runId} { __type(name: "Message") { name } }`;
    const onA = recordingFetch();
    await apollo(url, onA.fetchFn).query({ query });
    const onB = recordingFetch();
    const result = await apollo(urlB, onB.fetchFn).query({ query });
    assertEqual(result.data.__type.name, 'Message', 'data');
    assertEqual(shape(onB.requests), ['POST hash 200'], 'requests to node B');
  });
}

finish();
