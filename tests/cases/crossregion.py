"""Shared by the 代收代办 tests: an item of 日喀则 that reaches the whole region (区内通办),
taken in at the 拉萨 hall, and a case decided and closed by 日喀则. The fixtures are
registered in ``tests/cases/conftest.py``."""

import json
from typing import Any

import pytest

from tests.builders import published_service
from tests.cases.conftest import GOOD_FORM, pdf
from tongban.accounts.domain.roles import Role
from tongban.cases.services.crossregion import ProxyIntent
from tongban.cases.services.submit import case_submit
from tongban.cases.services.transition import case_transition

IN_REGION = "3"  # 跨市通办: anywhere in the region


@pytest.fixture
def xigaze_item(orgs: dict[str, Any]) -> Any:
    return published_service(
        orgs["xigaze"], code="000175004001", service_scope=IN_REGION
    )


@pytest.fixture
def people(staff: dict[str, Any], make_staff: Any) -> dict[str, Any]:
    return {
        **staff,
        "xigaze_officer2": make_staff(
            "xigaze_officer2", Role.CASE_OFFICER, division_code="540200"
        ),
    }


def take_in(
    clerk: Any,
    hall: Any,
    item: Any,
    applicant: Any,
    key: str = "proxy-0001",
    **intent: Any,
) -> Any:
    by_name = {m.name: m.pk for m in item.materials.all()}
    case, _code = case_submit(
        actor=clerk,
        implementation_code=item.implementation.code,
        client_key=key,
        form_data=json.loads(GOOD_FORM),
        materials=[
            {"material": by_name[name], "file": pdf(), "original_seen": True}
            for name in ("申请书", "法定代表人身份证复印件")
        ],
        applicant=applicant,
        proxy=ProxyIntent(hall=hall, **intent),
    )
    return case


@pytest.fixture
def taken_in(
    people: dict[str, Any], halls: dict[str, Any], xigaze_item: Any, applicant: Any
) -> Any:
    return take_in(people["clerk"], halls["lhasa"], xigaze_item, applicant)


def decided_and_closed(case: Any, people: dict[str, Any]) -> Any:
    case = case_transition(case=case, event="accept", actor=people["xigaze_clerk"])
    for officer in ("xigaze_officer", "xigaze_officer2", "xigaze_officer"):
        case = case_transition(case=case, event="approve_step", actor=people[officer])
    case = case_transition(
        case=case,
        event="decide",
        actor=people["xigaze_officer"],
        data={"decision": "approve"},
    )
    return case_transition(
        case=case,
        event="close",
        actor=people["xigaze_officer"],
        data={"result_name": "营业执照"},
    )
