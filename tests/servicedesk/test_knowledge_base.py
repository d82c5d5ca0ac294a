"""The knowledge base: drafts in three languages, review by a second person, published
answers found from the guide, the form and the agent's screen; an answered consultation
becomes a draft in one click."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.servicedesk.conftest import file_ticket
from tongban.servicedesk import selectors
from tongban.servicedesk.services import actions, knowledge

pytestmark = pytest.mark.django_db
TEXTS = {
    "question_zh_hans": "营业执照办理需要带什么材料？",
    "answer_zh_hans": "申请书和法定代表人身份证复印件。",
    "question_bo": "ཚོང་ལས་ཆོག་མཆན་ལ་ཡིག་ཆ་གང་དགོས།",
    "answer_bo": "རེ་ཞུ་དང་ངོ་སྤྲོད་ལག་ཁྱེར།",
}


def _published(desk: dict[str, Any], orgs: dict[str, Any], service: Any) -> Any:
    entry = knowledge.knowledge_draft(
        actor=desk["handler"],
        organisation=orgs["lhasa"],
        implementation=service.implementation,
        texts=TEXTS,
    )
    knowledge.knowledge_submit(entry=entry, actor=desk["handler"])
    return knowledge.knowledge_publish(entry=entry, actor=desk["reviewer"])


def test_a_draft_is_not_found_until_published(
    desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    knowledge.knowledge_draft(
        actor=desk["handler"], organisation=orgs["lhasa"], texts=TEXTS
    )
    assert selectors.knowledge_search(text="营业执照") == []


def test_a_published_answer_is_found_in_each_language(
    desk: dict[str, Any], orgs: dict[str, Any], service: Any
) -> None:
    entry = _published(desk, orgs, service)
    assert selectors.knowledge_search(text="营业执照") == [entry]
    assert selectors.knowledge_search(text="ཆོག་མཆན") == [entry]
    assert selectors.knowledge_search(
        text="材料", implementation_code=service.implementation.code
    ) == [entry]


def test_the_author_does_not_publish_their_own_answer(
    desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    entry = knowledge.knowledge_draft(
        actor=desk["handler"], organisation=orgs["lhasa"], texts=TEXTS
    )
    knowledge.knowledge_submit(entry=entry, actor=desk["handler"])
    with pytest.raises(PermissionDenied):
        knowledge.knowledge_publish(entry=entry, actor=desk["handler"])


def test_another_units_staff_cannot_write_the_units_answers(
    desk: dict[str, Any], orgs: dict[str, Any]
) -> None:
    with pytest.raises(PermissionDenied):
        knowledge.knowledge_draft(
            actor=desk["xigaze"], organisation=orgs["lhasa"], texts=TEXTS
        )


def test_an_answered_consultation_becomes_a_draft_in_one_step(
    desk: dict[str, Any], orgs: dict[str, Any], applicant: Any, as_user: Any
) -> None:
    ticket = file_ticket(
        applicant.user, ticket_type="consultation", title="营业执照多久能办好"
    )
    ticket = actions.ticket_route(
        ticket=ticket, organisation=orgs["lhasa"], actor=desk["dispatcher"]
    )
    actions.ticket_reply(ticket=ticket, actor=desk["handler"], reply="5个工作日。")
    response = as_user(desk["handler"]).post(
        f"/api/v1/internal/servicedesk/tickets/{ticket.uuid}/to-knowledge"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["answer"] == "5个工作日。"


def test_an_unanswered_ticket_does_not_become_an_answer(
    desk: dict[str, Any], applicant: Any
) -> None:
    ticket = file_ticket(applicant.user, ticket_type="consultation")
    with pytest.raises(ValidationError):
        knowledge.knowledge_from_ticket(ticket=ticket, actor=desk["dispatcher"])


def test_the_public_search_answers_before_a_ticket_is_filed(
    desk: dict[str, Any], orgs: dict[str, Any], service: Any, client: Any
) -> None:
    _published(desk, orgs, service)
    found = client.get("/api/v1/public/servicedesk/knowledge/", {"q": "营业执照 材料"})
    assert [e["question"] for e in found.json()] == [TEXTS["question_zh_hans"]]


def test_the_guide_page_offers_the_items_answers(
    desk: dict[str, Any], orgs: dict[str, Any], service: Any, client: Any
) -> None:
    code = service.implementation.code
    _published(desk, orgs, service)
    guide = client.get(f"/items/{code}/").content.decode()
    assert 'name="implementation_code" value="' + code in guide
    found = client.get("/servicedesk/suggest/", {"implementation_code": code})
    assert TEXTS["answer_zh_hans"] in found.content.decode()
