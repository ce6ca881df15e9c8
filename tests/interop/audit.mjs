// Runs graphql-http's GraphQL-over-HTTP audit suite against a running server.
// Every check counts, whether the spec says MUST, SHOULD or MAY: the exit code is non-zero
// unless all of them are ok.
import { auditServer } from 'graphql-http';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';

let results;
try {
  results = await auditServer({ url });
} catch (error) {
  console.error(`audit: could not run against ${url}: ${error?.message ?? error}`);
  process.exit(2);
}

let ok = 0;
for (const result of results) {
  if (result.status === 'ok') ok += 1;
  console.log(`${result.id} ${result.status} ${result.name}`);
  if (result.status !== 'ok') {
    const body = await result.response.text().catch(() => '');
    console.log(`     ${result.reason}`);
    console.log(`     HTTP ${result.response.status} ${result.response.headers.get('content-type') ?? ''} ${body.slice(0, 300)}`);
  }
}

console.log(`audit: ${ok}/${results.length} ok`);
process.exit(ok === results.length ? 0 : 1);
