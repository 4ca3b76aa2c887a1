"""Tests: fast hashing, tasks run at once unless a test starts the real worker."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-samenspel"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if os.environ.get("SAMENSPEL_TEST_TASKS") == "database":
    # A worker process started by a test (tests/support/worker.py): the real queue.
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
if os.environ.get("DATABASE_URL", "").startswith("postgres"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DB_NAME", "test_samenspel")}  # noqa: F405
else:
    # A file, not memory: tests start the real worker as a process on the same database.
    # One per run (the process id), so runs side by side never share it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TEST_DB_NAME")
        or os.path.join(tempfile.gettempdir(), f"samenspel-test-{os.getpid()}.sqlite3")
    }
# Tests change content and read it back inside one transaction, where the version is
# never raised (that happens on commit); tests/website/test_page_cache.py turns it on.
PAGE_CACHE_ENABLED = False
CONTENT_MEMO_ENABLED = False
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The concurrency test's switches (registrations.services): its control run turns off the
# row locks that keep sessions from being overbooked, with a pause between counting and
# writing. Only these settings define them; production refuses to start with them.
REGISTRATIONS_LOCKING = True
REGISTRATIONS_TEST_DELAY = 0
# Admin tests sign in with force_login; the tests of the second factor switch it on.
SAMENSPEL_ADMIN_MFA_REQUIRED = False
