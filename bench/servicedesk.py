"""The service desk at size: the agent's knowledge-base search over 100,000 published
answers (goal p95 < 50 ms) and the dispatcher's queue over 1,000,000 tickets (goal p95 <
100 ms), against fetching 50 rows by primary key in the same run (issue 15).

Run ``python -m bench.servicedesk [--write]``. Seeds the benchmark database (SQL
``COPY`` for the answers, with the tokens the services write; ``generate_series`` for the
tickets; PostgreSQL only) with the answers and tickets when it holds fewer; the
dispatcher is a 12345 agent of 拉萨 (540100). Each figure is 200 timed calls after 5
untimed ones, rows fetched (``list()``), on one connection.
"""

import datetime as dt
import hashlib
import os
import secrets
import sys
import uuid
from typing import Any

from bench import common

MARK = "<!-- bench:servicedesk -->"
ANSWERS = 100_000
TICKETS = 1_000_000
RUNS = 200


def _answer(n: int) -> tuple[str, str]:
    question = f"事项{n} 营业执照 办理问题 {hashlib.md5(str(n).encode(), usedforsecurity=False).hexdigest()}"
    answer = f"答复 {hashlib.md5(str(n * 7).encode(), usedforsecurity=False).hexdigest()} 材料齐全即可办理。"
    return question, answer


def _seed_answers(cursor: Any, unit_id: int, numbers: range) -> None:
    """COPY the answers with the search tokens the services would have written."""
    from tongban.servicedesk.domain.search import document

    columns = (
        "uuid, organisation_id, question, question_zh_hans, answer, answer_zh_hans, "
        "question_bo, status, updated_at, published_at, search_tokens"
    )
    now = dt.datetime.now(dt.UTC)
    with cursor.copy(f"COPY servicedesk_knowledgeentry ({columns}) FROM STDIN") as copy:
        for n in numbers:
            question, answer = _answer(n)
            # One answer in ten has its Tibetan question (ཚོང་ཟོག་ལག་ཁྱེར་ business licence).
            tibetan = f"ཚོང་ཟོག་ལག་ཁྱེར་ {n}" if n % 10 == 0 else None
            copy.write_row(
                (
                    uuid.uuid4(),
                    unit_id,
                    question,
                    question,
                    answer,
                    answer,
                    tibetan,
                    "published",
                    now,
                    now - dt.timedelta(seconds=n),
                    document([question, answer, tibetan or ""]),
                )
            )


def _seed() -> tuple[object, int, int]:
    from django.db import connection

    from tongban.accounts import services as accounts
    from tongban.accounts.domain.roles import Role
    from tongban.core.permissions import SYSTEM
    from tongban.regions import selectors as region_selectors
    from tongban.regions import services as regions
    from tongban.regions.models import Organisation
    from tongban.servicedesk.models import KnowledgeEntry, Ticket

    lhasa = region_selectors.division_get(code="540100")
    unit = Organisation.objects.filter(uscc="11540100MB0T12340N").first()
    if unit is None:
        unit = regions.organisation_create(
            actor=SYSTEM,
            name="拉萨市政务服务中心（基准）",
            uscc="11540100MB0T12340N",
            division_code="540100",
            exercise_level=3,
        )
    from tongban.accounts.models import User

    agent = User.objects.filter(
        username="bench.agent"
    ).first() or accounts.staff_create(
        actor=SYSTEM,
        username="bench.agent",
        full_name="bench.agent",
        password=secrets.token_urlsafe(16),  # never logs in; the selector reads it
        organisation=None,
        roles=[(Role.SERVICE_DESK_AGENT, None, lhasa)],
    )
    with connection.cursor() as cursor:
        have = KnowledgeEntry.objects.count()
        if have < ANSWERS:
            _seed_answers(cursor, unit.pk, range(have + 1, ANSWERS + 1))
        have = Ticket.objects.count()
        if have < TICKETS:
            cursor.execute(
                """INSERT INTO servicedesk_ticket (uuid, number, ticket_type, channel,
                state, title, content, division_id, requester_name, requester_phone,
                language, anonymous_to_unit, received_at, reply, extension_reason,
                overdue_days, ladder_step, supervised, reopen_count, satisfaction,
                callback_note, clock_limit, clock_unit, clock_started_on,
                clock_extension, clock_pauses, due_on, due_provisional,
                handling_organisation_id)
                SELECT gen_random_uuid(), 'B' || n, (ARRAY['consultation','help',
                'complaint','report','suggestion'])[1 + n %% 5], 'portal',
                (ARRAY['received','in_progress','replied','closed','closed'])[1 + n %% 5],
                '标题 ' || n, '内容', %s, '', '', 'zh-hans', false,
                now() - (n %% 365) * interval '1 day', '', '', 0, 0, false, 0, '', '',
                13, 'working', current_date - (n %% 365), 0, '[]',
                current_date - (n %% 365) + 18, false, %s
                FROM generate_series(%s, %s) AS n""",
                [lhasa.pk, unit.pk, have + 1, TICKETS],
            )
        cursor.execute("ANALYZE servicedesk_ticket")
        cursor.execute("ANALYZE servicedesk_knowledgeentry")
    return agent, KnowledgeEntry.objects.count(), Ticket.objects.count()


