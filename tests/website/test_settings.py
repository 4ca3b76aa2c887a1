"""Production settings: refuse to start without secrets, pass Django's deploy checks."""

import os
import subprocess
import sys

from django.conf import settings

GOOD_KEY = "k3y-" + "x7Qp9vR2mZ8sT4wL6yB1nC5dF0gH3jK8aE2uI7oP" * 2


def manage(*args, env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    base.pop("DATABASE_URL", None)
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


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = manage("check", env={"SECRET_KEY": GOOD_KEY, "SAMENSPEL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_passes_with_the_documented_variables(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "SECRET_KEY": GOOD_KEY,
            "ALLOWED_HOSTS": "samenspel.nl",
            "SAMENSPEL_VAR_DIR": str(tmp_path),
            "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "test-token",
        },
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
        "print(settings.MAILERS['default']['BACKEND'])"
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
    assert result.stdout.strip() == "anymail.backends.mailgun.EmailBackend", result.stderr
