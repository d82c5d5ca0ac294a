"""A certificate type's names are stored per language whatever language the manager's page
is in: saving in English never writes the Chinese name into the English one."""

import pytest
from django.utils import translation

from tongban.certificates import services as certificates
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db

NAMES = {"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"}


@pytest.mark.parametrize("active", ["en", "bo", "zh-hans"])
def test_each_name_stays_in_its_language_whatever_language_is_active(orgs, active):
    with translation.override(active):
        kind = certificates.certificate_type_save(
            code="YYZZ",
            names=NAMES,
            organisations=[orgs["lhasa"]],
            fields=[{"key": "company_name", "kind": "text", "label": "企业名称"}],
            validity_years=5,
            actor=SYSTEM,
        )
    kind.refresh_from_db()
    assert (kind.name_zh_hans, kind.name_bo, kind.name_en) == (
        NAMES["zh_hans"],
        NAMES["bo"],
        NAMES["en"],
    )
    with translation.override("en"):
        assert kind.name == "Business licence"
