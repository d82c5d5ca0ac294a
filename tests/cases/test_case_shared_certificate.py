"""A certificate another authority issued, reused from the e-certificate sharing service
instead of an upload (免提交), over real HTTP to the reference provider: with the
applicant's consent it is fetched for the case's number, verified against the issuer key
the operator installed, and becomes the material (provenance e-certificate, trust A, its
identifier) the clerk sees; expired, revoked, another person's, altered and unknown-issuer
certificates are refused with a message in the applicant's language and an upload beside
the consent stays the material; a source that is down changes nothing the applicant
gave, and a later ask takes the certificate."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from tests.builders import applicant_with_account
from tests.cases.conftest import GOOD_FORM, pdf
from tests.sharing_provider import sharing_provider
from tongban.cases.models import Case, CaseMaterial
from tongban.cases.services.shared_materials import case_shared_materials_sweep
from tongban.catalog import services as catalog
from tongban.certificates import services as certificates
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.reference.certificate_source import (
    HOLDERS,
    LHASA,
    XIGAZE,
    issuer_keys_export,
)
from tongban.sharing.adapters import breakers_reset
from tongban.sharing.models import AccessLog, Consent

__all__ = ["sharing_provider"]

pytestmark = pytest.mark.django_db
TITLE = "不动产权证书"


@pytest.fixture
def trusted(tmp_path: Path, settings: Any) -> Path:
    """The operator installed the two trusted demo issuers' public keys, as
    ``tongban certificates trust`` does; the third issuer's key never."""
    settings.CERTIFICATE_TRUSTED_KEY_DIR = tmp_path / "trusted"
    for path in issuer_keys_export(tmp_path / "published"):
        call_command("certificates", "trust", str(path), issuer=path.parent.name)
    return settings.CERTIFICATE_TRUSTED_KEY_DIR


@pytest.fixture
def version(service, trusted):  # type: ignore[no-untyped-def]
    """The service with 不动产权证书 from the e-certificate sharing service."""
    certificates.certificate_type_save(
        code="BDCQZ",
        names={"zh_hans": TITLE, "bo": TITLE, "en": "Real estate title certificate"},
        organisations=[],
        fields=[],
        validity_years=None,
        actor=SYSTEM,
    )
    draft = catalog.version_draft(actor=SYSTEM, implementation=service.implementation)
    catalog.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name=TITLE,
        necessity="required",
        source="e_certificate",
        e_certificate_type="BDCQZ",
        data_source="e_certificate",
    )
    catalog.version_submit(actor=SYSTEM, version=draft)
    catalog.version_approve(actor=SYSTEM, version=draft)
    catalog.version_publish(
        actor=SYSTEM, version=draft, effective_from=datetime.date(2026, 2, 1)
    )
    return draft


@pytest.fixture
def apply(version, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    ids = {m.name: m.pk for m in version.materials.all()}

    def run(
        holder: str, *, fallback: bool = False, clerk: APIClient | None = None
    ) -> Case:
        number, name = HOLDERS[holder]
        applicant = applicant_with_account(
            name=name, id_number=number, phone="139" + number[-8:].replace("X", "0"),
        )  # fmt: skip
        client = clerk or APIClient()
        if clerk is None:
            client.force_authenticate(applicant.user)
        payload: dict[str, Any] = {
            "implementation_code": version.implementation.code,
            "client_key": f"shared-certificate-{holder}",
            "form": GOOD_FORM,
            f"material_{ids['申请书']}": pdf(),
            f"material_{ids['法定代表人身份证复印件']}": pdf(),
            "shared": [ids[TITLE]],
        }
        if fallback:
            payload[f"material_{ids[TITLE]}"] = pdf("title.pdf")
        if clerk is not None:  # at the counter, for this applicant
            payload["applicant"] = str(applicant.uuid)
        url = f"/api/v1/{'internal' if clerk else 'public'}/cases/"
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, payload, format="multipart")
        assert response.status_code == 201, response.json()
        return Case.objects.get(uuid=response.json()["uuid"])

    return run


def _row(case: Case) -> CaseMaterial:
    return case.materials.get(name=TITLE)


