"""The public disclosure portal reads the live data: every special list, halls with
their hours and windows, results publicity only for items whose decisions are public,
the figures, each page with its index number and publication date, and an Atom feed."""

import re
from xml.etree import ElementTree  # our own feed, not untrusted input

import pytest

pytestmark = pytest.mark.django_db

INDEX = re.compile(r'class="index-number">540000-0\d-20\d\d-\d{5}<')
PAGES = [
    "/open/",
    "/open/lists/at_most_one_visit/",
    "/open/lists/fully_online/",
    "/open/lists/instant/",
    "/open/lists/tolerance_acceptance/",
    "/open/lists/notification_pledge/",
    "/open/lists/tongban/",
    "/open/halls/",
    "/open/results/",
    "/open/figures/",
]


@pytest.mark.parametrize("url", PAGES)
def test_each_public_page_carries_its_index_number_and_publication_date(
    client, decided, url
) -> None:  # type: ignore[no-untyped-def]
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert INDEX.search(text), url
    assert 'class="published">20' in text


def test_results_publicity_masks_names_and_identity_numbers(client, decided) -> None:  # type: ignore[no-untyped-def]
    text = client.get("/open/results/").content.decode()
    assert "张*" in text
    assert "格*" in text
    assert "5401**********0038" in text
    assert "张三丰" not in text
    assert "540102199001010038" not in text


def test_results_are_published_only_where_the_item_says_so(client, submit, act) -> None:  # type: ignore[no-untyped-def]
    uuid = submit().json()["uuid"]
    act("clerk", uuid, "accept")
    for officer in ("officer", "officer2", "officer"):
        act(officer, uuid, "approve-step")
    act("officer2", uuid, "decide", decision="approve")
    act("officer2", uuid, "close", result_name="营业执照")
    assert (
        "Nothing published yet"
        in client.get("/open/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        or "暂无" in client.get("/open/results/").content.decode()
    )
    assert client.get("/api/v1/public/disclosure/results").json() == []


def test_halls_show_hours(client, decided) -> None:  # type: ignore[no-untyped-def]
    text = client.get("/open/halls/").content.decode()
    assert "09:30–13:00" in text


def test_the_portal_speaks_tibetan_when_chosen(client, decided, settings) -> None:  # type: ignore[no-untyped-def]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bo"
    text = client.get("/open/results/").content.decode()
    assert "ལས་དོན་མཇུག་འབྲས་སྤྱི་སྒྲོག" in text


def test_the_figures_follow_the_live_data(client, decided, sweep) -> None:  # type: ignore[no-untyped-def]
    before = client.get("/api/v1/public/disclosure/figures").json()
    sweep()
    after = {
        r["code"]: r["shown"]
        for r in client.get("/api/v1/public/disclosure/figures").json()
    }
    assert {r["code"] for r in before} == set(after)
    assert after["on_time_rate"] == "100.0 %"


def test_the_atom_feed_lists_published_guides_and_results(client, decided) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/open/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [e.text for e in root.iter("{http://www.w3.org/2005/Atom}title")]
    assert any("营业执照" in (t or "") for t in titles)
    assert "张三丰" not in response.content.decode()


@pytest.mark.parametrize("query", ["?page=abc", "?page=-3", "?page=" + "9" * 40])
def test_odd_page_numbers_answer_a_page_not_an_error(client, query) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/open/results/{query}").status_code == 200
    assert client.get(f"/api/v1/public/disclosure/results{query}").status_code == 200
