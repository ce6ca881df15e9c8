// The API reference gate, like the schema snapshot: regenerates docs/api/ from schema/schema.graphql
// (the live schema, which SchemaContractTests keeps equal to what the server prints),
// schema/examples.graphql and schema/CHANGELOG.md, and fails when the committed pages differ, when a
// root field has no example, or when an example operation or its variables do not validate against
// the schema. Self-checks prove the gate can fail.
//   node tests/interop/api-docs.mjs           check (tests/run.sh); prints "api-docs: N/M ok"
//   node tests/interop/api-docs.mjs --write   regenerate docs/api/
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from './api-reference.mjs';
import { checks } from './support.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(root + path, 'utf8').replace(/^\uFEFF/, '');
const outputDir = 'docs/api/';
const regenerate = 'regenerate with: node tests/interop/api-docs.mjs --write   (after npm ci in tests/interop), then review git diff docs/api';

const inputs = {
  sdl: read('schema/schema.graphql'),
  examplesSource: read('schema/examples.graphql'),
  changelog: read('schema/CHANGELOG.md'),
  baselineSdl: read('schema/v1.graphql'),
};
const result = generate(inputs);

if (process.argv.includes('--write')) {
  mkdirSync(root + outputDir, { recursive: true });
  for (const name of readdirSync(root + outputDir)) if (name.endsWith('.md') && !result.files.has(name)) rmSync(root + outputDir + name);
  for (const [name, text] of result.files) writeFileSync(root + outputDir + name, text);
  console.log(`wrote ${[...result.files.keys()].map((n) => outputDir + n).join(', ')}`);
  if (result.problems.length) {
    console.log(`but the examples have problems:\n  - ${result.problems.join('\n  - ')}`);
    process.exit(1);
  }
  process.exit(0);
}

const { check, finish } = checks('api-docs');

await check('every example operation in schema/examples.graphql validates, with its variables, and every root field has one', () => {
  if (result.problems.length) throw new Error(result.problems.map((p) => `\n  - ${p}`).join(''));
});

await check(`docs/api/ is what the schema generates (${regenerate})`, () => {
  const differences = [];
  for (const [name, expected] of result.files) {
    const path = outputDir + name;
    if (!existsSync(root + path)) {
      differences.push(`${path} is missing`);
      continue;
    }
    const actual = read(path);
    if (actual !== expected) differences.push(`${path} differs: ${firstDifference(actual, expected)}`);
  }
  for (const name of existsSync(root + outputDir) ? readdirSync(root + outputDir) : [])
    if (!result.files.has(name)) differences.push(`${outputDir}${name} is not generated: remove it`);
  if (differences.length) throw new Error(differences.map((d) => `\n  - ${d}`).join(''));
});

await check('the gate notices a renamed field: an example that selects it no longer validates', () => {
  const renamed = inputs.sdl.replace(/^( *)me: User$/m, '$1myself: User');
  if (renamed === inputs.sdl) throw new Error('the self-check could not rename Query.me');
  const { problems } = generate({ ...inputs, sdl: renamed });
  if (!problems.some((p) => p.startsWith('example Me:'))) throw new Error('the example Me still passed against a schema without Query.me');
  if (!problems.some((p) => p.startsWith('Query.myself has no example'))) throw new Error('Query.myself was not reported as lacking an example');
});

await check('the gate notices bad variables; deprecations and default values reach the reference', () => {
  const examples = inputs.examplesSource.replace('# variables: {"id": "VXNlcjoy"}', '# variables: {"id": 12.5}');
  if (examples === inputs.examplesSource) throw new Error('the self-check could not change the User example');
  if (!generate({ ...inputs, examplesSource: examples }).problems.some((p) => p.startsWith('example User:')))
    throw new Error('a Float for an ID! variable was not reported');
  const deprecatedSdl = inputs.sdl.replace(/^( *)me: User$/m, '$1me: User @deprecated(reason: "Use viewer, removed in v2.")');
  const pages = generate({ ...inputs, sdl: deprecatedSdl }).files;
  if (!pages.get('queries.md').includes('**Deprecated:** Use viewer, removed in v2.')) throw new Error('queries.md does not show the deprecation');
  if (!pages.get('versions.md').includes('| `Query.me` | Use viewer, removed in v2. |')) throw new Error('versions.md does not list the deprecation');
  const defaultSdl = inputs.sdl.replace(/^( *)search: String,$/m, '$1search: String = "ali",');
  if (defaultSdl === inputs.sdl) throw new Error('the self-check could not give Query.users(search) a default');
  if (!generate({ ...inputs, sdl: defaultSdl }).files.get('queries.md').includes('| `search` | [String](types.md#string) | `"ali"` |'))
    throw new Error('queries.md does not show the default value of users(search)');
});

finish();

/** Where two texts first part, as line numbers and both lines. */
function firstDifference(actual, expected) {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++)
    if (a[i] !== e[i]) return `line ${i + 1}\n      committed: ${clip(a[i])}\n      generated: ${clip(e[i])}`;
  return 'only in line endings';
}

function clip(line) {
  if (line === undefined) return '(end of file)';
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}
