"""Settings shared by every environment.

Everything that differs between machines comes from the environment; see the
README's configuration table. ``dev``, ``test`` and ``production`` build on this.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("SAMENSPEL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "website",
    "events",
    "registrations",
    "newsletter",
    "communities",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads a query parameter: no NUL reaches a filter or the database.
    "website.middleware.CleanQueryMiddleware",
    # Before sessions, CSRF and authentication: a cached anonymous page needs none of them.
    "website.pagecache.AnonymousPageCacheMiddleware",
    # Likewise an unchanged agenda feed (events.feed_memo).
    "events.feed_memo.FeedMemoMiddleware",
    "website.memo.ContentMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A publication a check refused (website.publishing) becomes a message for the editor.
    "website.middleware.PublishRefusedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "communities.accounts.middleware.AdminSecondFactorMiddleware",
    "website.middleware.SiteContentSecurityPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "website.context_processors.site_chrome",
            ],
        },
    },
]

# SQLite file by default, PostgreSQL (or anything dj-database-url knows) from DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'samenspel.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL's full-text search fields.
    INSTALLED_APPS.append("django.contrib.postgres")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "website.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# Everyone signs in on allauth's pages (communities/accounts/, see the README's "Accounts"):
# members and staff alike; /admin/login/ redirects there.
LOGIN_URL = "account_login"
WAGTAILADMIN_LOGIN_URL = "account_login"
# Pages restricted to signed-in visitors send them to the same sign-in page.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Wagtail's own password reset mails a link outside the outbox; allauth's sends a code.
WAGTAIL_PASSWORD_RESET_ENABLED = False

# django-allauth: an e-mail address and a code typed in the same browser (mail links are
# opened by Safe Links scanners), an optional password, nothing that tells whether an
# address has an account, allauth's rate limits (in the cache, see CACHES).
ACCOUNT_ADAPTER = "communities.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# A mail when the password, an address or the second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website_url"
# allauth's rate limits are on with its defaults (ACCOUNT_RATE_LIMITS is merged into them),
# e.g. "login_failed": 10 a minute per IP address and 5 in 5 minutes per address, for
# members and staff alike; they count in the cache, which production shares.
LOGIN_REDIRECT_URL = "communities:profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Second factor: an authenticator app (TOTP) with recovery codes, and security keys or
# passkeys (WebAuthn) where the browser supports them. Staff must have one before they
# reach the admin (communities.accounts.middleware) unless SAMENSPEL_ADMIN_MFA_REQUIRED
# is off, which only the development and test settings allow.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Samenspel"
MFA_PASSKEY_LOGIN_ENABLED = False
SAMENSPEL_ADMIN_MFA_REQUIRED = env_bool("SAMENSPEL_ADMIN_MFA_REQUIRED", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Dutch first; texts go through gettext so English can follow.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch"))]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
# Every meeting is in the Netherlands: editors enter and read times in Dutch time,
# wherever they are (Wagtail would otherwise offer a time zone per account).
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
# locale/ holds our own texts (makemessages keeps it in step with the code);
# locale_overrides/ holds Dutch for Wagtail's texts where Wagtail's own catalogue is
# English, informal ("je" where we say "u") or wrong for us. Both win over Wagtail's;
# makemessages never touches locale_overrides/ (see CONTRIBUTING.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands")]
WAGTAIL_USER_EDIT_FORM = None
WAGTAILADMIN_DEFAULT_LANGUAGE = "nl"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Background work: Django's tasks framework on the database queue. The run command
# starts a worker beside the web server; production runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}
# Finished task results (successful or failed) are deleted after this many days.
TASK_RESULT_RETENTION_DAYS = int(os.environ.get("TASK_RESULT_RETENTION_DAYS", "7"))

# Mail. EMAIL_BACKEND names any Django or anymail backend; the default writes each
# message as a file under EMAIL_FILE_PATH so a developer can read what was sent.
MAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "outbox"))


def build_mailers(default_backend):
    """MAILERS (Django 6.1) from EMAIL_BACKEND and the EMAIL_* variables."""
    backend = os.environ.get("EMAIL_BACKEND", default_backend)
    options = {}
    if backend == "django.core.mail.backends.filebased.EmailBackend":
        options["file_path"] = str(MAIL_FILE_PATH)
    elif backend == "django.core.mail.backends.smtp.EmailBackend":
        options.update(
            host=os.environ.get("EMAIL_HOST", "localhost"),
            port=int(os.environ.get("EMAIL_PORT", "25")),
            username=os.environ.get("EMAIL_HOST_USER", ""),
            password=os.environ.get("EMAIL_HOST_PASSWORD", ""),
            use_tls=env_bool("EMAIL_USE_TLS"),
            timeout=int(os.environ.get("EMAIL_TIMEOUT", "30")),
        )
    # "default" stores every message in the outbox (website.mail); "delivery" hands
    # stored mail to the ESP.
    mailers = {
        "default": {"BACKEND": "website.mail.OutboxBackend"},
        "delivery": {"BACKEND": backend, "OPTIONS": options},
    }
    # The nieuwsbrief may go through its own ESP stream (e.g. Postmark's broadcast
    # stream); by default it uses the same backend as every other mail.
    newsletter_backend = os.environ.get("NEWSLETTER_EMAIL_BACKEND", "")
    if newsletter_backend:
        mailers["newsletter"] = {"BACKEND": newsletter_backend, "OPTIONS": {}}
    else:
        mailers["newsletter"] = {"BACKEND": backend, "OPTIONS": dict(options)}
    return mailers


MAILERS = build_mailers("django.core.mail.backends.filebased.EmailBackend")
# anymail reads the ESP's key from ANYMAIL (e.g. ANYMAIL_POSTMARK_SERVER_TOKEN).
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samenspel <noreply@samenspel.nl>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where form submissions ("Stel uw vraag", practice examples) are mailed by default.
EDITORS_EMAIL = os.environ.get("EDITORS_EMAIL", "redactie@samenspel.nl")

# Nieuwsbrief (see the README): sender, batch size, a send rate limit per worker
# (messages per second, 0 = none), and how long a claimed batch may stay silent before
# another worker takes it over. Open and click tracking are off unless turned on.
NEWSLETTER_FROM_EMAIL = os.environ.get("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "100"))
NEWSLETTER_RATE_LIMIT = float(os.environ.get("NEWSLETTER_RATE_LIMIT", "0"))
NEWSLETTER_CLAIM_TIMEOUT = int(os.environ.get("NEWSLETTER_CLAIM_TIMEOUT", "300"))
NEWSLETTER_PARALLEL_TASKS = int(os.environ.get("NEWSLETTER_PARALLEL_TASKS", "2"))
NEWSLETTER_MERGE_FIELD_FORMAT = os.environ.get("NEWSLETTER_MERGE_FIELD_FORMAT", "")
NEWSLETTER_TRACK_OPENS = env_bool("NEWSLETTER_TRACK_OPENS")
NEWSLETTER_TRACK_CLICKS = env_bool("NEWSLETTER_TRACK_CLICKS")
NEWSLETTER_CONFIRM_DAYS = int(os.environ.get("NEWSLETTER_CONFIRM_DAYS", "7"))

# Communities: from this hour (Amsterdam) members who chose "once a day" get the summary
# of the previous day's messages in their groups.
COMMUNITIES_DIGEST_HOUR = int(os.environ.get("COMMUNITIES_DIGEST_HOUR", "7"))

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    },
    # Anonymous pages, per process, keyed on the shared content version (website.pagecache).
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samenspel-pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "2000"))},
    },
    # Wagtail's image renditions (it uses this alias when there is one), per process: a
    # rendition never changes once made, and each write to the database cache costs three
    # statements. A miss costs one query to the renditions table.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "samenspel-renditions",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
# How long a process trusts the content version it read (seconds), and the longest a page
# stays cached when nothing changes.
PAGE_CACHE_VERSION_SECONDS = float(os.environ.get("PAGE_CACHE_VERSION_SECONDS", "1"))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long a shared cache in front of the site (a reverse proxy, a CDN) may answer with an
# anonymous page without asking us: 0 (the default) lets it store pages but makes it ask
# every time ("no-cache"), and an unchanged page is then answered 304 from our memory.
PAGE_CACHE_PROXY_SECONDS = int(os.environ.get("PAGE_CACHE_PROXY_SECONDS", "0"))
# The site, its settings, menu, view restrictions and routes, held per process on the
# same content version (website.memo).
CONTENT_MEMO_ENABLED = True

# Wagtail
WAGTAIL_SITE_NAME = "Samenspel"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Dutch stemming and stop words: "thuiszitter" finds "thuiszitters". Changing it
    # needs `manage.py update_index` (the README says so).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "dutch"
# Documents are always streamed through Wagtail's view (its hooks check permissions), never
# redirected to a storage URL: a group's files must not get a public address.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILADMIN_COMMENTS_ENABLED = True
# Avatars are uploaded or Wagtail's default image: no editor's address hash goes to Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No "new Wagtail version" notice or "what's new" banner for editors (English, and
# the update check calls wagtail.org from every editor's browser).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Spam protection for public forms: at most this many submissions per IP address
# per window (seconds). Generous enough that a real person never meets it.
FORM_RATE_LIMIT = int(os.environ.get("FORM_RATE_LIMIT", "10"))
FORM_RATE_WINDOW = int(os.environ.get("FORM_RATE_WINDOW", "600"))

# Content Security Policy: strict on the public site; the Wagtail admin gets a
# report-only policy (it needs inline scripts and styles).
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "samenspel": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One handler each, so the worker's task log lines are not printed twice.
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Registrations (see docs/registrations.md). Personal data of registrations is
# anonymised this many days after the event (counts stay); dietary requirements,
# accessibility needs and other sensitive answers are erased sooner.
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "365"))
REGISTRATION_SENSITIVE_RETENTION_DAYS = int(
    os.environ.get("REGISTRATION_SENSITIVE_RETENTION_DAYS", "7")
)

# Nieuwsbrief: when an unconfirmed request is deleted (days).
NEWSLETTER_UNCONFIRMED_DAYS = int(os.environ.get("NEWSLETTER_UNCONFIRMED_DAYS", "30"))