def test_a_shared_certificate_is_taken_instead_of_an_upload(
    sharing_provider, apply, act, client, staff
) -> None:  # type: ignore[no-untyped-def]
    case = apply("valid")
    row = _row(case)
    assert (row.shared_status, row.provenance, row.trust_level) == (
        "received",
        "certificate",
        "A",
    )
    assert row.source_reference.startswith(f"1.2.156.3005.2.BDCQZ.{LHASA}.")
    assert row.verified_reference.startswith("REF-")
    assert row.file is None
    access = AccessLog.objects.get()
    assert (access.purpose_kind, access.purpose) == ("case", case.number)
    assert (access.source, access.fields, access.outcome) == (
        "e_certificate",
        ["BDCQZ"],
        "answered",
    )
    assert access.consent == Consent.objects.get(purpose=case.number)
    audit = AuditEvent.objects.get(action="case.shared_data")
    assert audit.changes["certificate"] == [None, row.source_reference]
    # The clerk sees where it came from: source, identifier, trust level A.
    client.force_login(staff["clerk"])
    page = client.get(f"/workbench/cases/{case.uuid}/").content.decode()
    assert f'data-certificate="{row.source_reference}"' in page
    assert 'data-provenance="certificate" data-trust="A"' in page
    assert "电子证照共享服务" in page
    assert act("clerk", str(case.uuid), "accept").json()["state"] == "accepted"


def test_at_the_counter_the_clerk_records_consent_and_the_certificate_is_taken(
    sharing_provider, apply, staff_api, staff
) -> None:  # type: ignore[no-untyped-def]
    case = apply("valid", clerk=staff_api["clerk"])
    assert case.channel == "1"
    row = _row(case)
    assert (row.shared_status, row.provenance, row.trust_level) == (
        "received",
        "certificate",
        "A",
    )
    assert Consent.objects.get(purpose=case.number).given_by == staff["clerk"]


def test_a_shared_certificate_signed_with_sm2_is_taken(sharing_provider, apply) -> None:  # type: ignore[no-untyped-def]
    row = _row(apply("sm2"))
    assert (row.shared_status, row.provenance) == ("received", "certificate")
    assert f".BDCQZ.{XIGAZE}." in row.source_reference


@pytest.mark.parametrize(
    ("holder", "refusal", "message"),
    [
        ("expired", "expired", "This certificate has expired; it cannot be used."),
        ("revoked", "revoked", "This certificate was revoked; it cannot be used."),
        (
            "another",
            "not_the_holder",
            "This certificate belongs to another person; use your own.",
        ),
        (
            "altered",
            "forged",
            "This certificate failed its signature check; it cannot be used.",
        ),
        (
            "unknown_issuer",
            "unknown_key",
            "This certificate&#x27;s issuer is not one this platform trusts; "
            "it cannot be used.",
        ),
    ],
)
def test_a_shared_certificate_that_cannot_be_used_is_refused_and_the_upload_kept(
    sharing_provider, apply, client, settings, holder, refusal, message
) -> None:  # type: ignore[no-untyped-def]
    case = apply(holder, fallback=True)
    row = _row(case)
    assert (row.shared_status, row.shared_refusal) == ("refused", refusal)
    assert (row.provenance, row.trust_level) == ("upload", "C")
    assert row.file is not None
    assert row.file.name == "title.pdf"
    assert AccessLog.objects.get().purpose == case.number  # the fetch is logged
    client.force_login(case.applicant.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/me/cases/{case.uuid}/").content.decode()
    assert f'data-refusal="{refusal}"' in page
    assert message in page


def test_the_refusal_is_in_the_readers_language(
    sharing_provider, apply, client
) -> None:  # type: ignore[no-untyped-def]
    case = apply("unknown_issuer")
    client.force_login(case.applicant.user)
    page = client.get(f"/me/cases/{case.uuid}/").content.decode()
    assert "此证照的发证机关不在本平台信任之列，不能使用。" in page


def test_the_source_down_keeps_the_upload_and_a_later_ask_takes_the_certificate(
    sharing_provider, apply
) -> None:  # type: ignore[no-untyped-def]
    sharing_provider.stop()
    case = apply("valid", fallback=True)
    row = _row(case)
    assert (row.shared_status, row.provenance) == ("source_down", "upload")
    assert row.file is not None
    sharing_provider.start()
    breakers_reset()
    assert case_shared_materials_sweep() == {"received": 1}
    row = _row(case)
    assert (row.shared_status, row.provenance, row.trust_level) == (
        "received",
        "certificate",
        "A",
    )
    assert row.file is not None  # the upload is kept beside the certificate
    assert [a.outcome for a in AccessLog.objects.order_by("id")] == [
        "unavailable",
        "answered",
    ]


def test_trust_refuses_a_file_that_is_not_a_public_key(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CERTIFICATE_TRUSTED_KEY_DIR = tmp_path / "trusted"
    bad = tmp_path / "k.public.json"
    bad.write_text('{"key_id": "k1", "algorithm": "ed25519", "private_key": "00"}')
    with pytest.raises(CommandError):
        call_command("certificates", "trust", str(bad), issuer=LHASA)
    bad.write_text('{"key_id": "k1", "algorithm": "ed25519", "public_key": "00"}')
    with pytest.raises(CommandError):
        call_command("certificates", "trust", str(bad), issuer=LHASA)
    assert not (tmp_path / "trusted" / LHASA / "k1.public.json").exists()
