"""好差评 at scale: statistics for filter combinations read from the maintained rollups
(monthly, daily, cases), against the same counts recomputed from the evaluation and case
tables in the same run (and checked equal), and evaluation submits per second (a window
invitation's ``invitation_submit``) against a one-row insert in the same run.

Run ``python -m bench.evaluations [--write] [--evaluations N] [--cases N]`` (default
1,000,000 each) with ``BENCH_DATABASE_URL`` naming the database; the seeded region's
cases come first (``common.ensure_cases``; with ``--cases``, that many over eight
counties). Seeding writes evaluations with COPY: about 60 % are the
completion evaluations of closed cases (the case's unit, item and, for counter cases, the
hall, window and clerk that took it in; 6 halls and 18 windows are given counter cases of
their prefecture), the rest on-site evaluations at those windows over 2026; each bad review
gets its rectification ticket. The rollups are then built in INSERT … SELECT statements and
the tables analysed; later runs reuse them.
"""

import datetime as dt
import os
import random
import sys
import uuid as uuid_
from typing import Any

from stdnum.cn import uscc

from bench import common

MARK = "<!-- bench:evaluations -->"
RUNS = 60
# The recomputation (the check and the baseline) scans the case table each time: the first
# CHECKS combinations, which cover every kind of filter, keep the run within minutes.
CHECKS = 14
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


def _intake_windows() -> None:
    """Every tenth counter case of a bench hall's prefecture is taken in at its windows
    (rewriting every counter row of a million would take longer than the whole run)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE cases_case c SET intake_hall_id = h.id, intake_window_id = w.id
            FROM regions_window w
            JOIN regions_hall h ON h.id = w.hall_id
            JOIN regions_division hd ON hd.id = h.division_id,
            regions_division cd
            WHERE cd.id = c.division_id AND c.channel = '1'
              AND h.name LIKE 'bench %' AND cd.prefix LIKE hd.prefix || '%'
              AND (c.id % 3) + 1 = w.number::int AND c.intake_window_id IS NULL
              AND c.id % 10 = 0
            """
        )


