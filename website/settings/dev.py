"""Development: DEBUG on, a fixed local key, mail written to var/outbox/."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-samenspel"  # noqa: S105
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# `make run`'s admin (ensure_dev_admin) reaches the admin without a second factor;
# production refuses this switch. SAMENSPEL_ADMIN_MFA_REQUIRED=1 tries the real thing.
SAMENSPEL_ADMIN_MFA_REQUIRED = env_bool("SAMENSPEL_ADMIN_MFA_REQUIRED", False)
# WebAuthn over http://127.0.0.1:8000.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
