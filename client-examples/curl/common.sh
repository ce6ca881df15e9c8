# Sourced by the curl examples, not run: one GraphQL call that shows its request and response, and
# checks that stop the script with a non-zero status when a response is not what it should be.
set -euo pipefail

url="${TOKENIM_URL:-http://localhost:5080/graphql}"
password="correct horse battery"
run_id="$(date +%s)_$RANDOM"   # usernames are unique per run, so a script can run again and again
command -v jq >/dev/null || { echo "the curl examples read JSON with jq: apt-get install jq" >&2; exit 2; }

# gql QUERY [VARIABLES_JSON] [ACCESS_TOKEN]: POSTs one operation; sets $response (the body) and $status.
# Accepts application/graphql-response+json, so the HTTP status means what the spec says.
gql() {
  local body out
  body=$(jq -nc --arg query "$1" --argjson variables "${2:-{\}}" '{query: $query, variables: $variables}')
  echo "-> POST $url${3:+  (Authorization: Bearer ${3:0:16}…)}"
  echo "   $body"
  out=$(curl -sS "$url" -H 'Content-Type: application/json' -H 'Accept: application/graphql-response+json' \
    ${3:+-H "Authorization: Bearer $3"} -d "$body" -w '\n%{http_code}')
  status=${out##*$'\n'}
  response=${out%$'\n'*}
  echo "<- $status $response"
}

# expect LABEL JQ_CONDITION: the last response must satisfy the condition.
expect() {
  if jq -e "$2" >/dev/null <<<"$response"; then echo "ok   $1"; echo; else echo "FAIL $1: expected $2"; exit 1; fi
}

# expect_error LABEL CODE [HTTP_STATUS]: the last response failed with this catalogue code (and status).
expect_error() {
  [[ "$status" == "${3:-200}" ]] || { echo "FAIL $1: expected HTTP ${3:-200}, got $status"; exit 1; }
  expect "$1" ".errors[0].extensions.code == \"$2\""
}

# get JQ_PATH: one value of the last response.
get() { jq -r "$1" <<<"$response"; }

# register NAME: a new account NAME_<run>; sets NAME_token, NAME_id and NAME_name.
register() {
  gql 'mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id username } } }' \
    "{\"input\":{\"username\":\"$1_$run_id\",\"password\":\"$password\"}}"
  expect "register $1" '.data.register.accessToken | length > 0'
  printf -v "$1_token" '%s' "$(get .data.register.accessToken)"
  printf -v "$1_id" '%s' "$(get .data.register.user.id)"
  printf -v "$1_name" '%s' "$1_$run_id"
}
