// TokenIM over HTTP: one POST per operation, and a session that keeps its access token fresh.
// Only fetch and crypto.randomUUID: the web example loads this same file in the browser.

/** A GraphQL error the server answered with; `code` is its extensions.code from the catalogue. */
export class TokenIMError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.code = errors[0]?.extensions?.code;
  }
}

export async function request(url, query, variables = {}, accessToken = undefined) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length) throw new TokenIMError(body.errors);
  return body.data;
}

const sessionFields = 'accessToken refreshToken expiresAt user { id username displayName }';

/**
 * A signed-in user. Access tokens live 15 minutes; `accessToken()` swaps the refresh token for a new
 * pair shortly before that, so a chat left open for hours keeps working (the WebSocket asks for a
 * token each time it connects).
 */
export class Session {
  static async signIn(url, username, password) {
    try {
      const data = await request(url, `mutation($i: LoginInput!) { login(input: $i) { ${sessionFields} } }`,
        { i: { username, password } });
      return new Session(url, data.login);
    } catch (error) {
      if (error.code !== 'UNAUTHENTICATED') throw error;
      // Unknown name or wrong password: the server does not say which. Try to register; a taken
      // name (CONFLICT) means the password was wrong, so report the sign-in error instead.
      try {
        const data = await request(url, `mutation($i: RegisterInput!) { register(input: $i) { ${sessionFields} } }`,
          { i: { username, password } });
        return new Session(url, data.register);
      } catch (registerError) {
        throw registerError.code === 'CONFLICT' ? error : registerError;
      }
    }
  }

  constructor(url, payload) {
    this.url = url;
    this.user = payload.user;
    this.#keep(payload);
  }

  #tokens;
  #refreshing = null;

  #keep({ accessToken, refreshToken, expiresAt }) {
    this.#tokens = { accessToken, refreshToken, expiresAt: Date.parse(expiresAt) };
  }

  async accessToken() {
    if (this.#tokens.expiresAt - Date.now() > 60_000) return this.#tokens.accessToken;
    // One refresh at a time: a refresh token works once, and showing it twice ends the session.
    this.#refreshing ??= request(this.url,
      `mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { ${sessionFields} } }`,
      { t: this.#tokens.refreshToken })
      .then((data) => this.#keep(data.refreshToken))
      .finally(() => { this.#refreshing = null; });
    await this.#refreshing;
    return this.#tokens.accessToken;
  }

  async query(query, variables) {
    return request(this.url, query, variables, await this.accessToken());
  }

  async findUser(username) {
    const { users } = await this.query('query($s: String) { users(search: $s, first: 100) { nodes { id username } } }', { s: username });
    const found = users.nodes.find((u) => u.username?.toLowerCase() === username.toLowerCase());
    if (!found) throw new Error(`no user named ${username}`);
    return found;
  }

  /**
   * Sends to `{ recipientId }` or `{ conversationId }` with a clientMessageId made once, so a retry
   * after a network failure cannot send twice. `replyToId` quotes a message of the same conversation.
   * Resolves with the message, its id, seq and conversation.
   */
  async send(target, body, replyToId = undefined) {
    const input = { ...target, body, replyToId, clientMessageId: crypto.randomUUID() };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { sendMessage } = await this.query(
          'mutation($i: SendMessageInput!) { sendMessage(input: $i) { message { id seq clientMessageId conversation { id } } } }', { i: input });
        return sendMessage.message;
      } catch (error) {
        if (error.code || attempt === 3) throw error; // the server answered: retrying will not help
        await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
      }
    }
  }

  /**
   * Adds your `emoji` to a message, or with `added` false takes it back; adding one you have or taking back
   * one you do not is no error and changes nothing. Resolves with the message and its reactions as they now are.
   */
  async react(messageId, emoji, added = true) {
    const field = added ? 'addReaction' : 'removeReaction';
    const data = await this.query(`mutation($i: ${added ? 'Add' : 'Remove'}ReactionInput!) {
      ${field}(input: $i) { message { id seq reactions { emoji count reactedByMe } } } }`, { i: { messageId, emoji } });
    return data[field].message;
  }
}
