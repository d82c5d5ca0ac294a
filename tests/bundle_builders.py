"""The 新生儿出生一件事 test bundle: three live items of 拉萨 (出生医学证明 first, then
户口登记 and 医保参保 in parallel), their forms overlapping on the child's name and birth
date, their checklists on the parents' identity documents; made through the catalogue
services a deployment uses."""

import datetime
from typing import Any

from tongban.catalog import services as catalog
from tongban.catalog.services.bundles import (
    bundle_create,
    bundle_item_add,
    bundle_publish,
)
from tongban.core.permissions import SYSTEM

CHILD_FIELDS = (
    ("child_name", "新生儿姓名", "text", True),
    ("child_birth_date", "出生日期", "date", True),
)
ITEMS = (
    # code, name, step, own field, own material
    (
        "002007001000",
        "出生医学证明签发",
        1,
        ("birth_hospital", "出生医院"),
        "出生医学证明申请表",
    ),
    ("002009002000", "出生户口登记", 2, ("household_address", "落户地址"), "户口簿"),
    (
        "002020003000",
        "城乡居民医保参保登记",
        2,
        ("insured_phone", "联系电话"),
        "参保登记表",
    ),
)
PARENTS_ID = "父母身份证"
GOOD_FORM = {
    "child_name": "次仁央宗",
    "child_birth_date": "2026-02-20",
    "birth_hospital": "拉萨市人民医院",
    "household_address": "拉萨市城关区八廓街1号",
    "insured_phone": "13800000001",
}


def newborn_item(
    organisation: Any, code: str, name: str, own_field: tuple[str, str], own: str
) -> Any:
    item = catalog.basic_item_create(
        actor=SYSTEM, code=code, name=name, item_type="20", legal_basis="《示例条例》"
    )
    implementation = catalog.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=organisation
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=implementation)
    catalog.version_update(
        actor=SYSTEM,
        version=draft,
        statutory_limit=10,
        promised_limit=3,
        case_type="2",
        service_objects=["1"],
        handling_forms=["1", "2"],
        online_depth=3,
        visits_required=1,
        online_url="https://zwfw.xizang.gov.cn/demo",
        conditions="新生儿在本市出生",
        location="拉萨",
    )
    for material in (PARENTS_ID, own):
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="materials",
            name=material,
            necessity="required",
            source="applicant",
        )
    for key, label, field_type, required in (*CHILD_FIELDS, (*own_field, "text", True)):
        catalog.child_add(
            actor=SYSTEM,
            version=draft,
            kind="form_fields",
            key=key,
            label=label,
            field_type=field_type,
            required=required,
        )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return draft


def newborn_bundle(organisation: Any, *, publish: bool = True) -> Any:
    bundle = bundle_create(
        actor=SYSTEM,
        code="newborn",
        name="新生儿出生一件事",
        name_bo="བྱིས་པ་གསར་སྐྱེས་ཀྱི་བྱ་བ་གཅིག",
        name_en="A child is born",
        summary="出生医学证明、户口登记、医保参保一次办。",
        summary_en="Birth certificate, household registration and health insurance at once.",
    )
    for index, (code, name, step, own_field, own) in enumerate(ITEMS):
        version = newborn_item(organisation, code, name, own_field, own)
        bundle_item_add(
            actor=SYSTEM,
            bundle=bundle,
            implementation=version.implementation,
            step=step,
            order=index,
        )
    return bundle_publish(actor=SYSTEM, bundle=bundle) if publish else bundle
