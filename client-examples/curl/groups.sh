#!/usr/bin/env bash
# Groups: createGroup, send to its conversation, addGroupMembers and removeGroupMember, and what
# roles allow. Usage: client-examples/curl/groups.sh   (TOKENIM_URL overrides http://localhost:5080/graphql)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
register alice
register bob
register carol

gql 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { group { id name myRole memberCount conversation { id } } } }' \
  "{\"input\":{\"name\":\"Curl team\",\"memberIds\":[\"$bob_id\"]}}" "$alice_token"
expect "alice creates a group with bob and owns it" '.data.createGroup.group | .myRole == "OWNER" and .memberCount == 2'
group=$(get .data.createGroup.group.id)
conversation=$(get .data.createGroup.group.conversation.id)

gql 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { seq } } }' \
  "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"welcome, bob\"}}" "$alice_token"
expect "a message to the group takes the seq after the system message of its creation" '.data.sendMessage.message.seq == 2'

add='mutation($g: ID!, $u: [ID!]!) { addGroupMembers(input: { groupId: $g, userIds: $u }) { group { memberCount } } }'
gql "$add" "{\"g\":\"$group\",\"u\":[\"$carol_id\"]}" "$bob_token"
expect_error "a plain member may not add people" FORBIDDEN

gql "$add" "{\"g\":\"$group\",\"u\":[\"$carol_id\"]}" "$alice_token"
expect "the owner adds carol" '.data.addGroupMembers.group.memberCount == 3'

gql 'query($c: ID!) { messages(conversationId: $c, first: 100) { nodes { seq kind body systemEvent { action } } } }' \
  "{\"c\":\"$conversation\"}" "$carol_token"
expect "carol reads the history, system messages included" '[.data.messages.nodes[] | .systemEvent.action // .body] == ["GROUP_CREATED", "welcome, bob", "MEMBER_ADDED"]'

gql 'mutation($g: ID!, $u: ID!) { removeGroupMember(input: { groupId: $g, userId: $u }) { group { memberCount } } }' \
  "{\"g\":\"$group\",\"u\":\"$carol_id\"}" "$alice_token"
expect "the owner removes carol" '.data.removeGroupMember.group.memberCount == 2'

gql 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { seq } } }' \
  "{\"input\":{\"conversationId\":\"$conversation\",\"body\":\"still here?\"}}" "$carol_token"
expect_error "a removed member can no longer send" FORBIDDEN
