"""Catalogue fixtures: a region-wide catalogue manager and reviewer, a basic item, an
implementation in 拉萨 and a helper that takes a draft through review to publication."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from tests.builders import business_licence_item
from tests.bundle_builders import newborn_item
from tongban.accounts.domain.roles import Role
from tongban.catalog import services
from tongban.core.permissions import SYSTEM

GOOD_GUIDE = {
    "statutory_limit": 20,
    "promised_limit": 5,
    "case_type": "2",
    "service_objects": ["2"],
    "handling_forms": ["1", "2"],
    "online_depth": 3,
    "visits_required": 1,
    "online_url": "https://zwfw.xizang.gov.cn/demo",
    "conditions": "依法设立的企业",
    "location": "拉萨市政务服务中心",
}


@pytest.fixture
def manager(make_staff: Callable[..., object]) -> object:
    return make_staff(
        "catalogue.region", Role.CATALOGUE_MANAGER, division_code="540000"
    )


@pytest.fixture
def reviewer(make_staff: Callable[..., object]) -> object:
    return make_staff(
        "catalogue.reviewer", Role.CATALOGUE_MANAGER, division_code="540000"
    )


@pytest.fixture
def item(db: None) -> object:
    return business_licence_item(name_bo="ཚོང་ལས་ཆོག་འཐམ།")


@pytest.fixture
def implementation(item: object, orgs: dict[str, object]) -> object:
    return services.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=orgs["lhasa"]
    )


@pytest.fixture
def publish(django_capture_on_commit_callbacks: Any) -> Callable[..., object]:
    """Draft → edit → submit → approve → publish, by SYSTEM unless actors are given;
    what a publication does after commit (the guide cache's new stamp) is done, as it
    is when the publication commits."""

    def run(
        implementation: object,
        effective_from: datetime.date | None = None,
        **fields: object,
    ) -> object:
        draft = services.version_draft(actor=SYSTEM, implementation=implementation)
        services.version_update(actor=SYSTEM, version=draft, **{**GOOD_GUIDE, **fields})
        if not draft.materials.exists():
            services.child_add(
                actor=SYSTEM,
                version=draft,
                kind="materials",
                name="申请书",
                necessity="required",
                source="applicant",
            )
        services.version_submit(actor=SYSTEM, version=draft)
        services.version_approve(actor=SYSTEM, version=draft)
        with django_capture_on_commit_callbacks(execute=True):
            return services.version_publish(
                actor=SYSTEM, version=draft, effective_from=effective_from
            )

    return run


@pytest.fixture
def items(orgs: dict[str, Any]) -> list[Any]:
    """Two live items of 拉萨 whose forms share the child's name and birth date."""
    return [
        newborn_item(
            orgs["lhasa"],
            "002007001000",
            "出生医学证明签发",
            ("hospital", "医院"),
            "申请表",
        ),
        newborn_item(
            orgs["lhasa"], "002009002000", "出生户口登记", ("address", "地址"), "户口簿"
        ),
    ]
