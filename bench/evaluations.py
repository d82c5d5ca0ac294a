"""好差评 at scale: statistics for filter combinations read from the maintained rollup,
against the same counts recomputed from the evaluation table in the same run (and checked
equal), and evaluation submits per second (a window invitation's ``invitation_submit``)
against a one-row insert in the same run.

Run ``python -m bench.evaluations [--write] [--evaluations N]`` (default 1,000,000) with
``BENCH_DATABASE_URL`` naming the database. Seeding writes evaluations with COPY across the
seeded region's prefectures, 24 units, 6 halls and 18 windows over twelve months of 2026, then
builds the rollup in one INSERT … SELECT; later runs reuse it.
"""

import datetime as dt
import os
import random
import sys
import uuid as uuid_

from stdnum.cn import uscc

from bench import common

MARK = "<!-- bench:evaluations -->"
RUNS = 60
SUBMIT_SECONDS = 5.0
ZONE = dt.timezone(dt.timedelta(hours=8))


def _places() -> tuple[list, list]:  # type: ignore[type-arg]
    from tongban.core.permissions import SYSTEM
    from tongban.regions import services as regions
    from tongban.regions.models import Organisation, Window

    if Organisation.objects.filter(name__startswith="bench ").count() < 24:
        prefectures = [
            "540100",
            "540200",
            "540300",
            "540400",
            "540500",
            "540600",
            "542500",
        ]
        for i in range(24):
            code = prefectures[i % len(prefectures)]
            base = f"11{code}MB{i:07d}"
            org = regions.organisation_create(
                actor=SYSTEM,
                name=f"bench 单位 {i}",
                uscc=base + uscc.calc_check_digit(base),
                division_code=code,
                exercise_level=3,
            )
            if i < 6:
                hall = regions.hall_create(
                    actor=SYSTEM,
                    name=f"bench 大厅 {i}",
                    kind="centre",
                    division_code=code,
                    organisation=org,
                )
                for n in range(3):
                    regions.window_create(
                        actor=SYSTEM, hall=hall, number=str(n + 1), name="综合窗口"
                    )
    orgs = list(
        Organisation.objects.filter(name__startswith="bench ").select_related(
            "division"
        )
    )
    windows = list(
        Window.objects.filter(hall__name__startswith="bench ").select_related(
            "hall__division", "hall__organisation"
        )
    )
    return orgs, windows


def _seed(count: int) -> None:
    from django.db import connection

    from tongban.evaluations.models import Evaluation
    from tongban.ops.bulk import Table, next_id, reset_sequences

    have = Evaluation.objects.count()
    if have >= count:
        return
    orgs, windows = _places()
    rng = random.Random(have + 1)
    table = Table(Evaluation)
    i = table.index
    pk = next_id(Evaluation)
    levels = [1] * 80 + [2] * 12 + [3] * 4 + [4] * 2 + [5] * 2
    start = dt.datetime(2026, 1, 1, tzinfo=ZONE)
    batch: list[list] = []  # type: ignore[type-arg]
    for n in range(count - have):
        row = table.template()
        onsite = rng.random() < 0.4
        row[i["id"]] = pk + n
        row[i["uuid"]] = uuid_.UUID(int=rng.getrandbits(128))
        row[i["level"]] = rng.choice(levels)
        row[i["created_at"]] = start + dt.timedelta(seconds=rng.randrange(365 * 86400))
        row[i["scores"]] = "{}"
        row[i["options"]] = "[]"
        if onsite:
            window = rng.choice(windows)
            row[i["stage"]], row[i["channel"]], row[i["indicator_kind"]] = (
                "onsite",
                rng.choice("34"),
                "onsite",
            )
            row[i["window_id"]], row[i["hall_id"]] = window.pk, window.hall_id
            row[i["organisation_id"]], row[i["division_id"]] = (
                window.hall.organisation_id,
                window.hall.division_id,
            )
        else:
            org = rng.choice(orgs)
            row[i["stage"]], row[i["channel"]], row[i["indicator_kind"]] = (
                "close",
                rng.choice("12"),
                "online",
            )
            row[i["organisation_id"]], row[i["division_id"]] = org.pk, org.division_id
            row[i["real_name"]] = True
        row[i["indicator_version"]] = 1
        batch.append(row)
        if len(batch) == 50_000:
            table.write(batch)
            batch = []
            print(f"  seeded {have + n + 1:,}", flush=True)
    if batch:
        table.write(batch)
    reset_sequences([Evaluation])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM evaluations_evaluationrollup")
        cursor.execute(_ROLLUP_SQL)


# The rollup built from the table in one statement; its key matches services.rollups._key
# (field names sorted: channel, day, division_prefix, hall_id, item_code, level,
# organisation_id, staff_id, window_id).
_ROLLUP_SQL = """
INSERT INTO evaluations_evaluationrollup
  (key, day, division_prefix, organisation_id, hall_id, window_id, staff_id, item_code,
   channel, level, count)
SELECT concat_ws('|', e.channel, d.day::text, v.prefix, coalesce(e.hall_id, 0),
                 coalesce(i.code, ''), e.level, e.organisation_id,
                 coalesce(e.staff_id, 0), coalesce(e.window_id, 0)),
       d.day, v.prefix, e.organisation_id, coalesce(e.hall_id, 0),
       coalesce(e.window_id, 0), coalesce(e.staff_id, 0), coalesce(i.code, ''),
       e.channel, e.level, count(*)
FROM evaluations_evaluation e
CROSS JOIN LATERAL (SELECT (e.created_at AT TIME ZONE 'Asia/Shanghai')::date AS day) d
JOIN regions_division v ON v.id = e.division_id
LEFT JOIN catalog_implementation i ON i.id = e.implementation_id
WHERE NOT e.superseded AND NOT e.excluded
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
"""


