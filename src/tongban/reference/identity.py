"""Reference unified identity provider (统一身份认证): an OpenID Connect provider built on
authlib's authorization server (authorization code flow with PKCE, ID tokens signed RS256,
discovery, JWKS, userinfo, RP-initiated logout), with demo identities.

Run: ``python -m tongban.reference.identity --clients '[{...}]'`` (see docs/INTEGRATION.md);
it prints ``READY <issuer>``. ``tongban serve`` starts it beside the web server when no real
provider is configured, and the tests start it on a free port.

What a real provincial provider sends and this one imitates: ``acr`` names the real-name
level it verified (``urn:tongban-reference:realname:N``, N = 1 name and ID number checked,
2 plus a second factor, 3 plus a live face match, 4 in person); the ``realname`` scope adds
the verified identity document (``id_type`` per GA/T 2000.156, ``id_number``); a legal
person's login (``user_type`` = ``legal_person``) adds ``org_name``, ``uscc`` and
``legal_representative``. Limits: one signing key made at start, state in memory, no consent
page (the relying parties are the region's own platforms), demo passwords.
"""

import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.rpinitiated import EndSessionEndpoint
from flask import Flask, jsonify, render_template_string, request, session
from joserfc.jwk import KeySet, RSAKey

from tongban.reference._http import arguments, run

ACR_PREFIX = "urn:tongban-reference:realname:"
DEMO_PASSWORD = "Demo-identity-2026"  # noqa: S105 - demo identities only


@dataclass(frozen=True)
class Identity:
    username: str
    name: str
    id_type: str
    id_number: str
    level: int
    phone: str = ""
    user_type: str = "person"
    org_name: str = ""
    uscc: str = ""

    @property
    def sub(self) -> str:
        return "ref-" + self.username


# Demo identities: 格桑 is the demo applicant Tongban already has (linked by ID number),
# 次仁 is new to Tongban, the company logs in as a legal person.
IDENTITIES = {
    identity.username: identity
    for identity in (
        Identity(
            "gesang", "格桑（演示）", "111", "54010219900101002X", 2, "13800000001"
        ),
        Identity(
            "ciren", "次仁（演示）", "111", "54010219850315001X", 3, "13800000002"
        ),
        Identity(
            "company",
            "次仁（演示）",
            "111",
            "54010219850315001X",
            3,
            "13800000002",
            user_type="legal_person",
            org_name="拉萨演示商贸有限公司（演示）",
            uscc="91540100MA6T000006",
        ),
    )
}


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    post_logout_redirect_uris: list[str] = field(default_factory=list)

    # authlib's ClientMixin, by duck typing
    @property
    def client_metadata(self) -> dict[str, Any]:
        return {"post_logout_redirect_uris": self.post_logout_redirect_uris}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        allowed = {"openid", "profile", "phone", "realname"}
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    identity: Identity
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> str:
        return f"{ACR_PREFIX}{self.identity.level}"

    def get_amr(self) -> list[str]:
        return ["pwd"]

    def is_expired(self) -> bool:
        return time.time() > self.auth_time + 300


@dataclass
class Token:
    access_token: str
    client_id: str
    scope: str
    identity: Identity
    expires_at: float

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return int(self.expires_at - time.time())

    def is_expired(self) -> bool:
        return time.time() > self.expires_at

    def is_revoked(self) -> bool:
        return False


def user_info(identity: Identity, scope: str) -> UserInfo:
    info = UserInfo(sub=identity.sub, user_type=identity.user_type)
    scopes = scope.split()
    if "profile" in scopes:
        info["name"] = identity.name
    if "phone" in scopes and identity.phone:
        info["phone_number"] = identity.phone
        info["phone_number_verified"] = True
    if "realname" in scopes:
        info.update(id_type=identity.id_type, id_number=identity.id_number)
        if identity.user_type == "legal_person":
            info.update(
                org_name=identity.org_name,
                uscc=identity.uscc,
                legal_representative=identity.name,
            )
    return info


LOGIN_PAGE = """<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">
<title>统一身份认证（参考实现）</title></head><body><main>
<h1>统一身份认证（参考实现）</h1>
{% if error %}<p role="alert">{{ error }}</p>{% endif %}
<form method="post" action="{{ action }}">
<label for="username">用户名</label> <input id="username" name="username" required>
<label for="password">密码</label> <input id="password" name="password" type="password" required>
<button type="submit">登录</button></form>
<p>演示账号：{{ demo }}</p></main></body></html>"""


