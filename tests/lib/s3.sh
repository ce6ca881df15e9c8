# A throwaway S3-compatible server on a loopback port, for tests/run.sh, tests/bench.sh and the S3 file store's tests
# (source this file). The server is s3rver (npm, MIT), pinned in tests/lib/s3rver/package.json: an implementation of the
# S3 REST protocol (signature v4, ranged GET, HEAD, DELETE) that the AWS SDK talks to as it talks to S3. SeaweedFS, the
# issue's suggestion, ships only through PyPI, which this kind of machine does not reach.
#   start_s3 PORT     sets s3_dir, s3_pid and s3_url; creates the bucket $s3_bucket; exports TOKENIM_TEST_S3
#   stop_s3           stops the server (by its pid) and removes its data
#   s3_node_settings  prints the node's settings for this server, one VAR=VALUE a line (for env)
s3_dir=""
s3_pid=""
s3_url=""
s3_bucket="tokenim-files"
# s3rver's fixed credentials: it accepts requests signed with these and no others.
s3_access_key="S3RVER"
s3_secret_key="S3RVER"

start_s3() {
  local port=$1 lib
  lib="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/s3rver"
  if [[ ! -x "$lib/node_modules/.bin/s3rver" ]]; then
    (cd "$lib" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi
  s3_dir="$(mktemp -d /tmp/tokenim-s3.XXXXXX)"
  # Started with its own program rather than through npx or a subshell, so $! is the server's pid.
  node "$lib/node_modules/s3rver/bin/s3rver.js" --directory "$s3_dir" --address 127.0.0.1 --port "$port" --silent \
    --configure-bucket "$s3_bucket" >"$s3_dir.log" 2>&1 &
  s3_pid=$!
  s3_url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    # The bucket answers (403 to an unsigned request) once the server is up.
    curl -s -o /dev/null "$s3_url/$s3_bucket" && break
    kill -0 "$s3_pid" 2>/dev/null || { cat "$s3_dir.log"; return 1; }
    sleep 0.1
  done
  export TOKENIM_TEST_S3="ServiceUrl=$s3_url;Bucket=$s3_bucket;AccessKeyId=$s3_access_key;SecretAccessKey=$s3_secret_key"
}

stop_s3() {
  if [[ -n "$s3_pid" ]] && kill -0 "$s3_pid" 2>/dev/null; then
    kill -TERM "$s3_pid"
    for _ in $(seq 1 50); do kill -0 "$s3_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  [[ -n "$s3_dir" ]] && rm -rf "$s3_dir" "$s3_dir.log"
  s3_pid=""
  s3_dir=""
}

s3_node_settings() {
  printf '%s\n' TokenIM__Files__Store=S3 "TokenIM__Files__S3__ServiceUrl=$s3_url" "TokenIM__Files__S3__Bucket=$s3_bucket" \
    "TokenIM__Files__S3__AccessKeyId=$s3_access_key" "TokenIM__Files__S3__SecretAccessKey=$s3_secret_key"
}
