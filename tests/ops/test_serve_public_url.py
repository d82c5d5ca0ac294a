"""``tongban serve`` (``make run``) prints verifiable notices: the QR codes point at the
server it starts, on whatever ``PORT`` it was given, unless a public URL is configured."""

from tongban.ops.management.commands.serve import children, reference_counterparts


def test_notices_point_at_the_port_being_served() -> None:
    made = children("127.0.0.1", "9123", {})
    assert {c.name for c in made} == {"web", "worker", "scheduler", "sharing-provider"}
    assert all(c.env["PUBLIC_BASE_URL"] == "http://127.0.0.1:9123" for c in made)


def test_a_wildcard_host_is_printed_as_loopback() -> None:
    made = children("0.0.0.0", "9124", {})  # noqa: S104 - a name, not a bind
    assert made[0].env["PUBLIC_BASE_URL"] == "http://127.0.0.1:9124"


def test_a_configured_public_url_wins() -> None:
    made = children(
        "127.0.0.1", "9125", {"PUBLIC_BASE_URL": "https://zwfw.example.gov.cn"}
    )
    assert all(c.env["PUBLIC_BASE_URL"] == "https://zwfw.example.gov.cn" for c in made)


def test_the_reference_sharing_provider_runs_beside_the_web_server() -> None:
    made = {c.name: c for c in children("127.0.0.1", "9126", {})}
    url = made["web"].env["SHARING_URL"]
    port = url.rsplit(":", 1)[1]
    assert url == f"http://127.0.0.1:{port}"
    assert made["sharing-provider"].argv[-2:] == ["--port", port]
    assert made["worker"].env["SHARING_URL"] == url


def test_a_configured_sharing_provider_starts_no_reference_one() -> None:
    made = children(
        "127.0.0.1", "9127", {"SHARING_URL": "https://share.example.gov.cn"}
    )
    assert "sharing-provider" not in {c.name for c in made}
    assert all(c.env["SHARING_URL"] == "https://share.example.gov.cn" for c in made)


def test_an_unconfigured_identity_provider_gets_the_reference_one() -> None:
    made, env = reference_counterparts("127.0.0.1", "9126", {})
    assert [c.name for c in made] == ["identity", "payment"]
    assert env["PAYMENT_PROVIDER_URL"].startswith("http://127.0.0.1:")
    assert env["OIDC_ISSUER"].startswith("http://127.0.0.1:")
    assert "http://127.0.0.1:9126/login/unified/callback/" in made[0].argv[-1]


def test_configured_counterparts_are_used_as_they_are() -> None:
    made, env = reference_counterparts(
        "127.0.0.1",
        "9127",
        {
            "OIDC_ISSUER": "https://idp.example.gov.cn",
            "PAYMENT_PROVIDER_URL": "https://pay.example.gov.cn",
        },
    )
    assert made == []
    assert env == {}
