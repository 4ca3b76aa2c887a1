"""The real task worker as a process: ``manage.py run_worker`` on the test database.

Tests that use it are transactional (the worker must see committed rows) and switch
the site's task backend to the database queue, exactly as production runs.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url():
    """The URL of the database this test runs on, for a process of its own."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        name = params["NAME"]
        assert "memory" not in str(name), "worker tests need a file-based test database"
        return f"sqlite:///{name}"
    return (
        f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST'] or '127.0.0.1'}"
        f":{params['PORT'] or 5432}/{params['NAME']}"
    )


class Worker:
    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "wb")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.05",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self):
        """SIGKILL: no clean-up, tasks stay RUNNING, claimed rows stay claimed."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()

    def output(self):
        self.log.flush()
        return Path(self.log_path).read_text(errors="replace")


def wait_for(condition, timeout=60, what="the condition", workers=()):
    """Poll ``condition`` until it holds; fail with the workers' output when it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        for worker in workers:
            if worker.process.poll() is not None:
                pytest.fail(f"worker exited early:\n{worker.output()[-4000:]}")
        time.sleep(0.05)
    logs = "\n".join(worker.output()[-3000:] for worker in workers)
    pytest.fail(f"timed out waiting for {what}\n{logs}")


@pytest.fixture
def start_worker(settings, tmp_path):
    """Start ``run_worker`` processes on the test database; all are stopped afterwards.

    ``start_worker(smtp_port=…, **environment)`` returns a :class:`Worker`.
    """
    settings.TASKS = DATABASE_TASKS
    started = []

    def start(smtp_port=None, **extra):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "website.settings.test",
            "SAMENSPEL_TEST_TASKS": "database",
            "DATABASE_URL": database_url(),
            "WAGTAILADMIN_BASE_URL": django_settings.WAGTAILADMIN_BASE_URL,
            "PYTHONUNBUFFERED": "1",
        }
        if smtp_port:
            env.update(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=str(smtp_port),
            )
        env.update({key: str(value) for key, value in extra.items()})
        worker = Worker(env, tmp_path / f"worker-{len(started)}.log")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
