#!/usr/bin/env bash
# Builds (once) and starts the real services the test suites talk to: FerretDB (MongoDB wire
# protocol, SQLite backend), stripe-mock and Mailpit (an SMTP server with an HTTP API). Prints the
# env lines the tests read.
#   scripts/test-services.sh install   # build the binaries into $TOOLS_DIR (default ~/.cache/shop-api-tools)
#   scripts/test-services.sh start     # start all three on loopback; writes $STATE_DIR/env
#   scripts/test-services.sh start-mailpit
#       # Mailpit alone (beside FerretDB and stripe-mock started elsewhere); adds MAILPIT_SMTP_URL and
#       # MAILPIT_API_URL to $STATE_DIR/env
#   scripts/test-services.sh start-postgres
#       # for the benchmark: a throw-away PostgreSQL 15 cluster and a second FerretDB over it
#       # (--handler=postgresql); adds BENCH_MONGODB_URI to $STATE_DIR/env. Needs Debian's
#       # postgresql-15 (see .ci/run); as root it runs PostgreSQL as the postgres user.
#   scripts/test-services.sh stop      # stops whatever start and start-postgres started
set -euo pipefail

TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/shop-api-tools}"
STATE_DIR="${STATE_DIR:-$(pwd)/.tmp/services}"
FERRETDB_VERSION="v1.24.2"
STRIPE_MOCK_VERSION="v0.203.0"
MAILPIT_VERSION="v1.33.1"
FERRETDB_PORT="${FERRETDB_PORT:-27018}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
MAILPIT_SMTP_PORT="${MAILPIT_SMTP_PORT:-1025}"
MAILPIT_HTTP_PORT="${MAILPIT_HTTP_PORT:-8025}"
BENCH_PG_PORT="${BENCH_PG_PORT:-54329}"
BENCH_FERRETDB_PORT="${BENCH_FERRETDB_PORT:-27019}"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
export PATH="$TOOLS_DIR:$PATH" GOFLAGS="${GOFLAGS:-} -mod=mod"

install_ferretdb() {
  [ -x "$TOOLS_DIR/ferretdb" ] && "$TOOLS_DIR/ferretdb" --version | grep -q "$FERRETDB_VERSION" && return
  echo "building FerretDB $FERRETDB_VERSION"
  # `go install …@v1.24.2` builds a binary that panics at start: the module zip lacks
  # build/version/version.txt. So fetch the module, add that file, and build it.
  local work; work=$(mktemp -d)
  (cd "$work" && go mod init tmp >/dev/null 2>&1 && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" >mod.json)
  local dir; dir=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["Dir"])' "$work/mod.json")
  cp -r "$dir" "$work/src" && chmod -R u+w "$work/src"
  echo "$FERRETDB_VERSION" >"$work/src/build/version/version.txt"
  (cd "$work/src" && go build -o "$TOOLS_DIR/ferretdb" ./cmd/ferretdb)
  rm -rf "$work"
}

install_stripe_mock() {
  [ -x "$TOOLS_DIR/stripe-mock" ] && return
  echo "building stripe-mock $STRIPE_MOCK_VERSION"
  GOBIN="$TOOLS_DIR" go install "github.com/stripe/stripe-mock@$STRIPE_MOCK_VERSION"
}

install_mailpit() {
  # `go install` stamps no version into the binary (it reports "dev"), so a marker file says which one it is.
  [ -x "$TOOLS_DIR/mailpit" ] && [ "$(cat "$TOOLS_DIR/mailpit.version" 2>/dev/null)" = "$MAILPIT_VERSION" ] && return
  echo "building Mailpit $MAILPIT_VERSION"
  GOBIN="$TOOLS_DIR" go install "github.com/axllent/mailpit@$MAILPIT_VERSION"
  echo "$MAILPIT_VERSION" >"$TOOLS_DIR/mailpit.version"
}

wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1 after 10 s" >&2
  return 1
}

start() {
  mkdir -p "$STATE_DIR/ferretdb-data"
  ferretdb --handler=sqlite --sqlite-url="file:$STATE_DIR/ferretdb-data/" --state-dir="$STATE_DIR" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --debug-addr=- --telemetry=disable --log-level=warn \
    >"$STATE_DIR/ferretdb.log" 2>&1 &
  echo $! >"$STATE_DIR/ferretdb.pid"
  # stripe-mock also serves HTTPS, on 12112 unless told otherwise: keep it beside the HTTP port.
  stripe-mock -http-addr "127.0.0.1:$STRIPE_MOCK_PORT" -https-addr "127.0.0.1:$((STRIPE_MOCK_PORT + 1))" >"$STATE_DIR/stripe-mock.log" 2>&1 &
  echo $! >"$STATE_DIR/stripe-mock.pid"
  wait_for_port "$FERRETDB_PORT"
  wait_for_port "$STRIPE_MOCK_PORT"
  cat >"$STATE_DIR/env" <<ENV
TEST_MONGODB_URI=mongodb://127.0.0.1:$FERRETDB_PORT/
STRIPE_MOCK_URL=http://127.0.0.1:$STRIPE_MOCK_PORT
FERRETDB_BIN=$TOOLS_DIR/ferretdb
ENV
  start_mailpit >/dev/null
  cat "$STATE_DIR/env"
}

