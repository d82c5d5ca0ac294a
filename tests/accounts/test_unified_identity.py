"""Login through the unified identity service: the reference OpenID Connect provider runs
as its own process and Tongban reaches it over real HTTP (metadata, token endpoint,
JWKS); the browser's part of the redirects is played by a ``requests`` session."""

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client

from tests.builders import applicant_with_account
from tests.reference import counterpart, identity_clients
from tongban.accounts import services as accounts
from tongban.accounts.models import Applicant, FederatedLink, User
from tongban.core.models import AuditEvent
from tongban.core.permissions import SYSTEM
from tongban.reference.identity import DEMO_PASSWORD

pytestmark = pytest.mark.django_db
SECRET = "reference-secret"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with counterpart(
        "identity", "--clients", identity_clients("http://testserver", SECRET)
    ) as url:
        yield url


@pytest.fixture
def unified(settings: Any, provider: str) -> str:
    settings.OIDC_ISSUER = provider
    settings.OIDC_CLIENT_SECRET = SECRET
    return provider


def _login(
    client: Client, username: str, browser: requests.Session | None = None
) -> Any:
    """Tongban → provider's login form → back to Tongban's callback; the callback's answer."""
    browser = browser or requests.Session()
    start = client.get("/login/unified/")
    assert start.status_code == 302
    form = browser.get(start["Location"], allow_redirects=False)
    if form.status_code == 200:
        action = re.search(r'action="([^"]+)"', form.text)
        assert action
        base = "{0.scheme}://{0.netloc}".format(urlsplit(start["Location"]))
        form = browser.post(
            base + action.group(1).replace("&amp;", "&"),
            data={"username": username, "password": DEMO_PASSWORD},
            allow_redirects=False,
        )
    assert form.status_code == 302, form.text
    back = urlsplit(form.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_a_person_new_to_tongban_is_registered_at_the_level_the_provider_vouched(
    unified: str, client: Client
) -> None:
    response = _login(client, "ciren")
    assert response.status_code == 302
    assert response["Location"] == "/me/"
    applicant = Applicant.objects.get(user__federated_links__issuer=unified)
    assert applicant.name == "次仁（演示）"
    assert applicant.assurance_level == 3
    assert applicant.id_masked != "54010219850315001X"
    assert "54010219850315001X" not in applicant.id_number_encrypted
    assert applicant.user is not None
    assert not applicant.user.has_usable_password()


def test_the_first_login_links_the_existing_account_by_the_verified_id_number(
    unified: str, client: Client
) -> None:
    local = applicant_with_account()  # registered online: L1, password login
    assert local.assurance_level == 1
    response = _login(client, "gesang")
    assert response.status_code == 302
    link = FederatedLink.objects.get(issuer=unified)
    assert link.user_id == local.user_id
    local.refresh_from_db()
    assert local.assurance_level == 2  # raised to what the provider verified
    assert AuditEvent.objects.filter(action="applicant.assurance_raise").exists()
    assert Applicant.objects.count() == 1


def test_a_later_login_finds_the_link_by_subject(unified: str, client: Client) -> None:
    _login(client, "ciren")
    client.logout()
    _login(client, "ciren")
    assert User.objects.filter(kind="applicant").count() == 1
    assert FederatedLink.objects.count() == 1


def test_the_level_never_falls_below_a_counter_check(
    unified: str, client: Client
) -> None:
    applicant = accounts.applicant_register(
        actor=SYSTEM,
        applicant_type="person",
        name="次仁（演示）",
        id_type="111",
        id_number="54010219850315001X",
        assurance_level=4,
    )
    _login(client, "ciren")
    applicant.refresh_from_db()
    assert applicant.assurance_level == 4
    assert applicant.user is not None  # a counter-registered record gets its login


def test_a_legal_person_logs_in_as_its_organisation(
    unified: str, client: Client
) -> None:
    response = _login(client, "company")
    assert response.status_code == 302
    organisation = Applicant.objects.get(applicant_type="organisation")
    assert organisation.name == "拉萨演示商贸有限公司（演示）"
    assert organisation.id_type == "001"
    assert organisation.legal_representative == "次仁（演示）"
    assert organisation.user is not None
    assert client.get("/me/").status_code == 200


def test_a_level_the_configuration_does_not_know_is_refused(
    unified: str, client: Client, settings: Any
) -> None:
    settings.OIDC_ACR_LEVELS = {"urn:another:level": 2}
    response = _login(client, "ciren")
    assert response.status_code == 400
    assert "未说明您的身份如何核验" in response.content.decode()
    assert not Applicant.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_callback_with_a_forged_state_is_refused(
    unified: str, client: Client
) -> None:
    client.get("/login/unified/")
    response = client.get("/login/unified/callback/?code=abc&state=forged")
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_unreachable_provider_is_said_so(settings: Any, client: Client) -> None:
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # discard port: nothing listens
    response = client.get("/login/unified/")
    assert response.status_code == 503
    assert "统一身份认证" in response.content.decode()


def test_logout_ends_the_provider_session_too(unified: str, client: Client) -> None:
    browser = requests.Session()
    _login(client, "ciren", browser)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"].startswith(unified + "/logout?")
    assert "id_token_hint=" in response["Location"]
    ended = browser.get(response["Location"], allow_redirects=False)
    assert ended.status_code == 302
    assert ended.headers["Location"].startswith("http://testserver/")
    # the provider forgot the session: the next login asks for the password again
    start = client.get("/login/unified/")
    assert browser.get(start["Location"], allow_redirects=False).status_code == 200


def test_without_a_provider_the_login_page_offers_local_login_only(
    client: Client,
) -> None:
    page = client.get("/login/").content.decode()
    assert "/login/unified/" not in page
    assert client.get("/login/unified/").status_code == 404
