"""Certificate fixtures: keys in a fresh directory per test (made on first use, as in
development), a business-licence type issued by 拉萨, an applicant holder with an account,
and a helper that issues through the service."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.builders import applicant_with_account
from tongban.certificates import keys, services
from tongban.core.permissions import SYSTEM

LICENCE_FIELDS = [
    {"key": "company_name", "kind": "text", "label": "企业名称", "label_bo": "ཁེ་ལས་མིང་།", "label_en": "Company name"},
    {"key": "capital", "kind": "number", "label": "注册资本（万元）", "label_bo": "ཐོ་འགོད་མ་རྩ།", "label_en": "Registered capital"},
    {"key": "founded", "kind": "date", "label": "成立日期", "label_bo": "འཛུགས་པའི་ཚེས་གྲངས།", "label_en": "Founded"},
]  # fmt: skip
DATA = {
    "company_name": "拉萨雪域商贸有限公司",
    "capital": "100",
    "founded": "2026-03-02",
}


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, settings: Any) -> Iterator[Path]:
    directory = tmp_path / "keys"
    settings.CERTIFICATE_KEY_DIR = directory
    settings.CERTIFICATE_KEY_AUTOGENERATE = True
    keys._store_for.cache_clear()
    yield directory
    keys._store_for.cache_clear()


@pytest.fixture
def licence_type(orgs: dict[str, Any]) -> Any:
    return services.certificate_type_save(
        code="YYZZ",
        names={"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"},
        organisations=[orgs["lhasa"]],
        fields=LICENCE_FIELDS,
        validity_years=5,
        actor=SYSTEM,
    )


@pytest.fixture
def holder(db: None) -> Any:
    return applicant_with_account()


@pytest.fixture
def other_holder(db: None) -> Any:
    return applicant_with_account(
        phone="13800000002", name="次仁", id_number="540102198501010013"
    )


@pytest.fixture
def issue(licence_type: Any, orgs: dict[str, Any], holder: Any) -> Callable[..., Any]:
    def make(**overrides: Any) -> Any:
        arguments: dict[str, Any] = {
            "type_code": "YYZZ",
            "organisation": orgs["lhasa"],
            "holder": holder,
            "data": DATA,
            "reference": "LS-2026-0001",
            "actor": SYSTEM,
        }
        arguments.update(overrides)
        return services.certificate_issue(**arguments)

    return make


@pytest.fixture
def staff_officer(make_staff: Callable[..., Any]) -> Any:
    from tongban.accounts.domain.roles import Role

    return make_staff("cert.officer", Role.CASE_OFFICER, division_code="540100")