# SMTP on one port, the HTTP API the tests read on the other; messages in a database of the run's
# own, no limit on how many are kept (the default 500 would drop messages a test still counts),
# any SMTP credentials accepted (SMTP_URL may carry some), no call home for a newer version.
start_mailpit() {
  mkdir -p "$STATE_DIR"
  mailpit --smtp "127.0.0.1:$MAILPIT_SMTP_PORT" --listen "127.0.0.1:$MAILPIT_HTTP_PORT" \
    --database "$STATE_DIR/mailpit.db" --max 0 --smtp-auth-accept-any --smtp-auth-allow-insecure \
    --disable-version-check --quiet >"$STATE_DIR/mailpit.log" 2>&1 &
  echo $! >"$STATE_DIR/mailpit.pid"
  wait_for_port "$MAILPIT_SMTP_PORT"
  wait_for_port "$MAILPIT_HTTP_PORT"
  sed -i '/^MAILPIT_/d' "$STATE_DIR/env" 2>/dev/null || true
  printf 'MAILPIT_SMTP_URL=smtp://127.0.0.1:%s\nMAILPIT_API_URL=http://127.0.0.1:%s\n' "$MAILPIT_SMTP_PORT" "$MAILPIT_HTTP_PORT" | tee -a "$STATE_DIR/env"
}

# Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root), else as us.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# FerretDB's SQLite backend reads the whole collection for any filtered or sorted find; over
# PostgreSQL, equality filters run in the database (docs/mongo.md, "Which FerretDB backend where").
# Durability is off: the cluster is thrown away with the run.
start_postgres() {
  [ -x "$PGBIN/postgres" ] || { echo "no PostgreSQL at $PGBIN: apt-get install postgresql-15 (see .ci/run)" >&2; return 1; }
  mkdir -p "$STATE_DIR"
  # Outside $STATE_DIR: the postgres user must be able to reach it (a home directory may be private).
  local dir; dir=$(mktemp -d /tmp/shop-bench-pg.XXXXXX)
  echo "$dir" >"$STATE_DIR/postgres.dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir" && chmod 700 "$dir"
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "-c listen_addresses=127.0.0.1 \
    -c port=$BENCH_PG_PORT -c unix_socket_directories=$dir -c max_connections=100 -c fsync=off \
    -c synchronous_commit=off -c full_page_writes=off -c max_parallel_workers_per_gather=0" >/dev/null
  "$PGBIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d postgres \
    -c "CREATE ROLE ferret LOGIN PASSWORD 'ferret'" -c "CREATE DATABASE ferretdb OWNER ferret"
  mkdir -p "$STATE_DIR/ferretdb-pg"
  ferretdb --handler=postgresql --postgresql-url="postgres://ferret:ferret@127.0.0.1:$BENCH_PG_PORT/ferretdb" \
    --state-dir="$STATE_DIR/ferretdb-pg" --listen-addr="127.0.0.1:$BENCH_FERRETDB_PORT" --debug-addr=- \
    --telemetry=disable --log-level=warn >"$STATE_DIR/ferretdb-pg.log" 2>&1 &
  echo $! >"$STATE_DIR/ferretdb-pg.pid"
  wait_for_port "$BENCH_FERRETDB_PORT"
  sed -i '/^BENCH_MONGODB_URI=/d' "$STATE_DIR/env" 2>/dev/null || true
  echo "BENCH_MONGODB_URI=mongodb://127.0.0.1:$BENCH_FERRETDB_PORT/" | tee -a "$STATE_DIR/env"
}

stop() {
  for name in ferretdb stripe-mock mailpit ferretdb-pg; do
    [ -f "$STATE_DIR/$name.pid" ] && kill "$(cat "$STATE_DIR/$name.pid")" 2>/dev/null || true
  done
  if [ -f "$STATE_DIR/postgres.dir" ]; then
    local dir; dir=$(cat "$STATE_DIR/postgres.dir")
    [ -f "$dir/data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$STATE_DIR/postgres.dir"
  fi
}

mkdir -p "$TOOLS_DIR"
case "${1:-}" in
  install) install_ferretdb; install_stripe_mock; install_mailpit ;;
  start) start ;;
  start-mailpit) start_mailpit ;;
  start-postgres) start_postgres ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|start-mailpit|start-postgres|stop" >&2; exit 2 ;;
esac
