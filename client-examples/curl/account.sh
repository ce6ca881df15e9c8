#!/usr/bin/env bash
# Accounts: register -> login -> me -> refreshToken -> logout, and the failures a client must handle.
# Usage: client-examples/curl/account.sh        (TOKENIM_URL overrides http://localhost:5080/graphql)
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
user="curl_$run_id"

gql 'mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken expiresAt user { id username displayName } } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\",\"displayName\":\"Curl Example\"}}"
expect "register returns a session" '.data.register.accessToken and .data.register.user.displayName == "Curl Example"'

gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresAt } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\"}}"
expect "login returns a session" '.data.login.refreshToken | length > 0'
access=$(get .data.login.accessToken)
refresh=$(get .data.login.refreshToken)

gql '{ me { id username displayName } }' '{}' "$access"
expect "me is the signed-in user" ".data.me.username == \"$user\""

gql '{ me { id } }'
expect "me is null without a token" '.data.me == null'

gql 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }' "{\"t\":\"$refresh\"}"
expect "refreshToken returns a new pair" ".data.refreshToken.refreshToken != \"$refresh\""
access=$(get .data.refreshToken.accessToken)
newest=$(get .data.refreshToken.refreshToken)

gql 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }' "{\"t\":\"$refresh\"}"
expect_error "a refresh token works once" UNAUTHENTICATED
# Showing a spent refresh token ends the whole session: the newest pair stops working too.
gql 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }' "{\"t\":\"$newest\"}"
expect_error "after a reuse, the session's newest refresh token is dead as well" UNAUTHENTICATED

gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\"}}"
access=$(get .data.login.accessToken)
refresh=$(get .data.login.refreshToken)
gql 'mutation($t: String!) { logout(input: { refreshToken: $t }) { revoked } }' "{\"t\":\"$refresh\"}"
expect "logout revokes the session" '.data.logout.revoked == true'
gql '{ me { id } }' '{}' "$access"
expect_error "the session's access token is refused after logout" UNAUTHENTICATED 401

gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"not the password\"}}"
expect_error "a wrong password is refused" UNAUTHENTICATED

gql 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\"}}"
expect_error "a taken username is a conflict" CONFLICT
