"""``tongban audit verify``: walk the audit hash chain, compare its end with the signed head
and report OK or what was done to it: the first broken row, a removed tail ("chain ends at N
but the signed head says M"), rows rewritten with recomputed hashes, a head not signed with
``AUDIT_HEAD_KEY``.

Rows written while another writer held the chain wait, parked, to be sealed a moment
later; ``verify`` names how many, and fails on a parked row whose HMAC does not hold (it
was changed, or added without the key, and will never be sealed).

``tongban audit checkpoint`` prints the signed head as one JSON line, to be appended to a
store outside the database (a write-once bucket, the operator's log); ``verify --checkpoint
FILE`` then also checks that every exported checkpoint is still part of the chain, which
catches an older head row put back together with a truncation.

``tongban audit partition [--years 2025-2030] [--check]`` (PostgreSQL) partitions the audit
table by calendar year, or adds the year partitions that are missing
(``core/auditpartition.py``, docs/OPERATIONS.md "Partitioning"); ``--check`` only says
what it would do, and fails when that is anything.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongban.core import auditpartition, selectors
from tongban.core.domain.hashchain import HeadMismatch

MISMATCH_TEXT = {
    "missing": "the chain goes up to id={chain} but there is no signed head: the head row "
    "was deleted",
    "signature": "the signed head's signature does not match AUDIT_HEAD_KEY: the head was "
    "written without the key (or the key is wrong)",
    "truncated": "chain ends at {chain} but the signed head says {head}: the rows after "
    "{chain} were removed",
    "extended": "chain goes on to {chain} but the signed head says {head}: rows were "
    "added behind the application",
    "recomputed": "row {head} does not carry the hash the signed head names: rows were "
    "rewritten and the chain recomputed without the key",
}


# The most year partitions one --years asks for (a typo such as 2025-20250 is refused).
MAX_YEARS = 100


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' checks the hash chain of every audit row and its "
        "signed head; 'checkpoint' prints the signed head for export; 'partition' "
        "partitions the audit table by year on PostgreSQL, or adds missing years."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint", "partition"])
        parser.add_argument(
            "--checkpoint",
            type=Path,
            help="File of exported checkpoints (JSON lines) to check against the chain.",
        )
        parser.add_argument(
            "--years",
            help="partition: a year or a range (2025-2030); default this year to "
            "AUDIT_PARTITION_YEARS_AHEAD years ahead (at least the next one).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="partition: say what would be done and fail if anything would.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "partition":
            self._partition(options["years"], check=options["check"])
            return
        if options["action"] == "checkpoint":
            head = selectors.audit_signed_head()
            if head is None:
                raise CommandError("No audit rows yet: nothing to checkpoint.")
            self.stdout.write(json.dumps(head.__dict__, sort_keys=True))
            return
        count = selectors.audit_event_count()
        broken = selectors.audit_chain_break()
        if broken is not None:
            what = (
                "its content no longer matches its hash"
                if broken.reason == "hash"
                else "the row before it is missing or was changed"
            )
            raise CommandError(f"Chain broken at audit row id={broken.row_id}: {what}.")
        mismatch = selectors.audit_head_mismatch()
        if mismatch is not None:
            raise CommandError(f"Audit chain not trustworthy: {_text(mismatch)}.")
        checked = self._checkpoints(options["checkpoint"])
        parked, forged = selectors.audit_parked()
        if forged:
            raise CommandError(
                "Audit rows waiting to be sealed were changed or added behind the "
                f"application (their HMAC fails): parked ids {forged}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"OK: {count} audit rows, chain intact, signed head matches"
                + (f", {checked} checkpoints found in the chain" if checked else "")
                + (f"; {parked} rows waiting to be sealed." if parked else ".")
            )
        )

    def _partition(self, text: str | None, *, check: bool) -> None:
        years = set(_years(text))
        if not auditpartition.supported():
            self.stdout.write(
                _(
                    "Nothing done: the audit log is partitioned on PostgreSQL only, and "
                    "this database is %(vendor)s, which has no table partitions."
                )
                % {"vendor": connection.vendor}
            )
            return
        now = auditpartition.state()
        if check:
            self._partition_check(now, years)
            return
        try:
            with transaction.atomic():
                if now.partitioned:
                    copied = -1
                    added = auditpartition.add_years(years | set(now.loose_years))
                else:
                    copied, added = auditpartition.convert(years)
        except auditpartition.PartitionError as error:
            raise CommandError(
                _("Audit log not partitioned, nothing changed: %(error)s")
                % {"error": error}
            ) from error
        if copied >= 0:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Audit log partitioned by year: %(rows)d rows kept, partitions "
                        "for %(years)s and a default partition."
                    )
                    % {"rows": copied, "years": _listed(added)}
                )
            )
        elif added:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Year partitions added to the audit log: %(years)s.")
                    % {"years": _listed(added)}
                )
            )
        else:
            self.stdout.write(
                _("The audit log is partitioned by year; no partition is missing.")
            )

    def _partition_check(self, now: auditpartition.State, years: set[int]) -> None:
        if not now.partitioned:
            raise CommandError(
                _(
                    "The audit log is not partitioned; 'partition' would convert it "
                    "with partitions for %(years)s and a default partition."
                )
                % {"years": _listed(sorted(years | set(now.loose_years)))},
                returncode=1,
            )
        missing = sorted((years | set(now.loose_years)) - set(now.years))
        if missing:
            raise CommandError(
                _("Year partitions missing from the audit log: %(years)s.")
                % {"years": _listed(missing)},
                returncode=1,
            )
        self.stdout.write(
            _("The audit log is partitioned by year (%(years)s); nothing to do.")
            % {"years": _listed(now.years)}
        )

    def _checkpoints(self, path: Path | None) -> int:
        if path is None:
            return 0
        try:
            lines = [ln for ln in path.read_text().splitlines() if ln.strip()]
            points = [json.loads(line) for line in lines]
        except (OSError, ValueError) as error:
            raise CommandError(
                f"Cannot read checkpoints from {path}: {error}"
            ) from error
        for point in points:
            problem = selectors.audit_checkpoint_problem(
                last_id=int(point["last_id"]),
                last_hash=str(point["last_hash"]),
                signature=str(point["signature"]),
            )
            if problem:
                raise CommandError(f"Audit chain not trustworthy: {problem}.")
        return len(points)


def _text(mismatch: HeadMismatch) -> str:
    return MISMATCH_TEXT[mismatch.reason].format(
        chain=mismatch.chain_last_id, head=mismatch.head_last_id
    )


def _years(text: str | None) -> range:
    """The years ``--years`` names ("2026" or "2025-2030"); by default this year to
    ``AUDIT_PARTITION_YEARS_AHEAD`` years ahead, and at least the next year."""
    if text is None:
        this_year = timezone.localdate().year
        return range(
            this_year, this_year + max(settings.AUDIT_PARTITION_YEARS_AHEAD, 1) + 1
        )
    first, dash, last = text.strip().partition("-")
    if not (first.strip().isdigit() and (not dash or last.strip().isdigit())):
        raise CommandError(
            _(
                "--years takes a year or a range of years such as 2025-2030, not %(value)s."
            )
            % {"value": repr(text)}
        )
    start, end = int(first), int(last) if dash else int(first)
    low, high = auditpartition.FIRST_YEAR, auditpartition.LAST_YEAR
    if not (low <= start <= high and low <= end <= high):
        raise CommandError(
            _("--years %(value)s: years go from %(low)d to %(high)d.")
            % {"value": text, "low": low, "high": high}
        )
    if start > end:
        raise CommandError(
            _("--years %(value)s: the first year comes after the last one.")
            % {"value": text}
        )
    if end - start >= MAX_YEARS:
        raise CommandError(
            _("--years %(value)s: at most %(most)d years at once.")
            % {"value": text, "most": MAX_YEARS}
        )
    return range(start, end + 1)


def _listed(years: list[int]) -> str:
    return ", ".join(str(year) for year in years) or "-"
