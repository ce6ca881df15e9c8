// The chat page: sign-in and sending go over HTTP (tokenim.mjs), messages over a WebSocket speaking
// graphql-transport-ws directly (no library: it is a handful of message types), through the resumable
// stream (inbox.mjs): every (re)connect resumes from the cursor of the last event, so a tab that was
// offline misses nothing and sees nothing twice.
import { Inbox, streamQuery } from './inbox.mjs';
import { Session } from './tokenim.mjs';

const $ = (selector) => document.querySelector(selector);
const { url } = await (await fetch('config.json')).json();

let session;
let inbox;
let socket = null;
let online = true;          // what the user wants; the socket follows it
let target = null;          // { recipientId } until the first send, then { conversationId }
let replyingTo = null;      // the message the next send quotes
const reactions = new Map(); // message id -> its reactions as last received, for the toggles

const fail = (error) => { $('#error').textContent = error.message ?? String(error); };
const status = (text) => { $('#status').textContent = text; };

const nameOf = (user) => user.username ?? user.displayName;

function element(tag, className, text = '') {
  return Object.assign(document.createElement(tag), { className, textContent: text });
}

function button(className, text, title, onclick) {
  return Object.assign(element('button', className, text), { type: 'button', title, onclick });
}

function show(message, source) {
  const item = element('li', `${source}${message.sender.id === session.user.id ? ' mine' : ''}`);
  Object.assign(item.dataset, { id: message.id, seq: message.seq, conversation: message.conversation.id, source });
  const q = message.replyTo;
  if (q) item.append(element('div', 'quote', `↪ #${q.seq} ${nameOf(q.sender)}: ${q.deleted ? 'deleted' : q.body}`));
  item.append(
    element('span', 'text', `#${message.seq} ${nameOf(message.sender)}: ${message.body}`),
    button('reply', '↩', 'Reply', () => startReply(message)),
    button('react', '👍', 'React with 👍 (again: take it back)', () => toggle(message.id, '👍')),
    element('div', 'reactions'));
  $('#log').append(item);
  showReactions(message);
  // Someone wrote first: answer them without asking who to talk to.
  if (!target && message.sender.id !== session.user.id) openConversation({ conversationId: message.conversation.id });
}

/** Redraws a message's reactions: one button per emoji, pressed when one of them is yours. */
function showReactions(message) {
  reactions.set(message.id, message.reactions);
  const item = [...$('#log').children].find((li) => li.dataset.id === message.id);
  item?.querySelector('.reactions').replaceChildren(...message.reactions.map((r) => {
    const chip = button('reaction', `${r.emoji} ${r.count}`, r.reactedByMe ? 'Take yours back' : `React with ${r.emoji} too`,
      () => toggle(message.id, r.emoji));
    chip.setAttribute('aria-pressed', r.reactedByMe);
    return chip;
  }));
}

// What the page shows comes from the stream only, never from the mutation's answer: events carry the reactions as they
// are when delivered, in commit order, so a slower answer cannot paint over a newer state.
async function toggle(messageId, emoji) {
  const mine = reactions.get(messageId)?.some((r) => r.emoji === emoji && r.reactedByMe);
  try {
    await session.react(messageId, emoji, !mine);
  } catch (error) {
    fail(error);
  }
}

function startReply(message) {
  replyingTo = message;
  openConversation({ conversationId: message.conversation.id });
  $('#replying-to').textContent = `#${message.seq} ${nameOf(message.sender)}: ${message.body}`;
  $('#replying').hidden = false;
  $('#compose').elements.body.focus();
}

function stopReply() {
  replyingTo = null;
  $('#replying').hidden = true;
}

function openConversation(to) {
  target = to;
  for (const control of $('#compose').elements) control.disabled = false;
}

/** One socket until it closes; then another after a pause, unless the user went offline. */
function connect(wait = 250) {
  const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const send = (message) => ws.send(JSON.stringify(message));
  const subscribe = () => send({ id: '1', type: 'subscribe', payload: { query: streamQuery, variables: inbox.resume() } });
  socket = ws;
  ws.onopen = async () => send({ type: 'connection_init', payload: { authorization: `Bearer ${await session.accessToken()}` } });
  ws.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    switch (message.type) {
      case 'connection_ack':
        wait = 250;
        status('catching up…');
        subscribe();
        break;
      case 'next': {
        if (!message.payload.data) break;
        const { caughtUp, resync } = inbox.receive(message.payload.data.conversationEvents);
        if (caughtUp !== undefined) status(caughtUp ? `online, caught up on ${caughtUp}` : 'online');
        if (resync) status('could not resume; starting live');
        break;
      }
      case 'complete':
        // Only after RESYNC_REQUIRED: subscribe again, which starts live (a real app reloads its screens first).
        subscribe();
        break;
      case 'ping':
        send({ type: 'pong' });
        break;
      case 'error':
        fail(new Error(message.payload.map((e) => e.message).join('; ')));
        break;
    }
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;                          // replaced or closed on purpose
    socket = null;
    status(`connection lost (${event.code}), reconnecting…`);
    setTimeout(() => { if (online && !socket) connect(Math.min(wait * 2, 10_000)); }, wait);
  };
}

$('#sign-in').onsubmit = async (event) => {
  event.preventDefault();
  const form = event.target.elements;
  try {
    session = await Session.signIn(url, form.username.value.trim(), form.password.value);
  } catch (error) {
    return fail(error);
  }
  $('#error').textContent = '';
  $('#sign-in').hidden = true;
  $('#chat').hidden = false;
  $('#me').textContent = session.user.username;
  inbox = new Inbox(show, (event) => showReactions(event.message));
  connect();
};

$('#toggle').onclick = () => {
  online = !online;
  $('#toggle').textContent = online ? 'Go offline' : 'Go online';
  if (online) return connect();
  const ws = socket;
  socket = null;
  ws?.close();
  status('offline');
};

$('#to').onsubmit = async (event) => {
  event.preventDefault();
  try {
    const peer = await session.findUser(event.target.elements.peer.value.trim());
    openConversation({ recipientId: peer.id });
    $('#compose').elements.body.focus();
  } catch (error) {
    fail(error);
  }
};

$('#compose').onsubmit = async (event) => {
  event.preventDefault();
  const input = event.target.elements.body;
  try {
    // A reply goes where the message it quotes is.
    const to = replyingTo ? { conversationId: replyingTo.conversation.id } : target;
    const message = await session.send(to, input.value, replyingTo?.id);
    target = { conversationId: message.conversation.id };
    input.value = '';
    stopReply();
    $('#error').textContent = '';
  } catch (error) {
    fail(error);
  }
};

$('#cancel-reply').onclick = stopReply;
