"""Import and export: dirty rows reported by row and field, idempotence, round trips."""

import csv
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import USCC
from tongban.catalog.exchange.exporter import catalog_export_rows
from tongban.catalog.exchange.formats import FileFormatError, read_rows, write_rows
from tongban.catalog.exchange.importer import catalog_import
from tongban.catalog.models import BasicItem, Implementation, ImplementationVersion
from tongban.core.permissions import SYSTEM

pytestmark = pytest.mark.django_db


def good_row(**overrides):
    row = {
        "basic_code": "000175004000",
        "name": "营业执照 设立登记",
        "item_type": "行政许可",
        "legal_basis": "《市场主体登记管理条例》",
        "organisation_code": USCC["lhasa"],
        "statutory_limit": "15",
        "promised_limit": "3",
        "case_type": "承诺件",
        "service_objects": "企业法人",
        "handling_forms": "1,2",
        "online_depth": "3",
        "visits_required": "1",
        "online_url": "https://zwfw.xizang.gov.cn/yyzz",
        "charges_fee": "0",
        "conditions": "依法申请",
        "materials": [
            {"name": "申请书", "necessity": "required", "source": "applicant"}
        ],
    }
    row.update(overrides)
    return row


def run(rows, headers=None):
    headers = headers or list(dict.fromkeys(k for r in rows for k in r))
    return catalog_import(actor=SYSTEM, headers=headers, rows=iter(rows))


def test_clean_rows_are_published(orgs):
    report = run([good_row(), good_row(organisation_code=USCC["xigaze"])])
    assert report.ok, report.errors
    assert (report.created_items, report.created_implementations, report.published) == (
        1,
        2,
        2,
    )
    assert ImplementationVersion.objects.filter(status="published").count() == 2


def test_reimport_creates_nothing(orgs):
    run([good_row()])
    counts = (
        BasicItem.objects.count(),
        Implementation.objects.count(),
        ImplementationVersion.objects.count(),
    )
    report = run([good_row()])
    assert report.unchanged == 1
    assert report.published == 0
    assert counts == (
        BasicItem.objects.count(),
        Implementation.objects.count(),
        ImplementationVersion.objects.count(),
    )


def test_changed_row_publishes_a_new_version(orgs):
    run([good_row()])
    report = run([good_row(promised_limit="2")])
    assert report.published == 1
    assert list(
        ImplementationVersion.objects.values_list("status", flat=True).order_by(
            "number"
        )
    ) == ["superseded", "published"]


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        # a department code with 17 instead of 18 characters (DOMAIN.md §15)
        ({"organisation_code": USCC["lhasa"][:17]}, "organisation_code", "uscc_length"),
        ({"basic_code": "营业执照"}, "basic_code", "basic_code_characters"),
        ({"basic_code": "009975004000"}, "basic_code", "basic_code_item_type"),
        ({"promised_limit": "30"}, "promised_limit", "promised_exceeds_statutory"),
        ({"item_type": "行政备案"}, "item_type", "unknown_item_type"),
        ({"statutory_limit": "二十"}, "statutory_limit", "not_a_number"),
        ({"service_objects": "外星人"}, "service_objects", "unknown_service_objects"),
        (
            {"online_depth": "4", "visits_required": "2"},
            "visits_required",
            "visits_exceed_depth",
        ),
        (
            {"organisation_code": USCC["lhasa"][:-1] + "A"},
            "organisation_code",
            "uscc_checksum",
        ),
        ({"materials": "not json"}, "materials", "not_a_list"),
        ({"materials": [{"name": "照片"}]}, "materials[0]", "material_source_missing"),
    ],
)
def test_dirty_rows_are_reported_and_the_import_goes_on(orgs, overrides, field, code):
    report = run([good_row(**overrides), good_row(organisation_code=USCC["xigaze"])])
    assert (1, field, code) in [(e.row, e.field, e.code) for e in report.errors]
    assert report.published == 1  # the second row still went in


