#!/usr/bin/env bash
# The one test command: installs what the tests need, runs the xunit suite and the interop suite
# against real nodes on loopback, and ends with one line "N passed, N failed".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export SNAPSHOOTER_STRICT_MODE=true   # a missing snapshot fails instead of being written
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

work="$(mktemp -d)"
pids=()
passed=0
failed=0

source "$root/tests/lib/postgres.sh"
source "$root/tests/lib/s3.sh"

cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null
    fi
  done
  stop_postgres
  stop_s3
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s (at %dm%02ds)\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

# A loopback port nothing listens on.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# Adds a suite's "<name>: N/M ok" line to the totals; a suite that printed none counts as one failure.
tally() {
  local log=$1 name=$2 line ok total
  line=$(grep -E "^$name: [0-9]+/[0-9]+ ok" "$log" | tail -1)
  if [[ -z "$line" ]]; then
    echo "$name did not finish"
    failed=$((failed + 1))
    return
  fi
  ok=$(sed -E 's/.*: ([0-9]+)\/([0-9]+).*/\1/' <<<"$line")
  total=$(sed -E 's/.*: ([0-9]+)\/([0-9]+).*/\2/' <<<"$line")
  passed=$((passed + ok))
  failed=$((failed + total - ok))
}

need_apt=()
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
command -v jq >/dev/null 2>&1 || need_apt+=(jq)
command -v redis-server >/dev/null 2>&1 || [[ -x /usr/bin/redis-server ]] || need_apt+=(redis-server)
[[ -x "$pg_bin/initdb" ]] || need_apt+=(postgresql-15)
[[ -x /usr/sbin/nginx ]] || need_apt+=(nginx)
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)   # the IDE tests and the web example drive it through playwright-core
if ((${#need_apt[@]})); then
  step "installing ${need_apt[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
export PATH="$PATH:/usr/bin:/usr/sbin"

step "npm ci (tests/interop)"
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }

step "npm ci (client examples)"
for dir in client-examples/node client-examples/web; do
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "npm ci failed in $dir"; echo "0 passed, 1 failed"; exit 1; }
done

step "build"
dotnet build TokenIM.sln -c Release --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

step "start PostgreSQL 15 on loopback"
# fsync off: the tests prove behaviour, not durability across power loss, and it saves minutes.
start_postgres "$(free_port)" fsync=off || { echo "PostgreSQL did not start"; echo "0 passed, 1 failed"; exit 1; }
echo "PostgreSQL on 127.0.0.1:$pg_port"

step "start an S3-compatible server (s3rver) on loopback for the S3 file store"
# Exports TOKENIM_TEST_S3: the S3 store's tests run in both xunit runs, and the nodes below keep their files there.
start_s3 "$(free_port)" || { echo "the S3-compatible server did not start"; echo "0 passed, 1 failed"; exit 1; }
echo "S3 on $s3_url, bucket $s3_bucket"
mapfile -t s3_env < <(s3_node_settings)

# Adds one `dotnet test` run's summary to the totals.
xunit() { # xunit NAME FILTER [VAR=VALUE ...]
  local name=$1 filter=$2 status summary
  shift 2
  env "$@" dotnet test TokenIM.sln -c Release --no-build --nologo ${filter:+--filter "$filter"} 2>&1 | tee "$work/$name.log"
  status=${PIPESTATUS[0]}
  summary=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$work/$name.log" | tail -1)
  if [[ -n "$summary" ]]; then
    failed=$((failed + $(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")))
    passed=$((passed + $(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")))
  fi
  if [[ $status -ne 0 && -z "$summary" ]]; then failed=$((failed + 1)); fi
}

# TOKENIM_XUNIT=0 skips both xunit runs: a shortcut while working on the interop suites.
if [[ "${TOKENIM_XUNIT:-1}" != 0 ]]; then
  step "xunit on SQLite"
  xunit xunit-sqlite ""

  # The transport's own tests run on a schema of their own with no database: once is enough.
  step "xunit on PostgreSQL (every test on a database of its own; the transport's tests only run above)"
  xunit xunit-postgres "FullyQualifiedName!~TokenIM.Tests.Transport" TOKENIM_TEST_POSTGRES="$(pg_admin)"
fi

step "schema: no breaking change against the released v1 baseline"
node tests/interop/schema-diff.mjs | tee "$work/schema-diff.log"
tally "$work/schema-diff.log" schema-diff

step "API reference: docs/api/ is what the schema generates, and every example operation validates"
node tests/interop/api-docs.mjs | tee "$work/api-docs.log"
tally "$work/api-docs.log" api-docs

step "documentation: links and anchors resolve, the operations shown validate, the README opens with the two commands"
node tests/interop/docs-check.mjs | tee "$work/docs-check.log"
tally "$work/docs-check.log" docs

step "start Redis and two nodes sharing one database (Production settings)"
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
pids+=($!)
key="interop-signing-key-$(date +%s%N)-padding-to-32-bytes"
# The web example's page is served from this origin; the nodes allow it and no other (no CORS by default).
web_port=$(free_port)
start_node() { # start_node NAME PORT [VAR=VALUE ...]
  env ASPNETCORE_ENVIRONMENT=Production \
  TokenIM__Auth__SigningKey="$key" \
  TokenIM__DataDirectory="$work/data" \
  TokenIM__Redis="127.0.0.1:$redis_port" \
  TokenIM__RateLimiting__Enabled=false \
  TokenIM__Api__Ide=BananaCakePop \
  TokenIM__Cors__Origins__0="http://127.0.0.1:$web_port" \
  "${s3_env[@]}" \
  "${@:3}" \
    dotnet src/TokenIM.Server/bin/Release/net10.0/TokenIM.Server.dll --contentRoot "$root/src/TokenIM.Server/bin/Release/net10.0" \
      --urls "http://127.0.0.1:$2" >"$work/$1.log" 2>&1 &
  pids+=($!)
  local pid=$!
  for _ in $(seq 1 60); do
    curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "http://127.0.0.1:$2/graphql" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "node $1 did not start:"; tail -40 "$work/$1.log"
}
port_a=$(free_port); start_node node-a "$port_a"
# Node B serves the other IDE, GraphiQL; nothing else differs.
port_b=$(free_port); start_node node-b "$port_b" TokenIM__Api__Ide=GraphiQL
url_a="http://127.0.0.1:$port_a/graphql"
url_b="http://127.0.0.1:$port_b/graphql"

step "interop: graphql-http audit"
TOKENIM_URL="$url_a" node tests/interop/audit.mjs | tee "$work/audit.log"
tally "$work/audit.log" audit

step "interop: graphql-ws client and a raw legacy client"
TOKENIM_URL="$url_a" TOKENIM_EXPECT_AUTH=1 node tests/interop/graphql-ws-client.mjs | tee "$work/graphql-ws.log"
tally "$work/graphql-ws.log" graphql-ws
TOKENIM_URL="$url_a" node tests/interop/legacy-ws-client.mjs | tee "$work/legacy-ws.log"
tally "$work/legacy-ws.log" legacy-ws

step "interop: graphql-sse client, distinct connections and single connection mode"
TOKENIM_URL="$url_a" node tests/interop/graphql-sse-client.mjs | tee "$work/graphql-sse.log"
tally "$work/graphql-sse.log" graphql-sse

step "interop: automatic persisted queries with Apollo Client and urql, shared by two nodes through Redis"
TOKENIM_URL="$url_a" TOKENIM_URL_B="$url_b" node tests/interop/persisted-queries.mjs | tee "$work/persisted-queries.log"
tally "$work/persisted-queries.log" persisted-queries

step "interop: live delivery across two nodes, catch-up by seq"
TOKENIM_URL="$url_a" TOKENIM_URL_B="$url_b" node tests/interop/realtime.mjs | tee "$work/realtime.log"
tally "$work/realtime.log" realtime

step "interop: a file uploaded through node A downloads from node B (both on the S3-compatible server)"
TOKENIM_URL="$url_a" TOKENIM_URL_B="$url_b" node tests/interop/files-across-nodes.mjs | tee "$work/files-across-nodes.log"
tally "$work/files-across-nodes.log" files-across-nodes

step "interop: Banana Cake Pop in headless Chromium, offline (node A)"
TOKENIM_URL="$url_a" node tests/interop/bananacakepop.mjs | tee "$work/bananacakepop.log"
tally "$work/bananacakepop.log" bananacakepop

step "interop: Banana Cake Pop served from another origin (the web example's, which the nodes allow) against node A"
TOKENIM_URL="$url_a" TOKENIM_BCP_HOST_PORT="$web_port" node tests/interop/bananacakepop.mjs | sed 's/^bananacakepop:/bananacakepop-elsewhere:/' | tee "$work/bananacakepop-elsewhere.log"
tally "$work/bananacakepop-elsewhere.log" bananacakepop-elsewhere

step "interop: GraphiQL in headless Chromium, offline (node B, TokenIM__Api__Ide=GraphiQL)"
TOKENIM_URL="$url_b" node tests/interop/ide.mjs | tee "$work/ide.log"
tally "$work/ide.log" ide

step "interop: uploads with apollo-upload-client, in Node (alice on node A, bob reads on node B) and in headless Chromium from the web example's origin"
TOKENIM_URL="$url_a" TOKENIM_URL_B="$url_b" TOKENIM_UPLOADS_PAGE_PORT="$web_port" node tests/interop/uploads.mjs | tee "$work/uploads.log"
tally "$work/uploads.log" uploads

step "client examples: curl, one script per area"
for script in client-examples/curl/*.sh; do
  [[ $script == */common.sh ]] && continue
  name=$(basename "$script" .sh)
  # The nodes run with rate limits off, so errors.sh leaves out its rate-limit case.
  if TOKENIM_URL="$url_a" TOKENIM_RATE_LIMITS=off bash "$script" >"$work/curl-$name.log" 2>&1; then
    echo "ok   curl/$name.sh"
    passed=$((passed + 1))
  else
    echo "FAIL curl/$name.sh"
    tail -20 "$work/curl-$name.log"
    failed=$((failed + 1))
  fi
done

step "client examples: Node and C# chats (and one of each), alice on node A, bob on node B"
for clients in node csharp "node csharp"; do
  TOKENIM_URL="$url_a" TOKENIM_URL_B="$url_b" node client-examples/chat-test.mjs $clients | tee "$work/chat.log"
  tally "$work/chat.log" "${clients// /-}-example"
done

step "client examples: the web page, alice and bob in two tabs of headless Chromium"
TOKENIM_URL="$url_a" WEB_PORT="$web_port" node client-examples/web/test.mjs | tee "$work/web.log"
tally "$work/web.log" web-example

step "cluster: three nodes on PostgreSQL + Redis behind nginx"
pg_sql "create database tokenim_cluster"
cluster_env=(TokenIM__Storage=Postgres "ConnectionStrings__TokenIM=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=tokenim_cluster"
             ASPNETCORE_FORWARDEDHEADERS_ENABLED=true TokenIM__DataDirectory="$work/cluster")
cluster_ports=()
cluster_pids=()
for n in 1 2 3; do
  port=$(free_port)
  start_node "cluster-$n" "$port" "${cluster_env[@]}"
  cluster_ports+=("$port")
  cluster_pids+=("${pids[-1]}")
done
lb_port=$(free_port)
mkdir -p "$work/nginx"
sed -e "s|@WORK@|$work/nginx|g" -e "s|@PORT@|$lb_port|g" \
    -e "s|@NODE1@|127.0.0.1:${cluster_ports[0]}|; s|@NODE2@|127.0.0.1:${cluster_ports[1]}|; s|@NODE3@|127.0.0.1:${cluster_ports[2]}|" \
    tests/cluster/nginx.conf >"$work/nginx/nginx.conf"
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' >"$work/nginx/stdout.log" 2>&1 &
pids+=($!)
url_lb="http://127.0.0.1:$lb_port/graphql"
for _ in $(seq 1 40); do curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "$url_lb" && break; sleep 0.25; done

step "cluster: the real-time scenarios through the balancer"
TOKENIM_URL="$url_lb" TOKENIM_URL_B="$url_lb" node tests/interop/realtime.mjs | sed 's/^realtime:/realtime-through-nginx:/' | tee "$work/realtime-lb.log"
tally "$work/realtime-lb.log" realtime-through-nginx

step "cluster: graphql-sse's distinct connections mode through the balancer"
TOKENIM_URL="$url_lb" TOKENIM_SSE_MODES=distinct node tests/interop/graphql-sse-client.mjs | sed 's/^graphql-sse:/graphql-sse-through-nginx:/' | tee "$work/graphql-sse-lb.log"
tally "$work/graphql-sse-lb.log" graphql-sse-through-nginx

step "cluster: files through the balancer (uploads streamed through nginx, URLs on the balancer's host and port)"
TOKENIM_URL="$url_lb" TOKENIM_URL_B="$url_lb" node tests/interop/files-across-nodes.mjs | sed 's/^files-across-nodes:/files-through-nginx:/' | tee "$work/files-lb.log"
tally "$work/files-lb.log" files-through-nginx

step "cluster: a node killed mid-run loses no acknowledged message"
TOKENIM_URL="$url_lb" TOKENIM_KILL_PID="${cluster_pids[1]}" node tests/interop/cluster.mjs | tee "$work/cluster.log"
tally "$work/cluster.log" cluster

if ((failed)); then
  for log in node-a node-b; do echo "--- $log (last lines)"; tail -20 "$work/$log.log"; done
fi
printf '\n%d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
