"""The search's two steps (the newest answers first, then the token index) give what one
ordered query would: the newest matching answers, whether the word is common or rare."""

import datetime as dt
from typing import Any

import pytest

from tongban.servicedesk import selectors
from tongban.servicedesk.services import knowledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers(desk: dict[str, Any], orgs: dict[str, Any], time_machine: Any) -> list[Any]:
    """Seven published answers a minute apart, the oldest about a rare word."""
    made = []
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    for n in range(7):
        time_machine.move_to(start + dt.timedelta(minutes=n), tick=False)
        question = "社保卡挂失怎么办？" if n == 0 else f"营业执照问题{n}"
        entry = knowledge.knowledge_draft(
            actor=desk["handler"],
            organisation=orgs["lhasa"],
            texts={"question_zh_hans": question, "answer_zh_hans": "营业执照答复"},
        )
        knowledge.knowledge_submit(entry=entry, actor=desk["handler"])
        made.append(knowledge.knowledge_publish(entry=entry, actor=desk["reviewer"]))
    return made


@pytest.mark.parametrize("window", [3, 500])
def test_a_common_word_finds_the_newest_answers(
    answers: list[Any], window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "RECENT_WINDOW", window)
    newest_first = list(reversed(answers))
    assert selectors.knowledge_search(text="营业执照", limit=2) == newest_first[:2]
    assert selectors.knowledge_search(text="营业执照", limit=5) == newest_first[:5]


@pytest.mark.parametrize("window", [3, 500])
def test_a_rare_word_outside_the_newest_answers_is_found(
    answers: list[Any], window: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "RECENT_WINDOW", window)
    assert selectors.knowledge_search(text="挂失") == [answers[0]]
    assert selectors.knowledge_search(text="不存在") == []
