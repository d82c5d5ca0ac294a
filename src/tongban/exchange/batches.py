"""Cutting and reading GB/T 39046 exchange batches.

``exchange_batch_cut`` takes the next records of a data set for a region after the
cursor (at most ``EXCHANGE_BATCH_SIZE``, only rows older than
``EXCHANGE_SETTLE_SECONDS``), checks each against the data set's compiled field rules,
holds back and reports the bad ones, stamps the rest with 批次号 / 同步类型 / 同步时间 /
数据来源 and freezes them as one batch: JSON Lines, their SHA-256, gzip, encrypted (the
records carry identity numbers). Batch, held records, the cursor's move and one audit row
are one transaction under the cursor's row lock, so two cuts never take the same records
and a failed cut moves nothing.

A batch never changes: fetching or re-sending 批次号 N gives the same bytes and the same
checksum, so a receiver that lands each 批次号 once lands every record once however often
a batch is sent. Records stream from a server-side cursor, so memory holds one batch.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tongban.core import crypto
from tongban.core.services import audit_record
from tongban.exchange.domain.datasets import DATASETS
from tongban.exchange.models import ExchangeBatch, ExchangeCursor, ExchangeHeldRecord
from tongban.exchange.sources import SOURCES, stamp

PURPOSE = "GB/T 39046 数据交换 (provincial and national platform)"
DATASET_NUMBERS = {code: n for n, code in enumerate(DATASETS, start=1)}


def batch_number(*, division_prefix: str, dataset: str, sequence: int) -> str:
    """批次号: the region (prefix padded to six digits), the data set's two-digit number
    and the region's sequence for that data set, ten digits (18 digits in all)."""
    return (
        f"{division_prefix.ljust(6, '0')}{DATASET_NUMBERS[dataset]:02d}{sequence:010d}"
    )


def _cursor_locked(dataset: str, division_prefix: str) -> ExchangeCursor:
    ExchangeCursor.objects.get_or_create(
        dataset=dataset, division_prefix=division_prefix
    )
    return ExchangeCursor.objects.select_for_update().get(
        dataset=dataset, division_prefix=division_prefix
    )


@dataclass
class _Cut:
    lines: list[bytes]
    held: list[ExchangeHeldRecord]
    last: tuple[datetime, int] | None


def _collect(
    dataset: str, cursor: ExchangeCursor, number: str, sync_time: str, until: datetime
) -> _Cut:
    check = DATASETS[dataset].check
    key_field = DATASETS[dataset].fields[0].key
    after = (cursor.position_time, cursor.position_id) if cursor.position_time else None
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    cut = _Cut([], [], None)
    meta = {"batch_number": number, "sync_time": sync_time}
    node = settings.EXCHANGE_NODE_CODE
    for moment, pk, sync_type, record in SOURCES[dataset](
        after=after,
        until=until,
        prefix=cursor.division_prefix,
        limit=settings.EXCHANGE_BATCH_SIZE,
    ):
        cut.last = (moment, pk)
        problems = check(record)
        if problems:
            cut.held.append(
                ExchangeHeldRecord(
                    record_key=str(record.get(key_field) or pk)[:120],
                    problems=[
                        {"field": f, "code": c, "reason": r} for f, c, r in problems
                    ],
                )
            )
            continue
        line = meta | {"sync_type": sync_type, "data_source": node} | record
        cut.lines.append(dumps(line).encode())
    return cut


def exchange_batch_cut(
    *, dataset: str, division_prefix: str, actor: Any, until: datetime | None = None
) -> ExchangeBatch | None:
    """The next batch of ``dataset`` for the region, or ``None`` when nothing is new."""
    if dataset not in DATASETS:
        raise ValueError(f"unknown data set {dataset!r}")
    now = timezone.now()
    until = until or now - timedelta(seconds=settings.EXCHANGE_SETTLE_SECONDS)
    with transaction.atomic():
        cursor = _cursor_locked(dataset, division_prefix)
        number = batch_number(
            division_prefix=division_prefix,
            dataset=dataset,
            sequence=cursor.sequence + 1,
        )
        cut = _collect(dataset, cursor, number, stamp(now), until)
        if cut.last is None:
            return None
        body = b"".join(line + b"\n" for line in cut.lines)
        batch = ExchangeBatch.objects.create(
            number=number,
            dataset=dataset,
            division_prefix=division_prefix,
            sync_time=now,
            record_count=len(cut.lines),
            held_count=len(cut.held),
            sha256=hashlib.sha256(body).hexdigest(),
            content=crypto.encrypt_bytes(gzip.compress(body, compresslevel=1)),
            position_time=cut.last[0],
            position_id=cut.last[1],
        )
        for held in cut.held:
            held.batch = batch
        ExchangeHeldRecord.objects.bulk_create(cut.held)
        cursor.position_time, cursor.position_id = cut.last
        cursor.sequence += 1
        cursor.save()
        audit_record(
            actor=actor,
            action="exchange.batch_cut",
            instance=batch,
            changes={
                "records": [None, batch.record_count],
                "held": [None, batch.held_count],
                "purpose": [None, PURPOSE],
            },
            division_prefix=division_prefix,
        )
    return batch


def batch_lines(batch: ExchangeBatch) -> bytes:
    """The batch's JSON Lines, exactly as cut."""
    return gzip.decompress(crypto.decrypt_bytes(batch.content))


def batch_records(batch: ExchangeBatch, *, offset: int, limit: int) -> list[Any]:
    lines = batch_lines(batch).splitlines()
    return [json.loads(line) for line in lines[offset : offset + limit]]


def batch_report(batch: ExchangeBatch) -> dict[str, Any]:
    """What a batch holds and what it held back (no record content: keys and problems)."""
    return {
        "batch_number": batch.number,
        "dataset": batch.dataset,
        "division_prefix": batch.division_prefix,
        "sync_time": stamp(batch.sync_time),
        "record_count": batch.record_count,
        "held_count": batch.held_count,
        "sha256": batch.sha256,
        "held": [
            {"record_key": h.record_key, "problems": h.problems}
            for h in batch.held.all()
        ],
    }


def batch_write_files(batch: ExchangeBatch, directory: Path) -> Path:
    """Write ``<批次号>.jsonl`` and ``<批次号>.report.json`` for a 前置库 transfer; the
    report is written last, so a loader that waits for it never reads half a batch.
    Writing a batch again gives the same bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / f"{batch.number}.jsonl"
    report = directory / f"{batch.number}.report.json"
    for path, content in (
        (data, batch_lines(batch)),
        (
            report,
            json.dumps(batch_report(batch), ensure_ascii=False, indent=1).encode(),
        ),
    ):
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(content)
        partial.replace(path)
    return data
