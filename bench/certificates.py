"""E-certificate verification over 1,000,000 issued certificates, on PostgreSQL, direct
(``certificate_verify``) and through HTTP (the public API on a gunicorn subprocess), and
signing/verifying per second against the raw library calls in the same run.

Run ``BENCH_DATABASE_URL=… python -m bench.certificates [--write]``. The first run seeds
the certificates (each one really signed with the issuer's Ed25519 key, rows written in
batches; no audit row per seeded certificate — the audited path is timed separately as
"issue through the service"), then 200 certificates under an SM2 key through the service.
Keys live in ``var/bench-certificate-keys`` beside the database they sign for.

Figures: p50/p95/p99 of 2,000 verifications of random identifiers (Ed25519) and 200 (SM2),
direct and by HTTP (one keep-alive connection, one sync gunicorn worker), with a bare
Django view through the same server as the HTTP baseline; rates are best of 3 rounds of 1 s.
"""

import datetime as dt
import http.client
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

from bench import common

MARK = "<!-- bench:certificates -->"
TARGET = 1_000_000
BATCH = 5_000
ROOT = Path(__file__).resolve().parents[1]
KEY_DIR = ROOT / "var" / "bench-certificate-keys"
TYPE_FIELDS = [
    {"key": "company_name", "kind": "text", "label": "企业名称"},
    {"key": "capital", "kind": "number", "label": "注册资本（万元）"},
    {"key": "scope", "kind": "text", "label": "经营范围"},
]


def _fixtures() -> tuple[Any, Any, Any, Any]:
    from tongban.accounts import services as accounts
    from tongban.accounts.models import Applicant
    from tongban.certificates import services
    from tongban.core.permissions import SYSTEM
    from tongban.regions import services as regions
    from tongban.regions.models import Organisation

    def org(uscc: str, name: str) -> Any:
        found = Organisation.objects.filter(uscc=uscc).first()
        return found or regions.organisation_create(
            actor=SYSTEM,
            name=name,
            uscc=uscc,
            division_code="540100",
            exercise_level=3,
        )

    ed, sm = (
        org("11540100MB0T12340N", "拉萨市市场监督管理局"),
        org("11540100MB0T56780D", "拉萨市城关区市场监督管理局"),
    )
    holder = Applicant.objects.filter(name="拉萨雪域商贸有限公司").first()
    if holder is None:
        holder = accounts.applicant_register(
            actor=SYSTEM,
            applicant_type="organisation",
            name="拉萨雪域商贸有限公司",
            id_type="001",
            id_number="91540100MA6T0000X0",
            phone="13800009999",
            password="bench-password-1",  # noqa: S106 - a benchmark account
        )
    kind = services.certificate_type_save(
        code="YYZZ",
        names={"zh_hans": "营业执照", "bo": "ཚོང་ལས་ལག་ཁྱེར།", "en": "Business licence"},
        organisations=[ed, sm],
        fields=TYPE_FIELDS,
        validity_years=20,
        actor=SYSTEM,
    )
    return ed, sm, holder, kind


