"""Signatures per second, Ed25519 and SM2: Tongban's signer/verifier against the raw
library call, measured in the same run.

Run ``python -m bench.signing`` (add ``--write`` to record the figures in
``docs/BENCHMARKS.md``). Pure code: no database, no Django, about 75 s. Every signature
is checked to verify both ways (wrapper ↔ library) before anything is timed.

Rows per algorithm: "library" is the bare call (``Ed25519PrivateKey.sign`` /
``gmalg.SM2.sign``, and their verify); "wrapper" is ``Signer.sign`` / ``Verifier.verify``
on the same bytes; "payload" adds the RFC 8785 canonicalisation of a certificate-sized
payload in Chinese and Tibetan (and, for verifying, the key lookup by key id). For SM2,
``snowland-smx`` (the tests' second implementation) is timed as a reference. Each figure
is the best of five interleaved one-second rounds on one core (single thread).
"""

import datetime as dt
import os
import platform
import secrets
import sys
import time
from collections.abc import Callable
from typing import Any

from bench.common import cpu, write_section

MARK = "<!-- bench:signing -->"
PAYLOAD = {
    "certificate_type": "540000-营业执照",
    "identifier": "1.2.156.3005.2.11540100MB0T12340N.001.20261201.0001",
    "holder": {
        "name": "拉萨市城关区次仁卓玛商店",
        "name_bo": "ལྷ་ས་གྲོང་ཁྱེར་ཚེ་རིང་སྒྲོལ་མའི་ཚོང་ཁང་།",
    },
    "issued_by": "拉萨市城关区市场监督管理局",
    "valid_from": "2026-12-01",
    "valid_until": "2031-11-30",
    "fields": {"registered_capital": "500000.00", "scope": "日用百货零售"},
}


def _rate(fn: Callable[[], object], seconds: float) -> float:
    calls, began = 0, time.perf_counter()
    while True:
        fn()
        calls += 1
        elapsed = time.perf_counter() - began
        if elapsed >= seconds:
            return calls / elapsed


def _rows(
    algorithm: str, raw_sign: Callable[[], object], raw_verify: Callable[[], object]
) -> dict[str, Callable[[], object]]:
    """The library calls and our three layers over them, for one key pair."""
    from tongban.certificates.domain.signing import (
        Check,
        payload_sign,
        payload_verify,
    )

    signer, verifier = KEYS[algorithm]
    signature = payload_sign(PAYLOAD, signer=signer)
    lookup = {"bench": verifier}.get
    if payload_verify(PAYLOAD, signature, verifier_of=lookup) is not Check.VALID:
        sys.exit(f"{algorithm}: a payload signature does not verify")
    return {
        f"{algorithm} sign: library": raw_sign,
        f"{algorithm} sign: wrapper `Signer.sign`": lambda: signer.sign(MESSAGE),
        f"{algorithm} sign: `payload_sign` (canonical JSON + sign)": lambda: (
            payload_sign(PAYLOAD, signer=signer)
        ),
        f"{algorithm} verify: library": raw_verify,
        f"{algorithm} verify: wrapper `Verifier.verify`": lambda: verifier.verify(
            MESSAGE, signature.value
        ),
        f"{algorithm} verify: `payload_verify` (canonical JSON + key lookup)": lambda: (
            payload_verify(PAYLOAD, signature, verifier_of=lookup)
        ),
    }


def _ed25519() -> dict[str, Callable[[], object]]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    signer, verifier = KEYS["ed25519"]
    raw = Ed25519PrivateKey.from_private_bytes(PRIVATE["ed25519"].data)
    raw_public, value = raw.public_key(), raw.sign(MESSAGE)
    if not verifier.verify(MESSAGE, value):
        sys.exit("ed25519: the library's signature does not verify in Tongban")
    raw_public.verify(signer.sign(MESSAGE).value, MESSAGE)  # raises if not
    return _rows(
        "ed25519",
        lambda: raw.sign(MESSAGE),
        lambda: raw_public.verify(value, MESSAGE),
    )


