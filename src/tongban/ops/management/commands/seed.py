"""``tongban seed``: generate a realistic Tibet region (catalogue, staff, applicants and
cases in every state) for benchmarks and load tests; a thin wrapper over
``ops.seed.region_seed``. Refuses to seed a database twice unless ``--append``."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tongban.ops.seed import SeedError, region_seed

MAX_CASES = 10_000_000


class Command(BaseCommand):
    help = "Generate a reproducible region with N cases (bulk inserts; COPY on PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--cases", type=int, default=10_000, help="cases to add")
        parser.add_argument(
            "--counties", type=int, default=None, help="limit to N of the 74 counties"
        )
        parser.add_argument(
            "--as-of",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day the seeded region has reached (default: today)",
        )
        parser.add_argument("--append", action="store_true", help="add to a seed")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--open-only",
            action="store_true",
            help="only open cases (submitted, supplement requested, accepted, suspended)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 <= options["cases"] <= MAX_CASES:
            raise CommandError(f"--cases must be between 0 and {MAX_CASES:,}.")
        try:
            report = region_seed(
                seed=options["seed"],
                cases=options["cases"],
                counties=options["counties"],
                append=options["append"],
                as_of=options["as_of"],
                batch_size=options["batch"],
                progress=None if options["verbosity"] == 0 else tqdm,
                open_only=options["open_only"],
            )
        except SeedError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Seeded {report.cases:,} cases, {report.applicants:,} applicants, "
            f"{report.implementations} implementations. Staff logins "
            f"{report.clerk} / {report.officer}, password {report.password} "
            "(generated data only)."
        )