def _substring_search(text: str, limit: int = 5) -> list[object]:
    """The selector this run replaces (kept here as the same-run baseline): any word
    as a substring of any of the six question and answer columns."""
    from django.db.models import Q

    from tongban.servicedesk.models import KnowledgeEntry

    condition = Q()
    for word in [w for w in text.split() if len(w) >= 2][:6] or [text.strip()]:
        for field in ("question", "answer"):
            for lang in ("zh_hans", "bo", "en"):
                condition |= Q(**{f"{field}_{lang}__icontains": word})
    found = KnowledgeEntry.objects.filter(condition, status="published")
    return list(found.order_by("-published_at", "pk")[:limit])


def main() -> None:
    common.setup()
    from tongban.servicedesk import selectors
    from tongban.servicedesk.models import KnowledgeEntry, Ticket

    agent, answers, tickets = _seed()
    load_before = os.getloadavg()[0]
    figures = {
        "knowledge search, 2 words": common.latencies(
            lambda: selectors.knowledge_search(text="营业执照 办理"), RUNS
        ),
        "knowledge search, one answer of 100,000": common.latencies(
            lambda: selectors.knowledge_search(text=_answer(54_321)[1].split()[1]),
            RUNS,
        ),
        "knowledge search, Tibetan (1 answer in 10)": common.latencies(
            lambda: selectors.knowledge_search(text="ཚོང་ཟོག་ལག་ཁྱེར་"), RUNS
        ),
        "knowledge search, no match": common.latencies(
            lambda: selectors.knowledge_search(text="不存在的词语"), RUNS
        ),
        "before (substring search), 2 words": common.latencies(
            lambda: _substring_search("营业执照 办理"), RUNS
        ),
        "before (substring search), one answer of 100,000": common.latencies(
            lambda: _substring_search(_answer(54_321)[1].split()[1]), RUNS
        ),
        "before (substring search), no match": common.latencies(
            lambda: _substring_search("不存在的词语"), RUNS
        ),
        "baseline: 5 answers by primary key": common.latencies(
            lambda: list(KnowledgeEntry.objects.order_by("pk")[:5]), RUNS
        ),
        "dispatcher queue, no filter": common.latencies(
            lambda: list(selectors.ticket_queue_for(user=agent, limit=50)), RUNS
        ),
        "dispatcher queue, state = received": common.latencies(
            lambda: list(
                selectors.ticket_queue_for(user=agent, states=["received"], limit=50)
            ),
            RUNS,
        ),
        "baseline: 50 tickets by primary key": common.latencies(
            lambda: list(Ticket.objects.order_by("pk")[:50]), RUNS
        ),
    }
    load_after = os.getloadavg()[0]
    lines = [
        MARK,
        "## Service desk: knowledge-base search and the dispatcher's queue",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- data: {answers:,} published answers, {tickets:,} tickets in 拉萨",
        f"- load average (1 min) at the start and the end of the run: "
        f"{load_before:.1f} and {load_after:.1f} on {os.cpu_count()} cores, shared with "
        "other test suites: compare each figure with the baselines of the same run",
        "- goals (issue 15): search p95 < 50 ms, queue p95 < 100 ms",
        "",
        "| call | p50 ms | p95 ms |",
        "| --- | ---: | ---: |",
    ]
    for name, values in figures.items():
        lines.append(
            f"| {name} | {common.median(values):.1f} | {common.pct(values, 95):.1f} |"
        )
    lines.append(MARK)
    section = "\n".join(lines)
    print(section)
    if "--write" in sys.argv:
        common.write_section(MARK, section)


if __name__ == "__main__":
    main()