def _seed(organisation: Any, holder: Any, kind: Any) -> None:
    from django.db import transaction
    from django.db.models import Max
    from django.utils import timezone
    from tqdm import tqdm

    from tongban.certificates.domain.identifier import identifier_make
    from tongban.certificates.domain.payload import check_value, state_payload
    from tongban.certificates.domain.signing import payload_sign
    from tongban.certificates.keys import active_signer_for
    from tongban.certificates.models import Certificate, CertificateState

    have = Certificate.objects.filter(organisation=organisation).count()
    if have >= TARGET:
        return
    signer = active_signer_for(organisation.uscc)
    serial = (
        Certificate.objects.filter(organisation=organisation).aggregate(Max("serial"))[
            "serial__max"
        ]
        or 0
    )
    today = dt.date(2026, 11, 27)
    with tqdm(total=TARGET, initial=have, desc="certificates") as bar:
        while have < TARGET:
            size = min(BATCH, TARGET - have)
            rows, states = [], []
            at = timezone.now()
            for _ in range(size):
                serial += 1
                data = {
                    "company_name": f"拉萨雪域商贸第{serial}分公司",
                    "capital": str(100 + serial % 900),
                    "scope": "日用百货零售",
                }
                identifier = identifier_make(
                    type_code=kind.code, issuer=organisation.uscc, serial=serial
                )
                certificate = Certificate(
                    identifier=identifier,
                    serial=serial,
                    certificate_type=kind,
                    organisation=organisation,
                    holder=holder,
                    holder_name=holder.name,
                    holder_id_masked=holder.id_masked,
                    holder_index=holder.id_index,
                    data=data,
                    valid_from=today,
                    valid_until=today.replace(year=today.year + 20),
                    source_reference=f"BENCH-{serial}",
                    issued_at=at,
                )
                payload = state_payload(
                    identifier=identifier,
                    type_code=kind.code,
                    issuer=organisation.uscc,
                    holder_name=holder.name,
                    holder_id_masked=holder.id_masked,
                    holder_index=holder.id_index,
                    data=data,
                    valid_from=certificate.valid_from,
                    valid_until=certificate.valid_until,
                    sequence=1,
                    status="valid",
                    reason="",
                    replaced_by="",
                    previous_check="",
                    at=at,
                )
                signature = payload_sign(payload, signer=signer).encode()
                rows.append(certificate)
                states.append(
                    CertificateState(
                        sequence=1,
                        status="valid",
                        at=at,
                        key_scope=organisation.uscc,
                        signature=signature,
                        check_value=check_value(signature),
                    )
                )
            with transaction.atomic():
                Certificate.objects.bulk_create(rows, batch_size=BATCH)
                for certificate, state in zip(rows, states, strict=True):
                    state.certificate = certificate
                CertificateState.objects.bulk_create(states, batch_size=BATCH)
            have += size
            bar.update(size)


def _sm2_sample(organisation: Any, holder: Any) -> tuple[list[str], float]:
    """200 certificates through ``certificate_issue`` under an SM2 key; issues/s."""
    from tongban.certificates import services
    from tongban.certificates.keys import key_store_for
    from tongban.certificates.models import Certificate
    from tongban.core.permissions import SYSTEM

    store = key_store_for(organisation.uscc)
    active = store.active_key_id()
    if active is None or not active.startswith("sm2"):
        services.signing_key_rotate(
            algorithm="sm2", actor=SYSTEM, organisation=organisation.uscc
        )
    have = list(
        Certificate.objects.filter(organisation=organisation).values_list(
            "identifier", flat=True
        )[:200]
    )
    began = time.perf_counter()
    made = 0
    while len(have) < 200:
        have.append(
            services.certificate_issue(
                type_code="YYZZ",
                organisation=organisation,
                holder=holder,
                data={"company_name": "城关分店", "capital": "50", "scope": "零售"},
                reference="BENCH-SM2",
                actor=SYSTEM,
            ).identifier
        )
        made += 1
    rate = made / (time.perf_counter() - began) if made else 0.0
    return have, rate


def _issue_rate(organisation: Any, holder: Any) -> float:
    """Ed25519 issues per second through the service (type lock, signature, audit)."""
    from tongban.certificates import services
    from tongban.core.permissions import SYSTEM

    def one(_i: int) -> None:
        services.certificate_issue(
            type_code="YYZZ",
            organisation=organisation,
            holder=holder,
            data={"company_name": "服务签发", "capital": "10", "scope": "零售"},
            reference="BENCH-ISSUE",
            actor=SYSTEM,
        )

    return common.rate(one, 3.0)


def _sample(organisation: Any, count: int) -> list[str]:
    from tongban.certificates.models import Certificate

    top = Certificate.objects.filter(organisation=organisation).count()
    serials = random.Random(1).sample(range(1, top + 1), count)
    return list(
        Certificate.objects.filter(
            organisation=organisation, serial__in=serials
        ).values_list("identifier", flat=True)
    )


