// Checks of the hand-written documentation (README.md, docs/, every other Markdown file of the
// repository): every relative link reaches a file and, for Markdown targets, an anchor that exists;
// every GraphQL operation shown in README.md and docs/*.md validates against schema/schema.graphql;
// the README still opens with the two commands; the guide's error table lists exactly the catalogue.
// Self-checks prove the link check can fail.
// Prints "docs: N/M ok"; the exit code is non-zero unless every check passed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, Kind, parse, print, validate } from 'graphql';
import { anchors, links, scan } from './markdown.mjs';
import { checks } from './support.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(join(root, path), 'utf8').replace(/^\uFEFF/, '');

// Link targets that are allowed to be missing on this branch, each with the reason. Keep it short.
// Link targets allowed to be missing while the page is written elsewhere (none today).
const EXPECTED_ELSEWHERE = new Map([]);

const SKIP_DIRS = new Set(['.git', 'node_modules', 'bin', 'obj', 'TestResults', '__mismatch__', 'data']);

/** Every Markdown file of the repository, relative to its root (symbolic links are not followed). */
function markdownFiles(dir = '') {
  const found = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...markdownFiles(path));
    } else if (entry.name.endsWith('.md')) found.push(path);
  }
  return found.sort();
}

/** The broken links of some documents: { file: text } in, one line per broken link out. */
export function brokenLinks(documents, exists = (path) => existsSync(join(root, path)), readDoc = (path) => documents[path] ?? read(path)) {
  const anchorCache = new Map();
  const anchorsOf = (path) => {
    if (!anchorCache.has(path)) anchorCache.set(path, anchors(readDoc(path)));
    return anchorCache.get(path);
  };
  const broken = [];
  for (const [file, text] of Object.entries(documents)) {
    const { unclosedFenceLine } = scan(text);
    if (unclosedFenceLine) broken.push(`${file}:${unclosedFenceLine}: a code fence that is never closed hides the rest of the file`);
    for (const { target, line } of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;   // http:, mailto: …
      const where = `${file}:${line}: ${target}`;
      if (target.startsWith('/')) {
        broken.push(`${where} (make it relative: an absolute path depends on where the file is shown)`);
        continue;
      }
      const [rawPath, rawAnchor] = target.split('#', 2);
      let path;
      try {
        path = rawPath ? normalize(join(dirname(file), decodeURIComponent(rawPath))).replaceAll('\\', '/') : file;
      } catch {
        broken.push(`${where} (not a valid URL)`);
        continue;
      }
      if (path.startsWith('..')) {
        broken.push(`${where} (points outside the repository)`);
        continue;
      }
      if (EXPECTED_ELSEWHERE.has(path)) continue;
      if (!exists(path)) {
        broken.push(`${where} (no such file: ${path})`);
        continue;
      }
      if (rawAnchor === undefined || !path.endsWith('.md')) continue;
      const anchor = decodeURIComponent(rawAnchor).toLowerCase();
      if (!anchorsOf(path).has(anchor)) broken.push(`${where} (${path} has no heading with the anchor #${anchor})`);
    }
  }
  return broken;
}

const { check, finish } = checks('docs');
const files = markdownFiles();
const documents = Object.fromEntries(files.map((f) => [f, read(f)]));

await check(`every relative link in the ${files.length} Markdown files reaches its file and anchor`, () => {
  const broken = brokenLinks(documents);
  if (broken.length) throw new Error(broken.map((b) => `\n  - ${b}`).join(''));
});

await check('the link check notices a missing file, a missing anchor, an absolute path and an unclosed code fence', () => {
  const sample = {
    'docs/sample.md': '# Sample\n\n## Real heading\n\n[ok](#real-heading) [ok](../README.md) [gone](nowhere.md) ' +
      '[bad anchor](#no-such-heading) [absolute](/README.md) `[in code](nowhere.md)`\n\n```\n[in a block](nowhere.md)\n```\n',
    'docs/open.md': '# Open\n\n```bash\nnever closed\n',
  };
  const broken = brokenLinks(sample, (path) => path === 'README.md' || path === 'docs/sample.md');
  const expected = ['nowhere.md (no such file', '#no-such-heading (docs/sample.md has no heading', '/README.md (make it relative',
    'docs/open.md:3: a code fence that is never closed'];
  for (const e of expected) if (!broken.some((b) => b.includes(e))) throw new Error(`not reported: ${e}; got ${JSON.stringify(broken)}`);
  if (broken.length !== expected.length) throw new Error(`reported too much: ${JSON.stringify(broken)}`);
});

// Problems of each operation in TEXT (at LINE of FILE) validated on its own, as a client would send it.
function operationProblems(schema, file, line, text) {
  let document;
  try {
    document = parse(text);
  } catch (error) {
    return { operations: 0, problems: [`${file}:${line}: ${error.message}`] };
  }
  const problems = [];
  let operations = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    operations += 1;
    const own = { kind: Kind.DOCUMENT, definitions: [definition, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] };
    for (const error of validate(schema, parse(print(own))))
      problems.push(`${file}:${line + (definition.loc?.startToken.line ?? 1)}: ${error.message}`);
  }
  return { operations, problems };
}

await check('every GraphQL operation shown in README.md and docs/*.md validates against schema/schema.graphql', () => {
  const schema = buildSchema(read('schema/schema.graphql'));
  const problems = [];
  let operations = 0;
  for (const file of files.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f))) {
    for (const block of scan(documents[file]).blocks.filter((b) => b.info === 'graphql')) {
      const found = operationProblems(schema, file, block.line, block.text);
      operations += found.operations;
      problems.push(...found.problems);
    }
  }
  if (operations < 10) problems.push(`only ${operations} operations found: is the scan broken?`);
  if (problems.length) throw new Error(problems.map((p) => `\n  - ${p}`).join(''));
});

await check('the operations both IDEs open with validate against schema/schema.graphql', () => {
  const file = 'src/TokenIM.Server/Ide/app/src/welcome.graphql';
  const { operations, problems } = operationProblems(buildSchema(read('schema/schema.graphql')), file, 0, read(file));
  if (operations < 3) problems.push(`only ${operations} operations in ${file}`);
  if (problems.length) throw new Error(problems.map((p) => `\n  - ${p}`).join(''));
});

await check('README.md opens with the two commands: run a node, run every test', () => {
  const opening = read('README.md').split('\n').slice(0, 6).join('\n');
  const expected = [
    '# TokenIM',
    '',
    '```bash',
    'dotnet run --project src/TokenIM.Server     # a development node on http://localhost:5080/graphql, no set-up',
    'tests/run.sh                                # every test: installs what it needs, ends with "N passed, N failed"',
    '```',
  ].join('\n');
  if (opening !== expected) throw new Error(`the first lines are now:\n${opening}`);
});

await check("the guide's error table lists exactly the ErrorCode catalogue of the schema", () => {
  const schema = buildSchema(read('schema/schema.graphql'));
  const catalogue = schema.getType('ErrorCode').getValues().map((v) => v.name).sort();
  const guide = read('docs/guide.md');
  const section = guide.slice(guide.indexOf('\n## Errors'));
  const listed = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
  const missing = catalogue.filter((c) => !listed.includes(c));
  const extra = listed.filter((c) => !catalogue.includes(c));
  if (missing.length || extra.length)
    throw new Error(`docs/guide.md "Errors": missing ${missing.join(', ') || 'none'}; not in the catalogue ${extra.join(', ') || 'none'}`);
});

finish();
