"""``make run`` keeps the demo supervisor and administrator usable: ``tongban serve``
prints a one-time enrolment code for each demo login with a second factor, and that code
enrols the device."""

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tongban.ops.demo import (
    DEMO_PASSWORD,
    DEMO_SECOND_FACTOR,
    demo_enrolment_codes,
    load_demo,
)
from tongban.ops.management.commands.serve import Command

pytestmark = pytest.mark.django_db
STEP = "/workbench/login/second-factor/"


def test_the_serve_banner_prints_enrolment_codes_that_work() -> None:
    load_demo()
    command = Command()
    command.stdout.write = lambda text, *a, **k: printed.append(text)  # type: ignore[method-assign]
    printed: list[str] = []
    command._banner("http://127.0.0.1:8000/")
    banner = "".join(printed)
    codes = dict(
        re.findall(r"^  (\S+)\s+([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$", banner, re.M)
    )
    assert set(codes) == set(DEMO_SECOND_FACTOR)
    client = Client()
    client.post("/workbench/login/", {"username": "admin", "password": DEMO_PASSWORD})
    client.post(STEP, {"enrolment_code": codes["admin"]})
    device = TOTPDevice.objects.get(user__username="admin")
    token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert (
        client.post(STEP, {"token": token})["Location"] == "/workbench/recovery-codes/"
    )
    # Enrolled accounts get no new code at the next start.
    assert [name for name, _ in demo_enrolment_codes()] == ["supervisor.lhasa"]
