"""``tongban demo``: load the demo data once (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from tongban.ops.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load demo organisations, halls, staff, two applicants, the catalogue and "
        "the 营业执照 certificate type (once)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo()
        self.stdout.write(
            "Demo data loaded." if created else "Demo data already present."
        )
