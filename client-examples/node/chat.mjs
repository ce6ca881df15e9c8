#!/usr/bin/env node
// A terminal chat for TokenIM. Signs in (registering the name if it is new), receives every message over
// graphql-ws through the resumable stream (after each (re)connect it resumes from its cursor: what was missed,
// then live), and sends what you type.
//
//   node chat.mjs [--user NAME] [--password PW] [--url URL] [--to NAME] [--script]
//
// --script reads the same commands from stdin without a prompt and prints one JSON object per line
// (what tests drive). TOKENIM_URL, TOKENIM_USER and TOKENIM_PASSWORD stand in for the flags.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Inbox, streamQuery } from './inbox.mjs';
import { Session } from './tokenim.mjs';

const help = `commands:
  /to NAME          talk to user NAME (a direct conversation, created by the first message)
  /list             your conversations, most recent first, with unread counts
  /open N           talk in conversation N of the last /list (groups too)
  /reply N TEXT     answer message #N, quoting it (#N of this conversation, else the last #N shown)
  /react N EMOJI    react to message #N, e.g. /react 3 👍
  /unreact N EMOJI  take that reaction back
  /offline          close the connection, as if the network dropped
  /online           connect again and catch up on what you missed
  /quit             leave (so does Ctrl-D)
  anything else is sent to the current conversation`;

const { values: options } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.TOKENIM_URL ?? 'http://localhost:5080/graphql' },
    user: { type: 'string', default: process.env.TOKENIM_USER },
    password: { type: 'string', default: process.env.TOKENIM_PASSWORD },
    to: { type: 'string' },
    script: { type: 'boolean', default: false },
  },
});

if (options.script && !(options.user && options.password)) {
  console.error('--script needs --user and --password (or TOKENIM_USER and TOKENIM_PASSWORD)');
  process.exit(2);
}
// A script's stdin gets no prompt and no echo: stdout carries nothing but events.
const terminal = createInterface({ input: process.stdin, output: options.script ? undefined : process.stdout });
const prompting = !options.script && process.stdin.isTTY;
// Commands run one at a time in the order typed, from sign-in on; lines typed earlier wait for it.
let signedIn;
let pending = new Promise((resolve) => { signedIn = resolve; });
terminal.on('line', (line) => {
  pending = pending.then(() => run(line)).catch((error) => report('error', { code: error.code, message: error.message }));
});
terminal.on('close', () => pending.then(() => run('/quit')));

// Scripted runs get one JSON object per line; people get sentences.
const report = options.script
  ? (event, fields = {}) => console.log(JSON.stringify({ event, ...fields }))
  : (event, fields = {}) => { console.log(sentence(event, fields)); if (prompting) terminal.prompt(true); };

function sentence(event, f) {
  switch (event) {
    case 'ready': return `signed in as ${f.user.username}. /help lists the commands.`;
    case 'online': return f.caughtUp ? `connected; caught up on ${f.caughtUp} missed message(s)` : 'connected';
    case 'resync': return 'could not resume from where we were; starting live';
    case 'offline': return 'offline (type /online to reconnect)';
    case 'disconnected': return 'connection lost, reconnecting…';
    case 'message': return `${prefix(f.source)}#${f.seq} ${f.from}${f.replyTo ? ` (replying to ${quote(f.replyTo)})` : ''}: ${f.body}`;
    case 'reaction': return `${prefix(f.source)}[reaction] ${f.from} ${f.added ? '+' : '-'}${f.emoji} on #${f.seq} (${
      f.reactions.map((r) => `${r.emoji} ${r.count}`).join(', ') || 'none left'})`;
    case 'sent': return `sent #${f.seq}`;
    case 'reacted': return `${f.added ? 'added' : 'took back'} ${f.emoji} on #${f.seq}`;
    case 'target': return `now talking ${f.title}`;
    case 'conversations': return f.items.map((c) => `${c.index}. ${c.title}  (${c.unread} unread)`).join('\n') || 'no conversations yet';
    case 'error': return `error${f.code ? ` ${f.code}` : ''}: ${f.message}`;
    default: return `${event} ${JSON.stringify(f)}`;
  }
}

const prefix = (source) => source === 'live' ? '' : `(${source}) `;
const quote = (q) => `#${q.seq} ${q.from}: ${q.deleted ? 'deleted' : `"${q.body}"`}`;
const nameOf = (user) => user.username ?? user.displayName;

const user = options.user ?? await terminal.question('username: ');
const password = options.password ?? await terminal.question('password (8+ characters; a new name is registered): ');
const session = await Session.signIn(options.url, user, password).catch((error) => {
  report('error', { code: error.code, message: error.message });
  process.exit(1);
});

const shown = [];         // every message shown, for /reply N and /react N
const inbox = new Inbox((message, source) => {
  const { replyTo: q } = message;
  shown.push(message);
  report('message', {
    source, conversationId: message.conversation.id, seq: message.seq, id: message.id, from: nameOf(message.sender), body: message.body,
    replyTo: q && { id: q.id, seq: q.seq, from: nameOf(q.sender), body: q.body, deleted: q.deleted },
  });
}, (event, source) => report('reaction', {
  source, conversationId: event.message.conversation.id, seq: event.message.seq, id: event.message.id,
  from: nameOf(event.user), emoji: event.emoji, added: event.added, reactions: event.message.reactions,
}));

