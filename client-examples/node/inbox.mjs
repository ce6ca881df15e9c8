// The client side of the resumable stream (docs/guide.md, "Real-time that resumes"): one subscription,
// `conversationEvents(after: cursor)`. The server replays whatever committed after our cursor, exactly once
// and in order, then says CAUGHT_UP, then goes live; nothing is lost or repeated at the seam, so there is no
// gap-checking here. All we keep is the cursor of the last event we processed.

export const messageFields = `id seq body createdAt conversation { id } sender { id username displayName }
  replyTo { id seq body deleted sender { username displayName } } reactions { emoji count reactedByMe }`;

// REACTION events name who reacted (user), with what (emoji), whether added, and the message's reactions as they are now.
export const streamQuery = `subscription($after: String) {
  conversationEvents(after: $after) { cursor kind emoji added user { id username displayName } message { ${messageFields} } }
}`;

export class Inbox {
  /**
   * `show(message, source)` is called once per new message, `showReaction(event, source)` once per reaction
   * added or taken back; source is "catch-up" (replayed) or "live".
   */
  constructor(show, showReaction) {
    this.show = show;
    this.showReaction = showReaction;
  }

  /** The cursor of the last event processed: what a real app would keep on disk. Null: start live. */
  cursor = null;

  #caughtUp = false;
  #replayed = 0;

  /** The variables of a (re)subscription: from our cursor. Call it once per subscribe. */
  resume() {
    this.#caughtUp = false;
    this.#replayed = 0;
    return { after: this.cursor };
  }

  /**
   * One event of the stream. Returns `{ caughtUp: n }` at CAUGHT_UP (n messages were replayed), and
   * `{ resync: true }` when the server cannot resume from our cursor (say, it is older than the server keeps):
   * then reload what you show by queries and subscribe again, which starts live.
   */
  receive(event) {
    switch (event.kind) {
      case 'MESSAGE_POSTED':
        this.show(event.message, this.#caughtUp ? 'live' : 'catch-up');
        if (!this.#caughtUp) this.#replayed += 1;
        break;
      case 'REACTION':
        this.showReaction(event, this.#caughtUp ? 'live' : 'catch-up');
        break;
      case 'CAUGHT_UP':
        this.#caughtUp = true;
        this.cursor = event.cursor;
        return { caughtUp: this.#replayed };
      case 'RESYNC_REQUIRED':
        this.cursor = null;
        return { resync: true };
      default:
        break; // edits, recalls and read receipts: these examples does not show them, but they move the cursor
    }
    // Only now, after the event was handled: a crash before this line replays it rather than losing it.
    this.cursor = event.cursor;
    return {};
  }
}
