"""Template context shared by the portal and the workbench shells."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language_info

LARGE_TEXT_COOKIE = "tb_large_text"


def ui(request: HttpRequest) -> dict[str, Any]:
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "language_choices": [
            (code, get_language_info(code)["name_local"])
            for code, _ in settings.LANGUAGES
        ],
    }
