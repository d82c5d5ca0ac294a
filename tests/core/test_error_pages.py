"""Unknown addresses answer with the portal's own error page, also under the settings of
``make run`` (docs/decisions/0002): a first-time user never sees Django's debug page."""

import os
import subprocess
import sys

import pytest
from django.test import Client


@pytest.mark.django_db
def test_an_unknown_page_shows_the_portal_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="site-header"' in body
    assert "返回首页" in body  # the portal's way back, not Django's technical page


def _dev_setting(expression: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    clean.update(env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='tongban.config.settings.dev';"
        "from django.conf import settings; print(" + expression + ")"
    )
    result = subprocess.run(  # noqa: S603 - this interpreter, code written here
        [sys.executable, "-c", code],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_make_run_serves_the_portal_error_pages() -> None:
    assert _dev_setting("settings.DEBUG") == "False"
    # Static files still come straight from the apps while DEBUG is off.
    assert _dev_setting("settings.WHITENOISE_USE_FINDERS") == "True"


def test_developers_can_ask_for_the_debug_pages() -> None:
    assert _dev_setting("settings.DEBUG", DEBUG="true") == "True"
