"""Production settings: refuse to start when the deployment is unsafe.

Checked at import, so every process (web, worker, scheduler) fails fast: DEBUG on, the
development secret key, missing encryption keys, a missing audit head key, a per-process
cache or a missing public address stop the process with a clear message.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (set DEBUG=false).")
if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development default or shorter than 50 characters."
    )
if not FIELD_ENCRYPTION_KEYS or not BLIND_INDEX_KEY:
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY must be set in production."
    )
if len(AUDIT_HEAD_KEY) < 32:
    raise ImproperlyConfigured(
        "AUDIT_HEAD_KEY must be set in production (32 characters or more), and kept "
        "outside the database."
    )

if CACHES["default"]["BACKEND"].endswith("LocMemCache") and not env.bool(
    "ALLOW_LOCAL_CACHE", default=False
):
    raise ImproperlyConfigured(
        "CACHE_URL must name a shared cache (redis://…) in production: throttles, "
        "lockouts and cached pages must hold across every worker and machine."
    )
if (SHARING_URL or SHARING_SOURCE_URLS) and (
    SHARING_SECRET == INSECURE_SHARING_SECRET or len(SHARING_SECRET) < 32
):
    raise ImproperlyConfigured(
        "SHARING_SECRET must be set (32 characters or more) when a data-sharing "
        "provider is configured: it signs every request (docs/sharing.md)."
    )
# Sessions read from the shared cache, written through to the database so a cache
# restart logs nobody out.
SESSION_ENGINE = env.str(
    "SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db"
)

if "PUBLIC_BASE_URL" not in env.ENVIRON:
    # The default (loopback) would print QR codes on notices that no applicant can open.
    raise ImproperlyConfigured(
        "PUBLIC_BASE_URL must be set in production (the portal's public address, "
        "printed in the QR codes of statutory notices)."
    )
if not env.str("CERTIFICATE_KEY_DIR", default=""):
    raise ImproperlyConfigured(
        "CERTIFICATE_KEY_DIR must name the directory of the certificate signing keys."
    )
CERTIFICATE_KEY_AUTOGENERATE = False

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
