"""Basic items and implementations: codes, uniformity, scope, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongban.accounts.domain.roles import Role
from tongban.catalog import services
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def codes_of(error: ValidationError) -> dict[str, list[str]]:
    return {
        field: [e.code for e in errors] for field, errors in error.error_dict.items()
    }


def test_basic_item_keeps_decomposed_code_and_pinyin_keys(item):
    assert item.parsed_code.item_type == "01"
    assert item.parsed_code.department == "75"
    assert item.search_initials == "yyzzsldj"
    assert AuditEvent.objects.filter(action="catalog.basic_item.create").count() == 1


@pytest.mark.parametrize(
    ("code", "item_type", "field", "error"),
    [
        ("", "01", "code", "basic_code_empty"),
        ("营业执照", "01", "code", "basic_code_characters"),
        ("009975004000", "01", "code", "basic_code_item_type"),
        # the code says 20 公共服务, the row says 01 行政许可
        ("002075004000", "01", "item_type", "item_type_mismatch"),
        # unknown item type on a local code: the model's choices reject it
        ("XK00001000", "99", "item_type", "invalid_choice"),
    ],
)
def test_basic_item_rejects_bad_codes_and_types(code, item_type, field, error):
    with pytest.raises(ValidationError) as caught:
        services.basic_item_create(
            actor=SYSTEM, code=code, name="x", item_type=item_type
        )
    assert error in codes_of(caught.value)[field]


def test_local_basic_code_is_accepted(db):
    item = services.basic_item_create(
        actor=SYSTEM, code="xk-00001", name="x", item_type="01"
    )
    assert item.code == "XK-00001"


def test_basic_code_is_unique(item):
    with pytest.raises(ValidationError) as caught:
        services.basic_item_create(
            actor=SYSTEM, code="00-01-75-004-000", name="x", item_type="01"
        )
    assert codes_of(caught.value) == {"code": ["unique"]}


def test_update_bumps_version_and_audits_old_and_new(item):
    services.basic_item_update(actor=SYSTEM, item=item, name="营业执照 设立登记（新）")
    item.refresh_from_db()
    assert item.version == 2
    event = AuditEvent.objects.filter(action="catalog.basic_item.update").get()
    assert event.changes["name_zh_hans"] == [
        "营业执照 设立登记",
        "营业执照 设立登记（新）",
    ]


def test_prefecture_manager_cannot_edit_the_region_wide_catalogue(item, make_staff):
    lhasa = make_staff("cat.lhasa", Role.CATALOGUE_MANAGER, division_code="540100")
    with pytest.raises(PermissionDenied):
        services.basic_item_update(actor=lhasa, item=item, name="x")


def test_implementation_code_is_uscc_level_basic_code(implementation, orgs):
    assert implementation.code == f"{orgs['lhasa'].uscc}3000175004000"
    assert implementation.exercise_level == 3


def test_implementation_reads_uniform_elements_from_the_basic_item(
    implementation, item
):
    # clause 5.2a: nothing to diverge, no name/type/basis columns of its own
    fields = {f.name for f in implementation._meta.get_fields()}
    assert not {"name", "item_type", "legal_basis"} & fields
    services.basic_item_update(actor=SYSTEM, item=item, name="新名称")
    implementation.refresh_from_db()
    assert implementation.name == "新名称"


def test_one_implementation_per_body_and_item(implementation, item, orgs):
    with pytest.raises(ValidationError) as caught:
        services.implementation_create(
            actor=SYSTEM, basic_item=item, organisation=orgs["lhasa"]
        )
    assert codes_of(caught.value) == {"organisation": ["unique"]}


def test_handling_item_extends_the_implementation_code(implementation, item, orgs):
    handling = services.implementation_create(
        actor=SYSTEM,
        basic_item=item,
        organisation=orgs["lhasa"],
        handling_item_code="01",
    )
    assert handling.code == implementation.code + "01"


def test_manager_outside_the_region_cannot_create_an_implementation(
    item, orgs, make_staff
):
    xigaze = make_staff("cat.xigaze", Role.CATALOGUE_MANAGER, division_code="540200")
    with pytest.raises(PermissionDenied):
        services.implementation_create(
            actor=xigaze, basic_item=item, organisation=orgs["lhasa"]
        )
    assert (
        services.implementation_create(
            actor=xigaze, basic_item=item, organisation=orgs["xigaze"]
        ).division.code
        == "540200"
    )
