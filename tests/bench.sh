#!/usr/bin/env bash
# Runs one benchmark scenario against a fresh node: builds the server and the benchmark tool in Release,
# starts the server in Production (generated signing key, rate limiting off, empty data directory) on a free
# loopback port, runs the scenario, prints its result and stops the server.
#
#   tests/bench.sh send [--concurrency 32 --duration 20 …]
#   tests/bench.sh fanout [--subscribers 200 --messages 200 --rate 100 …]
#   tests/bench.sh query [--concurrency 32 …]
#   tests/bench.sh connections [--connections 20000 …]
#   tests/bench.sh query --fresh [--concurrency 32 …]   (send too)
#   tests/bench.sh search [--messages 1000000 --conversations 10000 --member-of 50 --concurrency 16 …]
#   tests/bench.sh resume [--subscribers 200 --changes 20000 …]   (two nodes: PostgreSQL and Redis)
#   tests/bench.sh files [--size-mb 25 --transfers 20 --warmup 3]   (upload by createUpload + PUT, download by the signed url)
#
# Options after the scenario go to the tool unchanged (see its --help), but for --fresh: after the scenario's
# set-up the node is stopped and started again on the same data, and the 2 s warm-up begins as soon as it
# answers, then 10 s are measured. The node is the published output (the production recipe in docs/operations.md: ReadyToRun).
# resume runs two nodes on one PostgreSQL and one Redis: the subscribers leave the first and come back on the second.
# Every run prints how long the node took from process start to its first answer. The exit status is the tool's.
# Environment: TOKENIM_BENCH_PORT picks the port; TOKENIM_BENCH_KEEP=1 keeps the data directory and server log;
# TOKENIM_BENCH_STORAGE=postgres runs the node on a throwaway PostgreSQL 15 (durable settings) instead of SQLite;
# with TOKENIM_BENCH_PG_STATEMENTS=1 it also prints the statements PostgreSQL spent the most time on (pg_stat_statements).
# These are measurements, not tests: tests/run.sh does not call this.
set -uo pipefail

if [[ $# -lt 1 || "$1" == -* ]]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
scenario="$1"
shift
fresh=0
args=()
for a in "$@"; do
  if [[ "$a" == --fresh ]]; then fresh=1; else args+=("$a"); fi
done
set -- "${args[@]}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

work="$(mktemp -d -t tokenim-bench.XXXXXX)"
server_pid=""
second_pid=""
redis_pid=""
nodes=1
if [[ "$scenario" == resume ]]; then
  nodes=2
  export TOKENIM_BENCH_STORAGE=postgres
fi

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
  server_pid=""
}
source "$root/tests/lib/postgres.sh"
cleanup() {
  stop_server
  if [[ -n "$second_pid" ]]; then kill -TERM "$second_pid" 2>/dev/null; wait "$second_pid" 2>/dev/null; fi
  if [[ -n "$redis_pid" ]]; then kill -TERM "$redis_pid" 2>/dev/null; wait "$redis_pid" 2>/dev/null; fi
  stop_postgres
  if [[ "${TOKENIM_BENCH_KEEP:-0}" == 1 ]]; then echo "kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  # Below the ephemeral range (32768–60999), so no client socket can be holding it.
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 12000))
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  return 1
}

echo "== publish (Release, linux-x64, ReadyToRun: the production recipe in docs/operations.md)" >&2
server_dir="$root/src/TokenIM.Server/bin/bench-publish"
dotnet publish src/TokenIM.Server -c Release -r linux-x64 --self-contained false -o "$server_dir" --nologo -v q -clp:ErrorsOnly >&2 || exit 1
dotnet build tests/TokenIM.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >&2 || exit 1

# The content root is the published output, so the node reads its appsettings.json (log levels above all:
# without it every request and SQL command is logged at Information, which costs more than it measures).
port="${TOKENIM_BENCH_PORT:-$(pick_port)}" || { echo "no free port found" >&2; exit 1; }
url="http://127.0.0.1:$port/graphql"

storage_env=()
if [[ "${TOKENIM_BENCH_STORAGE:-sqlite}" == postgres ]]; then
  # Default durability (fsync, synchronous_commit on): the figure is what a real deployment gets.
  pg_settings=()
  [[ "${TOKENIM_BENCH_PG_STATEMENTS:-0}" == 1 ]] && pg_settings=(shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all)
  start_postgres "$(pick_port)" "${pg_settings[@]}" || exit 1
  pg_sql "create database tokenim" || exit 1
  storage_env=(TokenIM__Storage=Postgres "ConnectionStrings__TokenIM=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=tokenim;Maximum Pool Size=200")
  echo "== PostgreSQL on 127.0.0.1:$pg_port" >&2
fi