def _closed_cases(limit: int) -> list:  # type: ignore[type-arg]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.id, c.organisation_id, c.division_id, c.implementation_id,
                   c.closed_at, c.channel, c.intake_hall_id, c.intake_window_id,
                   CASE WHEN u.kind = 'staff' THEN c.submitted_by_id END,
                   a.user_id
            FROM cases_case c
            JOIN accounts_user u ON u.id = c.submitted_by_id
            JOIN accounts_applicant a ON a.id = c.applicant_id
            WHERE c.closed_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM evaluations_evaluation e
                              WHERE e.case_id = c.id)
            ORDER BY c.id LIMIT %s
            """,
            [limit],
        )
        return cursor.fetchall()


LEVELS = [1] * 80 + [2] * 12 + [3] * 4 + [4] * 2 + [5] * 2
START = dt.datetime(2026, 1, 1, tzinfo=ZONE)


def _case_row(row: list, case: tuple, rng: random.Random, i: dict) -> None:  # type: ignore[type-arg]
    cid, org, division, impl, closed_at, channel, hall, window, clerk, user = case
    row[i["case_id"]], row[i["implementation_id"]] = cid, impl
    row[i["organisation_id"]], row[i["division_id"]] = org, division
    row[i["hall_id"]], row[i["window_id"]], row[i["staff_id"]] = hall, window, clerk
    row[i["evaluator_id"]], row[i["real_name"]] = user, user is not None
    row[i["stage"]], row[i["indicator_kind"]] = "close", "online"
    row[i["channel"]] = {"1": "7", "3": "2"}.get(channel, "1")
    row[i["created_at"]] = closed_at + dt.timedelta(minutes=rng.randrange(1, 7 * 1440))


def _window_row(row: list, window: Any, rng: random.Random, i: dict) -> None:  # type: ignore[type-arg]
    row[i["stage"]], row[i["indicator_kind"]] = "onsite", "onsite"
    row[i["channel"]] = rng.choice("34")
    row[i["window_id"]], row[i["hall_id"]] = window.pk, window.hall_id
    row[i["organisation_id"]] = window.hall.organisation_id
    row[i["division_id"]] = window.hall.division_id
    row[i["created_at"]] = START + dt.timedelta(seconds=rng.randrange(334 * 86400))


def _seed(count: int) -> None:
    from tongban.evaluations.models import CaseRollup, Evaluation, TicketMonthRollup
    from tongban.ops.bulk import Table, next_id, reset_sequences

    have = Evaluation.objects.count()
    if have >= count:
        if not CaseRollup.objects.exists():  # a run stopped before its rollups
            _tickets()
            _rollups()
        elif not TicketMonthRollup.objects.exists():  # seeded before the ticket rollups
            _ticket_rollups()
        return
    _orgs, windows = _places()
    _intake_windows()
    rng = random.Random(have + 1)
    cases = _closed_cases(int((count - have) * 0.6))
    table = Table(Evaluation)
    i = table.index
    pk = next_id(Evaluation)
    batch: list[list] = []  # type: ignore[type-arg]
    for n in range(count - have):
        row = table.template()
        row[i["id"]] = pk + n
        row[i["uuid"]] = uuid_.UUID(int=rng.getrandbits(128))
        row[i["level"]] = rng.choice(LEVELS)
        row[i["scores"]], row[i["options"]] = "{}", "[]"
        row[i["indicator_version"]] = 1
        if n < len(cases):
            _case_row(row, cases[n], rng, i)
        else:
            _window_row(row, rng.choice(windows), rng, i)
        batch.append(row)
        if len(batch) == 50_000:
            table.write(batch)
            batch = []
            print(f"  seeded {have + n + 1:,}", flush=True)
    table.write(batch)
    reset_sequences([Evaluation])
    _tickets()
    _rollups()


def _tickets() -> None:
    """A rectification ticket for every bad review without one, in a realistic mix of
    states (most closed, some under way)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO evaluations_rectification
              (uuid, evaluation_id, state, organisation_id, division_id, content_class,
               contact_due, contacted_on, rectified_on, measures, callback_outcome,
               appeal_reasons, appeal_decision, created_at, clock_limit, clock_unit,
               clock_started_on, clock_extension, clock_pauses, clock_stopped_on, due_on,
               due_provisional)
            SELECT md5(e.id::text)::uuid, e.id,
                   (ARRAY['closed','closed','closed','closed','closed','closed',
                          'called_back','rectified','rectifying','reported'])[e.id % 10 + 1],
                   e.organisation_id, e.division_id, 'efficiency',
                   (e.created_at + interval '2 days')::date,
                   (e.created_at + interval '1 day')::date,
                   CASE WHEN e.id % 10 < 8
                        THEN (e.created_at + (e.id % 25) * interval '1 day')::date END,
                   '', '', '', '', e.created_at, 15, 'working', e.created_at::date, 0,
                   '[]', NULL, (e.created_at + interval '21 days')::date, false
            FROM evaluations_evaluation e
            WHERE e.level >= 4
              AND NOT EXISTS (SELECT 1 FROM evaluations_rectification r
                              WHERE r.evaluation_id = e.id)
            """
        )


# The rollups built from the tables; their keys match services.rollups._key (field names
# sorted: channel, day, division_prefix, hall_id, item_code, level, month,
# organisation_id, staff_id, window_id; so the day comes second, the month after the level).
_DAY_KEY = (
    "e.channel, d.period::text, v.prefix, coalesce(e.hall_id, 0), coalesce(i.code, ''), "
    "{level}e.organisation_id, coalesce(e.staff_id, 0), coalesce(e.window_id, 0)"
)
_MONTH_KEY = (
    "e.channel, v.prefix, coalesce(e.hall_id, 0), coalesce(i.code, ''), {level}"
    "d.period::text, e.organisation_id, coalesce(e.staff_id, 0), coalesce(e.window_id, 0)"
)
_EVALUATION_ROLLUP_SQL = """
INSERT INTO evaluations_{table}
  (key, {period}, division_prefix, organisation_id, hall_id, window_id, staff_id,
   item_code, channel, level, count)
SELECT concat_ws('|', {key}),
       d.period, v.prefix, e.organisation_id, coalesce(e.hall_id, 0),
       coalesce(e.window_id, 0), coalesce(e.staff_id, 0), coalesce(i.code, ''),
       e.channel, e.level, count(*)
FROM evaluations_evaluation e
CROSS JOIN LATERAL (SELECT date_trunc('{trunc}', e.created_at AT TIME ZONE
                    'Asia/Shanghai')::date AS period) d
