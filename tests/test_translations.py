"""Every user-facing string has a Chinese and a Tibetan translation with the same
placeholders, and Tibetan catalogues say they await a native speaker's review."""

import re
from pathlib import Path

import polib
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "tongban"
CATALOGUES = sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


def _entries(language: str) -> list[tuple[Path, polib.POEntry]]:
    return [
        (path, entry)
        for path in CATALOGUES
        if path.parts[-3] == language
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    ]


def test_there_are_catalogues_for_both_languages() -> None:
    languages = {path.parts[-3] for path in CATALOGUES}
    assert {"zh_Hans", "bo", "en"} <= languages


@pytest.mark.parametrize("language", ["zh_Hans", "bo"])
def test_every_string_is_translated(language: str) -> None:
    missing = [
        f"{p.parts[-5]}: {e.msgid}"
        for p, e in _entries(language)
        if not e.translated() or "fuzzy" in e.flags
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["zh_Hans", "bo"])
def test_placeholders_survive_translation(language: str) -> None:
    broken = []
    for path, entry in _entries(language):
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = (
            [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        )
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                broken.append(f"{path.parts[-5]}: {entry.msgid!r} → {text!r}")
    assert broken == []


def test_tibetan_strings_are_in_tibetan_script() -> None:
    latin_only = [
        e.msgid for _, e in _entries("bo") if e.msgstr and not TIBETAN.search(e.msgstr)
    ]
    assert latin_only == []


def test_tibetan_catalogues_are_marked_for_native_review() -> None:
    for path in CATALOGUES:
        if path.parts[-3] == "bo":
            po = polib.pofile(str(path))
            assert "native" in po.header.lower(), path
            assert (
                po.metadata.get("X-Translation-Review") == "needs native speaker review"
            )
