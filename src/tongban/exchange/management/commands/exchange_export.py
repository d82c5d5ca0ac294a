"""``tongban exchange_export --out DIR``: cut the GB/T 39046 batches due for a region and
write them as files for the 前置库 transfer (``<批次号>.jsonl`` + ``<批次号>.report.json``);
``--resend 批次号`` writes a batch already cut again, byte for byte. Idempotent: with
nothing new it writes nothing; a held-back record is printed with its problems."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tongban.core.permissions import SYSTEM
from tongban.exchange.batches import batch_write_files, exchange_batch_cut
from tongban.exchange.domain.datasets import DATASETS
from tongban.exchange.models import ExchangeBatch


class Command(BaseCommand):
    help = "Cut GB/T 39046 exchange batches and write them as files for the 前置库."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument(
            "--division", default=settings.EXCHANGE_DIVISION_PREFIX, help="prefix"
        )
        parser.add_argument(
            "--dataset", action="append", choices=sorted(DATASETS), default=[]
        )
        parser.add_argument("--max-batches", type=int, default=1000, help="per set")
        parser.add_argument("--resend", action="append", default=[], metavar="批次号")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        for number in options["resend"]:
            batch = ExchangeBatch.objects.filter(number=number).first()
            if batch is None:
                raise CommandError(f"no batch {number}")
            self._written(batch, out, again=True)
        if options["resend"]:
            return
        for dataset in options["dataset"] or list(DATASETS):
            for _ in range(options["max_batches"]):
                batch = exchange_batch_cut(
                    dataset=dataset, division_prefix=options["division"], actor=SYSTEM
                )
                if batch is None:
                    break
                self._written(batch, out)

    def _written(self, batch: ExchangeBatch, out: Path, again: bool = False) -> None:
        path = batch_write_files(batch, out)
        self.stdout.write(
            f"{'resent' if again else 'wrote'} {path.name}: {batch.dataset} "
            f"{batch.record_count} records, {batch.held_count} held back"
        )
        for held in batch.held.all():
            problems = ", ".join(f"{p['field']} {p['code']}" for p in held.problems)
            self.stdout.write(f"  held back {held.record_key}: {problems}")
