"""Production settings: refuse to start without secrets, pass Django's deploy checks."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "k3y-" + "x7Qp9vR2mZ8sT4wL6yB1nC5dF0gH3jK8aE2uI7oP" * 2
# The variables the README's production section sets (with a file database).
DOCUMENTED = {
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "samenspel.nl",
    "WAGTAILADMIN_BASE_URL": "https://samenspel.nl",
    "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
    "ANYMAIL_POSTMARK_SERVER_TOKEN": "test-token",
}
OURS = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL", "CACHE_URL"}


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in OURS}
    base.update(DJANGO_SETTINGS_MODULE="website.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    env = {"ALLOWED_HOSTS": "samenspel.nl", "SAMENSPEL_VAR_DIR": str(tmp_path)}
    missing = manage("check", env=env)
    assert missing.returncode != 0
    assert "SECRET_KEY must be set" in missing.stderr
    weak = manage("check", env={**env, "SECRET_KEY": "dev-only-not-secret-samenspel"})
    assert weak.returncode != 0


def test_production_refuses_djangos_insecure_startproject_key(tmp_path):
    # startproject's keys are long and varied enough for the length test, but known insecure.
    key = "django-insecure-" + "0d%5v#k(q8@z!r2m^t7w&y1n3b6c9f4h-j_l+p=s" * 2
    env = {**DOCUMENTED, "SECRET_KEY": key, "SAMENSPEL_VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage("check", env={"SECRET_KEY": GOOD_KEY, "SAMENSPEL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("base_url", [None, "", "samenspel.nl"])
def test_production_refuses_to_start_without_the_sites_address_for_mails(tmp_path, base_url):
    """Without it, links in mails would point at http://127.0.0.1:8000."""
    env = {**DOCUMENTED, "SAMENSPEL_VAR_DIR": str(tmp_path)}
    if base_url is None:
        del env["WAGTAILADMIN_BASE_URL"]
    else:
        env["WAGTAILADMIN_BASE_URL"] = base_url
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL must be" in result.stderr


def test_production_shares_the_rate_limit_counters_between_processes(tmp_path):
    """Without CACHE_URL the cache is the database, so every gunicorn worker and host
    counts the same submissions; `migrate` creates its table."""
    env = {**DOCUMENTED, "SAMENSPEL_VAR_DIR": str(tmp_path)}
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    count = "from django.core.cache import cache; cache.add('n', 0); print(cache.incr('n'))"
    outputs = [manage("shell", "--no-imports", "-c", count, env=env) for _ in range(2)]
    assert [o.stdout.strip() for o in outputs] == ["1", "2"], [o.stderr for o in outputs]


def test_cache_url_selects_redis(tmp_path):
    env = {**DOCUMENTED, "SAMENSPEL_VAR_DIR": str(tmp_path), "CACHE_URL": "redis://cache:6379/1"}
    code = "from django.conf import settings; print(settings.CACHES['default'])"
    result = manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert "django.core.cache.backends.redis.RedisCache" in result.stdout
    assert "redis://cache:6379/1" in result.stdout
    wrong = manage("check", env={**env, "CACHE_URL": "memcached://cache"})
    assert wrong.returncode != 0
    assert "CACHE_URL" in wrong.stderr


def test_check_deploy_passes_with_the_documented_variables(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**DOCUMENTED, "SAMENSPEL_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_settings_are_dutch_and_amsterdam():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert settings.AUTH_USER_MODEL == "website.User"


def test_mail_backend_comes_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings; import django; django.setup(); "
        "print(settings.MAILERS['default']['BACKEND'], settings.MAILERS['delivery']['BACKEND'], "
        "settings.MAILERS['newsletter']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.dev",
        EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
        SAMENSPEL_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Every mail is stored in the outbox first, then handed to the ESP of the environment;
    # the nieuwsbrief takes the same ESP unless NEWSLETTER_EMAIL_BACKEND names another.
    assert result.stdout.split() == [
        "website.mail.OutboxBackend",
        "anymail.backends.mailgun.EmailBackend",
        "anymail.backends.mailgun.EmailBackend",
    ], result.stderr


def test_only_the_test_settings_define_the_lock_switches():
    from website.settings import base, dev

    for module in (base, dev):
        assert not hasattr(module, "REGISTRATIONS_LOCKING"), module.__name__
        assert not hasattr(module, "REGISTRATIONS_TEST_DELAY"), module.__name__
    assert (settings.REGISTRATIONS_LOCKING, settings.REGISTRATIONS_TEST_DELAY) == (True, 0)


@pytest.mark.parametrize(
    "switch", [("REGISTRATIONS_LOCKING", "0"), ("REGISTRATIONS_TEST_DELAY", "0.2")]
)
def test_production_refuses_to_start_with_a_lock_switch(tmp_path, switch):
    name, value = switch
    env = {**DOCUMENTED, "SAMENSPEL_VAR_DIR": str(tmp_path)}
    assert manage("check", env=env).returncode == 0
    result = manage("check", env={**env, name: value})
    assert result.returncode != 0
    assert "REGISTRATIONS_LOCKING and REGISTRATIONS_TEST_DELAY are for the tests only" in (
        result.stderr
    )


def test_the_lock_switches_do_nothing_outside_the_test_settings(tmp_path):
    """A settings module of someone's own, built on production or dev, cannot turn the
    row locks off or add the pause."""
    (tmp_path / "own_settings.py").write_text(
        "from website.settings.dev import *\n"
        "REGISTRATIONS_LOCKING = False\n"
        "REGISTRATIONS_TEST_DELAY = 5\n"
    )
    code = (
        "import django; django.setup(); from registrations import services; "
        "print(services.locking_enabled(), services._test_switch('REGISTRATIONS_TEST_DELAY', 0))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="own_settings",
        PYTHONPATH=os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        SAMENSPEL_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "True 0", result.stderr


@pytest.mark.parametrize("value", ["0", "False", "nee"])
def test_production_refuses_to_let_staff_skip_the_second_factor(tmp_path, value):
    env = {**DOCUMENTED, "SAMENSPEL_VAR_DIR": str(tmp_path)}
    assert manage("check", env={**env, "SAMENSPEL_ADMIN_MFA_REQUIRED": "1"}).returncode == 0
    result = manage("check", env={**env, "SAMENSPEL_ADMIN_MFA_REQUIRED": value})
    assert result.returncode != 0
    assert "SAMENSPEL_ADMIN_MFA_REQUIRED is off" in result.stderr


def test_only_development_skips_the_second_factor_by_default():
    from website.settings import base, dev

    assert base.SAMENSPEL_ADMIN_MFA_REQUIRED is True
    assert dev.SAMENSPEL_ADMIN_MFA_REQUIRED is False
