"""Backup and restore of a Tongban deployment: the database and the stored files, with a
manifest of row counts and file hashes so a restore proves itself.

The archive is a ``.tar.gz`` holding ``manifest.json``, the database (an SQLite copy made
with SQLite's online backup API, or a ``pg_dump`` custom-format dump) and ``media/``.
Files in S3-compatible storage are not copied: use the bucket's versioning there
(docs/OPERATIONS.md). Restore replaces the database and the files, then recounts and
rehashes; any difference is reported, never hidden.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT_VERSION = 1


@dataclass
class Report:
    tables: dict[str, int]
    files: dict[str, str]
    differences: list[str] = field(default_factory=list)


def table_counts() -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
    return counts


def file_hashes(root: Path) -> dict[str, str]:
    hashes = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            hashes[path.relative_to(root).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return hashes


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = [
        "-h",
        str(db.get("HOST") or "127.0.0.1"),
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        str(db.get("USER") or "postgres"),
        "-d",
        str(db["NAME"]),
    ]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def backup_create(*, target: Path) -> Report:
    db = connection.settings_dict
    media = Path(settings.MEDIA_ROOT)
    report = Report(tables=table_counts(), files=file_hashes(media))
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "tables": report.tables,
        "files": report.files,
    }
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        if connection.vendor == "sqlite":
            # The live connection's own backup API: consistent, and works for in-memory
            # databases as well as files.
            dump = work_dir / "database.sqlite3"
            connection.ensure_connection()
            with sqlite3.connect(str(dump)) as copy:
                connection.connection.backup(copy)
        else:
            dump = work_dir / "database.pgdump"
            args, env = _pg_env(db)
            subprocess.run(
                ["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *args],
                env=env,
                check=True,
            )
        (work_dir / "manifest.json").write_text(
            json.dumps(manifest, indent=1, ensure_ascii=False)
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(target, "w:gz") as archive:
            archive.add(work_dir / "manifest.json", "manifest.json")
            archive.add(dump, dump.name)
            if media.exists():
                archive.add(media, "media")
    return report


def backup_restore(*, source: Path) -> Report:
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        with tarfile.open(source, "r:gz") as archive:
            archive.extractall(work_dir, filter="data")
        manifest = json.loads((work_dir / "manifest.json").read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported backup format {manifest.get('format')!r}")
        if manifest["engine"] != connection.vendor:
            raise ValueError(
                f"backup of {manifest['engine']} cannot restore into {connection.vendor}"
            )
        _restore_database(work_dir)
        if media.exists():
            shutil.rmtree(media)
        if (work_dir / "media").exists():
            shutil.copytree(work_dir / "media", media)
    report = Report(tables=table_counts(), files=file_hashes(media))
    for table, count in manifest["tables"].items():
        if report.tables.get(table) != count:
            report.differences.append(
                f"table {table}: {count} in backup, {report.tables.get(table)} restored"
            )
    if report.files != manifest["files"]:
        report.differences.append("stored files differ from the backup's manifest")
    return report


def _restore_database(work_dir: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(str(work_dir / "database.sqlite3")) as copy:
            copy.backup(connection.connection)
        return
    connections.close_all()  # pg_restore --clean must not wait for our own locks
    args, env = _pg_env(connection.settings_dict)
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(work_dir / "database.pgdump"),
        ],
        env=env,
        check=True,
    )
