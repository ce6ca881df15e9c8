// Prepares the two IDEs that the node embeds and serves itself, each file also gzipped so the node
// never compresses at run time. Usage: node build.mjs OUTDIR
// - GraphiQL, bundled here into a fixed set of files: graphiql.js (ES module), graphiql.css and
//   Monaco's three web workers.
// - Banana Cake Pop, copied file for file and byte for byte from its npm package into
//   OUTDIR/bananacakepop/ (it is already built; its licence asks that it is not changed, and that its
//   terms travel with it, so LICENSE and the *.LICENSE.txt notices are copied too).
import { build } from 'esbuild';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const outdir = resolve(process.argv[2] ?? 'dist');
await mkdir(outdir, { recursive: true });

const common = {
  bundle: true,
  minify: true,
  legalComments: 'eof',
  target: ['es2022'],
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { graphiql: 'src/main.jsx' },
    outdir,
    format: 'esm',
    jsx: 'automatic',
    // Fonts (Monaco's codicons) are inlined so the stylesheet needs no further request.
    loader: { '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl', '.graphql': 'text' },
  }),
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir,
    format: 'iife',
  }),
]);

async function gzip(file) {
  const raw = await readFile(file);
  await writeFile(`${file}.gz`, gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }));
}

const files = ['graphiql.js', 'graphiql.css', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js'];
for (const file of files) await gzip(join(outdir, file));

// Banana Cake Pop: the web app as published. The package's Node entry points (index.cjs/mjs, which
// only read index.html for Node servers), its typings, package.json and README are not part of it.
const bcpPackage = dirname(createRequire(import.meta.url).resolve('@chillicream/bananacakepop-graphql-ide/package.json'));
const bcpOut = join(outdir, 'bananacakepop');
const notWebApp = new Set(['package.json', 'README.md', 'index.cjs', 'index.mjs', 'index.d.cts', 'index.d.mts']);
// Already compressed: gzip would not make them smaller.
const compressed = /\.(png|ico|woff2)$/;
await rm(bcpOut, { recursive: true, force: true });
for (const entry of await readdir(bcpPackage, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const source = join(entry.parentPath ?? entry.path, entry.name);
  const name = relative(bcpPackage, source);
  if (notWebApp.has(name)) continue;
  const target = join(bcpOut, name);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(source, target);
  if (!compressed.test(name)) await gzip(target);
}
