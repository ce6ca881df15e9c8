// What the interop scripts and the client examples' tests share: a check runner that prints
// "ok"/"FAIL" lines and the final "<suite>: N/M ok" that tests/run.sh counts, and a plain
// GraphQL-over-HTTP call.

/** Checks of one suite; with `patienceMs`, a check that takes longer fails instead of hanging the run. */
export function checks(suite, { patienceMs } = {}) {
  let ok = 0;
  let total = 0;
  return {
    async check(name, body) {
      total += 1;
      try {
        const run = body();
        await (patienceMs ? withTimeout(run, patienceMs, `${name}: nothing happened within ${patienceMs} ms`) : run);
        ok += 1;
        console.log(`ok   ${name}`);
      } catch (error) {
        console.log(`FAIL ${name}: ${describe(error)}`);
      }
    },
    finish() {
      console.log(`${suite}: ${ok}/${total} ok`);
      process.exit(ok === total ? 0 : 1);
    },
  };
}

/** A failure as one readable line: WebSocket close events and GraphQL error lists are not Errors. */
function describe(error) {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error)
    return `socket closed with ${error.code} ${error.reason}`;
  if (error instanceof Error) return error.message.replaceAll('\n', '\n     ');
  return JSON.stringify(error) ?? String(error);
}

export function withTimeout(promise, ms, message) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(message)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One GraphQL request; resolves with `data`, rejects with the errors (or the HTTP status). */
export async function graphql(url, query, variables, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json',
               ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body;
  try { body = JSON.parse(text); } catch { throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`); }
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export const runId = Math.random().toString(36).slice(2, 8);

/** The password every account registered by these scripts has (an IDE test signs in with it). */
export const password = 'correct horse battery';

export async function register(url, name) {
  const username = `${name}_${runId}`;
  const data = await graphql(url, 'mutation($i: RegisterInput!) { register(input: $i) { accessToken user { id } } }',
    { i: { username, password } });
  return { username, token: data.register.accessToken, id: data.register.user.id };
}

/** An error's message with the first lines of its stack: a script error inside a bundled page says nothing by its message alone. */
export const firstLinesOf = (error) => (error.stack ?? error.message).split('\n').slice(0, 4).join(' ');
