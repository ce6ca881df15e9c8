#!/usr/bin/env bash
# Replies and reactions between alice and bob: sendMessage with replyToId, addReaction and removeReaction
# (repeats change nothing), and a page of history with each message's replyTo and reactions.
# Usage: client-examples/curl/reactions.sh      (TOKENIM_URL overrides http://localhost:5080/graphql)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
register alice
register bob

send='mutation($input: SendMessageInput!) { sendMessage(input: $input) {
  message { id seq conversation { id } replyTo { id seq body deleted sender { username } } } } }'
gql "$send" "{\"input\":{\"recipientId\":\"$bob_id\",\"body\":\"lunch at noon?\",\"clientMessageId\":\"curl-$run_id-1\"}}" "$alice_token"
expect "alice asks bob; a message that quotes none has no replyTo" '.data.sendMessage.message | .seq == 1 and .replyTo == null'
question=$(get .data.sendMessage.message.id)
conversation=$(get .data.sendMessage.message.conversation.id)

gql "$send" "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"yes, see you there\",\"replyToId\":\"$question\",\"clientMessageId\":\"curl-$run_id-2\"}}" "$bob_token"
expect "bob's reply is an ordinary message (seq 2) that quotes hers: id, seq, sender and a preview of the body" \
  ".data.sendMessage.message | .seq == 2 and .replyTo == {id: \"$question\", seq: 1, body: \"lunch at noon?\", deleted: false, sender: {username: \"$alice_name\"}}"
answer=$(get .data.sendMessage.message.id)

# Both mutations answer with the message's reactions as they now are: one group per emoji, in the order
# each emoji was first used, with whether you are among those who reacted and the first three who did.
fields='message { reactions { emoji count reactedByMe users { username } } }'
add="mutation(\$id: ID!, \$emoji: String!) { addReaction(input: { messageId: \$id, emoji: \$emoji }) { $fields } }"
remove="mutation(\$id: ID!, \$emoji: String!) { removeReaction(input: { messageId: \$id, emoji: \$emoji }) { $fields } }"

gql "$add" "{\"id\":\"$answer\",\"emoji\":\"👍\"}" "$alice_token"
expect "alice reacts to the reply with 👍" \
  ".data.addReaction.message.reactions == [{emoji: \"👍\", count: 1, reactedByMe: true, users: [{username: \"$alice_name\"}]}]"

gql "$add" "{\"id\":\"$answer\",\"emoji\":\"👍\"}" "$bob_token"
expect "bob joins her 👍: one group, two members, in the order they reacted" \
  ".data.addReaction.message.reactions == [{emoji: \"👍\", count: 2, reactedByMe: true, users: [{username: \"$alice_name\"}, {username: \"$bob_name\"}]}]"

gql "$add" "{\"id\":\"$answer\",\"emoji\":\"🎉\"}" "$alice_token"
expect "a second emoji is a second group, after the first" '[.data.addReaction.message.reactions[] | [.emoji, .count]] == [["👍", 2], ["🎉", 1]]'

gql "$add" "{\"id\":\"$answer\",\"emoji\":\"🎉\"}" "$alice_token"
expect "adding a reaction you have already changes nothing, and is no error" '[.data.addReaction.message.reactions[] | [.emoji, .count]] == [["👍", 2], ["🎉", 1]]'

gql "$remove" "{\"id\":\"$answer\",\"emoji\":\"👍\"}" "$alice_token"
expect "alice takes her 👍 back; bob's stays" \
  ".data.removeReaction.message.reactions[0] == {emoji: \"👍\", count: 1, reactedByMe: false, users: [{username: \"$bob_name\"}]}"

gql "$add" "{\"id\":\"$answer\",\"emoji\":\"ok\"}" "$alice_token"
expect_error "an emoji must be one emoji (or a :short_name:), not text" BAD_USER_INPUT
expect "the error names the field" '.errors[0].extensions.field == "input.emoji"'

page='query($c: ID!) { messages(conversationId: $c, last: 20) {
  nodes { seq body replyTo { seq body deleted } reactions { emoji count reactedByMe } } } }'
gql "$page" "{\"c\":\"$conversation\"}" "$bob_token"
expect "bob's page of history shows the quote and the reactions, reactedByMe as seen by bob" \
  '.data.messages.nodes == [
     {seq: 1, body: "lunch at noon?", replyTo: null, reactions: []},
     {seq: 2, body: "yes, see you there", replyTo: {seq: 1, body: "lunch at noon?", deleted: false},
      reactions: [{emoji: "👍", count: 1, reactedByMe: true}, {emoji: "🎉", count: 1, reactedByMe: false}]}]'

gql 'mutation($id: ID!) { deleteMessage(input: { messageId: $id }) { message { deletedAt } } }' "{\"id\":\"$question\"}" "$alice_token"
expect "alice recalls her question" '.data.deleteMessage.message.deletedAt != null'

gql "$page" "{\"c\":\"$conversation\"}" "$bob_token"
expect "the reply now quotes it as deleted, with an empty body" '.data.messages.nodes[1].replyTo == {seq: 1, body: "", deleted: true}'