def _sm2() -> dict[str, Callable[[], object]]:
    import gmalg
    from pysmx.SM2 import Sign as smx_sign
    from pysmx.SM2 import Verify as smx_verify

    signer, verifier = KEYS["sm2"]
    public, secret = signer.public_key, PRIVATE["sm2"].data.hex()
    raw = gmalg.SM2(PRIVATE["sm2"].data, public.user_id, public.data)
    r, s = raw.sign(MESSAGE)
    ours = signer.sign(MESSAGE).value
    k = "%064x" % (secrets.randbelow(2**255) + 1)
    theirs = smx_sign(MESSAGE, secret, k, 64, uid=public.user_id)
    if not (
        verifier.verify(MESSAGE, r.rjust(32, b"\0") + s.rjust(32, b"\0"))
        and raw.verify(MESSAGE, ours[:32], ours[32:])
        and verifier.verify(MESSAGE, theirs)
        and smx_verify(ours, MESSAGE, public.data[1:], 64, uid=public.user_id)
    ):
        sys.exit("sm2: Tongban, gmalg and snowland-smx disagree")
    rows = _rows("sm2", lambda: raw.sign(MESSAGE), lambda: raw.verify(MESSAGE, r, s))
    rows["sm2 sign: snowland-smx `Sign` (reference)"] = lambda: smx_sign(
        MESSAGE, secret, k, 64, uid=public.user_id
    )
    rows["sm2 verify: snowland-smx `Verify` (reference)"] = lambda: smx_verify(
        ours, MESSAGE, public.data[1:], 64, uid=public.user_id
    )
    return rows


def main() -> None:
    _setup()
    candidates = {**_ed25519(), **_sm2()}
    figures = dict.fromkeys(candidates, 0.0)
    # Best of three interleaved rounds: the machine is shared, and a slow round says
    # more about the neighbours than about the code.
    for _ in range(5):
        for name, fn in candidates.items():
            figures[name] = max(figures[name], _rate(fn, 1.0))
    lines = [
        MARK,
        "## Signing: Ed25519 and SM2, Tongban's wrapper vs the library",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC",
        f"- machine: {os.cpu_count()} cores (nproc), {cpu()}; "
        f"Python {platform.python_version()}; one core (single thread); "
        "best of 5 interleaved rounds of 1 s",
        "- **the machine was shared and busy during this run** (other builds and test "
        "suites on the same two cores): compare rows of one run, not runs",
        f"- command: `python -m bench.signing --write`; a {len(MESSAGE)}-byte "
        "canonical payload (Chinese and Tibetan text); cryptography (Ed25519 over "
        "OpenSSL), gmalg (SM2/SM3, pure Python), snowland-smx (second SM2 "
        "implementation, for reference)",
        "",
        "| what | operations/s | of the library call |",
        "| --- | ---: | ---: |",
    ]
    for name, value in figures.items():
        base = figures[name.split(":", 1)[0] + ": library"]
        lines.append(f"| {name} | {value:,.1f} | {value / base:.0%} |")
    lines.append(MARK)
    report = "\n".join(lines)
    print(report)
    if "--write" in sys.argv[1:]:
        write_section(MARK, report)


KEYS: dict[str, tuple[Any, Any]] = {}
PRIVATE: dict[str, Any] = {}
MESSAGE = b""


def _setup() -> None:
    global MESSAGE
    from tongban.certificates.domain.canonical import canonical_bytes
    from tongban.certificates.domain.signing import (
        key_pair_generate,
        signer_for,
        verifier_for,
    )

    MESSAGE = canonical_bytes(PAYLOAD)
    for algorithm in ("ed25519", "sm2"):
        private, public = key_pair_generate(algorithm=algorithm, key_id="bench")
        PRIVATE[algorithm] = private
        KEYS[algorithm] = (signer_for(private, public), verifier_for(public))


if __name__ == "__main__":
    main()