JOIN regions_division v ON v.id = e.division_id
LEFT JOIN catalog_implementation i ON i.id = e.implementation_id
WHERE NOT e.superseded AND NOT e.excluded
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
"""

# The ticket rollups: the rules of domain.rectification.ticket_counts as SQL filters.
_TICKET_ROLLUP_SQL = """
INSERT INTO evaluations_{table}
  (key, {period}, division_prefix, organisation_id, hall_id, window_id, staff_id,
   item_code, channel, bad, rectified, on_time, real_name, called_back)
SELECT concat_ws('|', {key}),
       d.period, v.prefix, e.organisation_id, coalesce(e.hall_id, 0),
       coalesce(e.window_id, 0), coalesce(e.staff_id, 0), coalesce(i.code, ''),
       e.channel, count(*),
       count(*) FILTER (WHERE r.state IN ('rectified', 'called_back', 'closed')),
       count(*) FILTER (WHERE r.state IN ('rectified', 'called_back', 'closed')
                        AND r.rectified_on <= r.due_on),
       count(*) FILTER (WHERE e.real_name),
       count(*) FILTER (WHERE e.real_name AND r.state IN ('called_back', 'closed'))
FROM evaluations_rectification r
JOIN evaluations_evaluation e ON e.id = r.evaluation_id
CROSS JOIN LATERAL (SELECT date_trunc('{trunc}', e.created_at AT TIME ZONE
                    'Asia/Shanghai')::date AS period) d
JOIN regions_division v ON v.id = e.division_id
LEFT JOIN catalog_implementation i ON i.id = e.implementation_id
WHERE r.state <> 'dismissed' AND NOT e.excluded
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""

# Each case's first evaluation in one sorted pass (a subquery per case ordered by id would
# let the planner walk the primary key for every case).
_CASE_ROLLUP_SQL = """
WITH f AS (
  SELECT DISTINCT ON (case_id) case_id, channel FROM evaluations_evaluation
  WHERE case_id IS NOT NULL ORDER BY case_id, id
), c AS (
  SELECT date_trunc('month', c.closed_at AT TIME ZONE 'Asia/Shanghai')::date AS month,
         v.prefix, c.organisation_id, coalesce(c.intake_hall_id, 0) AS hall,
         coalesce(c.intake_window_id, 0) AS win,
         CASE WHEN u.kind = 'staff' THEN c.submitted_by_id ELSE 0 END AS staff,
         i.code AS item, f.channel AS first
  FROM cases_case c
  JOIN regions_division v ON v.id = c.division_id
  JOIN catalog_implementation i ON i.id = c.implementation_id
  JOIN accounts_user u ON u.id = c.submitted_by_id
  LEFT JOIN f ON f.case_id = c.id
  WHERE c.closed_at IS NOT NULL
), cells AS (
  SELECT month, prefix, organisation_id, hall, win, staff, item, '' AS channel,
         count(*) AS closed, 0 AS evaluated
  FROM c GROUP BY 1, 2, 3, 4, 5, 6, 7
  UNION ALL
  SELECT month, prefix, organisation_id, hall, win, staff, item, first, 0, count(*)
  FROM c WHERE first IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
)
INSERT INTO evaluations_caserollup
  (key, month, division_prefix, organisation_id, hall_id, window_id, staff_id,
   item_code, channel, closed, evaluated)
SELECT concat_ws('|', channel, prefix, hall, item, month::text, organisation_id, staff,
                 win),
       month, prefix, organisation_id, hall, win, staff, item, channel, closed, evaluated
FROM cells
"""


def _rollups() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE evaluations_evaluation")
        for table, period, trunc, key in (
            ("evaluationrollup", "day", "day", _DAY_KEY),
            ("evaluationmonthrollup", "month", "month", _MONTH_KEY),
        ):
            cursor.execute(f"DELETE FROM evaluations_{table}")  # noqa: S608 - constants
            cursor.execute(
                _EVALUATION_ROLLUP_SQL.format(
                    table=table,
                    period=period,
                    trunc=trunc,
                    key=key.format(level="e.level, "),
                )
            )
        cursor.execute("DELETE FROM evaluations_caserollup")
        cursor.execute(_CASE_ROLLUP_SQL)
        for table in (
            "evaluations_evaluation",
            "evaluations_rectification",
            "evaluations_evaluationrollup",
            "evaluations_evaluationmonthrollup",
            "evaluations_caserollup",
            "cases_case",
        ):
            cursor.execute(f"ANALYZE {table}")
    _ticket_rollups()