def _direct(identifiers: list[str]) -> list[float]:
    from tongban.certificates.selectors import certificate_verify

    out = []
    for identifier in identifiers:
        began = time.perf_counter()
        checked = certificate_verify(identifier=identifier)
        out.append((time.perf_counter() - began) * 1000)
        if checked.verdict != "valid":
            sys.exit(f"{identifier}: {checked.verdict}")
    return out


def _orm_states(identifier: str) -> list[Any]:
    """The read ``certificate_verify`` made before ``certificates.lookup``: the ORM's
    ``select_related`` over five models, built per call (the baseline of the lookup)."""
    from tongban.certificates.models import CertificateState

    return list(
        CertificateState.objects.filter(certificate__identifier=identifier)
        .select_related(
            "certificate__certificate_type",
            "certificate__organisation",
            "certificate__replaced_by",
            "certificate__holder",
        )
        .order_by("sequence")
    )


def _reads(identifiers: list[str]) -> tuple[list[float], list[float]]:
    """The lookup statement against the ORM query it replaced, alternating per id."""
    from tongban.certificates.lookup import states_with_certificate

    lookup, orm = [], []
    for identifier in identifiers:
        for out, read in ((lookup, states_with_certificate), (orm, _orm_states)):
            began = time.perf_counter()
            if not read(identifier):
                sys.exit(f"{identifier}: no states")
            out.append((time.perf_counter() - began) * 1000)
    return lookup, orm


