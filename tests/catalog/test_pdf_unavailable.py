"""A machine without WeasyPrint/Pango still serves: the guide falls back to the page, a
statutory notice download answers 503 — never a server error. WeasyPrint is made
unimportable, as it is on a machine that lacks it."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_guide_pdf_falls_back_to_the_page(
    implementation, publish, client, no_weasyprint
) -> None:  # type: ignore[no-untyped-def]
    publish(implementation)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/items/{implementation.code}/pdf", follow=True)
    assert response.redirect_chain[-1][0] == f"/items/{implementation.code}/"
    assert "printable version is not available" in response.content.decode()
