# A throwaway PostgreSQL 15 on a loopback port, for tests/run.sh and tests/bench.sh (source this file).
#   start_postgres PORT [SETTING=VALUE ...]   sets pg_dir and pg_pid; settings become -c options
#   stop_postgres                             fast shutdown, then removes the cluster
#   pg_admin                                  an Npgsql connection string for the postgres superuser
#   pg_sql "SQL"                              runs one statement as the superuser
pg_bin=/usr/lib/postgresql/15/bin
pg_dir=""
pg_pid=""
pg_port=""

# initdb refuses to run as root, so the cluster belongs to the postgres user when we are root.
_as_postgres() {
  if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  pg_port=$1
  shift
  local options="-p $pg_port -c listen_addresses=127.0.0.1 -c max_connections=300" setting
  for setting in "$@"; do options+=" -c $setting"; done
  pg_dir="$(mktemp -d /tmp/tokenim-pg.XXXXXX)"
  options+=" -c unix_socket_directories=$pg_dir"
  [[ $EUID -eq 0 ]] && chown postgres "$pg_dir"
  _as_postgres "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log"; return 1; }
  _as_postgres "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o "$options" start >/dev/null \
    || { cat "$pg_dir/server.log"; return 1; }
  pg_pid=$(head -1 "$pg_dir/data/postmaster.pid")
}

stop_postgres() {
  if [[ -n "$pg_pid" ]] && kill -0 "$pg_pid" 2>/dev/null; then
    kill -INT "$pg_pid"   # PostgreSQL's fast shutdown
    for _ in $(seq 1 50); do kill -0 "$pg_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  [[ -n "$pg_dir" ]] && rm -rf "$pg_dir"
  pg_pid=""
  pg_dir=""
}

pg_admin() { echo "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"; }

pg_sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -qAt -c "$1"; }
