"""A crawl of every public page (following each same-site link outside the workbench,
the accounts and the admin) and of every public API list finds no full name, identity
number or phone number of any seeded applicant."""

import re
from collections import deque

import pytest

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
PUBLIC_API = [
    "/api/v1/public/items",
    "/api/v1/public/disclosure/figures",
    "/api/v1/public/disclosure/results",
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


def test_no_public_page_or_api_response_shows_an_applicants_personal_data(
    client, decided
) -> None:  # type: ignore[no-untyped-def]
    pages = _crawl(client, ["/", "/open/", "/open/feed.atom", *PUBLIC_API])
    assert "/open/results/" in pages
    assert len(pages) > 15
    for url, body in pages.items():
        for name, id_number, phone in PEOPLE:
            assert name not in body, (url, name)
            assert id_number not in body, (url, "id")
            assert phone not in body, (url, "phone")
