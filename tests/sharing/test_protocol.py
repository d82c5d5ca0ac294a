"""The signature of the sharing protocol, one commented row per case."""

import pytest

from tongban.sharing.domain import protocol

SECRET = "s" * 32
BODY = b'{"source": "population"}'
GOOD = protocol.sign(SECRET, "1000", "POST", protocol.PATH, BODY)


@pytest.mark.parametrize(
    ("secret", "timestamp", "body", "signature", "now", "valid"),
    [
        (SECRET, "1000", BODY, GOOD, 1000, True),  # as signed
        (SECRET, "1000", BODY, GOOD, 1300, True),  # five minutes late: still fresh
        (SECRET, "1000", BODY, GOOD, 1301, False),  # later: a replay
        (SECRET, "1000", BODY, GOOD, 699, False),  # from the future
        ("t" * 32, "1000", BODY, GOOD, 1000, False),  # another secret
        (SECRET, "1000", BODY + b" ", GOOD, 1000, False),  # body altered
        (SECRET, "1001", BODY, GOOD, 1000, False),  # timestamp altered
        (SECRET, "soon", BODY, GOOD, 1000, False),  # not a number
    ],
)
def test_a_signature_is_valid_only_as_signed_and_while_fresh(
    secret, timestamp, body, signature, now, valid
) -> None:  # type: ignore[no-untyped-def]
    assert (
        protocol.signature_valid(
            secret,
            timestamp=timestamp,
            method="POST",
            path=protocol.PATH,
            body=body,
            signature=signature,
            now=now,
        )
        is valid
    )
