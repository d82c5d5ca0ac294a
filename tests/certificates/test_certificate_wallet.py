"""The wallet (证照夹): the holder lists, shows and downloads their certificates, and
makes time-limited share links they can revoke; every view of a shared link is logged;
nobody else sees another holder's certificates."""

import pytest
from django.test import Client

from tongban.certificates.models import CertificateShareView

pytestmark = pytest.mark.django_db


@pytest.fixture
def web(holder) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(holder.user)
    return client


def test_the_wallet_lists_the_holders_certificates(issue, web) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    page = web.get("/certificates/wallet/").content.decode()
    assert certificate.identifier in page
    assert 'data-verdict="valid"' in page


def test_showing_a_certificate_gives_its_data_and_2d_code(issue, web) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    page = web.get(f"/certificates/wallet/{certificate.uuid}/").content.decode()
    assert "拉萨雪域商贸有限公司" in page
    assert 'class="qr" src="data:image/svg+xml' in page


def test_the_download_is_a_pdf(issue, web) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    response = web.get(f"/certificates/wallet/{certificate.uuid}/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_another_holder_cannot_see_a_certificate(issue, other_holder) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    client = Client()
    client.force_login(other_holder.user)
    assert client.get(f"/certificates/wallet/{certificate.uuid}/").status_code == 404
    assert client.get(f"/certificates/wallet/{certificate.uuid}/pdf").status_code == 404
    assert (
        certificate.identifier
        not in client.get("/certificates/wallet/").content.decode()
    )


def test_the_wallet_needs_a_login(issue) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/certificates/wallet/")
    assert response.status_code == 302


def _share(web, certificate, days: int = 7) -> str:  # type: ignore[no-untyped-def]
    web.post(f"/certificates/wallet/{certificate.uuid}/shares/", {"days": days})
    share = certificate.shares.get()
    return f"/certificates/shared/{share.token}/"


def test_every_view_of_a_shared_link_is_logged(issue, web) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    link = _share(web, certificate)
    for _ in range(2):
        response = Client().get(link, HTTP_USER_AGENT="verifier")
        assert response.status_code == 200
        assert "拉萨雪域商贸有限公司" in response.content.decode()
    views = CertificateShareView.objects.filter(share__certificate=certificate)
    assert views.count() == 2
    assert {v.user_agent for v in views} == {"verifier"}
    page = web.get(f"/certificates/wallet/{certificate.uuid}/").content.decode()
    assert "2" in page  # the holder sees the views


def test_a_revoked_share_link_no_longer_opens(issue, web) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    link = _share(web, certificate)
    share = certificate.shares.get()
    web.post(f"/certificates/wallet/{certificate.uuid}/shares/{share.pk}/revoke")
    assert Client().get(link).status_code == 404
    assert not CertificateShareView.objects.exists()


def test_a_share_link_ends_at_its_time(issue, web, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=False)
    certificate = issue()
    link = _share(web, certificate, days=1)
    time_machine.move_to("2026-03-03 10:00:01+08:00", tick=False)
    assert Client().get(link).status_code == 404


@pytest.mark.parametrize("days", ["0", "31", "x", ""])
def test_a_share_link_lasts_one_to_thirty_days(issue, web, days: str) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    response = web.post(
        f"/certificates/wallet/{certificate.uuid}/shares/", {"days": days}
    )
    assert response.status_code == 302
    assert not certificate.shares.exists()


def test_another_person_cannot_revoke_a_share(issue, web, other_holder) -> None:  # type: ignore[no-untyped-def]
    certificate = issue()
    _share(web, certificate)
    share = certificate.shares.get()
    client = Client()
    client.force_login(other_holder.user)
    response = client.post(
        f"/certificates/wallet/{certificate.uuid}/shares/{share.pk}/revoke"
    )
    assert response.status_code == 404
    share.refresh_from_db()
    assert share.revoked_at is None
