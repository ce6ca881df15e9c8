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

const fail = (error) => { $('#error').textContent = error.message ?? String(error); };
const status = (text) => { $('#status').textContent = text; };

function show(message, source) {
  const item = document.createElement('li');
  item.className = `${source}${message.sender.id === session.user.id ? ' mine' : ''}`;
  Object.assign(item.dataset, { id: message.id, seq: message.seq, conversation: message.conversation.id, source });
  item.textContent = `#${message.seq} ${message.sender.username ?? message.sender.displayName}: ${message.body}`;
  $('#log').append(item);
  // Someone wrote first: answer them without asking who to talk to.
  if (!target && message.sender.id !== session.user.id) openConversation({ conversationId: message.conversation.id });
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
  inbox = new Inbox(show);
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
    const message = await session.send(target, input.value);
    target = { conversationId: message.conversation.id };
    input.value = '';
    $('#error').textContent = '';
  } catch (error) {
    fail(error);
  }
};
