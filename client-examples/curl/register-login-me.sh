#!/usr/bin/env bash
# register -> login -> me -> refreshToken against a TokenIM node, plus two failures a client must handle.
# Usage: client-examples/curl/register-login-me.sh            (node on http://localhost:5080)
#        TOKENIM_URL=http://127.0.0.1:5198/graphql client-examples/curl/register-login-me.sh
set -euo pipefail

url="${TOKENIM_URL:-http://localhost:5080/graphql}"
user="curl_$(date +%s)_$RANDOM"
password="correct horse battery"

gql() { # gql QUERY [VARIABLES_JSON] [ACCESS_TOKEN]
  local body
  body=$(printf '{"query":%s,"variables":%s}' "$(json_string "$1")" "${2:-{\}}")
  curl -sS "$url" -H 'Content-Type: application/json' -H 'Accept: application/graphql-response+json' \
    ${3:+-H "Authorization: Bearer $3"} -d "$body"
}
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g' | tr '\n' ' ')"; }
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }
expect() { # expect LABEL TEXT RESPONSE
  if grep -q "$2" <<<"$3"; then echo "ok   $1"; else echo "FAIL $1: expected $2 in $3"; exit 1; fi
}

echo "-> register $user"
registered=$(gql 'mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id username } } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\",\"displayName\":\"Curl Example\"}}")
echo "$registered"
expect "register returns a session" '"accessToken":"' "$registered"

echo "-> login"
logged_in=$(gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresAt } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\"}}")
echo "$logged_in"
access=$(field accessToken <<<"$logged_in")
refresh=$(field refreshToken <<<"$logged_in")

echo "-> me"
me=$(gql '{ me { id username displayName } }' '{}' "$access")
echo "$me"
expect "me is the signed-in user" "\"username\":\"$user\"" "$me"

echo "-> refreshToken"
refreshed=$(gql 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken refreshToken } }' "{\"t\":\"$refresh\"}")
echo "$refreshed"
expect "refresh returns a new pair" '"refreshToken":"' "$refreshed"

echo "-> the same refresh token again (single use)"
reused=$(gql 'mutation($t: String!) { refreshToken(input: { refreshToken: $t }) { accessToken } }' "{\"t\":\"$refresh\"}")
echo "$reused"
expect "a used refresh token is refused" '"code":"UNAUTHENTICATED"' "$reused"

echo "-> login with a wrong password"
wrong=$(gql 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"not the password\"}}")
echo "$wrong"
expect "a wrong password is refused" '"code":"UNAUTHENTICATED"' "$wrong"

echo "-> register the same name again"
taken=$(gql 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }' \
  "{\"input\":{\"username\":\"$user\",\"password\":\"$password\"}}")
echo "$taken"
expect "a taken username is a conflict" '"code":"CONFLICT"' "$taken"
