#!/usr/bin/env bash
# The errors a client must handle, each with its catalogue code and HTTP status (docs/guide.md, "Errors").
# Usage: client-examples/curl/errors.sh         (TOKENIM_URL overrides http://localhost:5080/graphql)
# TOKENIM_RATE_LIMITS=off skips the rate-limit case, for a node started with rate limits off.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
register alice
register bob
register carol

gql '{ me { id } }' '{}' 'not-a-token'
expect_error "a bad token: 401 UNAUTHENTICATED, so the client knows to refresh or sign in" UNAUTHENTICATED 401

gql '{ conversations { nodes { id } } }'
expect_error "no token where sign-in is needed: UNAUTHENTICATED" UNAUTHENTICATED

gql 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }' \
  "{\"input\":{\"username\":\"short_$run_id\",\"password\":\"short\"}}"
expect_error "a rule broken: BAD_USER_INPUT" BAD_USER_INPUT
expect "... naming the field" '.errors[0].extensions.field == "input.password"'

gql '{ me { id shoeSize } }' '{}' "$alice_token"
expect_error "a field the schema does not have: 400 GRAPHQL_VALIDATION_FAILED" GRAPHQL_VALIDATION_FAILED 400

gql 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { conversation { id } } } }' \
  "{\"input\":{\"recipientId\":\"$bob_id\",\"body\":\"just us\"}}" "$alice_token"
conversation=$(get .data.sendMessage.message.conversation.id)
gql 'query($c: ID!) { messages(conversationId: $c) { nodes { body } } }' "{\"c\":\"$conversation\"}" "$carol_token"
expect_error "someone else's conversation: FORBIDDEN" FORBIDDEN

# Ids are opaque, but well-formed ones of things that do not exist are easy to make for a test.
nobody=$(printf 'User:2147483000' | base64 | tr -d '=')
gql 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { message { id } } }' \
  "{\"input\":{\"recipientId\":\"$nobody\",\"body\":\"anyone there?\"}}" "$alice_token"
expect_error "a recipient that does not exist: NOT_FOUND" NOT_FOUND

aliases=$(for i in $(seq 1 60); do printf 'a%d: __typename ' "$i"; done)
gql "{ $aliases }" '{}' "$alice_token"
expect_error "an operation over a limit (60 aliases, 50 allowed): 400 OPERATION_TOO_COMPLEX" OPERATION_TOO_COMPLEX 400

if [[ "${TOKENIM_RATE_LIMITS:-on}" == off ]]; then
  echo "skip the rate limit: TOKENIM_RATE_LIMITS=off"
  exit 0
fi
# Ten password checks per account name, then one every 90 seconds: the eleventh wrong one is refused
# as RATE_LIMITED with the seconds to wait, whatever the password.
for _ in $(seq 1 10); do
  gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }' \
    "{\"input\":{\"username\":\"$carol_name\",\"password\":\"a wrong guess\"}}" >/dev/null
done
gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }' \
  "{\"input\":{\"username\":\"$carol_name\",\"password\":\"a wrong guess\"}}"
expect_error "too many sign-in attempts: RATE_LIMITED" RATE_LIMITED
expect "... with retryAfter" '.errors[0].extensions.retryAfter > 0'
