// File uploads as the GraphQL multipart request spec's own client sends them: apollo-upload-client
// (UploadHttpLink, by the spec's author and first in its list of client implementations) on Apollo Client.
//   In Node: alice uploads a file through uploadFile, sends it to bob with sendMessage(attachmentIds), and bob
//   reads Message.attachments and downloads the same bytes from its signed url (on node B when TOKENIM_URL_B
//   names one: the nodes share their database and file store); a request without a preflight header is refused.
//   In headless Chromium: a page served from another origin (this script's loopback server, which serves the
//   packages from node_modules as ES modules under an import map) draws a PNG on a canvas, uploads it through
//   the same client, downloads it by its url and shows its thumbnail in an <img>. Every request to a host other
//   than loopback is refused and counted as a failure.
//
//   TOKENIM_URL=http://127.0.0.1:5080/graphql [TOKENIM_URL_B=…] [TOKENIM_UPLOADS_PAGE_PORT=P] node uploads.mjs
//
// The page's origin is http://127.0.0.1:P (an ephemeral port by default); a node outside Development must allow
// it (TokenIM__Cors__Origins__N). Needs Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides).
// Prints "uploads: N/M ok"; the exit code is non-zero unless every check passed.
import { createServer } from 'node:http';
import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';
import { chromium } from 'playwright-core';
import { importMap, moduleFile } from './browser-modules.mjs';
import { checks, graphql, register, runId } from './support.mjs';

const url = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const urlB = process.env.TOKENIM_URL_B ?? url;
const pagePort = Number(process.env.TOKENIM_UPLOADS_PAGE_PORT ?? 0);
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const { check, finish } = checks('uploads', { patienceMs: 30_000 });

const UPLOAD = `mutation($file: Upload!) {
  uploadFile(file: $file) { attachment { id fileName contentType size width height url thumbnailUrl } }
}`;
const SEND = `mutation($input: SendMessageInput!) {
  sendMessage(input: $input) { message { id body conversation { id } attachments { id fileName } } }
}`;
const HISTORY = `query($c: ID!) {
  messages(conversationId: $c, last: 5) { nodes { id body attachments { id fileName contentType size url } } }
}`;

/** Apollo Client over apollo-upload-client, signed in, with the preflight header Apollo's docs tell clients to add. */
function uploadClient(token, { preflight = true } = {}) {
  const headers = { authorization: `Bearer ${token}`, ...(preflight ? { 'Apollo-Require-Preflight': 'true' } : {}) };
  return new ApolloClient({ link: new UploadHttpLink({ uri: url, headers }), cache: new InMemoryCache() });
}

const sameBytes = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

// ---- Node: upload, send, read as the other member, download ----
const alice = await register(url, 'up_alice');
const bob = await register(url, 'up_bob');
const bytes = new TextEncoder().encode(`uploaded by apollo-upload-client, run ${runId}\n`.repeat(2000));
let attachment;
let conversationId;

await check('apollo-upload-client uploads a file through uploadFile (a multipart request)', async () => {
  const file = new File([bytes], 'notes.txt', { type: 'text/plain' });
  const { data } = await uploadClient(alice.token).mutate({ mutation: gql(UPLOAD), variables: { file } });
  attachment = data.uploadFile.attachment;
  if (attachment.fileName !== 'notes.txt' || attachment.size !== bytes.length || !attachment.contentType.startsWith('text/plain'))
    throw new Error(`unexpected attachment ${JSON.stringify(attachment)}`);
});

await check('sendMessage with attachmentIds sends it to bob with an empty body', async () => {
  const data = await graphql(url, SEND, { input: { recipientId: bob.id, body: '', attachmentIds: [attachment.id] } }, alice.token);
  conversationId = data.sendMessage.message.conversation.id;
  const ids = data.sendMessage.message.attachments.map((a) => a.id);
  if (ids.length !== 1 || ids[0] !== attachment.id) throw new Error(`attachments ${JSON.stringify(ids)}`);
});

await check(`bob reads Message.attachments${urlB === url ? '' : ' on node B'} and downloads exactly the bytes alice uploaded`, async () => {
  const data = await graphql(urlB, HISTORY, { c: conversationId }, bob.token);
  const seen = data.messages.nodes.flatMap((m) => m.attachments).find((a) => a.id === attachment.id);
  if (!seen) throw new Error(`bob does not see the attachment: ${JSON.stringify(data)}`);
  const response = await fetch(seen.url);
  if (!response.ok) throw new Error(`download: HTTP ${response.status}`);
  if (!sameBytes(new Uint8Array(await response.arrayBuffer()), bytes)) throw new Error('the downloaded bytes differ');
});

await check('without a preflight header the multipart request is refused with BAD_REQUEST naming the header', async () => {
  const file = new File([bytes], 'notes.txt', { type: 'text/plain' });
  try {
    await uploadClient(alice.token, { preflight: false }).mutate({ mutation: gql(UPLOAD), variables: { file } });
  } catch (error) {
    const text = `${error.message} ${JSON.stringify(error.errors ?? error.result ?? '')} ${error.bodyText ?? ''}`;
    if (text.includes('GraphQL-Preflight')) return;
    throw new Error(`refused, but not for the missing header: ${text}`);
  }
  throw new Error('the upload went through without a preflight header');
});

