#!/usr/bin/env bash
# The one test command: installs what the tests need, runs the xunit suite and the interop suite
# against a real node on loopback, and ends with one line "N passed, N failed".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export SNAPSHOOTER_STRICT_MODE=true   # a missing snapshot fails instead of being written
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

port="${TOKENIM_TEST_PORT:-5198}"
work="$(mktemp -d)"
server_pid=""
passed=0
failed=0

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || need_apt+=(redis-server)
if ((${#need_apt[@]})); then
  step "installing ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

step "npm ci (tests/interop)"
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; exit 1; }

step "build"
dotnet build TokenIM.sln -c Release --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

step "xunit"
dotnet test TokenIM.sln -c Release --no-build --nologo 2>&1 | tee "$work/xunit.log"
xunit_status=${PIPESTATUS[0]}
summary=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$work/xunit.log" | tail -1)
if [[ -n "$summary" ]]; then
  failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")))
  passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")))
fi
if [[ $xunit_status -ne 0 && -z "$summary" ]]; then failed=$((failed + 1)); fi

step "start a node on 127.0.0.1:$port (Production settings)"
ASPNETCORE_ENVIRONMENT=Production \
TokenIM__Auth__SigningKey="interop-signing-key-$(date +%s%N)-padding-to-32-bytes" \
TokenIM__DataDirectory="$work/data" \
  dotnet src/TokenIM.Server/bin/Release/net10.0/TokenIM.Server.dll --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "http://127.0.0.1:$port/graphql"; then
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done

step "interop: graphql-http audit"
if TOKENIM_URL="http://127.0.0.1:$port/graphql" node tests/interop/audit.mjs | tee "$work/audit.log"; then :; fi
audit=$(grep -E "^audit: [0-9]+/[0-9]+ ok" "$work/audit.log" | tail -1)
if [[ -n "$audit" ]]; then
  ok=$(sed -E 's/^audit: ([0-9]+)\/([0-9]+).*/\1/' <<<"$audit")
  total=$(sed -E 's/^audit: ([0-9]+)\/([0-9]+).*/\2/' <<<"$audit")
  passed=$((passed + ok))
  failed=$((failed + total - ok))
else
  echo "the audit did not run; server log:"
  tail -50 "$work/server.log"
  failed=$((failed + 1))
fi

step "client examples: curl"
if TOKENIM_URL="http://127.0.0.1:$port/graphql" bash client-examples/curl/register-login-me.sh >"$work/curl.log" 2>&1; then
  passed=$((passed + 1))
else
  cat "$work/curl.log"
  failed=$((failed + 1))
fi

printf '\n%d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
