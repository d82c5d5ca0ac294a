"""Builders shared by the case tests and the browser journeys: the published service in
拉萨 and the case staff, made through the same services a deployment uses."""

import datetime
from collections.abc import Callable
from typing import Any

from tests.conftest import PASSWORD
from tongban.accounts import services as accounts
from tongban.accounts.domain.roles import Role
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM

CASE_STAFF = (  # name, role, division
    ("clerk", Role.COUNTER_CLERK, "540100"),
    ("officer", Role.CASE_OFFICER, "540100"),
    ("officer2", Role.CASE_OFFICER, "540100"),
    ("xigaze_clerk", Role.COUNTER_CLERK, "540200"),
    ("xigaze_officer", Role.CASE_OFFICER, "540200"),
)


def business_licence_item(
    *,
    code: str = "000175004000",
    name: str = "营业执照 设立登记",
    name_bo: str | None = None,
) -> Any:
    """The basic item 营业执照 设立登记, the one every test service builds on (with its
    Tibetan name where a test reads the Tibetan pages)."""
    return catalog.basic_item_create(
        actor=SYSTEM,
        code=code,
        name=name,
        item_type="01",
        legal_basis="《中华人民共和国市场主体登记管理条例》",
        **({"name_bo": name_bo} if name_bo else {}),
    )


def published_service(
    organisation: Any,
    *,
    code: str = "000175004000",
    name: str = "营业执照 设立登记",
    service_scope: str = "",
) -> Any:
    """营业执照 设立登记 by 拉萨: 20 statutory / 5 promised working days, 容缺 allowed;
    two form fields and three materials (the second may be supplied later);
    ``service_scope`` its 通办 scope (none by default)."""
    item = business_licence_item(code=code, name=name)
    implementation = catalog.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=organisation
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=20,
        promised_limit=5,
        case_type="2",
        service_objects=["2"],
        handling_forms=["1", "2"],
        online_depth=3,
        visits_required=1,
        online_url="https://zwfw.xizang.gov.cn/demo",
        conditions="依法设立",
        location="拉萨",
        tolerance_acceptance=True,
        min_assurance_level=1,
        service_scope=service_scope,
    )
    for name, necessity, tolerance in (
        ("申请书", "required", False),
        ("法定代表人身份证复印件", "required", True),
        ("住所使用证明", "optional", False),
    ):
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="materials",
            name=name,
            necessity=necessity,
            source="applicant",
            tolerance_allowed=tolerance,
        )
    for key, label, field_type in (
        ("company_name", "企业名称", "text"),
        ("legal_rep_id", "法定代表人身份证号", "id_number"),
    ):
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="form_fields",
            key=key,
            label=label,
            field_type=field_type,
            required=True,
        )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return draft


def applicant_with_account(
    *,
    language: str = "bo",
    phone: str = "13800000001",
    name: str = "格桑",
    id_number: str = "54010219900101002X",
) -> Any:
    return accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name=name,
        id_type="111",
        id_number=id_number,
        phone=phone,
        password=PASSWORD,
        preferred_language=language,
    )


def case_staff(make_staff: Callable[..., Any]) -> dict[str, Any]:
    return {
        name: make_staff(name, role, division_code=division)
        for name, role, division in CASE_STAFF
    }


def simple_published_service(organisation: Any, *, code: str, name: str) -> Any:
    """A second live item (basic item ``code``) with one material, for lists and rankings."""
    item = catalog.basic_item_create(
        actor=SYSTEM, code=code, name=name, item_type="01", legal_basis="《示例条例》"
    )
    implementation = catalog.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=organisation
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=20,
        promised_limit=10,
        case_type="2",
        service_objects=["1"],
        handling_forms=["1"],
        online_depth=1,
        visits_required=1,
        conditions="符合条件",
        location="日喀则",
    )
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="申请书",
        necessity="required",
        source="applicant",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return draft
