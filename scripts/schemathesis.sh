#!/usr/bin/env bash
# Fuzz the running API against the committed contract: a development server with the demo
# data on a free loopback port, schemathesis for a bounded time, then stop. Fails on any
# 5xx or any response that does not match openapi/tongban.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SCHEMATHESIS_PORT:-8031}"
work="$(mktemp -d)"
export TONGBAN_VAR_DIR="$work" DJANGO_SETTINGS_MODULE=tongban.config.settings.dev
export API_THROTTLE_ANON=100000/minute API_THROTTLE_USER=100000/minute
.venv/bin/tongban migrate -v 0
.venv/bin/tongban demo >/dev/null
.venv/bin/tongban runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
sleep 3
.venv/bin/schemathesis run openapi/tongban.yaml --url "http://127.0.0.1:$port/api/v1" \
  --checks not_a_server_error,response_schema_conformance \
  --max-time "${SCHEMATHESIS_SECONDS:-90}" --max-examples 15 -w 1
