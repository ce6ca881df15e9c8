#!/usr/bin/env bash
# Messaging between alice and bob: sendMessage (and a retry that must not send twice), conversations,
# messages (history and catch-up by seq), markRead, editMessage, deleteMessage.
# Usage: client-examples/curl/messaging.sh      (TOKENIM_URL overrides http://localhost:5080/graphql)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
register alice
register bob

send='mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id seq body clientMessageId conversation { id lastSeq } } } }'
gql "$send" "{\"input\":{\"recipientId\":\"$bob_id\",\"body\":\"hi bob\",\"clientMessageId\":\"curl-$run_id-1\"}}" "$alice_token"
expect "the first message to bob opens a direct conversation at seq 1" '.data.sendMessage.message.seq == 1'
first=$(get .data.sendMessage.message.id)
conversation=$(get .data.sendMessage.message.conversation.id)

# A client that timed out does not know whether the send committed: it retries with the same id.
gql "$send" "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"hi bob\",\"clientMessageId\":\"curl-$run_id-1\"}}" "$alice_token"
expect "a retry with the same clientMessageId returns the first message, not a second" \
  ".data.sendMessage.message.id == \"$first\" and .data.sendMessage.message.conversation.lastSeq == 1"

gql "$send" "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"are you there?\",\"clientMessageId\":\"curl-$run_id-2\"}}" "$alice_token"
expect "the next message takes seq 2" '.data.sendMessage.message.seq == 2'
second=$(get .data.sendMessage.message.id)

gql '{ conversations(first: 20) { nodes { id kind lastSeq unreadCount members { username } } } }' '{}' "$bob_token"
expect "bob's conversation list has it, with 2 unread" \
  ".data.conversations.nodes[0] | .id == \"$conversation\" and .kind == \"DIRECT\" and .lastSeq == 2 and .unreadCount == 2"

gql 'query($c: ID!) { messages(conversationId: $c, last: 30) { nodes { seq body sender { username } } pageInfo { hasPreviousPage } } }' \
  "{\"c\":\"$conversation\"}" "$bob_token"
expect "history: the newest messages in seq order" '[.data.messages.nodes[].seq] == [1, 2] and .data.messages.pageInfo.hasPreviousPage == false'

# Catch-up after a reconnect: everything after the last seq seen, and nothing else.
gql 'query($c: ID!, $after: Int) { messages(conversationId: $c, afterSeq: $after, first: 100) { nodes { id seq } pageInfo { hasNextPage } } }' \
  "{\"c\":\"$conversation\",\"after\":1}" "$bob_token"
expect "catch-up after seq 1 is exactly message 2" "[.data.messages.nodes[].id] == [\"$second\"] and .data.messages.pageInfo.hasNextPage == false"

gql 'mutation($c: ID!, $s: Int!) { markRead(input: { conversationId: $c, seq: $s }) { lastReadSeq conversation { unreadCount } } }' \
  "{\"c\":\"$conversation\",\"s\":2}" "$bob_token"
expect "markRead moves bob's cursor and clears the unread count" '.data.markRead.lastReadSeq == 2 and .data.markRead.conversation.unreadCount == 0'

edit='mutation($id: ID!, $body: String!) { editMessage(input: { messageId: $id, body: $body }) { message { body editedAt } } }'
gql "$edit" "{\"id\":\"$second\",\"body\":\"are you there, bob?\"}" "$alice_token"
expect "the sender edits a message" '.data.editMessage.message.body == "are you there, bob?" and .data.editMessage.message.editedAt != null'

gql "$edit" "{\"id\":\"$second\",\"body\":\"bob was here\"}" "$bob_token"
expect_error "another member may not edit it" FORBIDDEN

gql 'mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { seq body deletedAt } } }' "{\"id\":\"$second\"}" "$alice_token"
expect "the sender deletes it: the body is erased, the seq stays" \
  '.data.deleteMessage.message | .seq == 2 and .body == "" and .deletedAt != null'

gql "$edit" "{\"id\":\"$second\",\"body\":\"back from the dead\"}" "$alice_token"
expect_error "a deleted message cannot be edited" CONFLICT
