"""Production: everything from the environment, refusing to start without the essentials."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES as base_caches
from .base import build_mailers, env_bool, env_list

DEBUG = env_bool("DEBUG", False)

# The concurrency test's switches turn off the row locks against overbooking.
TEST_ONLY = ("REGISTRATIONS_LOCKING", "REGISTRATIONS_TEST_DELAY")
if any(name in globals() or name in os.environ for name in TEST_ONLY):
    raise ImproperlyConfigured(
        "REGISTRATIONS_LOCKING and REGISTRATIONS_TEST_DELAY are for the tests only: "
        "without the row locks, sessions get overbooked. Remove them."
    )

# Staff reach the admin only with a second factor (communities.accounts.middleware).
SAMENSPEL_ADMIN_MFA_REQUIRED = env_bool("SAMENSPEL_ADMIN_MFA_REQUIRED", True)
if not SAMENSPEL_ADMIN_MFA_REQUIRED:
    raise ImproperlyConfigured(
        "SAMENSPEL_ADMIN_MFA_REQUIRED is off: staff would reach the admin with a password or "
        "a mailed code alone. It is for development only. Remove it."
    )

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith(("dev-", "test-", "django-insecure-"))
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value in production, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host name(s), comma-separated.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Links in mails (confirmations, cancel links, the editors' submission mails) start with it.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "").rstrip("/")
if not WAGTAILADMIN_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the site's public address, e.g. https://samenspel.nl: "
        "links in mails start with it."
    )

# One cache for every process and host, so that rate limits count all submissions from
# an address, not those one gunicorn worker happened to see. By default that is the
# database (its table is made by `migrate`, see website/apps.py); CACHE_URL=redis://…
# for Redis.
CACHE_URL = os.environ.get("CACHE_URL", "")
if not CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenspel_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
elif CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
        }
    }
else:
    raise ImproperlyConfigured("CACHE_URL must be empty (the database) or redis://…")
# Cached anonymous pages stay in each process's memory: the content version that makes
# them stale lives in the database, which every host reads (website.pagecache).
CACHES["pages"] = base_caches["pages"]
# Renditions, site root paths and settings stay off the shared cache too (website.memo);
# the rate-limit counters (website.spam, allauth) stay on it.
CACHES["renditions"] = base_caches["renditions"]

# Production sends real mail: SMTP unless EMAIL_BACKEND names an anymail ESP backend.
MAILERS = build_mailers("django.core.mail.backends.smtp.EmailBackend")

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")  # noqa: F405