def _ticket_rollups() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for table, period, trunc, key in (
            ("ticketrollup", "day", "day", _DAY_KEY),
            ("ticketmonthrollup", "month", "month", _MONTH_KEY),
        ):
            cursor.execute(f"DELETE FROM evaluations_{table}")  # noqa: S608 - constants
            cursor.execute(
                _TICKET_ROLLUP_SQL.format(
                    table=table, period=period, trunc=trunc, key=key.format(level="")
                )
            )
            cursor.execute(f"ANALYZE evaluations_{table}")


def _candidates() -> dict[str, list]:  # type: ignore[type-arg]
    """Values the filters pick from: prefectures and counties, units, items, clerks and
    windows that have evaluations."""
    from django.db import connection

    out = {}
    queries = {
        "prefix": "SELECT DISTINCT v.prefix FROM regions_division v JOIN "
        "evaluations_evaluation e ON e.division_id = v.id",
        "organisation_id": "SELECT DISTINCT organisation_id FROM evaluations_caserollup",
        "item_code": "SELECT DISTINCT item_code FROM evaluations_caserollup",
        "staff_id": "SELECT DISTINCT staff_id FROM evaluations_caserollup "
        "WHERE staff_id > 0",
        "window": "SELECT DISTINCT window_id, hall_id FROM evaluations_caserollup "
        "WHERE window_id > 0",
    }
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            cursor.execute(sql + " ORDER BY 1 LIMIT 500")
            out[name] = [row if name == "window" else row[0] for row in cursor]
    out["prefix"] += sorted({p[:4] for p in out["prefix"]})
    return out


def _period(rng: random.Random) -> tuple[dt.datetime, dt.datetime]:
    """A month (most often), a quarter, or a span of days across a month's end."""
    month = rng.randrange(1, 12)
    start = dt.datetime(2026, month, 1, tzinfo=ZONE)
    kind = rng.randrange(6)
    if kind == 0 and month <= 9:
        return start, dt.datetime(2026, month + 3, 1, tzinfo=ZONE)
    if kind == 1:
        begin = start + dt.timedelta(days=rng.randrange(5, 20))
        return begin, begin + dt.timedelta(days=rng.randrange(10, 40))
    return start, dt.datetime(2026, month + 1, 1, tzinfo=ZONE)


def _combos(values: dict, rng: random.Random) -> list:  # type: ignore[type-arg]
    """Filter combinations: the whole region, a prefecture or county, a unit (with a
    channel), an item, a hall and window, a clerk, a channel — over different periods."""
    from tongban.evaluations.selectors import Filters

    out = []
    for n in range(RUNS):
        start, end = _period(rng)
        extra: dict = {}  # type: ignore[type-arg]
        kind = n % 7
        if kind == 1:
            extra["division_prefix"] = rng.choice(values["prefix"])
        elif kind == 2:
            extra["organisation_id"] = rng.choice(values["organisation_id"])
            extra["channel"] = rng.choice("127")
        elif kind == 3:
            extra["item_code"] = rng.choice(values["item_code"])
        elif kind == 4 and values["window"]:
            extra["window_id"], extra["hall_id"] = rng.choice(values["window"])
        elif kind == 5 and values["staff_id"]:
            extra["staff_id"] = rng.choice(values["staff_id"])
        elif kind == 6:
            extra["division_prefix"], extra["channel"] = "54", rng.choice("1234567")
        out.append(Filters(start=start, end=end, **extra))
    return out


