#!/usr/bin/env bash
# Builds (once) and starts the real services the test suites talk to: FerretDB (MongoDB wire
# protocol, SQLite backend) and stripe-mock. Prints the env lines the tests read.
#   scripts/test-services.sh install   # build the binaries into $TOOLS_DIR (default ~/.cache/shop-api-tools)
#   scripts/test-services.sh start     # start both on loopback; writes $STATE_DIR/env
set -euo pipefail

TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/shop-api-tools}"
STATE_DIR="${STATE_DIR:-$(pwd)/.tmp/services}"
FERRETDB_VERSION="v1.24.2"
STRIPE_MOCK_VERSION="v0.203.0"
FERRETDB_PORT="${FERRETDB_PORT:-27018}"
STRIPE_MOCK_PORT="${STRIPE_MOCK_PORT:-12111}"
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
  cat "$STATE_DIR/env"
}

stop() {
  for name in ferretdb stripe-mock; do
    [ -f "$STATE_DIR/$name.pid" ] && kill "$(cat "$STATE_DIR/$name.pid")" 2>/dev/null || true
  done
}

mkdir -p "$TOOLS_DIR"
case "${1:-}" in
  install) install_ferretdb; install_stripe_mock ;;
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|stop" >&2; exit 2 ;;
esac
