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
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core import selectors
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


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' checks the hash chain of every audit row and its "
        "signed head; 'checkpoint' prints the signed head for export."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "checkpoint"])
        parser.add_argument(
            "--checkpoint",
            type=Path,
            help="File of exported checkpoints (JSON lines) to check against the chain.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
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
