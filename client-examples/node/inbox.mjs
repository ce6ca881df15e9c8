// The delivery model on the client side: the catch-up procedure of the API guide (docs/guide.md). Live events are the fast
// path and the database is the truth, so every message passes through here, whether it came over
// the socket or from `messages(afterSeq:)`, and comes out once, in seq order, per conversation.

export const messageFields = 'id seq body createdAt conversation { id } sender { id username displayName }';

const historyQuery = `query($c: ID!, $after: Int) {
  messages(conversationId: $c, afterSeq: $after, first: 100) { nodes { ${messageFields} } pageInfo { hasNextPage } }
}`;
const conversationsQuery = `query($after: String) {
  conversations(first: 100, after: $after) { nodes { id lastSeq } pageInfo { hasNextPage endCursor } }
}`;

export class Inbox {
  /** `show(message, source)` is called once per message; source is "live", "gap" or "catch-up". */
  constructor(session, show) {
    this.session = session;
    this.show = show;
  }

  /** The last seq shown per conversation id: what a real app would keep on disk. */
  held = new Map();
  // Live events and catch-up both read and move `held`: one at a time, in arrival order.
  #queue = Promise.resolve();

  #serially(work) {
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => {});
    return run;
  }

  /** A live messageReceived event. A seq more than one above what we hold means we missed some. */
  receive(message) {
    return this.#serially(async () => {
      const id = message.conversation.id;
      const held = this.held.get(id) ?? 0;
      if (message.seq <= held) return; // already shown: a duplicate, or caught up before it came
      if (message.seq > held + 1) await this.#fetchAfter(id, held, 'gap');
      if (message.seq > (this.held.get(id) ?? 0)) this.#accept(message, 'live');
    });
  }

  /**
   * After every (re)connect, once the subscription is requested: fetch what each conversation
   * committed after the seq we hold. The first time, we start from "now" instead of replaying every
   * conversation's history; after that, a conversation we do not know yet is new, and all of it is
   * missed. Resolves with the number of messages fetched.
   */
  catchUp() {
    return this.#serially(async () => {
      const first = !this.#started;
      let fetched = 0;
      for await (const conversation of this.#conversations()) {
        if (first) this.held.set(conversation.id, conversation.lastSeq);
        const held = this.held.get(conversation.id) ?? 0;
        if (conversation.lastSeq > held) fetched += await this.#fetchAfter(conversation.id, held, 'catch-up');
      }
      this.#started = true; // only once a whole pass worked: a failed first pass is a first pass again
      return fetched;
    });
  }

  #started = false;

  async *#conversations() {
    let after = null;
    for (;;) {
      const { conversations } = await this.session.query(conversationsQuery, { after });
      yield* conversations.nodes;
      if (!conversations.pageInfo.hasNextPage) return;
      after = conversations.pageInfo.endCursor;
    }
  }

  async #fetchAfter(conversationId, afterSeq, source) {
    let count = 0;
    for (let after = afterSeq; ;) {
      const { messages } = await this.session.query(historyQuery, { c: conversationId, after });
      for (const message of messages.nodes) this.#accept(message, source);
      count += messages.nodes.length;
      if (!messages.pageInfo.hasNextPage || messages.nodes.length === 0) return count;
      after = messages.nodes.at(-1).seq;
    }
  }

  #accept(message, source) {
    this.held.set(message.conversation.id, message.seq);
    this.show(message, source);
  }
}