let socket = null;      // the graphql-ws client while we want to be online
let target = null;      // where typed text goes: { recipientId } or { conversationId }
let listed = [];        // the last /list, for /open N

function connect() {
  let intended = false; // closed by /offline or /quit rather than by the network
  const client = createClient({
    url: options.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    // Asked on every (re)connect, so an expired token is refreshed before the socket signs in again.
    connectionParams: async () => ({ authorization: `Bearer ${await session.accessToken()}` }),
    on: {
      closed: () => { if (!intended) report('disconnected'); },
    },
  });
  // graphql-ws sends this payload again on every reconnect, serializing it then: the getter puts in the
  // cursor of the last event processed at that moment, so each reconnect resumes exactly where we were.
  const payload = { query: streamQuery, get variables() { return inbox.resume(); } };
  const subscribe = () => client.subscribe(payload, {
    next: ({ data, errors }) => {
      if (!data) return report('error', { code: errors?.[0]?.extensions?.code, message: errors?.[0]?.message });
      const { caughtUp, resync } = inbox.receive(data.conversationEvents);
      if (caughtUp !== undefined) report('online', { caughtUp });
      if (resync) report('resync'); // the stream completes; we subscribe again, live (a real app reloads its screens)
    },
    error: (error) => report('error', { message: `subscription ended: ${error?.message ?? error?.reason ?? error}` }),
    complete: () => { if (!intended) subscribe(); },
  });
  subscribe();
  return { dispose: () => { intended = true; return client.dispose(); } };
}

async function list() {
  const { conversations } = await session.query(`{ conversations(first: 20) {
    nodes { id kind lastSeq unreadCount group { name } members { id username } } } }`);
  listed = conversations.nodes;
  report('conversations', {
    items: listed.map((c, i) => ({ index: i + 1, id: c.id, lastSeq: c.lastSeq, unread: c.unreadCount, title: title(c) })),
  });
}

const title = (c) => c.group ? `in group ${c.group.name}` :
  `with ${c.members.filter((m) => m.id !== session.user.id).map((m) => m.username ?? 'a deleted user').join(', ') || 'yourself'}`;

/** The message shown as #N: of the current conversation if it has one, else the last shown with that number. */
function shownAs(n) {
  const numbered = shown.filter((m) => m.seq === Number(n));
  const found = numbered.findLast((m) => m.conversation.id === target?.conversationId) ?? numbered.at(-1);
  if (!found) throw new Error(`no message #${n} shown yet`);
  return found;
}

async function send(body, replyTo = undefined) {
  // A reply goes where the message it quotes is.
  const to = replyTo ? { conversationId: replyTo.conversation.id } : target;
  if (!to) throw new Error('nobody to talk to yet: /to NAME or /open N');
  const message = await session.send(to, body, replyTo?.id);
  // Once the direct conversation exists, keep writing into it.
  target = { conversationId: message.conversation.id };
  report('sent', { conversationId: message.conversation.id, seq: message.seq, id: message.id, clientMessageId: message.clientMessageId });
}

async function react(argument, added) {
  const [n, emoji] = split(argument);
  if (!emoji) throw new Error(`${added ? '/react' : '/unreact'} N EMOJI`);
  const message = await session.react(shownAs(n).id, emoji, added);
  report('reacted', { id: message.id, seq: message.seq, emoji, added, reactions: message.reactions });
}

/** "word and the rest" -> ['word', 'and the rest'] */
const split = (text) => text.trim().match(/^(\S*)\s*(.*)$/s).slice(1);

async function run(line) {
  const [command, argument] = split(line);
  switch (command) {
    case '': return;
    case '/help': console.log(help); return;
    case '/to': {
      const peer = await session.findUser(argument);
      target = { recipientId: peer.id };
      report('target', { title: `with ${peer.username}`, recipientId: peer.id });
      return;
    }
    case '/list': return list();
    case '/open': {
      const conversation = listed[Number(argument) - 1];
      if (!conversation) throw new Error('no such conversation: /list first');
      target = { conversationId: conversation.id };
      report('target', { title: title(conversation), conversationId: conversation.id });
      return;
    }
    case '/reply': {
      const [n, text] = split(argument);
      return send(text, shownAs(n));
    }
    case '/react': return react(argument, true);
    case '/unreact': return react(argument, false);
    case '/offline': await socket?.dispose(); socket = null; report('offline'); return;
    case '/online': socket ??= connect(); return;
    case '/quit': await socket?.dispose(); process.exit(0); break;
    default:
      if (command.startsWith('/')) throw new Error(`unknown command ${command}; /help lists them`);
      return send(line.trim());
  }
}

report('ready', { user: session.user });
socket = connect();
if (options.to) await run(`/to ${options.to}`).catch((error) => report('error', { code: error.code, message: error.message }));
terminal.setPrompt('> ');
if (prompting) terminal.prompt();
signedIn();
