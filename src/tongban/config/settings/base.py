"""Base settings shared by every environment.

Every value that differs between deployments is read from an environment variable with a
typed default (documented in ``.env.example``); the embedded default needs none: SQLite, local
memory cache, files on disk, the database task backend.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import environ
from csp.constants import NONE, SELF
from django.conf import locale
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[4]
SRC_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("TONGBAN_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
# Development default only; prod.py refuses to start with it.
INSECURE_SECRET_KEY = "django-insecure-tongban-development-key-do-not-use"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Reverse proxies in front of Tongban that append to X-Forwarded-For (0: none, the header is
# ignored and REMOTE_ADDR is the client). One helper (core.client_address) reads it for the
# throttles, the login lockout, audit rows and the pages alike.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "tongban.core",
    "tongban.notifications",
    "tongban.documents",
    "tongban.regions",
    "tongban.accounts",
    "tongban.catalog",
    "tongban.calendars",
    "tongban.lifecycle",
    "tongban.certificates",
    "tongban.appointments",
    "tongban.sharing",
    "tongban.payments",
    "tongban.supervision",
    "tongban.disclosure",
    "tongban.cases",
    "tongban.exchange",
    "tongban.evaluations",
    "tongban.servicedesk",
    "tongban.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tongban.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongban.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tongban.core.middleware.RequestGuardMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tongban.config.urls"
WSGI_APPLICATION = "tongban.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "tongban.core.context_processors.ui",
                "tongban.accounts.context_processors.workbench",
            ],
        },
    }
]


# --- database -------------------------------------------------------------------------------
def _connections(database: dict[str, Any]) -> dict[str, Any]:
    """Connection options of one database alias (the same for the primary and a replica)."""
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE makes every write transaction take the write lock at BEGIN, so
        # read-then-write sequences (audit hash chain, serial numbers) cannot interleave.
        database.setdefault("OPTIONS", {}).update(
            {"transaction_mode": "IMMEDIATE", "timeout": 20}
        )
    elif env.bool("DB_POOL", default=False):
        # psycopg's connection pool (Django 5.1+) instead of one persistent connection
        # per thread; CONN_MAX_AGE must then stay 0.
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DB_POOL_MIN", default=2),
            "max_size": env.int("DB_POOL_MAX", default=10),
            "timeout": env.int("DB_POOL_TIMEOUT", default=10),
        }
    else:
        database["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
        database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {
    "default": _connections(
        env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tongban.sqlite3'}")
    )
}
# A streaming replica of the primary for the report reads (dashboards, statistics and
# their exports; core/replica.py lists them, docs/OPERATIONS.md "Read replicas"). Tests
# never create it: it mirrors the test database.
REPLICA_DATABASE_URL = env.str("REPLICA_DATABASE_URL", default="")
DATABASE_ROUTERS: list[str] = []
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = _connections(env.db_url_config(REPLICA_DATABASE_URL))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["tongban.core.replica.ReportReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The catalogue's search row has a covering index (INCLUDE columns) that PostgreSQL reads
# without touching the table; SQLite, the embedded default, builds it without them, which
# is what models.W040 warns of on every `make run`.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- cache, sessions ------------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://tongban")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # The same backend, its client built once per pool, not for every call (issue 12).
    CACHES["default"]["BACKEND"] = "tongban.core.rediscache.RedisCache"
SESSION_ENGINE = env.str(
    "SESSION_ENGINE", default="django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = env.int("SESSION_TIMEOUT_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = (
    True  # sliding timeout: idle sessions end, active ones stay
)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout check must run first
    # Password logins for people; exchange client accounts (other systems) use tokens only.
    "tongban.accounts.backends.PeopleBackend",
    # SMS login codes, so they count toward the same lockout as passwords
    "tongban.accounts.backends.LoginCodeBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:applicant-login"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# Per account and client address: a guesser is stopped, while colleagues behind one hall
# NAT address are not locked out by someone else's typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tongban.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "code"]
AXES_CLIENT_IP_CALLABLE = "tongban.core.client_address.client_address"
OTP_TOTP_ISSUER = "Tongban"
# One-time codes an administrator issues to enrol a second factor: lifetime, wrong tries.
SECOND_FACTOR_ENROLMENT_HOURS = env.int("SECOND_FACTOR_ENROLMENT_HOURS", default=72)
SECOND_FACTOR_ENROLMENT_TRIES = 5
# One-time login codes for applicants: lifetime and attempts per code.
LOGIN_CODE_TTL_SECONDS = env.int("LOGIN_CODE_TTL_SECONDS", default=300)
LOGIN_CODE_MAX_ATTEMPTS = 5
# Other systems: OAuth2 client credentials (accounts/client_systems.py, docs/INTEGRATION.md).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("CLIENT_TOKEN_SECONDS", default=3600),
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,  # only token checksums at rest
    "SCOPES_BACKEND_CLASS": "tongban.accounts.client_systems.ClientSystemScopes",
    "SCOPES": {
        "exchange.case_events.read": "Read the case event feed of the client's region",
        "webhooks.manage": "Manage webhook subscriptions and read their delivery log",
        "exchange.datasets.read": "Cut and read GB/T 39046 data-set batches of the region",
    },
    "OIDC_ENABLED": False,
}

# --- unified identity (统一身份认证, OpenID Connect; docs/INTEGRATION.md) -------------------
# Empty issuer: no provider, applicants log in with a password or an SMS code only.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="tongban")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_SCOPE = env.str("OIDC_SCOPE", default="openid profile phone realname")
OIDC_TIMEOUT_SECONDS = env.int("OIDC_TIMEOUT_SECONDS", default=10)
# The provider's acr values → Tongban's assurance levels (L1–L4); the default is the
# reference provider's. A real province's values go here as "acr=level,acr=level".
OIDC_ACR_LEVELS = env.dict(
    "OIDC_ACR_LEVELS",
    cast={"value": int},
    default={f"urn:tongban-reference:realname:{n}": n for n in range(1, 5)},
)

# --- unified public payment (统一公共支付; payments/, docs/INTEGRATION.md) -----------------
# Empty URL: no online payment; fees are paid at the counter.
PAYMENT_PROVIDER_URL = env.str("PAYMENT_PROVIDER_URL", default="").rstrip("/")
PAYMENT_MERCHANT_ID = env.str("PAYMENT_MERCHANT_ID", default="tongban")
PAYMENT_MERCHANT_KEY = env.str("PAYMENT_MERCHANT_KEY", default="")
# The platform's Ed25519 public key (base64 of the 32 raw bytes) for its notifications.
PAYMENT_PROVIDER_PUBLIC_KEY = env.str("PAYMENT_PROVIDER_PUBLIC_KEY", default="")
PAYMENT_TIMEOUT_SECONDS = env.int("PAYMENT_TIMEOUT_SECONDS", default=10)
PAYMENT_NOTIFY_MAX_AGE_SECONDS = env.int("PAYMENT_NOTIFY_MAX_AGE_SECONDS", default=600)

# --- identity numbers at rest ---------------------------------------------------------------
# Fernet keys (urlsafe base64, 32 bytes); the first encrypts, all decrypt (key rotation).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
BLIND_INDEX_KEY = env.str("BLIND_INDEX_KEY", default="")

# --- audit log ------------------------------------------------------------------------------
# HMAC key of the audit chain's signed head; it must live outside the database (the point is
# that someone who can write the database cannot sign). Development derives it from SECRET_KEY.
AUDIT_HEAD_KEY = env.str("AUDIT_HEAD_KEY", default="")
# During a key rotation only: the old key(s), accepted until the next audited change.
AUDIT_HEAD_PREVIOUS_KEYS = env.list("AUDIT_HEAD_PREVIOUS_KEYS", default=[])
# How long a writer whose audit rows were parked keeps trying, after its commit, to take
# the chain lock and seal them; past it the next writer or the sweep seals them.
AUDIT_SEAL_WAIT_SECONDS = env.float("AUDIT_SEAL_WAIT_SECONDS", default=5.0)
# 0: a writer whose audit rows were parked seals them in its request, right after its
# commit. More: it returns at once and its process's sealer seals them that many seconds
# after the commit, unless the next writer that got the chain lock sealed them first (a
# row is then out of the chain for at most this long; docs/OPERATIONS.md "Audit log").
AUDIT_SEAL_DEFER_SECONDS = env.float("AUDIT_SEAL_DEFER_SECONDS", default=1.0)
# PostgreSQL, once the audit table is partitioned by year (``tongban audit partition``):
# how many years ahead of this one the scheduler keeps year partitions made, so no
# New Year's row lands in the default partition. 0: off (the scheduler makes none).
AUDIT_PARTITION_YEARS_AHEAD = env.int("AUDIT_PARTITION_YEARS_AHEAD", default=0)

# --- i18n -----------------------------------------------------------------------------------
# Django ships no Tibetan; register it so LocaleMiddleware, the language switcher and
# get_language_info() know it.
locale.LANG_INFO["bo"] = {
    "bidi": False,
    "code": "bo",
    "name": "Tibetan",
    "name_local": "བོད་ཡིག",
}
# Tibetan and English date and number formats (Django has none for bo): core/formats.
FORMAT_MODULE_PATH = ["tongban.core.formats"]
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("bo", _("Tibetan")), ("en", _("English"))]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
# The switcher's choice is kept for a year; without one, pages are in zh-hans whatever the
# browser asks (core.middleware.PortalLocaleMiddleware, docs/decisions/0002).
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("zh-hans",)
# Project-wide catalogue: settings strings and the DRF/Django messages that Django does not
# ship in Tibetan (config/third_party_messages.py lists them for extraction).
LOCALE_PATHS = [SRC_DIR / "config" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded materials and notices in an S3-compatible object store (MinIO, OSS, Ceph) so
# that any number of web and worker machines share them; the filesystem otherwise.
FILE_STORAGE = env.str("FILE_STORAGE", default="filesystem")
if FILE_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY", default="") or None,
            "secret_key": env.str("S3_SECRET_KEY", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            # Stored names are content hashes: never overwrite, never public.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "addressing_style": env.str("S3_ADDRESSING_STYLE", default="path"),
        },
    }

# Upload limits: per file here; per material and per case on the catalogue item.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int(
    "DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest multipart body (uploads) a request may carry; larger ones are answered 413 before
# they are read. One case's materials plus its form fields.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=55 * 1024 * 1024)
# Largest catalogue exchange file `tongban catalog import` reads; larger files are refused
# before parsing (JSON is read whole into memory). Split bigger exports by region.
CATALOG_IMPORT_MAX_BYTES = env.int("CATALOG_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
# An XLSX is a ZIP: its members' declared sizes are checked before it is parsed.
CATALOG_IMPORT_MAX_INFLATED_BYTES = env.int(
    "CATALOG_IMPORT_MAX_INFLATED_BYTES", default=200 * 1024 * 1024
)
CATALOG_IMPORT_MAX_RATIO = env.int("CATALOG_IMPORT_MAX_RATIO", default=200)

# --- cases (DOMAIN §6, §8; [INF]/[SIB] numbers are settings with these defaults) -------------
# Absolute address of the portal, printed in the QR codes of statutory notices. Required in
# production; `tongban serve` (make run) sets it to the address it serves unless it is set.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
CASE_NUMBER_RULE = env.str(
    "CASE_NUMBER_RULE", default="{implementation_code}{date:%Y%m%d}{serial:04d}"
)
CASE_REVIEW_STEPS = env.list("CASE_REVIEW_STEPS", default=["承办", "审核", "批准"])
CASE_SUPPLEMENT_WORKING_DAYS = env.int("CASE_SUPPLEMENT_WORKING_DAYS", default=10)
CASE_TOLERANCE_WORKING_DAYS = env.int("CASE_TOLERANCE_WORKING_DAYS", default=10)
CASE_TOLERANCE_MAX_WORKING_DAYS = env.int("CASE_TOLERANCE_MAX_WORKING_DAYS", default=20)
# 容缺: the materials are due at least this many working days before the promised limit
# runs out (DOMAIN §6, 深圳 rule).
CASE_TOLERANCE_MARGIN_WORKING_DAYS = env.int(
    "CASE_TOLERANCE_MARGIN_WORKING_DAYS", default=2
)
# 行政许可法 32: an application unanswered this long counts as accepted from receipt.
CASE_ACCEPTANCE_WORKING_DAYS = env.int("CASE_ACCEPTANCE_WORKING_DAYS", default=5)
CASE_EXTENSION_MAX_DAYS = env.int(
    "CASE_EXTENSION_MAX_DAYS", default=10
)  # 行政许可法 42
CASE_YELLOW_WORKING_DAYS = env.int("CASE_YELLOW_WORKING_DAYS", default=1)
CASE_MATERIAL_MAX_BYTES = env.int("CASE_MATERIAL_MAX_BYTES", default=10 * 1024 * 1024)
# 跨域通办 / 代收代办: the receiving hall sends the paper originals on within this many
# working days of its own region's calendar (docs/crossregion.md).
CROSSREGION_FORWARD_DAYS = env.int("CROSSREGION_FORWARD_DAYS", default=2)

# --- supervision (DOMAIN §11.5 [SIB]/[INF]: the rules' numbers are settings) ------------------
# Prompt this many working days before the promised limit or deemed acceptance runs out.
SUPERVISION_NEAR_WORKING_DAYS = env.int("SUPERVISION_NEAR_WORKING_DAYS", default=1)
# More supplement rounds than this breaks 一次性告知 (one notice of everything).
SUPERVISION_MAX_SUPPLEMENT_ROUNDS = env.int(
    "SUPERVISION_MAX_SUPPLEMENT_ROUNDS", default=1
)
# Reasons shorter than this many characters count as no reasons (行政许可法 38).
SUPERVISION_MIN_REASON_CHARS = env.int("SUPERVISION_MIN_REASON_CHARS", default=4)
# Working days each review step (CASE_REVIEW_STEPS) may take: "承办=3,审核=2,批准=1".
SUPERVISION_STEP_WORKING_DAYS = {
    step: int(days)
    for step, days in env.dict(
        "SUPERVISION_STEP_WORKING_DAYS", default={"承办": 3, "审核": 2, "批准": 1}
    ).items()
}
# Unusually fast / slow: below fast × or above slow × the item's mean handling time,
# once the item has this many closed cases.
SUPERVISION_HISTORY_MIN_CASES = env.int("SUPERVISION_HISTORY_MIN_CASES", default=10)
SUPERVISION_FAST_RATIO = env.float("SUPERVISION_FAST_RATIO", default=0.2)
SUPERVISION_SLOW_RATIO = env.float("SUPERVISION_SLOW_RATIO", default=3.0)
# 派单: the service desk routes a ticket to a unit within this many working days of its
# region after receiving it (DOMAIN §9.3 "instant transfer" [INF]); later is JC10.
SUPERVISION_ROUTE_WORKING_DAYS = env.int("SUPERVISION_ROUTE_WORKING_DAYS", default=1)
# 督办: the organisation replies within this many working days unless the order says.
SUPERVISION_ORDER_WORKING_DAYS = env.int("SUPERVISION_ORDER_WORKING_DAYS", default=3)
# The full sweep (date-driven rules over every open case) runs this often; the
# incremental one runs every scheduler round.
SUPERVISION_FULL_SWEEP_SECONDS = env.int("SUPERVISION_FULL_SWEEP_SECONDS", default=3600)
CASE_MAX_BYTES = env.int("CASE_MAX_BYTES", default=50 * 1024 * 1024)

# Data sharing (docs/sharing.md): the provider every source is asked through (the regional
# 数据共享交换平台), per-source overrides as ``code=url,code=url``, the client id and the
# HMAC secret of the protocol, and the time-out, attempts and breaker of each call.
SHARING_URL = env.str("SHARING_URL", default="")
SHARING_SOURCE_URLS = env.dict("SHARING_SOURCE_URLS", default={})
SHARING_CLIENT_ID = env.str("SHARING_CLIENT_ID", default="tongban")
INSECURE_SHARING_SECRET = "tongban-demo-sharing-secret"  # noqa: S105 - demo only
SHARING_SECRET = env.str("SHARING_SECRET", default=INSECURE_SHARING_SECRET)
SHARING_TIMEOUT_SECONDS = env.float("SHARING_TIMEOUT_SECONDS", default=2.0)
SHARING_ATTEMPTS = env.int("SHARING_ATTEMPTS", default=2)
SHARING_BREAKER_FAIL_MAX = env.int("SHARING_BREAKER_FAIL_MAX", default=3)
SHARING_BREAKER_RESET_SECONDS = env.float("SHARING_BREAKER_RESET_SECONDS", default=30.0)
# Breaker state lives in Redis when Redis is the cache (shared by every process), under
# this prefix; otherwise per process.
SHARING_BREAKER_PREFIX = env.str("SHARING_BREAKER_PREFIX", default="tongban")
# A form opened again within this many seconds reuses the record just received instead
# of asking the source again (each use still logged); 0 asks every time.
SHARING_PREFILL_REUSE_SECONDS = env.int("SHARING_PREFILL_REUSE_SECONDS", default=300)
# --- evaluations (好差评, DOMAIN §11.2–11.3; [INF] defaults, regional rules as settings) --------
# Days after 办结 (natural days) the online completion evaluation stays open.
EVALUATION_WINDOW_DAYS = env.int("EVALUATION_WINDOW_DAYS", default=30)
# Evaluations per case and stage; whether a later one replaces an earlier one.
EVALUATION_PER_STAGE = env.int("EVALUATION_PER_STAGE", default=1)
EVALUATION_LATER_REPLACES = env.bool("EVALUATION_LATER_REPLACES", default=False)
# Whether 基本满意 counts toward 好评率 (regions differ).
EVALUATION_BASIC_COUNTS_GOOD = env.bool("EVALUATION_BASIC_COUNTS_GOOD", default=True)
# Shares of the levels and channels: each rounded on its own as bulletins print them
# (false), or made to add up to exactly 100.00 by the largest remainder (true).
EVALUATION_SHARES_ADD_UP = env.bool("EVALUATION_SHARES_ADD_UP", default=False)
# Minutes a window QR / tablet invitation stays valid after the clerk opens it.
EVALUATION_VISIT_MINUTES = env.int("EVALUATION_VISIT_MINUTES", default=30)
# Rectification limits in working days of the ticket's region.
RECTIFICATION_CONTACT_WORKING_DAYS = env.int(
    "RECTIFICATION_CONTACT_WORKING_DAYS", default=1
)
RECTIFICATION_WORKING_DAYS = env.int("RECTIFICATION_WORKING_DAYS", default=15)

# --- e-certificate signing keys (certificates/keys.py) ---------------------------------------
# A directory outside the database (mode 0700) holding one key pair per key id and the id of
# the active key. Development makes a first key there on first use; prod.py requires the
# variable and never generates keys by itself (`tongban certificates keygen`).
CERTIFICATE_KEY_DIR = Path(
    env.str("CERTIFICATE_KEY_DIR", default=str(VAR_DIR / "certificate-keys"))
)
# Public keys of issuers outside Tongban whose certificates arrive from shared sources:
# <dir>/<issuer credit code>/<key id>.public.json (docs/certificates.md).
CERTIFICATE_TRUSTED_KEY_DIR = Path(
    env.str(
        "CERTIFICATE_TRUSTED_KEY_DIR", default=str(VAR_DIR / "certificate-trusted-keys")
    )
)
CERTIFICATE_KEY_AUTOGENERATE = env.bool("CERTIFICATE_KEY_AUTOGENERATE", default=DEBUG)
CERTIFICATE_SIGNING_ALGORITHM = env.str(
    "CERTIFICATE_SIGNING_ALGORITHM", default="ed25519"
)  # of a key made on first use: ed25519 or sm2

# --- security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- API --------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "tongban.core.api.pagination.CappedPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "tongban.core.api.throttling.AnonThrottle",
        "tongban.core.api.throttling.UserThrottle",
    ],
    "EXCEPTION_HANDLER": "tongban.core.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["tongban.core.api.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Read by DRF's own get_ident; our throttles ask core.client_address, which reads the
    # same setting at call time.
    "NUM_PROXIES": NUM_PROXIES,
}
API_MAX_PAGE_SIZE = 100
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
    "user": env.str("API_THROTTLE_USER", default="600/minute"),
}
# Rates of single uses, for anonymous and logged-in callers alike (core.api.throttling).
SCOPED_THROTTLE_RATES = {
    # progress query (page and API): per client address and per case number asked about
    "progress_address": env.str("PROGRESS_THROTTLE_ADDRESS", default="10/minute"),
    "progress_case": env.str("PROGRESS_THROTTLE_CASE", default="30/hour"),
    # registration attempts and SMS codes asked for, per client address
    "register_address": env.str("REGISTER_THROTTLE_ADDRESS", default="20/hour"),
    "sms_address": env.str("SMS_THROTTLE_ADDRESS", default="10/hour"),
    # SMS to one phone number (registration codes, query-code recovery)
    "sms_phone": env.str("SMS_THROTTLE_PHONE", default="5/day"),
    # printable guides per client address (a PDF costs a second of CPU to render)
    "guide_pdf": env.str("API_THROTTLE_GUIDE_PDF", default="30/minute"),
    # queue numbers per client address (a hall's kiosk takes one a minute on a busy day)
    "queue_take": env.str("QUEUE_THROTTLE_TAKE", default="30/minute"),
    # evaluations submitted per client address (a flood from one client is refused)
    "evaluation_address": env.str("EVALUATION_THROTTLE_ADDRESS", default="20/hour"),
    # service-desk tickets filed per client address (portal and API)
    "ticket_address": env.str("TICKET_THROTTLE_ADDRESS", default="10/hour"),
}
# Working days a service-desk ticket of each type may take (DOMAIN.md §9.3 defaults);
# e.g. SERVICEDESK_LIMITS=consultation=1,complaint=10 overrides two of them.
SERVICEDESK_LIMITS: dict[str, int] = {
    key: int(value) for key, value in env.dict("SERVICEDESK_LIMITS", default={}).items()
}
# A case number is locked for the progress query after this many wrong query codes.
PROGRESS_LOCK_FAILURES = env.int("PROGRESS_LOCK_FAILURES", default=5)
PROGRESS_LOCK_MINUTES = env.int("PROGRESS_LOCK_MINUTES", default=60)
GUIDE_PDF_CACHE_SECONDS = env.int("GUIDE_PDF_CACHE_SECONDS", default=24 * 60 * 60)
# A rendered guide article: its key changes with every publication; the time only bounds
# how long a renamed implementing body or division takes to show.
GUIDE_CACHE_SECONDS = env.int("GUIDE_CACHE_SECONDS", default=24 * 60 * 60)
# How long a process serves a guide page or PDF it read from the shared cache from its own
# memory before it asks the shared cache again (0: every request asks), and how much of
# that memory it may hold. A publication committed in the same process is seen at once;
# one committed in another process within this time.
GUIDE_LOCAL_SECONDS = env.float("GUIDE_LOCAL_SECONDS", default=1.0)
GUIDE_LOCAL_BYTES = env.int("GUIDE_LOCAL_BYTES", default=16 * 1024 * 1024)
# A published version's form fields and materials (never changed once published; the key
# names the row and its publication): the time only frees the memory of versions no
# longer asked for.
CHECKLIST_CACHE_SECONDS = env.int("CHECKLIST_CACHE_SECONDS", default=24 * 60 * 60)
# The live version of a code as a submission reads it (its key changes with any change of
# the catalogue, see ``catalog.selectors``): the time bounds how long a change whose
# notice was lost (a process ended between its commit and telling the cache) is missed.
LIVE_VERSION_CACHE_SECONDS = env.int("LIVE_VERSION_CACHE_SECONDS", default=5 * 60)
# How long a browser or a CDN may show its copy of a guide page or PDF without asking
# again (Cache-Control max-age for anonymous readers): a publication reaches them within
# this time; the server's own cache changes at once.
GUIDE_MAX_AGE_SECONDS = env.int("GUIDE_MAX_AGE_SECONDS", default=60)
# Search result pages are kept whole this long (0: not cached); a publication shows in
# the results within it.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=60)
# The search page counts this many results at most and says "more than" past it
# (listing the first this many): the exact count of a broad query was most of its time.
SEARCH_COUNT_CAP = env.int("SEARCH_COUNT_CAP", default=1000)
# The basic items and bodies a query text's names match are kept this long in the shared
# cache (0: read every time), under the catalogue's generation: any write to a basic item,
# an organisation or a version (a publication) puts them out of use at once.
SEARCH_MATCH_CACHE_SECONDS = env.int("SEARCH_MATCH_CACHE_SECONDS", default=5 * 60)
SPECTACULAR_SETTINGS = {
    "TITLE": "Tongban API",
    "DESCRIPTION": (
        "Tongban (通办) one-network government services. `/api/v1/public/` serves "
        "applicants and the public, `/api/v1/internal/` staff, `/api/v1/exchange/` other "
        "government systems. Errors are RFC 9457 problem+json with a stable `code`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "tongban.config.settings.base.LANGUAGE_CODES",
        "HallKindEnum": "tongban.regions.models.Hall.Kind",
        "WindowKindEnum": "tongban.regions.models.Window.Kind",
        "UserKindEnum": "tongban.accounts.models.User.Kind",
        "BasicItemStatusEnum": "tongban.catalog.models.items.BasicItem.Status",
        "ImplementationStatusEnum": "tongban.catalog.models.items.Implementation.Status",
        "TimeUnitEnum": "tongban.catalog.models.choices.TimeUnit",
        "VersionStatusEnum": "tongban.catalog.models.versions.ImplementationVersion.Status",
        "BundleStatusEnum": "tongban.catalog.models.bundles.Bundle.Status",
        "CaseChannelEnum": "tongban.cases.models.Case.Channel",
        "PaymentCounterMethodEnum": "tongban.payments.models.PaymentOrder.CounterMethod",
        "PaymentStatusEnum": "tongban.payments.models.PaymentOrder.Status",
        "CaseSubmitChannelEnum": "tongban.cases.api.requests.SUBMIT_CHANNELS",
        "SpecialProcedureKindEnum": "tongban.catalog.models.choices.SpecialProcedureKind",
        # The case's states keep their name beside the bookings', the queue's and the
        # rectification ticket's.
        "StateEnum": "tongban.cases.models.STATE_CHOICES",
        # The applicant's view: the case's states and those of a held bundle sub-case.
        "ApplicantCaseStateEnum": "tongban.cases.api.serializers.APPLICANT_STATES",
        "AppointmentStateEnum": "tongban.appointments.models.Appointment.State",
        "QueueTicketStateEnum": "tongban.appointments.models.QueueTicket.State",
        "EvaluationStageEnum": "tongban.evaluations.models.STAGE_CHOICES",
        "EvaluationChannelEnum": "tongban.evaluations.models.CHANNEL_CHOICES",
        "RectificationStateEnum": "tongban.evaluations.models.TICKET_STATE_CHOICES",
        "BadReviewClassEnum": "tongban.evaluations.models.CONTENT_CHOICES",
    },
}

# --- background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env.str("TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The worker is considered alive when its last heartbeat is younger than this.
WORKER_HEARTBEAT_MAX_AGE_SECONDS = env.int("WORKER_HEARTBEAT_MAX_AGE", default=120)
SCHEDULER_INTERVAL_SECONDS = env.int("SCHEDULER_INTERVAL", default=30)

# --- notifications --------------------------------------------------------------------------
NOTIFICATION_CHANNELS = {
    "sms": env.str("SMS_BACKEND", default="tongban.notifications.backends.ConsoleSms"),
    "email": env.str(
        "EMAIL_CHANNEL_BACKEND", default="tongban.notifications.backends.DjangoEmail"
    ),
}
NOTIFICATION_FILE_DIR = Path(
    env.str("NOTIFICATION_FILE_DIR", default=str(VAR_DIR / "outbox"))
)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
# Webhooks (notifications/webhooks.py, docs/INTEGRATION.md): CloudEvents "source", timeout,
# attempts before the dead letter, back-off (base doubling per attempt, capped).
WEBHOOK_SOURCE = env.str("WEBHOOK_SOURCE", default="/tongban")
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=5.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=8)
WEBHOOK_RETRY_BASE_SECONDS = env.float("WEBHOOK_RETRY_BASE_SECONDS", default=30.0)
WEBHOOK_RETRY_MAX_SECONDS = env.float("WEBHOOK_RETRY_MAX_SECONDS", default=6 * 3600.0)
# How far back the relay looks for case transitions not yet sent (late commits included).
WEBHOOK_RELAY_WINDOW_SECONDS = env.int("WEBHOOK_RELAY_WINDOW_SECONDS", default=600)
# Webhook URLs must reach a public address: loopback, private, link-local, metadata and
# other reserved addresses are refused (at subscription and at each delivery, against DNS
# rebinding) unless this allows them (a receiver inside the government network).
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool(
    "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False
)

# --- GB/T 39046 exchange export (docs/INTEGRATION.md) -----------------------------------
# 数据来源 of every record: the division code of this node.
EXCHANGE_NODE_CODE = env.str("EXCHANGE_NODE_CODE", default="540000")
# The region a batch covers when the caller's scope is unlimited (the command's default).
EXCHANGE_DIVISION_PREFIX = env.str("EXCHANGE_DIVISION_PREFIX", default="54")
EXCHANGE_BATCH_SIZE = env.int("EXCHANGE_BATCH_SIZE", default=10000)
# A batch reads only rows older than this, so a transaction that commits late is not
# skipped by the keyset position moving past it.
EXCHANGE_SETTLE_SECONDS = env.int("EXCHANGE_SETTLE_SECONDS", default=60)
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@tongban.invalid")

# --- calendars ------------------------------------------------------------------------------
# Deadlines reaching a year whose holiday notice is not entered are refused unless this is on;
# then they are computed from the statutory base and flagged provisional (docs/calendars.md).
CALENDAR_ALLOW_PROVISIONAL = env.bool("CALENDAR_ALLOW_PROVISIONAL", default=False)
# How long a process counts deadlines in the calendars it compiled before it asks the
# database whether a notice changed (one query; it used to be one per deadline). A notice
# entered in the same process is seen at once; one entered in another, within this time.
CALENDAR_REVISION_SECONDS = env.float("CALENDAR_REVISION_SECONDS", default=1.0)
# How long a process keeps the groups a hall window serves ("call next" reads them on
# every call) before it reads them from the cache again. A regroup made in the same
# process is seen at once; one made in another, within this time. 0: read every time.
WINDOW_GROUPS_LOCAL_SECONDS = env.float("WINDOW_GROUPS_LOCAL_SECONDS", default=1.0)

# --- regions --------------------------------------------------------------------------------
# How long a process keeps the ids of the divisions under a prefix, which scope every page
# of the workbench queue (a round trip per page otherwise). A division added in the same
# process is seen at once; one added in another, within this time. 0: read every time.
REGION_IDS_SECONDS = env.float("REGION_IDS_SECONDS", default=60.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "tongban.core.logging.RequestContextFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
