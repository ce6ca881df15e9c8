// The tally the example tests print: a line per check, then "<name>: N/M ok" for tests/run.sh.
let ok = 0;
let total = 0;

export async function check(name, body) {
  total += 1;
  try {
    await body();
    ok += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    console.log(`FAIL ${name}: ${error.message.replaceAll('\n', '\n     ')}`);
  }
}

/** Prints the tally and exits, non-zero unless every check passed. */
export function finish(name) {
  console.log(`${name}: ${ok}/${total} ok`);
  process.exit(ok === total ? 0 : 1);
}
