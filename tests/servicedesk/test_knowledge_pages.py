"""The knowledge base on the workbench: an organisation's staff draft an answer in three
languages, send it for review, a second person publishes it (never its author) or sends
it back with reasons; an answered consultation becomes a draft in one click; bad input is
refused on the field in the user's language, and staff without the permission see
nothing."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk import selectors
from tongban.servicedesk.models import KnowledgeEntry
from tongban.servicedesk.services import actions

pytestmark = pytest.mark.django_db
NEW = "/workbench/servicedesk/knowledge/new/"


def _form(orgs: dict[str, Any], **changes: str) -> dict[str, Any]:
    data = {
        "organisation": orgs["lhasa"].pk,
        "implementation_code": "",
        "question_zh_hans": "营业执照办理需要带什么材料？",
        "answer_zh_hans": "申请书和法定代表人身份证复印件。",
        "question_bo": "ཚོང་ལས་ཆོག་མཆན་ལ་ཡིག་ཆ་གང་དགོས།",
        "answer_bo": "རེ་ཞུ་དང་ངོ་སྤྲོད་ལག་ཁྱེར།",
        "question_en": "What do I bring for a business licence?",
        "answer_en": "The application and the legal representative's ID.",
    }
    data.update(changes)
    return data


def _login(client: Client, user: Any, language: str = "zh-hans") -> Client:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _drafted(client: Client, desk: dict[str, Any], orgs: dict[str, Any]) -> Any:
    _login(client, desk["handler"])
    response = client.post(NEW, _form(orgs))
    assert response.status_code == 302, response.content.decode()
    return KnowledgeEntry.objects.get()


def test_staff_draft_an_answer_in_three_languages(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = _drafted(client, desk, orgs)
    assert entry.status == "draft"
    assert entry.question_bo.startswith("ཚོང")  # type: ignore[attr-defined]  # modeltranslation field
    assert entry.answer_en.startswith("The application")  # type: ignore[attr-defined]  # modeltranslation field
    listing = client.get("/workbench/servicedesk/knowledge/").content.decode()
    assert "营业执照办理需要带什么材料？" in listing


def test_a_draft_is_reviewed_and_published_by_another_person(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = _drafted(client, desk, orgs)
    page = f"/workbench/servicedesk/knowledge/{entry.uuid}/"
    client.post(page + "submit/")
    entry.refresh_from_db()
    assert entry.status == "review"
    # The author is shown no button, and a forged request is refused with a message.
    assert 'id="knowledge-publish"' not in client.get(page).content.decode()
    client.post(page + "publish/")
    entry.refresh_from_db()
    assert entry.status == "review"
    _login(client, desk["reviewer"])
    assert 'id="knowledge-publish"' in client.get(page).content.decode()
    client.post(page + "publish/")
    entry.refresh_from_db()
    assert entry.status == "published"
    assert selectors.knowledge_search(text="ཆོག་མཆན") == [entry]


def test_a_published_answer_sent_back_is_no_longer_found(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = _drafted(client, desk, orgs)
    page = f"/workbench/servicedesk/knowledge/{entry.uuid}/"
    client.post(page + "submit/")
    _login(client, desk["reviewer"])
    client.post(page + "publish/")
    refused = client.post(page + "send-back/", {"reason": ""})
    assert refused.status_code == 200
    entry.refresh_from_db()
    assert entry.status == "published"
    client.post(page + "send-back/", {"reason": "答复已过时，请按新政策修改。"})
    entry.refresh_from_db()
    assert entry.status == "draft"
    assert selectors.knowledge_search(text="营业执照") == []


def test_a_draft_is_changed_on_its_page_and_found_by_the_new_words(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = _drafted(client, desk, orgs)
    page = f"/workbench/servicedesk/knowledge/{entry.uuid}/"
    client.post(page, _form(orgs, question_zh_hans="个体工商户登记需要什么？"))
    entry.refresh_from_db()
    assert entry.question_zh_hans == "个体工商户登记需要什么？"  # type: ignore[attr-defined]  # modeltranslation field
    assert " 工商 " in entry.search_tokens


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # the Chinese text is required
        ({"question_zh_hans": ""}, "question_zh_hans"),
        # markup or script in any language is refused
        ({"answer_en": "<script>alert(1)</script>"}, "answer_en"),
        # an unknown item code
        ({"implementation_code": "NO-SUCH-ITEM"}, "implementation_code"),
    ],
)
def test_bad_input_is_refused_on_its_field_in_the_users_language(
    client: Client,
    desk: dict[str, Any],
    orgs: dict[str, Any],
    changes: dict[str, str],
    field: str,
) -> None:
    _login(client, desk["handler"], language="bo")
    response = client.post(NEW, _form(orgs, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert re.search("[\u0f00-\u0fff]", errors[field][0]), errors
    assert KnowledgeEntry.objects.count() == 0


def test_staff_without_the_knowledge_base_see_nothing(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = _drafted(client, desk, orgs)
    _login(client, desk["clerk"])
    assert client.get("/workbench/servicedesk/knowledge/").status_code == 404
    assert client.get(NEW).status_code == 404
    page = f"/workbench/servicedesk/knowledge/{entry.uuid}/"
    assert client.get(page).status_code == 404
    # another unit's staff do not see this unit's drafts either
    _login(client, desk["xigaze"])
    assert client.get(page).status_code == 404


def test_an_answered_consultation_becomes_a_draft_in_one_click(
    client: Client, desk: dict[str, Any], orgs: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user, ticket_type="consultation", title="社保转移")
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    actions.ticket_reply(
        ticket=ticket, actor=desk["handler"], reply="请到社保窗口办理。"
    )
    _login(client, desk["handler"])
    response = client.post(f"/workbench/servicedesk/{ticket.uuid}/to-knowledge/")
    entry = KnowledgeEntry.objects.get()
    assert response["Location"] == f"/workbench/servicedesk/knowledge/{entry.uuid}/"
    assert entry.source_ticket == ticket
    assert entry.answer_zh_hans == "请到社保窗口办理。"  # type: ignore[attr-defined]  # modeltranslation field
    assert applicant.user.phone not in entry.search_tokens
