#!/usr/bin/env bash
# Fuzzes the running service from its own OpenAPI document with schemathesis (PyPI): no 5xx,
# responses conform to the documented schemas, invalid data is rejected, auth is not ignored.
# Starts the service in the embedded mode on a free port, then stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/shop-api-tools/schemathesis}"
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi

PORT="${FUZZ_PORT:-3917}"
URL="http://127.0.0.1:$PORT"
LOG="$(mktemp)"
PORT=$PORT HOST=127.0.0.1 APP_URL="$URL" NODE_ENV=test LOG_LEVEL=warn RATE_LIMITS=off \
  JWT_SECRET="fuzz-secret-0123456789-0123456789-0123456789" \
  ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=change-me-please-123 \
  node --import tsx src/boot/main.ts >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs "$URL/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$URL/health/ready" >/dev/null || { echo "service did not start:"; cat "$LOG"; exit 1; }

TOKEN=$(curl -fs "$URL/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"email":"admin@example.com","password":"change-me-please-123"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

"$VENV/bin/st" run "$URL/api/openapi.json" --url "$URL" \
  -H "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,ignored_auth \
  --max-examples "${FUZZ_MAX_EXAMPLES:-40}" --seed 1 --no-color "$@"
