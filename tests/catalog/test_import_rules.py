"""Catalogue import rules found with real data: required means "required", errors say
what is wrong with which value in the user's language, the summary counts only what was
kept, the source's codes and levels are kept, and unknown is not none."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.catalog.test_exchange import good_row, run
from tests.conftest import USCC
from tongban.catalog import printing, selectors
from tongban.catalog.exchange.exporter import catalog_export_rows
from tongban.catalog.exchange.formats import read_rows
from tongban.catalog.exchange.importer import catalog_import
from tongban.catalog.models import BasicItem, Implementation
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.mark.parametrize("column", ["organisation_code", "basic_code", "name"])
def test_a_missing_required_field_is_reported_as_required(orgs, column):
    report = run([good_row(**{column: ""})])
    assert [(e.field, e.code) for e in report.errors] == [(column, "required")]


def test_an_error_carries_a_message_and_the_value_in_the_users_language(orgs):
    with translation.override("zh-hans"):
        report = run([good_row(statutory_limit="二十")])
    (error,) = report.errors
    assert error.value == "二十"
    assert "数字" in error.message
    with translation.override("en"):
        report = run([good_row(organisation_code="1154010")])
    (error,) = report.errors
    assert error.value == "1154010"
    assert "18" in error.message


def test_the_command_prints_message_and_value(orgs, tmp_path, capsys):
    path = tmp_path / "dirty.json"
    path.write_text(json.dumps([good_row(statutory_limit="二十")]), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError):
        call_command("catalog", "import", str(path), verbosity=0)
    err = capsys.readouterr().err
    assert "row 1: statutory_limit: not_a_number" in err
    assert "'二十'" in err


def test_the_summary_counts_only_what_was_kept(orgs):
    # The basic item is created, then the row fails on its division: nothing is kept.
    report = run([good_row(basic_code="540175004000", division_code="549999")])
    assert [(e.field, e.code) for e in report.errors] == [
        ("division_code", "unknown_division")
    ]
    assert (report.created_items, report.created_implementations) == (0, 0)
    assert not BasicItem.objects.filter(code="540175004000").exists()


def test_the_sources_implementation_code_is_kept(orgs):
    source = "11540100MB0T12340N3000175004000-LOCAL"
    report = run([good_row(implementation_code=source)])
    assert report.ok, report.errors
    implementation = Implementation.objects.get()
    assert implementation.local_code == source
    assert catalog_export_rows()[0]["local_implementation_code"] == source


def test_the_items_exercise_levels_are_kept(orgs):
    report = run(
        [
            good_row(exercise_level="3"),
            good_row(organisation_code=USCC["xigaze"], exercise_level="4"),
        ]
    )
    assert report.ok, report.errors
    assert sorted(BasicItem.objects.get().exercise_levels) == [3, 4]


def test_an_import_without_fees_or_materials_says_not_yet_stated(orgs, client):
    row = good_row()
    del row["materials"]
    del row["charges_fee"]
    report = run([row])
    assert report.ok, report.errors
    version = selectors.live_versions().get()
    assert (version.fees_stated, version.materials_stated) == (False, False)
    html = client.get(
        f"/items/{version.implementation.code}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "尚未说明" in html
    assert "不收费" not in html
    assert "无需提交申请材料" not in html


def test_the_guide_pdf_says_not_yet_stated(orgs):
    row = good_row()
    del row["materials"]
    del row["charges_fee"]
    run([row])
    version = selectors.live_versions().get()
    with translation.override("zh-hans"):
        html = printing.render_guide_html(version)
    assert "尚未说明" in html
    assert "不收费" not in html


def test_stated_none_is_kept_apart_from_unknown(orgs):
    report = run([good_row(materials=[], charges_fee="0")])
    assert report.ok, report.errors
    version = selectors.live_versions().get()
    assert (version.fees_stated, version.materials_stated) == (True, True)


def test_unknown_survives_an_export_round_trip(orgs, tmp_path):
    row = good_row()
    del row["materials"]
    del row["charges_fee"]
    run([row])
    exported = catalog_export_rows()
    assert exported[0]["charges_fee"] == ""
    assert exported[0]["materials"] is None


@pytest.mark.parametrize("suffix", ["json", "csv", "xlsx"])
def test_each_documented_sample_file_imports(orgs, suffix):
    headers, rows = read_rows(EXAMPLES / f"catalogue-sample.{suffix}")
    report = catalog_import(actor=SYSTEM, headers=headers, rows=rows)
    assert report.ok, report.errors
    assert report.published >= 1


def test_stating_fees_or_adding_a_material_clears_not_yet_stated(orgs):
    from tongban.catalog import services

    row = good_row()
    del row["materials"]
    del row["charges_fee"]
    run([row])
    live = selectors.live_versions().get()
    draft = services.version_draft(actor=SYSTEM, implementation=live.implementation)
    services.version_update(actor=SYSTEM, version=draft, charges_fee=False)
    services.child_add(
        actor=SYSTEM,
        version=draft,
        kind="materials",
        name="申请书",
        necessity="required",
        source="applicant",
    )
    draft.refresh_from_db()
    assert (draft.fees_stated, draft.materials_stated) == (True, True)
