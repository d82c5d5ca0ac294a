"""Disclosure fixtures: the case fixtures, plus the service republished with its
decisions made public (决定公开) and three applicants whose cases are decided and closed."""

import datetime
from typing import Any

import pytest

from tests.builders import applicant_with_account
from tests.cases.conftest import *  # noqa: F403 - the case fixtures, shared as they are
from tests.cases.conftest import _monday  # noqa: F401 - autouse: Monday 2 March 2026
from tests.cases.region_calendar import submit_to
from tests.supervision.conftest import sweep  # noqa: F401 - a fixture
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM

PEOPLE = [  # name, identity number, phone
    ("张三丰", "540102199001010038", "13800000011"),
    ("格桑卓玛", "540102198505050047", "13800000012"),
    ("次仁多吉", "540102197012120057", "13800000013"),
]


@pytest.fixture
def public_decisions(service: Any) -> Any:
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.version_update(actor=SYSTEM, version=draft, decision_public=True)
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


@pytest.fixture
def decided(public_decisions, staff_api, act, halls) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Each seeded person applies; the first two are approved, the third denied."""
    from rest_framework.test import APIClient

    made = []
    for i, (name, id_number, phone) in enumerate(PEOPLE):
        applicant = applicant_with_account(
            language="zh-hans", phone=phone, name=name, id_number=id_number
        )
        client = APIClient()
        client.force_authenticate(applicant.user)
        answer = submit_to(client, public_decisions, f"key-{i:08d}")
        uuid = answer.json()["uuid"]
        assert act("clerk", uuid, "accept").status_code == 200
        for officer in ("officer", "officer2", "officer"):
            act(officer, uuid, "approve-step")
        decision = "deny" if i == 2 else "approve"
        reasons = "不符合《市场主体登记管理条例》第十条规定的条件。" if i == 2 else ""
        assert (
            act(
                "officer2", uuid, "decide", decision=decision, reasons=reasons
            ).status_code
            == 200
        )
        assert act("officer2", uuid, "close", result_name="营业执照").status_code == 200
        made.append({"uuid": uuid, "name": name, "id": id_number, "phone": phone})
    return made
