"""The baseline page: a catalogue manager sees the services they manage, marks a
published version as the baseline of 申请材料精简率 from the workbench (not only the API),
sees the required materials then and now, and the dashboard's figure follows; a manager of
another prefecture neither sees nor marks it; nonsense input is an error message, not a
500."""

from typing import Any

import pytest

from tongban.accounts.domain.roles import Role
from tongban.supervision.models import Baseline

pytestmark = pytest.mark.django_db
PAGE = "/workbench/supervision/baselines/"


@pytest.fixture
def manager(client: Any, make_staff: Any) -> Any:
    client.force_login(make_staff("manager", Role.CATALOGUE_MANAGER, "540100"))
    return client


def test_a_manager_marks_a_baseline_from_the_workbench(
    manager: Any, service: Any, supervisor: Any, client: Any
) -> None:
    code = service.implementation.code
    page = manager.get(PAGE).content.decode()
    assert f'data-code="{code}"' in page
    assert 'href="/workbench/supervision/baselines/"' in page  # in the menu
    answer = manager.post(
        PAGE, {"implementation": str(service.implementation.uuid), "version": "1"}
    )
    assert answer.status_code == 302
    mark = Baseline.objects.get(implementation=service.implementation)
    assert mark.version == service
    page = manager.get(answer["Location"]).content.decode()
    row = page.split(f'data-code="{code}"', 1)[1].split("</tr>", 1)[0]
    assert "1" in row
    assert "—" not in row  # materials then and now are both counted
    client.force_login(supervisor)
    board = client.get("/workbench/supervision/").content.decode()
    figure = board.split('data-metric="material_reduction"', 1)[1].split("</tr>")[0]
    assert "0.0 %" in figure  # the same materials as the baseline


def test_a_version_that_was_never_published_is_refused_with_a_message(
    manager: Any, service: Any
) -> None:
    answer = manager.post(
        PAGE,
        {"implementation": str(service.implementation.uuid), "version": "99"},
        follow=True,
    )
    assert answer.status_code == 200
    assert 'class="error"' in answer.content.decode()
    assert not Baseline.objects.exists()
    answer = manager.post(PAGE, {"implementation": "nonsense", "version": "x"})
    assert answer.status_code == 302


def test_a_manager_of_another_prefecture_neither_sees_nor_marks_it(
    client: Any, make_staff: Any, service: Any
) -> None:
    client.force_login(make_staff("xigaze.manager", Role.CATALOGUE_MANAGER, "540200"))
    page = client.get(PAGE).content.decode()
    assert service.implementation.code not in page
    answer = client.post(
        PAGE, {"implementation": str(service.implementation.uuid), "version": "1"}
    )
    assert answer.status_code == 403
    assert not Baseline.objects.exists()


def test_a_supervisor_without_catalogue_rights_is_refused(
    client: Any, supervisor: Any
) -> None:
    client.force_login(supervisor)
    assert client.get(PAGE).status_code == 403