def create_app(issuer: str, clients: list[Client]) -> Flask:
    app = Flask(__name__)
    app.secret_key = secrets.token_hex(32)
    key = RSAKey.generate_key(2048, parameters={"kid": secrets.token_hex(8)})
    jwks = KeySet([key])
    by_id = {client.client_id: client for client in clients}
    codes: dict[str, Code] = {}
    tokens: dict[str, Token] = {}

    class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code: str, req: Any) -> None:
            data = req.payload.data
            codes[code] = Code(
                code=code,
                client_id=req.client.client_id,
                redirect_uri=req.payload.redirect_uri,
                scope=req.payload.scope,
                identity=req.user,
                nonce=data.get("nonce"),
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
            )

        def query_authorization_code(self, code: str, client: Client) -> Code | None:
            found = codes.get(code)
            if found and found.client_id == client.client_id and not found.is_expired():
                return found
            return None

        def delete_authorization_code(self, authorization_code: Code) -> None:
            codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> Identity:
            return authorization_code.identity

    class ReferenceOpenIDCode(OpenIDCode):
        def resolve_client_private_key(self, client: Client) -> RSAKey:
            return key

        def get_client_claims(self, client: Client) -> dict[str, Any]:
            return {"iss": issuer, "aud": client.client_id}

        def get_client_algorithm(self, client: Client) -> str:
            return "RS256"

        def get_encode_header(self, client: Client) -> dict[str, str]:
            return {"alg": "RS256", "kid": str(key.kid)}

        def exists_nonce(self, nonce: str, req: Any) -> bool:
            return any(c.nonce == nonce for c in codes.values())

        def generate_user_info(self, user: Identity, scope: str) -> UserInfo:
            return user_info(user, scope)

    class ReferenceEndSession(EndSessionEndpoint):
        def get_server_jwks(self) -> KeySet:
            return jwks

        def end_session(self, end_session_request: Any) -> None:
            session.clear()

    def save_token(token: dict[str, Any], req: Any) -> None:
        tokens[token["access_token"]] = Token(
            access_token=token["access_token"],
            client_id=req.client.client_id,
            scope=token.get("scope", ""),
            identity=req.user,
            expires_at=time.time() + int(token.get("expires_in", 3600)),
        )

    class Validator(BearerTokenValidator):
        def authenticate_token(self, token_string: str) -> Token | None:
            return tokens.get(token_string)

    server = AuthorizationServer(app, query_client=by_id.get, save_token=save_token)
    server.register_grant(
        AuthorizationCodeGrant,
        [ReferenceOpenIDCode(require_nonce=True), CodeChallenge(required=True)],
    )
    server.register_endpoint(ReferenceEndSession)
    protect = ResourceProtector()
    protect.register_token_validator(Validator())

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        return jsonify(
            issuer=issuer,
            authorization_endpoint=f"{issuer}/authorize",
            token_endpoint=f"{issuer}/token",
            userinfo_endpoint=f"{issuer}/userinfo",
            jwks_uri=f"{issuer}/jwks",
            end_session_endpoint=f"{issuer}/logout",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            scopes_supported=["openid", "profile", "phone", "realname"],
            token_endpoint_auth_methods_supported=[
                "client_secret_basic",
                "client_secret_post",
            ],
            code_challenge_methods_supported=["S256"],
            acr_values_supported=[f"{ACR_PREFIX}{n}" for n in range(1, 5)],
        )

    @app.get("/jwks")
    def keys() -> Any:
        return jsonify(jwks.as_dict(private=False))

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize() -> Any:
        try:
            server.get_consent_grant(end_user=None)  # refuses a bad client or request
        except OAuth2Error as refused:
            return jsonify(dict(refused.get_body())), 400
        remembered = IDENTITIES.get(session.get("username", ""))
        if request.method == "GET" and remembered is not None:
            # single sign-on: logged in here already, so no form
            return server.create_authorization_response(grant_user=remembered)
        wrong = ""
        if request.method == "POST":
            identity = IDENTITIES.get(request.form.get("username", ""))
            password = request.form.get("password", "")
            if identity is not None and hmac.compare_digest(password, DEMO_PASSWORD):
                session["username"] = identity.username
                return server.create_authorization_response(grant_user=identity)
            wrong = "用户名或密码错误。"
        page = render_template_string(
            LOGIN_PAGE,
            action=request.full_path,
            error=wrong,
            demo="、".join(IDENTITIES) + " / " + DEMO_PASSWORD,
        )
        return page, 401 if wrong else 200

    @app.post("/token")
    def token() -> Any:
        return server.create_token_response()

    @app.route("/userinfo", methods=["GET", "POST"])
    @protect("openid")
    def userinfo() -> Any:
        from authlib.integrations.flask_oauth2 import current_token

        return jsonify(user_info(current_token.identity, current_token.scope))

    @app.route("/logout", methods=["GET", "POST"])
    def logout() -> Any:
        try:
            response = server.create_endpoint_response("end_session")
        except OAuth2Error as error:
            return jsonify(dict(error.get_body())), 400
        return response or ("<p>已退出统一身份认证。</p>", 200)

    return app


def main() -> None:
    parser = arguments("Reference OpenID Connect provider with demo identities.")
    parser.add_argument(
        "--clients",
        required=True,
        help="JSON list of {client_id, client_secret, redirect_uris, "
        "post_logout_redirect_uris}",
    )
    options = parser.parse_args()
    clients = [Client(**entry) for entry in json.loads(options.clients)]
    run(lambda url: create_app(url, clients), host=options.host, port=options.port)


if __name__ == "__main__":
    main()
