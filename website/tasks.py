from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.tasks import task, task_backends
from django_tasks_db import DatabaseBackend

from website import mail, spam
from website.scheduler import periodic


@task()
def deliver_mail(mail_id):
    """Send one stored outgoing mail (see website.mail)."""
    mail.deliver(mail_id)


@periodic(every=timedelta(minutes=1))
@task()
def sweep_outbox():
    """Retry mails that are due and recover mails whose worker stopped."""
    return mail.sweep()


@periodic(every=timedelta(hours=1))
@task()
def prune_submission_counts():
    """Forget the per-address submission counts of windows that are over."""
    return spam.prune_submission_counts()


@periodic(every=timedelta(minutes=1))
@task()
def publish_scheduled_pages():
    """Wagtail's scheduled publishing and unpublishing.

    A version that a publishing check refuses (:mod:`website.publishing`) is taken off
    the schedule first, and the editors are told why, so it neither goes live nor
    stops the others. A page due to expire that a check wants kept online (an event with
    registrations that has not ended) keeps its place, without its expiry date.
    """
    from website import publishing

    publishing.unschedule_refused()
    publishing.keep_refused_expiries()
    call_command("publish_scheduled", verbosity=0)


@periodic(every=timedelta(hours=1))
@task()
def prune_task_results():
    """Delete finished task results older than TASK_RESULT_RETENTION_DAYS.

    The database backend keeps a row for every task run (the per-minute jobs alone add
    thousands a day); unfinished ones (waiting or running) are never touched.
    """
    for backend in task_backends.all():
        if isinstance(backend, DatabaseBackend):
            call_command(
                "prune_db_task_results",
                f"--backend={backend.alias}",
                "--queue-name=*",
                f"--min-age-days={settings.TASK_RESULT_RETENTION_DAYS}",
                verbosity=0,
            )
