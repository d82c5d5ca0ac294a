"""Where a guide's catalogue content has no translation in the reader's language, the page
says so — in Tibetan as in English — and a fully translated guide says nothing."""

import pytest
from django.conf import settings
from django.test import Client

from tests.catalog.test_pages import live_with_fee  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
NOTE = 'role="note"'


def _guide(code: str, language: str) -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/items/{code}/").content.decode()
    return page[page.index("<main") :]


def _translate_name_and_conditions(version, lang: str) -> None:  # type: ignore[no-untyped-def]
    item = version.implementation.basic_item
    setattr(item, f"name_{lang}", "ཚོང་ལས་ཆོག་མཆན།" if lang == "bo" else "Licence")
    item.save()
    setattr(version, f"conditions_{lang}", "ཆ་རྐྱེན།" if lang == "bo" else "Conditions")
    version.save()


@pytest.mark.parametrize("lang", ["bo", "en"])
def test_untranslated_materials_are_noted(live_with_fee, lang: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    _translate_name_and_conditions(live_with_fee, lang)
    page = _guide(live_with_fee.implementation.code, lang)
    assert NOTE in page  # the materials, fees and location are still only in Chinese


def test_a_fully_translated_guide_has_no_note(live_with_fee) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    from tongban.catalog.presentation import untranslated_fields

    version = live_with_fee
    for instance, field in untranslated_fields(version, "bo"):
        setattr(instance, f"{field}_bo", "ཡིག་ཆ།")
        instance.save()
    assert untranslated_fields(version, "bo") == []
    assert NOTE not in _guide(version.implementation.code, "bo")


def test_chinese_pages_have_no_note(live_with_fee) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    assert NOTE not in _guide(live_with_fee.implementation.code, "zh-hans")


def test_the_tibetan_guide_dates_its_version_in_tibetan(live_with_fee) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    page = _guide(live_with_fee.implementation.code, "bo")
    day = live_with_fee.effective_from
    assert f"སྤྱི་ལོ་{day.year} ཟླ་{day.month} ཚེས་{day.day}" in page