if [[ $nodes -eq 2 ]]; then
  command -v redis-server >/dev/null || { echo "resume needs redis-server (apt-get install redis-server)" >&2; exit 1; }
  redis_port="$(pick_port)" || exit 1
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do port_in_use "$redis_port" && break; sleep 0.05; done
  storage_env+=(TokenIM__Redis="127.0.0.1:$redis_port")
  # Both nodes run on one data directory, so they may share the local file store (a node on Redis needs one it shares).
  storage_env+=(TokenIM__Files__Local__Shared=true)
  echo "== Redis on 127.0.0.1:$redis_port" >&2
fi

signing_key="bench-$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
now() { date +%s.%N; }

# Starts the node and waits for its first answer; sets server_pid and first_answer (seconds from process start).
# With a port argument: another node of the same cluster on that port (its pid in second_pid).
start_server() {
  local started node_port="${1:-$port}" node_url pid
  node_url="http://127.0.0.1:$node_port/graphql"
  started=$(now)
  # The production recipe's runtime setting (docs/operations.md): a 64 MiB gen0 budget.
  env ASPNETCORE_ENVIRONMENT=Production DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}" \
  TokenIM__Auth__SigningKey="$signing_key" \
  TokenIM__RateLimiting__Enabled=false \
  TokenIM__DataDirectory="$work/data" \
  "${storage_env[@]}" \
    dotnet "$server_dir/TokenIM.Server.dll" --contentRoot "$server_dir" --urls "http://127.0.0.1:$node_port" >>"$work/server.log" 2>&1 &
  pid=$!
  if [[ $# -gt 0 ]]; then second_pid=$pid; else server_pid=$pid; fi
  for _ in $(seq 1 3000); do
    if curl -fsS -o /dev/null -H 'content-type: application/json' -d '{"query":"{ __typename }"}' "$node_url" 2>/dev/null; then
      first_answer=$(echo "$(now) - $started" | bc)
      echo "   first answer $(printf '%.2f' "$first_answer") s after the process started (pid $pid)" >&2
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  echo "the server did not come up; its log:" >&2
  tail -50 "$work/server.log" >&2
  return 1
}

echo "== start a node on $url (Production, rate limiting off, data in $work/data, storage ${TOKENIM_BENCH_STORAGE:-sqlite})" >&2
echo "   open-files limit of the server and the tool: $(ulimit -n)" >&2
start_server || exit 1
if [[ $nodes -eq 2 ]]; then
  second_port="$(pick_port)" || exit 1
  echo "== start the second node on http://127.0.0.1:$second_port/graphql (same database and Redis)" >&2
  start_server "$second_port" || exit 1
  set -- --resume-url "http://127.0.0.1:$second_port/graphql" "$@"
fi

echo "== $scenario (server pid $server_pid)" >&2
if [[ $fresh -eq 1 ]]; then
  # The tool does its set-up, says so (restart.ready), and waits for the pid of the restarted node (restart).
  dotnet run -c Release --no-build --project tests/TokenIM.Benchmarks -- "$scenario" --url "$url" --server-pid "$server_pid" \
    --warmup 2 --duration 10 --restart-signal "$work/restart" "$@" &
  tool_pid=$!
  while [[ ! -f "$work/restart.ready" ]] && kill -0 "$tool_pid" 2>/dev/null; do sleep 0.1; done
  if [[ -f "$work/restart.ready" ]]; then
    echo "== restart the node: set-up done, measuring a process that has served nothing yet" >&2
    stop_server
    start_server || { kill "$tool_pid" 2>/dev/null; exit 1; }
    echo "$server_pid" >"$work/restart.tmp" && mv "$work/restart.tmp" "$work/restart"
  fi
  wait "$tool_pid"
  status=$?
else
  dotnet run -c Release --no-build --project tests/TokenIM.Benchmarks -- "$scenario" --url "$url" --server-pid "$server_pid" "$@"
  status=$?
fi

if [[ $status -ne 0 ]]; then
  echo "== the run reported errors (exit $status); last lines of the server log:" >&2
  tail -30 "$work/server.log" >&2
fi
stop_server
if [[ "${TOKENIM_BENCH_PG_STATEMENTS:-0}" == 1 && -n "$pg_pid" ]]; then
  echo "== PostgreSQL: statements by total execution time (whole run, set-up included)" >&2
  psql -h 127.0.0.1 -p "$pg_port" -U postgres -d tokenim -qAt -F ' | ' -c "create extension if not exists pg_stat_statements" \
    -c "select calls, round(total_exec_time)::text || ' ms', round((total_exec_time / calls)::numeric, 3)::text || ' ms/call', rows,
               left(regexp_replace(query, '\s+', ' ', 'g'), 160)
        from pg_stat_statements order by total_exec_time desc limit 25" >&2
fi
exit $status
