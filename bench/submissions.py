"""Submissions per second: ``case_submit`` with three small PDF materials (validated by
content, hashed, stored, numbered, the submit transition with its history, audit and
outbox rows), against a plain one-row insert in a transaction, both as direct calls in
the same run on the same database (no HTTP on either side, so the ratio is the cost of
the service, not of the request cycle).

Run ``python -m bench.submissions [--write]``. Uses the seeded ``tongban_bench``
database (seeds 1,000 cases if empty) and the test settings: tasks run immediately (so
the figure includes writing the notification through the outbox), files go to the
test media directory. Best of 2 interleaved rounds of 8 s each. ``--profile`` runs 200
submissions under cProfile instead and prints the functions that took the most time;
``--count N`` makes N submissions and prints nothing (to time the whole process from
outside, before against after).
"""

import sys
import uuid
from collections.abc import Callable

from bench import common

MARK = "<!-- bench:submissions -->"
PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)
SECONDS = 8.0


def _applicant() -> object:
    from tongban.accounts import services as accounts
    from tongban.core.permissions import SYSTEM

    found = accounts.applicant_find_by_identity(
        id_type="111", id_number="54010219900101002X"
    )
    if found is not None:
        return found.user
    return accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="格桑（压测）",
        id_type="111",
        id_number="54010219900101002X",
        phone="13800000099",
        password="Bench-password-2026",  # noqa: S106 - generated benchmark login
        assurance_level=3,
    ).user


def main() -> None:
    common.setup()
    common.ensure_cases(1_000)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from tongban.cases.models import DailySerial
    from tongban.cases.services.submit import case_submit
    from tongban.catalog import selectors as catalog_selectors

    user = _applicant()
    version = (
        catalog_selectors.live_versions()
        .filter(implementation__division__code="540102")
        .first()
    )
    materials = list(version.materials.all())
    run = uuid.uuid4().hex[:8]

    def submit(i: int) -> None:
        case_submit(
            actor=user,
            implementation_code=version.implementation.code,
            client_key=f"bench-{run}-{i}",
            materials=[
                {
                    "material": m.pk,
                    "file": SimpleUploadedFile(
                        f"m{m.pk}.pdf", PDF, content_type="application/pdf"
                    ),
                }
                for m in materials
            ],
        )

    def insert(i: int) -> None:
        with transaction.atomic():
            DailySerial.objects.create(key=f"bench:{run}:{i}", day=common.AS_OF)

    if "--profile" in sys.argv[1:]:
        _profile(submit)
        return
    if "--count" in sys.argv[1:]:  # a fixed amount of work, for timing the process
        for i in range(int(sys.argv[sys.argv.index("--count") + 1])):
            submit(i)
        return
    offset = {"submit": 0, "insert": 0}
    best = {"submit": 0.0, "insert": 0.0}
    for _ in range(2):
        for name, fn in (("submit", submit), ("insert", insert)):
            start = offset[name]
            figure = common.rate(lambda i, fn=fn, s=start: fn(s + i), SECONDS)
            offset[name] += int(figure * SECONDS) + 10_000
            best[name] = max(best[name], figure)
    DailySerial.objects.filter(key__startswith=f"bench:{run}:").delete()
    lines = [
        MARK,
        "## Submissions",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        "- command: `python -m bench.submissions --write`; direct calls on one "
        "thread, test settings (tasks run immediately), best of 2 interleaved "
        f"rounds of {SECONDS:.0f} s",
        "",
        "| what | per second |",
        "| --- | ---: |",
        f"| `case_submit` with {len(materials)} small PDF materials "
        f"| {best['submit']:,.1f} |",
        f"| baseline: one-row insert in a transaction | {best['insert']:,.1f} |",
        "",
        f"Submission vs one-row insert: **{best['insert'] / best['submit']:.1f}×** "
        "slower.",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


def _profile(submit: Callable[[int], None], calls: int = 200) -> None:
    """The top of a cProfile run of ``calls`` submissions, by own and cumulative time."""
    import cProfile
    import pstats

    for i in range(5):  # warm caches and connections as the timed rounds do
        submit(-1 - i)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(calls):
        submit(i)
    profiler.disable()
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
