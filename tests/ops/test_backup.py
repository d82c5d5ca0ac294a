"""``tongban backup`` and ``tongban restore``: a round trip gives identical row counts and
file hashes, on SQLite and on PostgreSQL."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tongban.core.permissions import SYSTEM
from tongban.documents.services import document_store
from tongban.ops.backup import file_hashes, table_counts
from tongban.regions import services as regions
from tongban.regions.models import Organisation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("seeded_divisions"),
]
PDF = (  # the smallest PDF a parser accepts: catalog, empty page tree, cross-reference
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\nxref\n0 3\n0000000000 65535 f \n"
    b"0000000009 00000 n \n0000000052 00000 n \ntrailer<</Size 3/Root 1 0 R>>\n"
    b"startxref\n96\n%%EOF\n"
)


def test_a_backup_restores_identical_rows_and_files(
    settings, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    regions.organisation_create(
        actor=SYSTEM,
        name="拉萨市测试局",
        uscc="11540100MB0T12340N",
        division_code="540100",
        exercise_level=3,
    )
    document_store(actor=SYSTEM, upload=SimpleUploadedFile("a.pdf", PDF))
    counts, hashes = table_counts(), file_hashes(settings.MEDIA_ROOT)
    archive = tmp_path / "tongban.tar.gz"
    call_command("backup", str(archive))

    # Damage after the backup: a new row, a lost row, a lost file.
    regions.organisation_create(
        actor=SYSTEM,
        name="日喀则测试局",
        uscc="11540200MB0Q111101",
        division_code="540200",
        exercise_level=3,
    )
    Organisation.objects.filter(uscc="11540100MB0T12340N").update(is_active=False)
    for path in (tmp_path / "media").rglob("*.pdf"):
        path.unlink()
    assert table_counts() != counts

    call_command("restore", str(archive), "--yes")
    assert table_counts() == counts
    assert file_hashes(settings.MEDIA_ROOT) == hashes
    assert Organisation.objects.get(uscc="11540100MB0T12340N").is_active
    assert "Restored and verified" in capsys.readouterr().out
    call_command("audit", "verify")  # the restored audit chain is intact


def test_restore_asks_for_confirmation(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"))
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "x.tar.gz"), "--yes")