// ---- Chromium: a page on another origin uploads a canvas PNG and shows its thumbnail ----
const entries = ['@apollo/client', 'apollo-upload-client/UploadHttpLink.mjs'];
const page = `<!doctype html>
<meta charset="utf-8">
<title>TokenIM upload</title>
<script type="importmap">${JSON.stringify(importMap(entries))}</script>
<script type="module" src="/page.mjs"></script>
<img id="thumbnail" alt="thumbnail">
`;
const pageScript = `
import { ApolloClient, InMemoryCache, gql } from '@apollo/client';
import UploadHttpLink from 'apollo-upload-client/UploadHttpLink.mjs';

/** Draws a PNG, uploads it, downloads it by its url and shows its thumbnail; returns what happened. */
window.uploadDrawing = async ({ url, token, upload }) => {
  const canvas = Object.assign(document.createElement('canvas'), { width: 120, height: 80 });
  const g = canvas.getContext('2d');
  g.fillStyle = '#2a6'; g.fillRect(0, 0, 120, 80);
  g.fillStyle = '#fff'; g.fillRect(20, 20, 40, 40);
  const png = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  const file = new File([png], 'drawing.png', { type: 'image/png' });
  const client = new ApolloClient({
    link: new UploadHttpLink({ uri: url, headers: { authorization: 'Bearer ' + token, 'Apollo-Require-Preflight': 'true' } }),
    cache: new InMemoryCache(),
  });
  const { data } = await client.mutate({ mutation: gql(upload), variables: { file } });
  const attachment = data.uploadFile.attachment;
  const sent = new Uint8Array(await png.arrayBuffer());
  const downloaded = new Uint8Array(await (await fetch(attachment.url)).arrayBuffer());
  const image = document.getElementById('thumbnail');
  await new Promise((resolve, reject) => {
    image.onload = resolve;
    image.onerror = () => reject(new Error('the thumbnail did not load: ' + attachment.thumbnailUrl));
    image.src = attachment.thumbnailUrl;
  });
  return {
    attachment,
    sentBytes: sent.length,
    sameBytes: sent.length === downloaded.length && sent.every((b, i) => b === downloaded[i]),
    naturalWidth: image.naturalWidth,
    naturalHeight: image.naturalHeight,
  };
};
window.pageReady = true;
`;

const server = createServer((request, response) => {
  const path = new URL(request.url, 'http://127.0.0.1').pathname;
  const served = path === '/' ? { body: page, type: 'text/html' }
    : path === '/page.mjs' ? { body: pageScript, type: 'text/javascript' }
    : moduleFile(path);
  if (!served) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { 'content-type': `${served.type}; charset=utf-8`, 'x-content-type-options': 'nosniff' });
  response.end(served.body);
});
await new Promise((resolve) => server.listen(pagePort, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const outside = [];
try {
  const tab = await browser.newPage();
  await tab.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (loopback.has(host)) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  // What went wrong when the modules do not load: script errors, console errors, failed or refused requests.
  const pageErrors = [];
  tab.on('pageerror', (error) => pageErrors.push(error.message));
  tab.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()); });
  tab.on('response', (response) => { if (response.status() >= 400) pageErrors.push(`HTTP ${response.status()} ${response.url()}`); });
  let drawing;

  await check(`the page on ${origin} loads Apollo Client and apollo-upload-client as ES modules from node_modules`, async () => {
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => window.pageReady === true || false, null, { timeout: 20_000 }).catch(() => {
      throw new Error(`the page's modules did not load: ${pageErrors.join('; ') || 'no error reported'}`);
    });
  });

  await check('in Chromium, a canvas PNG goes up through uploadFile from another origin and comes back identical', async () => {
    drawing = await tab.evaluate((args) => window.uploadDrawing(args), { url, token: alice.token, upload: UPLOAD });
    const a = drawing.attachment;
    if (a.contentType !== 'image/png' || a.size !== drawing.sentBytes || a.width !== 120 || a.height !== 80)
      throw new Error(`unexpected attachment ${JSON.stringify(a)} for ${drawing.sentBytes} bytes`);
    if (!drawing.sameBytes) throw new Error('the downloaded bytes differ from the uploaded PNG');
  });

  await check('its thumbnail shows in an <img> (naturalWidth > 0)', async () => {
    if (!drawing) throw new Error('nothing was uploaded');
    if (!(drawing.naturalWidth > 0 && drawing.naturalHeight > 0))
      throw new Error(`the <img> is ${drawing.naturalWidth}x${drawing.naturalHeight}`);
  });

  await check('the page made no request to a host other than loopback', async () => {
    if (outside.length) throw new Error(outside.join(', '));
  });
} finally {
  await browser.close();
  server.close();
}

finish();
