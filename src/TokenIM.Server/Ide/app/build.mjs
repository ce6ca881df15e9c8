// Bundles GraphiQL into a fixed set of files that the node embeds and serves itself:
// graphiql.js (ES module), graphiql.css and Monaco's three web workers, each also gzipped so the node
// never compresses at run time. Usage: node build.mjs OUTDIR
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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
    loader: { '.ttf': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
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

const files = ['graphiql.js', 'graphiql.css', 'editor.worker.js', 'json.worker.js', 'graphql.worker.js'];
for (const file of files) {
  const raw = await readFile(join(outdir, file));
  await writeFile(join(outdir, `${file}.gz`), gzipSync(raw, { level: constants.Z_BEST_COMPRESSION }));
}
