// Files across two nodes that share a database, Redis and an S3-compatible bucket: a file uploaded through node A
// (createUpload, then a PUT of its bytes) downloads from node B, whole and by range, and so does an image's thumbnail.
// Needs TOKENIM_URL and TOKENIM_URL_B (both nodes on TokenIM__Files__Store=S3). Prints "files-across-nodes: N/M ok";
// the exit code is non-zero unless every check passed.
import { createHash, randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { checks, graphql, register } from './support.mjs';

const urlA = process.env.TOKENIM_URL ?? 'http://127.0.0.1:5080/graphql';
const urlB = process.env.TOKENIM_URL_B ?? urlA;
const { check, finish } = checks('files-across-nodes', { patienceMs: 20_000 });

const createUpload = (token, fileName, contentType, size) => graphql(urlA,
  'mutation($i: CreateUploadInput!) { createUpload(input: $i) { attachmentId uploadUrl } }',
  { i: { fileName, contentType, size } }, token).then((d) => d.createUpload);

const attachment = (url, token, id) => graphql(url,
  'query($id: ID!) { node(id: $id) { ... on Attachment { url thumbnailUrl width height size } } }', { id }, token)
  .then((d) => d.node);

/** The same path and query on node B: a URL made by A, fetched from B. */
const onB = (url) => new URL(new URL(url).pathname + new URL(url).search, urlB).toString();

async function upload(token, fileName, contentType, bytes) {
  const { attachmentId, uploadUrl } = await createUpload(token, fileName, contentType, bytes.length);
  const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body: bytes });
  if (!put.ok) throw new Error(`PUT ${put.status}: ${await put.text()}`);
  return attachmentId;
}

/** A PNG of width × height, every pixel one colour: chunks written by hand, compressed by zlib. */
function png(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed));
    return Buffer.concat([length, typed, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

const alice = await register(urlA, 'files_across');
const bytes = randomBytes(1_500_000);
let fileId;
let fileUrl;

await check('a file uploaded through node A is listed with a download URL by node B', async () => {
  fileId = await upload(alice.token, 'across.bin', 'application/octet-stream', bytes);
  const seenByB = await attachment(urlB, alice.token, fileId);
  if (seenByB.size !== bytes.length) throw new Error(`size ${seenByB.size}`);
  fileUrl = (await attachment(urlA, alice.token, fileId)).url;
});

await check('node B serves the bytes of a URL node A made', async () => {
  const response = await fetch(onB(fileUrl));
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const body = Buffer.from(await response.arrayBuffer());
  const [got, want] = [body, bytes].map((b) => createHash('sha256').update(b).digest('hex'));
  if (got !== want) throw new Error(`${body.length} bytes, not the uploaded ones`);
});

await check('node B serves a range of it', async () => {
  const response = await fetch(onB(fileUrl), { headers: { range: 'bytes=1000000-' } });
  if (response.status !== 206) throw new Error(`HTTP ${response.status}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.headers.get('content-range') !== `bytes 1000000-1499999/${bytes.length}`) throw new Error(response.headers.get('content-range'));
  if (!body.equals(bytes.subarray(1_000_000))) throw new Error('the range holds other bytes');
});

await check("an image's size and thumbnail, made on node A, are served by node B", async () => {
  const id = await upload(alice.token, 'square.png', 'image/png', png(640, 480));
  const image = await attachment(urlB, alice.token, id);
  if (image.width !== 640 || image.height !== 480) throw new Error(`${image.width}×${image.height}`);
  if (!image.thumbnailUrl) throw new Error('no thumbnailUrl');
  const response = await fetch(image.thumbnailUrl);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  if (!/^image\//.test(response.headers.get('content-type') ?? '')) throw new Error(response.headers.get('content-type'));
});

await check('a download URL with one character changed is refused by node B with FORBIDDEN', async () => {
  const url = onB(fileUrl);
  const at = url.length - 20;
  const tampered = url.slice(0, at) + (url[at] === 'A' ? 'B' : 'A') + url.slice(at + 1);
  const response = await fetch(tampered);
  const body = await response.json();
  if (response.status !== 403 || body.errors?.[0]?.extensions?.code !== 'FORBIDDEN') throw new Error(`HTTP ${response.status} ${JSON.stringify(body)}`);
});

finish();
