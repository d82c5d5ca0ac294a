"""A crawl of every public page (following each same-site link outside the workbench,
the accounts and the admin) and of every public API read (each GET without a path
parameter in the committed OpenAPI file, read anonymously) finds no full name, identity
number or phone number of any seeded applicant — who also filed a service-desk ticket
each and rated their case, so the desk's and the evaluations' public figures are read
with personal data behind them."""

import re
from collections import deque
from pathlib import Path

import pytest
import yaml

from tests.disclosure.conftest import PEOPLE

pytestmark = pytest.mark.django_db

PRIVATE = (
    "/workbench",
    "/admin",
    "/me/",
    "/login",
    "/logout",
    "/staff",
    "/api/v1/internal",
)
OPENAPI = Path(__file__).resolve().parents[2] / "openapi" / "tongban.yaml"
_PATHS = yaml.safe_load(OPENAPI.read_text(encoding="utf-8"))["paths"]
PUBLIC_API = [
    *sorted(
        path
        for path, operations in _PATHS.items()
        if path.startswith("/api/v1/public/")
        and "{" not in path
        and "get" in operations
    ),
    "/api/v1/public/disclosure/results?page=2",
]
LINK = re.compile(r'href="(/[^"#?]*(?:\?[^"#]*)?)"')


def _crawl(client, start: list[str], limit: int = 400) -> dict[str, str]:  # type: ignore[no-untyped-def]
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft().replace("&amp;", "&")
        if url in seen or url.startswith(PRIVATE) or url.startswith("/static/"):
            continue
        response = client.get(url)
        body = response.content.decode("utf-8", "replace")
        seen[url] = body
        if "html" in response.get("Content-Type", ""):
            queue.extend(LINK.findall(body))
    return seen


@pytest.fixture
def desk_and_reviews(decided, orgs, make_staff, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Each seeded person files a complaint naming themselves and rates their case."""
    from rest_framework.test import APIClient

    from tests.servicedesk.conftest import file_ticket
    from tongban.accounts.domain.roles import Role
    from tongban.cases.models import Case
    from tongban.servicedesk.services import actions

    dispatcher = make_staff("dispatcher", Role.SERVICE_DESK_AGENT, "540100")
    for person, (name, _id_number, phone) in zip(decided, PEOPLE, strict=True):
        applicant = Case.objects.get(uuid=person["uuid"]).applicant
        ticket = file_ticket(applicant.user, requester_name=name, requester_phone=phone)
        actions.ticket_route(
            ticket=ticket, organisation=orgs["lhasa"], actor=dispatcher
        )
        client = APIClient()
        client.force_authenticate(applicant.user)
        with django_capture_on_commit_callbacks(execute=True):
            rated = client.post(
                f"/api/v1/public/cases/{person['uuid']}/evaluations",
                {"stage": "close", "level": 5, "options": ["attitude"], "text": "慢"},
                format="json",
            )
        assert rated.status_code == 201, rated.content


def test_no_public_page_or_api_response_shows_an_applicants_personal_data(
    client, desk_and_reviews
) -> None:  # type: ignore[no-untyped-def]
    pages = _crawl(client, ["/", "/open/", "/open/feed.atom", *PUBLIC_API])
    assert "/open/results/" in pages
    assert "/api/v1/public/evaluations/statistics" in pages
    assert "/api/v1/public/servicedesk/tickets/" in pages
    assert len(pages) > 15
    for url, body in pages.items():
        for name, id_number, phone in PEOPLE:
            assert name not in body, (url, name)
            assert id_number not in body, (url, "id")
            assert phone not in body, (url, "phone")
