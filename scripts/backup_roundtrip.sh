#!/usr/bin/env bash
# The `tongban backup` / `restore` round trip on a scratch deployment, with its figures:
# demo data plus seeded cases and a few stored files; back up; damage (delete cases, an
# audit row and a file, add a file); restore; compare the row counts of every table and
# the SHA-256 of every file with the figures taken before the backup.
#
#   scripts/backup_roundtrip.sh                      SQLite in a temporary directory
#   BACKUP_DATABASE_URL=postgres://…/db scripts/backup_roundtrip.sh   PostgreSQL (the
#                                                    database is dropped and created again)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TONGBAN_VAR_DIR="$work" DJANGO_SETTINGS_MODULE=tongban.config.settings.dev
database="sqlite"
if [[ -n "${BACKUP_DATABASE_URL:-}" ]]; then
  database="postgresql"
  export DATABASE_URL="$BACKUP_DATABASE_URL"
  name="${DATABASE_URL##*/}"
  psql "${DATABASE_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS \"$name\"" \
    -c "CREATE DATABASE \"$name\""
fi
tb() { .venv/bin/tongban "$@"; }
py() { tb shell --no-imports -c "$1" 2>/dev/null | { grep -v "objects imported" || true; }; }
tb migrate -v 0
tb demo >/dev/null
tb seed --cases "${BACKUP_CASES:-500}" --counties 2 --append >/dev/null 2>&1
py "
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
for n in range(3):
    default_storage.save(f'materials/demo/scan-{n}.pdf', ContentFile(b'%PDF-1.4 scan ' + str(n).encode()))
"
figures='
import hashlib, json
from tongban.ops.backup import file_hashes, table_counts
from django.conf import settings
from pathlib import Path
counts = table_counts()
files = file_hashes(Path(settings.MEDIA_ROOT))
print(json.dumps({"tables": len(counts), "rows": sum(counts.values()), "counts": counts, "files": files}))
'
py "$figures" >"$work/before.json"
tb backup "$work/backup.tar.gz"
sha256sum "$work/backup.tar.gz" | cut -c1-16 >"$work/archive.sha"
py "
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute('DELETE FROM core_auditevent WHERE id = (SELECT MAX(id) FROM core_auditevent)')
    cursor.execute('DELETE FROM cases_caseevent WHERE case_id IN (SELECT id FROM cases_case WHERE state = %s)', ['archived'])
default_storage.delete('materials/demo/scan-0.pdf')
default_storage.save('materials/demo/intruder.pdf', ContentFile(b'not in the backup'))
"
py "$figures" >"$work/damaged.json"
tb restore --yes "$work/backup.tar.gz"
py "$figures" >"$work/after.json"
.venv/bin/python - "$work" "$database" <<'PY'
import json, sys
work, database = sys.argv[1], sys.argv[2]
before, damaged, after = (json.load(open(f"{work}/{n}.json")) for n in ("before", "damaged", "after"))
archive = open(f"{work}/archive.sha").read().strip()
def differing(a, b):
    return sorted(t for t in set(a["counts"]) | set(b["counts"]) if a["counts"].get(t) != b["counts"].get(t))
print(f"{database}: before backup {before['tables']} tables, {before['rows']} rows, {len(before['files'])} files; archive sha256 {archive}…")
print(f"{database}: damaged {damaged['rows']} rows ({len(differing(before, damaged))} tables differ), {len(damaged['files'])} files")
same_rows = not differing(before, after)
same_files = before["files"] == after["files"]
print(f"{database}: after restore {after['tables']} tables, {after['rows']} rows, {len(after['files'])} files; "
      f"row counts equal: {same_rows}; file hashes equal: {same_files}")
for table in ("cases_case", "cases_caseevent", "core_auditevent", "accounts_applicant"):
    print(f"  {table}: {before['counts'].get(table)} → damaged {damaged['counts'].get(table)} → restored {after['counts'].get(table)}")
for name, digest in sorted(before["files"].items()):
    print(f"  {name} {digest[:16]}… {'=' if after['files'].get(name) == digest else '≠'}")
sys.exit(0 if same_rows and same_files else 1)
PY