def _http(port: int, paths: list[str]) -> list[float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out = []
    for path in paths:
        began = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        out.append((time.perf_counter() - began) * 1000)
        if response.status != 200:
            sys.exit(f"{path}: {response.status} {body[:200]!r}")
        if path.startswith("/api/") and json.loads(body)["verdict"] != "valid":
            sys.exit(f"{path}: {body[:200]!r}")
    connection.close()
    return out


def _rates_for(algorithm: str) -> list[tuple[str, float, float]]:
    """(what, Tongban per second, raw library per second) for sign and verify."""
    import gmalg
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tongban.certificates.domain.canonical import canonical_bytes
    from tongban.certificates.domain.signing import (
        ED25519,
        key_pair_generate,
        payload_sign,
        payload_verify,
        signer_for,
        verifier_for,
    )

    payload = {
        "identifier": "1.2.156.3005.2.YYZZ.11540100MB0T12340N.0000000001.1.X",
        "holder": {"name": "拉萨雪域商贸有限公司", "id_masked": "9154**********00X3"},
        "data": {"company_name": "拉萨雪域商贸有限公司", "scope": "ཚོང་ལས་"},
        "valid_from": "2026-11-27",
    }
    message = canonical_bytes(payload)
    private, public = key_pair_generate(algorithm=algorithm, key_id="bench")
    signer, verifier = signer_for(private, public), verifier_for(public)
    signature = payload_sign(payload, signer=signer)
    lookup = {"bench": verifier}.get
    if algorithm == ED25519:
        raw = Ed25519PrivateKey.from_private_bytes(private.data)
        raw_public, value = raw.public_key(), raw.sign(message)

        def raw_sign(_i: int) -> object:
            return raw.sign(message)

        def raw_verify(_i: int) -> object:
            raw_public.verify(value, message)
            return None
    else:
        sm2 = gmalg.SM2(private.data, public.user_id, public.data)
        r, s = sm2.sign(message)

        def raw_sign(_i: int) -> object:
            return sm2.sign(message)

        def raw_verify(_i: int) -> object:
            return sm2.verify(message, r, s)

    def ours_sign(_i: int) -> object:
        return payload_sign(payload, signer=signer)

    def ours_verify(_i: int) -> object:
        return payload_verify(payload, signature, verifier_of=lookup)

    best = [0.0, 0.0, 0.0, 0.0]
    for _ in range(3):
        for index, fn in enumerate((ours_sign, raw_sign, ours_verify, raw_verify)):
            best[index] = max(best[index], common.rate(fn, 1.0))
    return [
        (f"{algorithm} sign", best[0], best[1]),
        (f"{algorithm} verify", best[2], best[3]),
    ]


def main() -> None:
    os.environ.setdefault("CERTIFICATE_KEY_DIR", str(KEY_DIR))
    common.setup()
    ed, sm, holder, kind = _fixtures()
    _seed(ed, holder, kind)
    sm2_ids, sm2_issue_rate = _sm2_sample(sm, holder)
    ed_ids = _sample(ed, 2_000)
    total = len(ed_ids)
    direct_ed = _direct(ed_ids)
    direct_sm = _direct(sm2_ids)
    read_lookup, read_orm = _reads(ed_ids[:1000])

    def api(ids: list[str]) -> list[str]:
        return [f"/api/v1/public/certificates/verify?identifier={i}" for i in ids]

    with common.http_server(common.free_port()) as port:
        _http(port, api(ed_ids[:20]) + ["/bench/bare/"] * 20)  # warm-up
        http_ed = _http(port, api(ed_ids))
        http_sm = _http(port, api(sm2_ids))
        http_bare = _http(port, ["/bench/bare/"] * total)
    issue_rate = _issue_rate(ed, holder)
    rates = _rates_for("ed25519") + _rates_for("sm2")
    from tongban.certificates.models import Certificate

    count = Certificate.objects.count()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())

    def row(name: str, values: list[float]) -> str:
        return (
            f"| {name} | {len(values)} | {common.pct(values, 50):.2f} | "
            f"{common.pct(values, 95):.2f} | {common.pct(values, 99):.2f} |"
        )

    lines = [
        MARK,
        "## Issue 13 — e-certificate verification and signing",
        "",
        f"- date: {common.now()}",
        f"- machine: {common.machine()}",
        f"- load average (1, 5, 15 min) at the end of the run: {load}; the machine "
        "is shared, so these figures include waiting for a core",
        f"- command: `python -m bench.certificates --write`; {count:,} certificates "
        "in the database (Ed25519, really signed, seeded in batches); verifications of "
        "random identifiers, one at a time; HTTP: `GET /api/v1/public/certificates/"
        "verify` on one sync gunicorn worker over one keep-alive connection",
        "- goal (issue 13): p95 < 20 ms on PostgreSQL, direct and through HTTP",
        "",
        "| verification | n | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        row("direct `certificate_verify`, Ed25519", direct_ed),
        row("direct `certificate_verify`, SM2", direct_sm),
        row("HTTP API, Ed25519", http_ed),
        row("HTTP API, SM2", http_sm),
        row("HTTP baseline: bare Django view, same server", http_bare),
        row("read only: `certificates.lookup` (one statement built once)", read_lookup),
        row("read only: the ORM `select_related` it replaced (baseline)", read_orm),
        "",
        "| issuance through `certificate_issue` (lock, sign, audit) | per second |",
        "| --- | ---: |",
        f"| Ed25519 | {issue_rate:.0f} |",
        f"| SM2 (200 issued in this run, or 0 if they existed) | {sm2_issue_rate:.1f} |",
        "",
        "| signatures (canonical certificate payload) | Tongban per s | raw library per s |"
        " Tongban / raw |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| {name} | {ours:,.0f} | {raw:,.0f} | {ours / raw:.2f} |"
            for name, ours, raw in rates
        ],
        "",
        "Tongban's rows are `payload_sign` / `payload_verify` (RFC 8785 canonical JSON, "
        "then the signer; verifying also looks the key up by id); the raw rows sign and "
        "verify the already-canonical bytes with `cryptography` (Ed25519) or `gmalg` (SM2).",
    ]
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv:
        common.write_section(MARK, report)


if __name__ == "__main__":
    main()
