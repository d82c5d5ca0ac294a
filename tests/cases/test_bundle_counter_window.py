"""Counter intake of a bundle (一件事) through the internal API records the window it was
taken in at on every sub-case, as one case's intake does: the hall's uuid and the
window's number, both or neither, an open window of a hall the clerk serves, each mistake
refused with its own code in the clerk's language and nothing stored — so that a
window's intakes and its 主动评价率 count the bundle's items. The counter page does the
same with the clerk's chosen window."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from rest_framework.test import APIClient

from tests.bundle_builders import GOOD_FORM
from tests.cases.conftest import pdf
from tongban.cases.models import BundleCase, Case
from tongban.core.permissions import SYSTEM
from tongban.evaluations.selectors import Filters, closed_cases_from_rollup
from tongban.regions import services as regions

pytestmark = pytest.mark.django_db

INCOMPLETE = "Give both the hall and the number of the window."


@pytest.fixture
def windows(halls: dict[str, Any]) -> dict[str, Any]:
    return {
        key: regions.window_create(actor=SYSTEM, hall=hall, number="3", name="综合窗口")
        for key, hall in halls.items()
    }


def _intake(
    clerk: APIClient,
    material_keys: dict[str, str],
    applicant: Any,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Any:
    payload: dict[str, Any] = {
        "bundle_code": "newborn",
        "client_key": "bundle-window-0001",
        "form": json.dumps(GOOD_FORM),
        "applicant": str(applicant.uuid),
        **extra,
    }
    for key in material_keys.values():
        payload[f"material_{key}"] = pdf()
    return clerk.post(
        "/api/v1/internal/bundle-cases/", payload, format="multipart", **(headers or {})
    )


def _refusal(response: Any) -> tuple[int, str, str]:
    [param] = response.json()["invalid_params"]
    return response.status_code, param["name"], param["code"]


def test_every_sub_case_of_a_counter_bundle_records_the_window_and_its_hall(
    staff_api: dict[str, APIClient],
    bundle: Any,
    material_keys: dict[str, str],
    applicant: Any,
    halls: dict[str, Any],
    windows: dict[str, Any],
) -> None:
    response = _intake(
        staff_api["clerk"],
        material_keys,
        applicant,
        hall=str(halls["lhasa"].uuid),
        window="3",
    )
    assert response.status_code == 201, response.json()
    cases = list(Case.objects.all())
    assert len(cases) == 3
    assert {(c.intake_window, c.intake_hall) for c in cases} == {
        (windows["lhasa"], halls["lhasa"])
    }


def test_a_counter_bundle_without_a_window_stays_allowed(
    staff_api: dict[str, APIClient],
    bundle: Any,
    material_keys: dict[str, str],
    applicant: Any,
) -> None:
    response = _intake(staff_api["clerk"], material_keys, applicant)
    assert response.status_code == 201, response.json()
    assert {c.intake_window for c in Case.objects.all()} == {None}


@pytest.mark.parametrize(
    ("hall", "window", "refusal"),
    [
        ("xigaze", "3", ("window", "window_not_served")),  # the clerk serves 拉萨
        ("lhasa", "99", ("window", "unknown_window")),
        (None, "3", ("hall", "window_incomplete")),
        ("lhasa", None, ("window", "window_incomplete")),
    ],
)
def test_a_wrong_window_is_refused_with_its_own_code_and_nothing_stored(
    staff_api: dict[str, APIClient],
    bundle: Any,
    material_keys: dict[str, str],
    applicant: Any,
    halls: dict[str, Any],
    windows: dict[str, Any],
    hall: str | None,
    window: str | None,
    refusal: tuple[str, str],
) -> None:
    extra = {}
    if hall:
        extra["hall"] = str(halls[hall].uuid)
    if window:
        extra["window"] = window
    response = _intake(staff_api["clerk"], material_keys, applicant, **extra)
    assert _refusal(response) == (400, *refusal)
    assert not BundleCase.objects.exists()
    assert not Case.objects.exists()


@pytest.mark.parametrize("language", ["zh-hans", "bo", "en"])
def test_the_refusal_is_in_the_clerks_language(
    staff_api: dict[str, APIClient],
    bundle: Any,
    material_keys: dict[str, str],
    applicant: Any,
    windows: dict[str, Any],
    language: str,
) -> None:
    response = _intake(
        staff_api["clerk"],
        material_keys,
        applicant,
        headers={"HTTP_ACCEPT_LANGUAGE": language},
        window="3",
    )
    with translation.override(language):
        expected = translation.gettext(INCOMPLETE)
    assert language == "en" or expected != INCOMPLETE  # translated, not the msgid
    assert response.json()["invalid_params"][0]["reason"] == expected


def test_the_windows_active_evaluation_rate_counts_the_bundles_items(
    staff_api: dict[str, APIClient],
    bundle: Any,
    material_keys: dict[str, str],
    applicant: Any,
    halls: dict[str, Any],
    windows: dict[str, Any],
    act: Callable[..., Any],
) -> None:
    _intake(
        staff_api["clerk"],
        material_keys,
        applicant,
        hall=str(halls["lhasa"].uuid),
        window="3",
    )
    first = BundleCase.objects.get().parts.order_by("order").first().case
    uuid = str(first.uuid)
    assert act("clerk", uuid, "accept").status_code == 200
    for officer in ("officer", "officer2", "officer"):
        assert act(officer, uuid, "approve-step").status_code == 200
    assert act("officer2", uuid, "decide", decision="approve").status_code == 200
    assert act("officer2", uuid, "close", result_name="结果").status_code == 200
    now = timezone.now()
    month = Filters(
        start=now - dt.timedelta(days=1),
        end=now + dt.timedelta(days=1),
        window_id=windows["lhasa"].pk,
    )
    assert closed_cases_from_rollup(filters=month) == (1, 0)


def test_the_counter_page_records_the_chosen_window_on_every_sub_case(
    staff: dict[str, Any],
    bundle: Any,
    material_keys: dict[str, str],
    applicant: Any,
    windows: dict[str, Any],
) -> None:
    clerk = Client()
    clerk.force_login(staff["clerk"])
    url = f"/workbench/intake/bundle/newborn/{applicant.uuid}/"
    assert 'id="intake-window"' in clerk.get(url).content.decode()
    data: dict[str, Any] = {f"form_{k}": v for k, v in GOOD_FORM.items()}
    data.update(client_key="bundle-desk-0002", window=str(windows["lhasa"].pk))
    for index in range(len(material_keys)):
        data[f"material_{index}"] = pdf()
        data[f"original_{index}"] = "on"
    assert clerk.post(url, data).status_code == 302
    assert {c.intake_window for c in Case.objects.all()} == {windows["lhasa"]}
