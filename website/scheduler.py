"""Periodic jobs that run wherever a task worker runs.

``manage.py run_worker`` starts the database task worker plus a small loop that,
every few seconds, enqueues the periodic tasks that are due. Each job's next run
time lives in a :class:`ScheduledJob` row and is claimed with one conditional
UPDATE, so with several workers on several machines each run is enqueued once.

Register a job in any app's ``tasks.py``::

    @periodic(every=timedelta(minutes=5))
    @task()
    def send_reminders(): ...
"""

import logging
import threading
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from website.models.outbox import ScheduledJob

logger = logging.getLogger("samenspel.scheduler")

JOBS = {}


def periodic(every):
    def register(task):
        name = f"{task.func.__module__}.{task.func.__name__}"
        JOBS[name] = (task, every)
        return task

    return register


def run_due_jobs(now=None):
    """Enqueue each registered job whose time has come; returns the names enqueued."""
    autodiscover_modules("tasks")  # every app's tasks.py registers its jobs on import
    now = now or timezone.now()
    started = []
    for name, (task, every) in JOBS.items():
        ScheduledJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
        claimed = ScheduledJob.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + every, last_run_at=now
        )
        if claimed:
            task.enqueue()
            started.append(name)
    return started


class SchedulerThread(threading.Thread):
    def __init__(self, interval=10):
        super().__init__(name="samenspel-scheduler", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                close_old_connections()
                for name in run_due_jobs():
                    logger.info("Enqueued periodic job %s", name)
            except Exception:  # a database hiccup must not kill the worker
                logger.exception("Scheduler tick failed")
            finally:
                close_old_connections()
            self.stopped.wait(self.interval)


__all__ = ["JOBS", "SchedulerThread", "periodic", "run_due_jobs", "timedelta"]