def _combos(orgs: list, windows: list, rng: random.Random) -> list:  # type: ignore[type-arg]
    from tongban.evaluations.selectors import Filters

    out = []
    for _ in range(RUNS):
        month = rng.randrange(1, 13)
        start = dt.datetime(2026, month, 1, tzinfo=ZONE)
        end = dt.datetime(2026 + month // 12, month % 12 + 1, 1, tzinfo=ZONE)
        kind = rng.randrange(5)
        extra: dict = {}  # type: ignore[type-arg]
        if kind == 1:
            extra["division_prefix"] = rng.choice(orgs).division.prefix
        elif kind == 2:
            extra["organisation_id"] = rng.choice(orgs).pk
            extra["channel"] = rng.choice("12")
        elif kind == 3:
            window = rng.choice(windows)
            extra["window_id"], extra["hall_id"] = window.pk, window.hall_id
        elif kind == 4:
            extra["division_prefix"], extra["channel"] = "54", rng.choice("1234")
        out.append(Filters(start=start, end=end, **extra))
    return out


def main() -> None:
    common.setup()
    count = 1_000_000
    if "--evaluations" in sys.argv:
        count = int(sys.argv[sys.argv.index("--evaluations") + 1])
    _seed(count)
    from django.db import connection
    from django.utils import timezone

    from tongban.evaluations.domain.rating import Rating
    from tongban.evaluations.models import Evaluation, Invitation
    from tongban.evaluations.selectors import (
        levels_from_rollup,
        levels_recomputed,
        statistics_counts,
    )
    from tongban.evaluations.services.submit import invitation_open, invitation_submit

    orgs, windows = _places()
    combos = _combos(orgs, windows, random.Random(7))
    equal = all(
        levels_from_rollup(filters=f) == levels_recomputed(filters=f) for f in combos
    )
    it = iter(combos * 10)
    rollup = common.latencies(
        lambda: statistics_counts(filters=next(it)), RUNS, warmup=3
    )
    it2 = iter(combos * 10)
    direct = common.latencies(
        lambda: levels_recomputed(filters=next(it2)), RUNS, warmup=3
    )

    from tongban.accounts import services as accounts
    from tongban.accounts.domain.roles import Role
    from tongban.accounts.models import User
    from tongban.core.permissions import SYSTEM

    clerk = User.objects.filter(
        username="bench.clerk"
    ).first() or accounts.staff_create(
        actor=SYSTEM,
        username="bench.clerk",
        full_name="bench clerk",
        password="Correct-horse-2026",  # noqa: S106 - an account of the benchmark database only
        organisation=None,
        roles=[(Role.COUNTER_CLERK, None, windows[0].hall.division)],
    )
    tokens = [invitation_open(actor=clerk, window=windows[0])[1] for _ in range(4000)]
    good = Rating(level=1, options=["fast"])
    submits = common.rate(
        lambda n: invitation_submit(
            actor=None, token=tokens[n], channel="3", rating=good
        ),
        SUBMIT_SECONDS,
    )
    now = timezone.now()
    inserts = common.rate(
        lambda n: Invitation.objects.create(
            token_hash=f"bench-{now.timestamp()}-{n}",
            channel="3",
            stage="onsite",
            window=windows[0],
            created_at=now,
            expires_at=now,
        ),
        SUBMIT_SECONDS,
    )
    total = Evaluation.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM evaluations_evaluationrollup")
        rollup_rows = cursor.fetchone()[0]
    lines = [
        MARK,
        "## Evaluations: statistics from the rollup, submits",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.evaluations --write`; {total:,} evaluations, "
        f"{rollup_rows:,} rollup rows; {RUNS} filter combinations (month × region / unit "
        f"+ channel / window / channel), {SUBMIT_SECONDS:.0f} s per rate",
        f"- rollup equals recomputation for every combination: **{'yes' if equal else 'NO'}**",
        f"- load average during the run (1 min): {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores (a shared machine inflates every figure)",
        "",
        "| what | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
        f"| `statistics_counts` (levels from the rollup, tickets, closed cases) | "
        f"{common.median(rollup):.1f} | {common.pct(rollup, 95):.1f} |",
        f"| baseline: level counts recomputed from the evaluation table | "
        f"{common.median(direct):.1f} | {common.pct(direct, 95):.1f} |",
        "",
        "| what | per second |",
        "| --- | ---: |",
        f"| `invitation_submit` (lock, checks, insert, rollup +1, audit) | {submits:.0f} |",
        f"| baseline: one-row insert (`Invitation.objects.create`) | {inserts:.0f} |",
        "",
        f"Submit vs one-row insert: **{inserts / submits:.1f}×** the time. Goal p95 < 200 ms "
        f"for statistics: {'met' if common.pct(rollup, 95) < 200 else 'NOT met'}.",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
