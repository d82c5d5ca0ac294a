"""The supervision sweeps on the ``bench.supervision`` database (run that first): the
evaluation pass of the full sweep over every open case in the table (every rule on the
region calendar, the chunked event reads, the warnings of each chunk locked and compared;
warnings already raised are not raised again), and the incremental sweep after the latest
1,000 case events (its cursor moved back; their cases' rollup contributions stored as
the rollups already count them).

The first full sweep of a fresh database also writes every warning, card and audit row;
on the loaded machine it wrote about 15 warnings a second and was stopped — see the
figures' section. Run ``python -m bench.supervision_sweep [--write]``.
"""

import os
import sys
import time
from typing import Any

from bench import common

MARK = "<!-- bench:supervision-sweep -->"


def _timed(fn: Any) -> tuple[float, Any]:
    began = time.perf_counter()
    result = fn()
    return time.perf_counter() - began, result


def _evaluate_all() -> tuple[int, int]:
    """Subjects and rule hits of every open case, nothing written (the steady sweep's
    reads and rules)."""
    from tongban.supervision.case_source import CaseSource
    from tongban.supervision.domain.rules import evaluate
    from tongban.supervision.services.sweep import thresholds

    limits = thresholds()
    subjects = hits = 0
    for subject in CaseSource().open_subjects(today=common.AS_OF):
        subjects += 1
        hits += bool(evaluate(subject.facts, limits))
    return subjects, hits


def _incremental() -> dict[str, Any]:
    from tongban.cases import selectors_supervision as reads
    from tongban.supervision.case_source import Calendars, case_snapshot
    from tongban.supervision.domain.rollup import contribution, encode
    from tongban.supervision.models import CaseContribution, SweepCursor
    from tongban.supervision.services.sweep import supervision_sweep_changes

    last = reads.case_event_position()
    uuids, _position = reads.case_changes_after(position=last - 1000, limit=1000)
    cases = list(reads.cases_by_uuid(uuids))
    versions = reads.case_last_event_ids(c.pk for c in cases)
    calendars = Calendars()
    CaseContribution.objects.filter(case_uuid__in=[c.uuid for c in cases]).delete()
    CaseContribution.objects.bulk_create(
        [
            CaseContribution(
                case_uuid=c.uuid,
                version=versions.get(c.pk, 0),
                division_id=c.division_id,
                organisation_id=c.organisation_id,
                implementation_id=c.implementation_id,
                counts=encode(
                    contribution(case_snapshot(c, versions.get(c.pk, 0), calendars))
                ),
            )
            for c in cases
        ]
    )
    for kind in ("ticket", "rectification"):
        SweepCursor.objects.update_or_create(source=kind, defaults={"position": 10**12})
    SweepCursor.objects.update_or_create(
        source="case", defaults={"position": last - 1000}
    )
    seconds, changed = _timed(
        lambda: supervision_sweep_changes(today=common.AS_OF, limit=1000)
    )
    return {"cases": len(cases), "seconds": seconds, "changed": changed.get("case", 0)}


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def main() -> None:
    common.setup()
    from tongban.cases.models import Case

    load_before = _load()
    seconds, (subjects, hits) = _timed(_evaluate_all)
    incremental = _incremental()
    total = Case.objects.count()
    per_million = seconds / subjects * 1_000_000 if subjects else 0
    lines = [
        MARK,
        "### #16 Supervision sweeps",
        "",
        f"- date: 2026-12-01 ({common.now()}); machine: {common.machine()}; load "
        f"average {load_before} before, {_load()} after",
        f"- command: `python -m bench.supervision_sweep --write` on the "
        f"`bench.supervision` database ({total:,} cases in the table)",
        "",
        "| what | figure |",
        "| --- | ---: |",
        f"| full sweep's reads and rules over every open case: {subjects:,} open "
        f"cases ({hits:,} with a rule holding) | {seconds:.1f} s "
        f"({subjects / seconds:,.0f} cases/s) |",
        f"| the same, per 1,000,000 open cases at that rate | {per_million:.0f} s |",
        f"| incremental sweep after 1,000 events ({incremental['cases']:,} cases: "
        f"rules, warnings, rollups) | {incremental['seconds']:.2f} s "
        f"({incremental['changed']:,} warnings raised or cleared) |",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
