"""Statistics at 1,000,000 cases: ``case_counts_by_prefecture`` (cases per prefecture ×
state × light in one grouped query, region-wide scope) against a plain
``SELECT count(*)`` of the case table in the same run.

Run ``python -m bench.statistics [--write]``. 20 timed calls after 2 untimed ones.
"""

import sys

from bench import common

MARK = "<!-- bench:statistics -->"
RUNS = 20


def main() -> None:
    common.setup()
    common.ensure_cases(1_000_000)
    from tongban.cases import selectors
    from tongban.cases.models import Case
    from tongban.core.permissions import SYSTEM

    rows = selectors.case_counts_by_prefecture(user=SYSTEM, today=common.AS_OF)
    stats = common.latencies(
        lambda: selectors.case_counts_by_prefecture(user=SYSTEM, today=common.AS_OF),
        RUNS,
        warmup=2,
    )
    count = common.latencies(lambda: Case.objects.count(), RUNS, warmup=2)
    total = sum(r["count"] for r in rows)
    p50, base = common.median(stats), common.median(count)
    lines = [
        MARK,
        "## Statistics: cases per prefecture × state × light",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.statistics --write`; {total:,} cases, "
        f"{len(rows)} result rows; {RUNS} timed calls",
        "",
        "| what | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| `case_counts_by_prefecture` | {p50:.0f} | {common.pct(stats, 95):.0f} |",
        f"| baseline: `SELECT count(*)` | {base:.0f} | {common.pct(count, 95):.0f} |",
        "",
        f"Grouped statistics vs plain count: **{p50 / base:.1f}×**.",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
