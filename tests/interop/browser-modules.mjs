// Serves npm packages from tests/interop/node_modules to a browser as ES modules, without a bundler: an
// import map names the file each bare specifier ("@apollo/client", "rxjs/internal/Observable") resolves to
// under the browser's conditions, and the browser resolves relative imports itself. Only one change is made
// to a file: a relative import written for bundlers, without its extension (rxjs's "./Subscriber"), gets the
// extension of the file it means, so each module has one URL and is loaded once. Only the files reachable from
// the entry specifiers are mapped, and only files inside node_modules are served.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), 'node_modules');
// What a bundler targeting browsers asks for; "node" and "require" would pick CommonJS builds.
const conditions = new Set(['browser', 'module', 'import', 'default']);
const importPattern = /(?:^|[\s;}])(?:import|export)\s*(?:[\w*{}\s,$]*?\sfrom\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The import map for the entry specifiers and everything they import, as { imports: { specifier: url } }. */
export function importMap(entries) {
  const imports = {};
  const seen = new Set();
  const files = [];
  const addBare = (specifier) => {
    if (imports[specifier]) return;
    const file = resolveBare(specifier);
    imports[specifier] = `/node_modules/${relative(root, file).split(sep).join('/')}`;
    files.push(file);
  };
  entries.forEach(addBare);
  while (files.length) {
    const file = files.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) {
        const target = completeRelative(file, specifier);
        if (target) files.push(join(dirname(file), target));
      } else if (!specifier.includes(':')) {
        try { addBare(specifier); } catch { /* a specifier in a comment or a string, not an import */ }
      }
    }
  }
  return { imports };
}

/** A request for /node_modules/…: the file's bytes and media type, or null when it is not a file under node_modules. */
export function moduleFile(path) {
  if (!path.startsWith('/node_modules/')) return null;
  const file = normalize(join(root, decodeURIComponent(path.slice('/node_modules/'.length))));
  if (!file.startsWith(root + sep) || !isFile(file)) return null;
  if (!/\.(m?js|cjs)$/.test(file)) return { body: readFileSync(file), type: file.endsWith('.json') ? 'application/json' : 'application/octet-stream' };
  const text = readFileSync(file, 'utf8').replace(importPattern, (match, from, dynamic) => {
    const specifier = from ?? dynamic;
    if (!specifier.startsWith('.')) return match;
    const complete = completeRelative(file, specifier);
    return complete && complete !== specifier ? match.replace(specifier, complete) : match;
  });
  return { body: text, type: 'text/javascript' };
}

/** A relative specifier as it names an existing file, with the extension or /index.js a bundler would add; null if none. */
function completeRelative(file, specifier) {
  const base = join(dirname(file), specifier);
  const suffix = ['', '.js', '.mjs', '/index.js', '/index.mjs'].find((ending) => isFile(base + ending));
  return suffix === undefined ? null : specifier + suffix;
}

function resolveBare(specifier) {
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const subpath = specifier.slice(name.length);
  const folder = join(root, name);
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  if (manifest.exports !== undefined) {
    const target = exportTarget(manifest.exports, `.${subpath}`);
    if (!target) throw new Error(`${specifier}: not exported`);
    return join(folder, target);
  }
  if (subpath) {
    const base = join(folder, subpath);
    const found = [base, `${base}.mjs`, `${base}.js`, join(base, 'index.mjs'), join(base, 'index.js')].find(isFile);
    if (!found) throw new Error(`${specifier}: no such file`);
    return found;
  }
  return join(folder, manifest.module ?? manifest.main ?? 'index.js');
}

/** Node's package "exports" resolution, for the browser's conditions: exact subpaths, then "*" patterns. */
function exportTarget(exports, subpath) {
  const isSubpathMap = typeof exports === 'object' && exports !== null && !Array.isArray(exports)
    && Object.keys(exports).some((key) => key.startsWith('.'));
  if (!isSubpathMap) return subpath === '.' ? pick(exports) : null;
  if (subpath in exports) return pick(exports[subpath]);
  for (const [key, value] of Object.entries(exports)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [prefix, suffix] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix) && subpath.length >= key.length - 1) {
      const target = pick(value);
      if (target) return target.replaceAll('*', subpath.slice(prefix.length, subpath.length - suffix.length));
    }
  }
  return null;
}

function pick(target) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(pick).find(Boolean) ?? null;
  if (target && typeof target === 'object') {
    for (const [condition, value] of Object.entries(target)) {
      if (conditions.has(condition)) {
        const found = pick(value);
        if (found) return found;
      }
    }
  }
  return null;
}

function isFile(path) {
  return existsSync(path) && statSync(path).isFile();
}
