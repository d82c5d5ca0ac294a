"""Case fixtures: a published service in 拉萨 with a form and a checklist, an applicant with
an account, a clerk and two officers in 拉萨, and helpers to submit and to act through the
API. Time is frozen in a published calendar year (2026) unless a test moves it."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.conftest import PASSWORD
from tongban.accounts import services as accounts
from tongban.accounts.domain.roles import Role
from tongban.catalog import services as catalog
from tongban.core.permissions import SYSTEM

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
MONDAY = "2026-03-02 10:00:00+08:00"


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _monday(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def service(orgs: dict[str, Any]) -> Any:
    """营业执照 设立登记 by 拉萨: 20 statutory / 5 promised working days, 容缺 allowed."""
    item = catalog.basic_item_create(
        actor=SYSTEM,
        code="000175004000",
        name="营业执照 设立登记",
        item_type="01",
        legal_basis="《市场主体登记管理条例》",
    )
    implementation = catalog.implementation_create(
        actor=SYSTEM, basic_item=item, organisation=orgs["lhasa"]
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
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="form_fields",
        key="company_name",
        label="企业名称",
        field_type="text",
        required=True,
    )
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="form_fields",
        key="legal_rep_id",
        label="法定代表人身份证号",
        field_type="id_number",
        required=True,
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 1, 1)
    )
    return draft


@pytest.fixture
def materials(service: Any) -> dict[str, int]:
    return {m.name: m.pk for m in service.materials.all()}


@pytest.fixture
def applicant(db: None) -> Any:
    return accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="格桑",
        id_type="111",
        id_number="54010219900101002X",
        phone="13800000001",
        password=PASSWORD,
        preferred_language="bo",
    )


@pytest.fixture
def applicant_api(applicant: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(applicant.user)
    return client


@pytest.fixture
def staff_api(
    make_staff: Callable[..., Any], orgs: dict[str, Any]
) -> dict[str, APIClient]:
    clients = {}
    for name, role, division in (
        ("clerk", Role.COUNTER_CLERK, "540100"),
        ("officer", Role.CASE_OFFICER, "540100"),
        ("officer2", Role.CASE_OFFICER, "540100"),
        ("xigaze_clerk", Role.COUNTER_CLERK, "540200"),
        ("xigaze_officer", Role.CASE_OFFICER, "540200"),
    ):
        client = APIClient()
        client.force_authenticate(make_staff(name, role, division_code=division))
        clients[name] = client
    return clients


GOOD_FORM = (
    '{"company_name": "拉萨雪域商贸有限公司", "legal_rep_id": "54010219900101002X"}'
)


@pytest.fixture
def submit(
    applicant_api: APIClient,
    service: Any,
    materials: dict[str, int],
    django_capture_on_commit_callbacks,
) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    def run(
        key: str = "key-00000001",
        form: str = GOOD_FORM,
        attach: tuple[str, ...] = ("申请书", "法定代表人身份证复印件"),
        client: APIClient | None = None,
    ) -> Any:
        payload: dict[str, Any] = {
            "implementation_code": service.implementation.code,
            "client_key": key,
            "form": form,
        }
        for name in attach:
            payload[f"material_{materials[name]}"] = pdf()
        with django_capture_on_commit_callbacks(execute=True):
            return (client or applicant_api).post(
                "/api/v1/public/cases/", payload, format="multipart"
            )

    return run


@pytest.fixture
def act(
    staff_api: dict[str, APIClient], django_capture_on_commit_callbacks
) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    def run(who: str, uuid: str, action: str, **data: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return staff_api[who].post(
                f"/api/v1/internal/cases/{uuid}/{action}", data, format="json"
            )

    return run
