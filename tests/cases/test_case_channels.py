"""申报来源 (GB/T 39046 表5, codes of A.5 办理形式): a case records the channel it came
through — 1 counter, 2 computer, 3 mobile, 4 courier, 9 other (the hall's self-service
terminal) — not "computer" for every online case; applicants cannot claim a counter
channel, clerks cannot claim an online one."""

import pytest

from tests.cases.conftest import GOOD_FORM, pdf
from tongban.cases.models import Case

pytestmark = pytest.mark.django_db


def _payload(service, materials, key: str, **extra):  # type: ignore[no-untyped-def]
    payload = {
        "implementation_code": service.implementation.code,
        "client_key": key,
        "form": GOOD_FORM,
        f"material_{materials['申请书']}": pdf(),
        f"material_{materials['法定代表人身份证复印件']}": pdf(),
        **extra,
    }
    return payload


@pytest.mark.parametrize(
    ("channel", "code"),
    [(None, "2"), ("pc", "2"), ("mobile", "3"), ("terminal", "9")],
)
def test_an_online_case_records_its_channel(
    applicant_api, service, materials, channel, code
) -> None:  # type: ignore[no-untyped-def]
    extra = {"channel": channel} if channel else {}
    response = applicant_api.post(
        "/api/v1/public/cases/",
        _payload(service, materials, "channel-0001", **extra),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert Case.objects.get(uuid=response.json()["uuid"]).channel == code


@pytest.mark.parametrize(("channel", "code"), [(None, "1"), ("post", "4")])
def test_a_counter_case_records_counter_or_courier(
    staff_api, service, materials, applicant, channel, code
) -> None:  # type: ignore[no-untyped-def]
    extra = {"channel": channel} if channel else {}
    response = staff_api["clerk"].post(
        "/api/v1/internal/cases/",
        _payload(
            service, materials, "channel-0002", applicant=str(applicant.uuid), **extra
        ),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert Case.objects.get(uuid=response.json()["uuid"]).channel == code


def test_an_applicant_cannot_claim_the_counter(
    applicant_api, service, materials
) -> None:  # type: ignore[no-untyped-def]
    response = applicant_api.post(
        "/api/v1/public/cases/",
        _payload(service, materials, "channel-0003", channel="counter"),
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["invalid_params"][0]["name"] == "channel"


def test_the_apply_page_on_a_phone_records_mobile(
    client, applicant, service, materials
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(applicant.user)
    code = service.implementation.code
    form = client.get(f"/apply/{code}/")
    key = form.context["form"]["client_key"].value()
    response = client.post(
        f"/apply/{code}/",
        {
            "client_key": key,
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{materials['申请书']}": pdf(),
            f"material_{materials['法定代表人身份证复印件']}": pdf(),
        },
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get().channel == "3"


def test_counter_intake_records_an_application_that_came_by_courier(
    client, staff, service, applicant, materials
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(staff["clerk"])
    url = f"/workbench/intake/{service.implementation.code}/{applicant.uuid}/"
    assert 'name="received_by_post"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "client_key": "counter-post-1",
            "form_company_name": "拉萨雪域商贸有限公司",
            "form_legal_rep_id": "54010219900101002X",
            f"material_{materials['申请书']}": pdf(),
            f"material_{materials['法定代表人身份证复印件']}": pdf(),
            "received_by_post": "1",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().channel == Case.Channel.POST
