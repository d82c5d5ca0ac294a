"""Base settings shared by every environment.

Every value that differs between deployments is read from an environment variable with a
typed default (documented in ``.env.example``); the embedded default needs none: SQLite, local
memory cache, files on disk, the database task backend.
"""

from datetime import timedelta
from pathlib import Path

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

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "tongban.core",
    "tongban.notifications",
    "tongban.documents",
    "tongban.regions",
    "tongban.accounts",
    "tongban.catalog",
    "tongban.calendars",
    "tongban.cases",
    "tongban.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tongban.core.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
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
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'tongban.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE makes every write transaction take the write lock at BEGIN, so
    # read-then-write sequences (audit hash chain, serial numbers) cannot interleave.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache, sessions ------------------------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://tongban")}
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
    "django.contrib.auth.backends.ModelBackend",
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
OTP_TOTP_ISSUER = "Tongban"
# One-time login codes for applicants: lifetime and attempts per code.
LOGIN_CODE_TTL_SECONDS = env.int("LOGIN_CODE_TTL_SECONDS", default=300)
LOGIN_CODE_MAX_ATTEMPTS = 5

# --- identity numbers at rest ---------------------------------------------------------------
# Fernet keys (urlsafe base64, 32 bytes); the first encrypts, all decrypt (key rotation).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
BLIND_INDEX_KEY = env.str("BLIND_INDEX_KEY", default="")

# --- i18n -----------------------------------------------------------------------------------
# Django ships no Tibetan; register it so LocaleMiddleware, the language switcher and
# get_language_info() know it.
locale.LANG_INFO["bo"] = {
    "bidi": False,
    "code": "bo",
    "name": "Tibetan",
    "name_local": "བོད་ཡིག",
}
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Chinese")), ("bo", _("Tibetan")), ("en", _("English"))]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
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

# --- cases (DOMAIN §6, §8; [INF]/[SIB] numbers are settings with these defaults) -------------
# Absolute address of the portal, printed in the QR codes of statutory notices.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
CASE_NUMBER_RULE = env.str(
    "CASE_NUMBER_RULE", default="{implementation_code}{date:%Y%m%d}{serial:04d}"
)
CASE_REVIEW_STEPS = env.list("CASE_REVIEW_STEPS", default=["承办", "审核", "批准"])
CASE_SUPPLEMENT_WORKING_DAYS = env.int("CASE_SUPPLEMENT_WORKING_DAYS", default=10)
CASE_TOLERANCE_WORKING_DAYS = env.int("CASE_TOLERANCE_WORKING_DAYS", default=10)
CASE_TOLERANCE_MAX_WORKING_DAYS = env.int("CASE_TOLERANCE_MAX_WORKING_DAYS", default=20)
CASE_EXTENSION_MAX_DAYS = env.int(
    "CASE_EXTENSION_MAX_DAYS", default=10
)  # 行政许可法 42
CASE_YELLOW_WORKING_DAYS = env.int("CASE_YELLOW_WORKING_DAYS", default=1)
CASE_MATERIAL_MAX_BYTES = env.int("CASE_MATERIAL_MAX_BYTES", default=10 * 1024 * 1024)
CASE_MAX_BYTES = env.int("CASE_MAX_BYTES", default=50 * 1024 * 1024)

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
}
API_MAX_PAGE_SIZE = 100
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="120/minute"),
    "user": env.str("API_THROTTLE_USER", default="600/minute"),
}
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
        "SpecialProcedureKindEnum": "tongban.catalog.models.choices.SpecialProcedureKind",
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
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@tongban.invalid")

# --- calendars ------------------------------------------------------------------------------
# Deadlines reaching a year whose holiday notice is not entered are refused unless this is on;
# then they are computed from the statutory base and flagged provisional (docs/calendars.md).
CALENDAR_ALLOW_PROVISIONAL = env.bool("CALENDAR_ALLOW_PROVISIONAL", default=False)

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
