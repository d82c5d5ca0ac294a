#!/usr/bin/env bash
# Fuzz the running API against the committed contract: a development server with the demo
# data on a free loopback port, then schemathesis for a bounded time once per caller —
# anonymous, the demo applicant, and one demo staff member per role — then stop.
#
# Fails on any 5xx, on any response that does not match openapi/tongban.yaml, and when the
# run did not reach the API: most responses 404 (the paths are wrong, as when the base URL
# was doubled) or, for a logged-in caller, most responses 401 (the session was not taken).
# Prints the responses by status class for every caller.
#
#   scripts/schemathesis.sh                       SQLite in a temporary directory
#   SCHEMATHESIS_DATABASE_URL=postgres://…/db scripts/schemathesis.sh    PostgreSQL (the
#                                                 database is dropped and created again)
#   SCHEMATHESIS_CALLERS="anonymous clerk.lhasa"  only these callers
#   SCHEMATHESIS_SECONDS=90                       time budget per caller
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
port="${SCHEMATHESIS_PORT:-8031}"
seconds="${SCHEMATHESIS_SECONDS:-90}"
callers="${SCHEMATHESIS_CALLERS:-anonymous applicant clerk.lhasa officer.lhasa supervisor.lhasa catalogue.xz admin}"
work="$(mktemp -d)"
export TONGBAN_VAR_DIR="$work" DJANGO_SETTINGS_MODULE=tongban.config.settings.dev
export API_THROTTLE_ANON=100000/minute API_THROTTLE_USER=100000/minute
database="sqlite"
if [[ -n "${SCHEMATHESIS_DATABASE_URL:-}" ]]; then
  database="postgresql"
  export DATABASE_URL="$SCHEMATHESIS_DATABASE_URL"
  name="${DATABASE_URL##*/}"
  admin_url="${DATABASE_URL%/*}/postgres"
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS \"$name\"" -c "CREATE DATABASE \"$name\""
fi
.venv/bin/tongban migrate -v 0
.venv/bin/tongban demo >/dev/null
# Cases in every state in 拉萨 (the demo has none), so case endpoints meet real cases.
.venv/bin/tongban seed --cases "${SCHEMATHESIS_CASES:-60}" --counties 1 --append >/dev/null 2>&1
# Ids that exist, put into most generated paths by scripts/schemathesis_hooks.py.
.venv/bin/tongban shell --no-imports -c "
import json
from tongban.accounts.models import Applicant, User
from tongban.cases.models import Case
from tongban.catalog.models import BasicItem, Implementation
from tongban.regions.models import Division, Hall, Organisation
def some(queryset, field, n=40):
    return [str(value) for value in queryset.values_list(field, flat=True)[:n]]
known = {
    'case': some(Case.objects.order_by('state', 'pk'), 'uuid', 200),
    'implementation': some(Implementation.objects.all(), 'uuid'),
    'implementation_code': some(Implementation.objects.all(), 'code'),
    'basic_item': some(BasicItem.objects.all(), 'code'),
    'version_number': [1, 2],
    'row_kind': ['materials', 'form_fields', 'fees', 'faqs', 'special_procedures'],
    'hall': some(Hall.objects.all(), 'uuid'),
    'organisation': some(Organisation.objects.all(), 'uuid'),
    'staff': some(User.objects.filter(kind=User.Kind.STAFF), 'uuid'),
    'applicant': some(Applicant.objects.all(), 'uuid'),
    'division': some(Division.objects.filter(code__startswith='54'), 'code', 100),
}
print(json.dumps(known))
" 2>/dev/null | tail -n 1 >"$work/known-ids.json"
export SCHEMATHESIS_KNOWN_IDS="$work/known-ids.json" SCHEMATHESIS_HOOKS=schemathesis_hooks
export PYTHONPATH="$repo/scripts${PYTHONPATH:+:$PYTHONPATH}"
# A session per caller, as the login pages would leave it (the second factor is a
# page-login step; the API reads the session), made before the server holds the database.
.venv/bin/tongban shell --no-imports -c "
import secrets
from django.test import Client
from tongban.accounts.models import User
for who in '$callers'.split():
    if who == 'anonymous':
        continue
    user = (User.objects.filter(kind=User.Kind.APPLICANT).first() if who == 'applicant'
            else User.objects.get(username=who))
    client = Client()
    client.force_login(user)
    print(who, client.cookies['sessionid'].value, secrets.token_hex(16))
" 2>/dev/null | grep -v "objects imported" >"$work/sessions.txt"
declare -A sessions csrfs
while read -r who session csrf; do
  sessions[$who]=$session
  csrfs[$who]=$csrf
done <"$work/sessions.txt"

.venv/bin/tongban runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; [[ -n "${SCHEMATHESIS_KEEP:-}" ]] || rm -rf "$work"' EXIT
sleep 3

summary="$work/summary.txt"
failed=0
for caller in $callers; do
  headers=()
  if [[ "$caller" != "anonymous" ]]; then
    session="${sessions[$caller]:?no session for $caller}"
    csrf="${csrfs[$caller]}"
    headers=(-H "Cookie: sessionid=$session; csrftoken=$csrf" -H "X-CSRFToken: $csrf")
  fi
  echo "== $database, $caller"
  status=0
  # From the scratch directory, so schemathesis keeps its crash cache there.
  (cd "$work" && "$repo/.venv/bin/schemathesis" run "$repo/openapi/tongban.yaml" \
    --url "http://127.0.0.1:$port" \
    "${headers[@]}" \
    --checks not_a_server_error,response_schema_conformance \
    --max-time "$seconds" --max-examples 15 -w 1 \
    --report har --report-har-path "$work/$caller.har") || status=$?
  .venv/bin/python scripts/schemathesis_figures.py "$work/$caller.har" \
    --database "$database" --caller "$caller" >>"$summary" || status=$?
  tail -n 1 "$summary"
  [[ $status -eq 0 ]] || failed=1
done
echo "== responses by status class"
cat "$summary"
if grep -q " 5xx=[1-9]" "$summary" || grep -q "Traceback" "$work/server.log"; then
  grep -B2 -A30 "Traceback" "$work/server.log" | head -200 || true
  failed=1
fi
exit $failed
