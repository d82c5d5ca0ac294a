"""What one page of the workbench queue costs the database: the queue's SELECT reads only
the columns the page and the API rows show (issue 12: building 50 wide rows was most of
a page's time), and neither the page nor the API then loads a column it left out, one
row at a time, in any of the three languages."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

# The columns a page reads and may show, table by table (the version's number is the
# catalogue version on the API rows).
SHOWN = {
    "cases_case": {
        "id",
        "uuid",
        "number",
        "state",
        "result_code",
        "implementation_id",
        "division_id",
        "applicant_id",
        "channel",
        "submitted_at",
        "acceptance_due",
        "accepted_at",
        "decided_at",
        "closed_at",
        "statutory_due",
        "promised_due",
        "deadline_provisional",
        "deadline_moved_from",
        "extension_days",
        "queue_due",
        "supplement_rounds",
        "supplement_due",
        "tolerance_due",
        "decision",
        "decision_reasons",
        "result_name",
        "delivery_method",
    },
    "catalog_implementationversion": {"number"},
    "catalog_implementation": {"id", "basic_item_id", "code"},
    "catalog_basicitem": {"id", "name", "name_zh_hans", "name_bo", "name_en"},
    "accounts_applicant": {"id", "name"},
    # whole: the case's working calendar is looked up from it
    "regions_division": {
        "id",
        "code",
        "prefix",
        "level",
        "name",
        "name_zh_hans",
        "name_bo",
        "name_en",
        "parent_id",
        "is_active",
    },
}


def _queue_select(captured: CaptureQueriesContext) -> str:
    (sql,) = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith("SELECT")
        and 'FROM "cases_case"' in q["sql"]
        and '"cases_case"."queue_due"' in q["sql"].rsplit("ORDER BY", 1)[-1]
    ]
    return sql


def _columns(sql: str) -> dict[str, set[str]]:
    read: dict[str, set[str]] = {}
    for table, column in re.findall(r'"(\w+)"\."(\w+)"', sql.split(" FROM ", 1)[0]):
        read.setdefault(table, set()).add(column)
    return read


def _api_rows(api: Any, language: str) -> list[dict[str, Any]]:
    return api.get("/api/v1/internal/cases/", HTTP_ACCEPT_LANGUAGE=language).json()[
        "results"
    ]


@pytest.fixture
def clerk(staff: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(staff["clerk"])
    return client


def test_the_queue_reads_only_the_columns_it_shows(clerk: Client, submit: Any) -> None:
    submit()
    with CaptureQueriesContext(connection) as page:
        assert clerk.get("/workbench/cases/").status_code == 200
    read = _columns(_queue_select(page))
    assert read == SHOWN
    # not the application form, the identity, the contacts or the legal basis
    assert "form_data" not in read["cases_case"]
    assert "phone" not in read["accounts_applicant"]


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
def test_a_page_of_the_queue_costs_the_same_statements_for_one_case_or_three(
    clerk: Client, staff_api: dict[str, Any], submit: Any, language: str
) -> None:
    clerk.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    api = staff_api["clerk"]
    submit()
    clerk.get("/workbench/cases/")  # the working calendar compiled once
    with CaptureQueriesContext(connection) as one_page:
        one = clerk.get("/workbench/cases/")
    with CaptureQueriesContext(connection) as one_api:
        assert len(_api_rows(api, language)) == 1
    submit(key="key-00000002")
    submit(key="key-00000003")
    with CaptureQueriesContext(connection) as three_page:
        three = clerk.get("/workbench/cases/")
    with CaptureQueriesContext(connection) as three_api:
        rows = _api_rows(api, language)
    assert len(three.context["rows"]) == len(rows) == 3
    assert len(three_page) == len(one_page)
    assert len(three_api) == len(one_api)
    # the service's name is on both, in the language or its zh-hans fallback
    name = three.context["rows"][0]["case"].implementation.basic_item.name
    assert name
    assert name in three.content.decode()
    assert {row["item_name"] for row in rows} == {name}
    assert one.status_code == 200


def _scope_reads(captured: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "regions_division"' in q["sql"] and "LIKE" in q["sql"]
    ]


@pytest.fixture
def held(settings: Any) -> None:
    settings.REGION_IDS_SECONDS = 60


def test_the_next_page_does_not_read_the_divisions_of_the_scope_again(
    held: None, clerk: Client, submit: Any
) -> None:
    submit()
    with CaptureQueriesContext(connection) as first:
        assert clerk.get("/workbench/cases/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert len(clerk.get("/workbench/cases/").context["rows"]) == 1
    assert len(_scope_reads(first)) == 1
    assert _scope_reads(second) == []
    assert len(second) == len(first) - 1


def test_a_division_added_is_in_the_scope_at_once(
    held: None, clerk: Client, submit: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tongban.core.permissions import SYSTEM
    from tongban.regions import selectors as regions
    from tongban.regions import services as region_services

    before = regions.division_ids_under(prefix="540102")
    with django_capture_on_commit_callbacks(execute=True):
        township = region_services.division_create(
            actor=SYSTEM, code="540102001", name="八廓街道"
        )
    after = regions.division_ids_under(prefix="540102")
    assert township.pk not in before
    assert sorted(after) == sorted([*before, township.pk])


# What a page of the queue may cost, whatever it lists: the session, the user and the
# roles (the nav and the scope), the page of cases with their division, applicant and
# service in one SELECT, the 代收 halls of the page, and saving the session (BEGIN,
# UPDATE, COMMIT); the item filter looks the service's id up first. A query per row (a
# relation the page shows but the SELECT left out, a label read from the database)
# passes it at once with three cases.
QUEUE_PAGE_STATEMENTS = 9


@pytest.mark.parametrize(
    "query", ["", "state=submitted", "light=green", "mine=on", "item={item}"]
)
def test_a_page_of_the_queue_stays_under_its_statement_cap(
    clerk: Client, submit: Any, service: Any, query: str
) -> None:
    for n in range(1, 4):
        submit(key=f"key-0000000{n}")
    path = "/workbench/cases/?" + query.format(item=service.implementation.code)
    clerk.get(path)  # the working calendar compiled and the scope read once
    with CaptureQueriesContext(connection) as captured:
        response = clerk.get(path)
    assert response.status_code == 200
    assert len(response.context["rows"]) == (0 if query == "mine=on" else 3)
    assert len(captured) <= QUEUE_PAGE_STATEMENTS, "\n".join(
        q["sql"][:120] for q in captured.captured_queries
    )
