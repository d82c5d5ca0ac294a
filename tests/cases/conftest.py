"""Case fixtures: a published service in 拉萨 with a form and a checklist, an applicant with
an account, a clerk and two officers in 拉萨, and helpers to submit and to act through the
API. Time is frozen in a published calendar year (2026) unless a test moves it."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, case_staff, published_service
from tests.bundle_builders import GOOD_FORM as BUNDLE_FORM
from tests.bundle_builders import newborn_bundle
from tests.cases.region_calendar import region_day_off  # noqa: F401 (a fixture)
from tongban.cases.services.bundles import bundle_case_submit
from tongban.catalog.selectors_bundles import bundle_resolve

PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)
MONDAY = "2026-03-02 10:00:00+08:00"


def pdf(name: str = "scan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _monday(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def service(orgs: dict[str, Any]) -> Any:
    """营业执照 设立登记 by 拉萨: 20 statutory / 5 promised working days, 容缺 allowed."""
    return published_service(orgs["lhasa"])


@pytest.fixture
def materials(service: Any) -> dict[str, int]:
    return {m.name: m.pk for m in service.materials.all()}


@pytest.fixture
def applicant(db: None) -> Any:
    return applicant_with_account()


@pytest.fixture
def applicant_api(applicant: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(applicant.user)
    return client


@pytest.fixture
def staff(make_staff: Callable[..., Any], orgs: dict[str, Any]) -> dict[str, Any]:
    return case_staff(make_staff)


@pytest.fixture
def staff_api(staff: dict[str, Any]) -> dict[str, APIClient]:
    clients = {}
    for name, user in staff.items():
        client = APIClient()
        client.force_authenticate(user)
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


# 一件事: the 新生儿出生 bundle of 拉萨 (tests/bundle_builders.py).
@pytest.fixture
def bundle(orgs: dict[str, Any]) -> Any:
    return newborn_bundle(orgs["lhasa"])


@pytest.fixture
def material_keys(bundle: Any) -> dict[str, str]:
    """Merged material key by the material's Chinese name."""
    return {m.row.name: m.key for m in bundle_resolve(bundle=bundle).materials}


@pytest.fixture
def bundle_case(
    applicant: Any,
    bundle: Any,
    material_keys: dict[str, str],
    django_capture_on_commit_callbacks: Any,
) -> Any:
    """The applicant's bundle application with the merged form and every material."""
    with django_capture_on_commit_callbacks(execute=True):
        made, _code = bundle_case_submit(
            actor=applicant.user,
            bundle_code=bundle.code,
            client_key="bundle-case-fixture",
            form_data=BUNDLE_FORM,
            materials=[{"material": k, "file": pdf()} for k in material_keys.values()],
        )
    return made


# The 代收代办 fixtures (they use the ones above).
from tests.cases.crossregion import people, taken_in, xigaze_item  # noqa: E402, F401
