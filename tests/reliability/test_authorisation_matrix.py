"""Every internal endpoint × every role held in 拉萨 × an object of 日喀则: never a 2xx,
never a 5xx; lists never show 日喀则's objects. New endpoints join the matrix by
themselves: the URLs are read from the resolver, not listed here."""

import re
import uuid as uuidlib
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.builders import applicant_with_account, published_service
from tests.bundle_builders import GOOD_FORM, newborn_bundle
from tests.cases.conftest import pdf
from tongban.accounts.domain.roles import Role
from tongban.appointments import services as appointments
from tongban.cases.services.bundles import bundle_case_submit
from tongban.cases.services.submit import case_submit
from tongban.cases.services.transition import case_transition
from tongban.core.permissions import SYSTEM
from tongban.evaluations.domain.rating import Rating
from tongban.evaluations.services.submit import invitation_open, invitation_submit
from tongban.regions import services as regions

pytestmark = pytest.mark.django_db
METHODS = ("get", "post", "put", "patch", "delete")
ROLES = [
    Role.COUNTER_CLERK,
    Role.CASE_OFFICER,
    Role.CATALOGUE_MANAGER,
    Role.SUPERVISOR,
    Role.PLATFORM_ADMIN,
    Role.EXCHANGE_CLIENT,
]
REGION_WIDE = {
    "basic-item-detail"
}  # the basic catalogue is one list for the whole region


def _internal_patterns() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, prefix: str) -> None:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                walk(entry, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                route = prefix + str(entry.pattern)
                if route.startswith(("api/v1/internal/", "api/v1/exchange/")):
                    found.append((entry.name, route))

    walk(get_resolver(), "")
    return found


@pytest.fixture
def xigaze(orgs, halls, make_staff, time_machine) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+08:00", tick=False)
    version = published_service(orgs["xigaze"])
    clerk = make_staff("xigaze.clerk", Role.COUNTER_CLERK, division_code="540200")
    applicant = applicant_with_account()
    material = version.materials.first()
    case, _code = case_submit(
        actor=clerk,
        implementation_code=version.implementation.code,
        client_key="matrix-case-1",
        applicant=applicant,
        form_data={"company_name": "日喀则公司", "legal_rep_id": "54010219900101002X"},
        materials=[
            {"material": m.pk, "original_seen": True} for m in version.materials.all()
        ],
    )
    case = case_transition(case=case, event="accept", actor=clerk)
    window = regions.window_create(
        actor=SYSTEM, hall=halls["xigaze"], number="A1", name="综合窗口"
    )
    group = appointments.service_group_create(
        actor=SYSTEM, hall=halls["xigaze"], code="A", name="综合", windows=[window]
    )
    ticket = appointments.ticket_take(actor=SYSTEM, group=group)
    _invitation, token = invitation_open(actor=clerk, window=window)
    bundle = newborn_bundle(orgs["xigaze"])
    bundle_case, _code = bundle_case_submit(
        actor=clerk,
        bundle_code=bundle.code,
        client_key="matrix-bundle-1",
        applicant=applicant,
        form_data=GOOD_FORM,
        materials=[
            {"material": f"name:{name}", "original_seen": True}
            for name in ("父母身份证", "出生医学证明申请表", "户口簿", "参保登记表")
        ],
    )
    bad = Rating(level=5, options=["attitude"])
    review = invitation_submit(actor=None, token=token, channel="3", rating=bad)
    return {
        "window": window,
        "queue_ticket": ticket,
        "rectification": review.rectification,
        "case": case,
        "bundle_case": bundle_case,
        "notice": case.notices.first(),
        "organisation": orgs["xigaze"],
        "hall": halls["xigaze"],
        "implementation": version.implementation,
        "version": version,
        "material": material,
        "pdf": pdf,
    }


def _fill(name: str, route: str, objects: dict[str, Any]) -> str:
    owner = {
        "bundle-case": "bundle_case",
        "case": "case",
        "hall": "hall",
        "organisation": "organisation",
        "implementation": "implementation",
        "version": "implementation",
        "queue-ticket": "queue_ticket",
        "internal-rectification": "rectification",
    }
    kind = next((k for k in owner if name.startswith(k)), "case")
    values = {
        "uuid": str(getattr(objects[owner[kind]], "uuid", uuidlib.uuid4())),
        "notice": str(objects["notice"].uuid),
        "action": "accept" if kind == "case" else "submit",
        "code": objects["implementation"].basic_item.code,
        "number": str(objects["version"].number),
        "kind": "materials",
        "pk": str(objects["material"].pk),
        "window_id": str(objects["window"].pk),
        "window": str(objects["window"].pk),
        "reference": objects["case"].number,  # payments: a case by its number
    }
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)


def test_no_role_reaches_another_prefecture(xigaze, make_staff) -> None:  # type: ignore[no-untyped-def]
    patterns = _internal_patterns()
    assert len(patterns) >= 20  # the resolver was read
    secrets = {
        str(xigaze[k].uuid)
        for k in (
            "case",
            "bundle_case",
            "organisation",
            "hall",
            "implementation",
            "queue_ticket",
            "rectification",
        )
    }
    failures = []
    for role in ROLES:
        client = APIClient()
        client.force_authenticate(
            make_staff(f"{role}.matrix", role, division_code="540100")
        )
        for name, route in patterns:
            url = _fill(name, route, xigaze)
            targets_object = "<" in route and name not in REGION_WIDE
            for method in METHODS:
                response = getattr(client, method)(url, {}, format="json")
                status = response.status_code
                if status >= 500:
                    failures.append(f"{role} {method.upper()} {url} → {status}")
                elif 200 <= status < 300 and (targets_object or method != "get"):
                    failures.append(
                        f"{role} {method.upper()} {url} → {status} (allowed)"
                    )
                elif 200 <= status < 300 and any(
                    s in response.content.decode() for s in secrets
                ):
                    failures.append(f"{role} GET {url} lists an object of 日喀则")
    assert failures == []
