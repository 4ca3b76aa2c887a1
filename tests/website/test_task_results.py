"""Finished task results are pruned after a while; waiting and running ones stay."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from website.scheduler import run_due_jobs

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def database_queue(settings):
    # The tests run tasks at once; the worker's database queue sits beside that.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


def result(age, outcome):
    """A task result as the worker leaves it, `age` ago."""
    with time_machine.travel(timezone.now() - age, tick=False):
        row = DBTaskResult.objects.create(
            task_path="website.tasks.publish_scheduled_pages",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="queue",
            run_after=timezone.now(),
        )
        if outcome in ("running", "successful", "failed"):
            row.claim("worker-1")
        if outcome == "successful":
            row.set_successful(None)
        elif outcome == "failed":
            row.set_failed(RuntimeError("mail server away"))
    return row.id


def remaining():
    return set(DBTaskResult.objects.values_list("id", flat=True))


def test_the_hourly_job_deletes_old_finished_results_and_keeps_the_rest():
    old_success = result(8 * DAY, "successful")
    old_failure = result(8 * DAY, "failed")
    recent = {result(6 * DAY, "successful"), result(6 * DAY, "failed")}
    unfinished = {result(30 * DAY, "waiting"), result(30 * DAY, "running")}

    assert "website.tasks.prune_task_results" in run_due_jobs()

    assert old_success not in remaining() and old_failure not in remaining()
    assert remaining() == recent | unfinished


def test_the_retention_is_configurable(settings):
    settings.TASK_RESULT_RETENTION_DAYS = 30
    kept = result(20 * DAY, "successful")
    gone = result(31 * DAY, "successful")
    run_due_jobs()
    assert kept in remaining() and gone not in remaining()
