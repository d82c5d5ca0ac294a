"""Case transitions through the one writer: ``accept`` (clock start: due dates from the
region calendar, a numbered acceptance notice, the SMS through the outbox) and
``approve_step`` (no clock, no notice), each on freshly submitted cases of the seeded
benchmark database, as direct calls on one thread (no HTTP).

Run ``python -m bench.transitions [--write]``. Uses ``BENCH_DATABASE_URL`` (seeds 1,000
cases if empty) and the test settings (tasks run immediately). The cases are submitted
before the timing starts; each timed call fires one event on one case. Median and p90 of
``RUNS`` calls after 5 untimed ones, and the SQL queries of one call (the figure the
machine's load does not move).
"""

import sys
import uuid

from bench import common

MARK = "<!-- bench:transitions -->"
RUNS = 100
WARMUP = 5
PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)


def measure() -> tuple[dict[str, list[float]], dict[str, int]]:
    """Milliseconds per ``accept`` and per ``approve_step``, ``RUNS`` calls each, and the
    SQL queries one more call of each makes (a figure the machine's load cannot move)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.submissions import _applicant
    from tongban.accounts import selectors as accounts_selectors
    from tongban.cases.services.submit import case_submit
    from tongban.cases.services.transition import case_transition
    from tongban.catalog import selectors as catalog_selectors
    from tongban.core.permissions import SYSTEM

    user = _applicant()
    staff = accounts_selectors.staff_list_for(user=SYSTEM)
    clerk = staff.get(username="seed.clerk.540102")
    officer = staff.get(username="seed.officer.540102")
    version = (
        catalog_selectors.live_versions()
        .filter(implementation__division__code="540102")
        .first()
    )
    materials = list(version.materials.all())
    run = uuid.uuid4().hex[:8]
    cases = [
        case_submit(
            actor=user,
            implementation_code=version.implementation.code,
            client_key=f"bench-t-{run}-{i}",
            materials=[
                {
                    "material": m.pk,
                    "file": SimpleUploadedFile(
                        f"m{m.pk}.pdf", PDF, content_type="application/pdf"
                    ),
                }
                for m in materials
            ],
        )[0]
        for i in range(RUNS + WARMUP + 1)
    ]
    accepting, reviewing = iter(cases), iter(cases)

    def accept() -> None:
        case_transition(case=next(accepting), event="accept", actor=clerk)

    def approve() -> None:
        case_transition(case=next(reviewing), event="approve_step", actor=officer)

    timings = {
        "accept": common.latencies(accept, RUNS, warmup=WARMUP),
        "approve_step": common.latencies(approve, RUNS, warmup=WARMUP),
    }
    queries = {}
    for name, fn in (("accept", accept), ("approve_step", approve)):
        with CaptureQueriesContext(connection) as captured:
            fn()
        queries[name] = len(captured)
    return timings, queries


def main() -> None:
    common.setup()
    common.ensure_cases(1_000)
    figures, queries = measure()
    lines = [
        MARK,
        "## Case transitions",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        "- command: `python -m bench.transitions --write`; direct calls on one "
        f"thread, test settings (tasks run immediately), {RUNS} calls after "
        f"{WARMUP} untimed",
        "",
        "| event | median ms | p90 ms | per second (from the median) | SQL queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for event, values in figures.items():
        median = common.median(values)
        lines.append(
            f"| `{event}` | {median:.2f} | {common.pct(values, 90):.2f} "
            f"| {1000 / median:,.1f} | {queries[event]} |"
        )
    lines.append(MARK)
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