def test_unknown_organisation_is_reported(orgs):
    report = run([good_row(organisation_code=USCC["xigaze_2"])])
    assert [(e.field, e.code) for e in report.errors] == [
        ("organisation_code", "unknown_organisation")
    ]


def test_a_conflicting_name_is_a_uniformity_violation(orgs):
    run([good_row()])
    report = run([good_row(name="营业执照 登记", organisation_code=USCC["xigaze"])])
    assert [(e.field, e.code) for e in report.errors] == [
        ("name", "uniformity_violation")
    ]


def test_wrong_headers_import_nothing(orgs):
    report = run([{"名称": "x", "编码": "1"}])
    assert report.missing_columns == [
        "basic_code",
        "name",
        "item_type",
        "organisation_code",
    ]
    assert report.unknown_columns == ["名称", "编码"]
    assert BasicItem.objects.count() == 0


def test_chinese_headers_are_understood(orgs):
    row = {
        "基本编码": "000175004000",
        "事项名称": "营业执照",
        "事项类型": "01",
        "实施主体编码": USCC["lhasa"],
        "法定办结时限": "10",
        "承诺办结时限": "5",
    }
    assert run([row]).ok


@pytest.mark.parametrize("suffix", ["json", "csv", "xlsx"])
def test_export_then_import_round_trips(orgs, tmp_path, suffix):
    run(
        [
            good_row(),
            good_row(
                organisation_code=USCC["xigaze"],
                name_bo="ཚོང་ལས།",
                charges_fee="1",
                fee_basis="依据",
                fees=[{"name": "工本费", "standard": "10元"}],
            ),
        ]
    )
    exported = catalog_export_rows()
    path = tmp_path / f"catalogue.{suffix}"
    write_rows(path, exported)
    headers, rows = read_rows(path)
    report = catalog_import(actor=SYSTEM, headers=headers, rows=rows)
    assert report.ok, report.errors
    assert report.unchanged == 2
    assert catalog_export_rows() == exported


def test_command_reports_rows_and_fields(orgs, tmp_path, capsys):
    path = Path(tmp_path / "dirty.csv")
    rows = [good_row(materials=""), good_row(organisation_code="1154010", materials="")]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CommandError):
        call_command("catalog", "import", str(path), verbosity=0)
    err = capsys.readouterr()
    assert "row 2: organisation_code: uscc_length" in err.err
    assert "1 guides published" in err.out
    call_command("catalog", "export", str(tmp_path / "out.json"))
    assert len(json.loads((tmp_path / "out.json").read_text())) == 1


def test_a_file_over_the_size_limit_is_refused_before_parsing(
    orgs, tmp_path, settings, monkeypatch
):
    settings.CATALOG_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    path = tmp_path / "catalogue.json"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them

    def no_parsing(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_text", no_parsing)
    with pytest.raises(FileFormatError, match=r"limited to 20\.0 MB"):
        read_rows(path)
    with pytest.raises(CommandError, match=r"catalogue\.json is 50\.0 MB"):
        call_command("catalog", "import", str(path), verbosity=0)
    assert BasicItem.objects.count() == 0


def test_a_file_within_the_limit_is_read(orgs, tmp_path, settings):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps([good_row()], ensure_ascii=False), encoding="utf-8")
    settings.CATALOG_IMPORT_MAX_BYTES = path.stat().st_size
    headers, rows = read_rows(path)
    assert "basic_code" in headers
    assert len(list(rows)) == 1


def test_wrong_headers_are_named_by_the_command(orgs, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("名称,编码\n营业执照,000175004000\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("catalog", "import", str(path), verbosity=0)
    message = str(refused.value)
    assert "Missing columns: basic_code, name, item_type, organisation_code" in message
    assert "名称, 编码" in message
    assert "Nothing was imported" in message
    assert BasicItem.objects.count() == 0
