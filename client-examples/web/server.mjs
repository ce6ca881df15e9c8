// Serves the chat page and nothing else: a fixed list of files, so no path can reach outside it.
// The page loads the Node example's tokenim.mjs and inbox.mjs as they are: they need only fetch.
//
//   TOKENIM_URL=http://localhost:5080/graphql WEB_PORT=5081 node server.mjs
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.WEB_PORT ?? 5081);
const api = process.env.TOKENIM_URL ?? 'http://localhost:5080/graphql';

const files = {
  '/': ['index.html', 'text/html'],
  '/app.mjs': ['app.mjs', 'text/javascript'],
  '/tokenim.mjs': ['../node/tokenim.mjs', 'text/javascript'],
  '/inbox.mjs': ['../node/inbox.mjs', 'text/javascript'],
};

createServer(async (request, response) => {
  const path = new URL(request.url, 'http://localhost').pathname;
  if (path === '/config.json') {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify({ url: api }));
    return;
  }
  const file = files[path];
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': `${file[1]}; charset=utf-8`, 'x-content-type-options': 'nosniff' });
  response.end(await readFile(join(here, file[0])));
}).listen(port, '127.0.0.1', () => console.log(`chat page on http://127.0.0.1:${port}/ talking to ${api}`));