def main() -> None:
    common.setup()
    count = 1_000_000
    if "--evaluations" in sys.argv:
        count = int(sys.argv[sys.argv.index("--evaluations") + 1])
    cases, counties = 1_000_000, None
    if "--cases" in sys.argv:  # a smaller region when the machine is too busy to seed
        cases = int(sys.argv[sys.argv.index("--cases") + 1])
        counties = 8
    common.ensure_cases(cases, counties=counties)
    _seed(count)
    from django.db import connection
    from django.utils import timezone

    from tongban.evaluations.domain.rating import Rating
    from tongban.evaluations.models import Evaluation, Invitation
    from tongban.evaluations.selectors import (
        closed_cases_from_rollup,
        closed_cases_recomputed,
        counted_by_channel_level,
        levels_from_rollup,
        levels_recomputed,
        statistics_counts,
        ticket_figures,
        tickets_recomputed,
    )
    from tongban.evaluations.services.submit import invitation_open, invitation_submit

    _orgs, windows = _places()
    combos = _combos(_candidates(), random.Random(7))
    equal = all(
        levels_from_rollup(filters=f) == levels_recomputed(filters=f)
        and closed_cases_from_rollup(filters=f) == closed_cases_recomputed(filters=f)
        and ticket_figures(filters=f) == tickets_recomputed(filters=f)
        for f in combos[:CHECKS]
    )

    def timed(fn: Any, runs: int = RUNS) -> list[float]:
        it = iter(combos * 10)
        return common.latencies(lambda: fn(filters=next(it)), runs, warmup=2)

    def recomputed(*, filters: Any) -> None:
        levels_recomputed(filters=filters)
        closed_cases_recomputed(filters=filters)

    def grouped(*, filters: Any) -> None:
        # What statistics_counts read before the ticket rollups: the same rollups for
        # levels and cases, the tickets in one grouped query.
        counted_by_channel_level(filters=filters)
        tickets_recomputed(filters=filters)
        closed_cases_from_rollup(filters=filters)

    timings = {
        "all": timed(statistics_counts),
        "levels": timed(counted_by_channel_level),
        "tickets": timed(ticket_figures),
        "cases": timed(closed_cases_from_rollup),
        "grouped": timed(grouped),
        "grouped_tickets": timed(tickets_recomputed),
        "direct": timed(recomputed, CHECKS),
    }

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
    tokens = [invitation_open(actor=clerk, window=windows[0])[1] for _ in range(1500)]
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
    sizes = {}
    with connection.cursor() as cursor:
        for table in (
            "evaluationmonthrollup",
            "evaluationrollup",
            "caserollup",
            "ticketmonthrollup",
            "ticketrollup",
        ):
            cursor.execute(f"SELECT count(*) FROM evaluations_{table}")  # noqa: S608
            sizes[table] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM evaluations_rectification")
        tickets = cursor.fetchone()[0]

    def row(label: str, key: str) -> str:
        values = timings[key]
        return (
            f"| {label} | {common.median(values):.1f} | {common.pct(values, 95):.1f} |"
        )

    p95 = common.pct(timings["all"], 95)
    lines = [
        MARK,
        "## #14 好差评 — evaluations: statistics from the rollups, submits",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- command: `python -m bench.evaluations {' '.join(sys.argv[1:])}`; "
        f"{total:,} evaluations "
        f"({tickets:,} bad-review tickets) over the seeded region's {cases:,} cases; "
        f"rollup rows: {sizes['evaluationmonthrollup']:,} monthly, "
        f"{sizes['evaluationrollup']:,} daily, {sizes['caserollup']:,} case, "
        f"{sizes['ticketmonthrollup']:,} + {sizes['ticketrollup']:,} ticket (monthly + "
        "daily); tables analysed after seeding",
        f"- {RUNS} filter combinations: the region, a prefecture or county, a unit + "
        "channel, an item, a hall + window, a clerk, a channel; over a month, a quarter "
        f"or a span of days across months; {SUBMIT_SECONDS:.0f} s per rate",
        "- rollups equal a recomputation (levels, closed and evaluated cases, ticket "
        "figures) for the "
        f"first {CHECKS} combinations (every kind of filter): "
        f"**{'yes' if equal else 'NO'}**",
        f"- load average during the run (1 min): {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores (a shared machine inflates every figure)",
        "",
        "| what | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
        row("`statistics_counts` (everything a report shows)", "all"),
        row("… levels × channels (monthly + daily rollups)", "levels"),
        row("… bad-review tickets (ticket rollups, monthly + daily)", "tickets"),
        row("… closed and evaluated cases (case rollup)", "cases"),
        row(
            "baseline: `statistics_counts` as before, tickets by a grouped query",
            "grouped",
        ),
        row("baseline: … bad-review tickets by the grouped query", "grouped_tickets"),
        row(
            f"baseline: levels and closed cases recomputed from the tables "
            f"({CHECKS} calls)",
            "direct",
        ),
        "",
        "| what | per second |",
        "| --- | ---: |",
        f"| `invitation_submit` (lock, checks, insert, rollups, audit) | {submits:.0f} |",
        f"| baseline: one-row insert (`Invitation.objects.create`) | {inserts:.0f} |",
        "",
        f"Submit vs one-row insert: **{inserts / submits:.1f}×** the time. Goal p95 < "
        f"200 ms for statistics: {'met' if p95 < 200 else 'NOT met'} ({p95:.0f} ms).",
        MARK,
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
