"""The real worker process: killed mid-send, restarted, and two at once.

These tests start ``manage.py run_worker`` on the test database and send over SMTP to
an aiosmtpd sink, so they prove what the README promises about the production set-up:
the delivery rows, not the task, are the truth; nobody gets an issue twice.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletter import sending
from newsletter.models import Delivery, IssueSend
from tests.support.worker import wait_for
from website.mail import queue_mail
from website.models import OutgoingMail, ScheduledJob
from website.scheduler import JOBS, run_due_jobs

from .builders import make_issue, subscribers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SWEEP = "newsletter.tasks.sweep_newsletter"


def runs_of(job_name):
    return DBTaskResult.objects.filter(task_path=job_name).count()


def test_a_killed_worker_resumes_and_everyone_gets_the_issue_once(home, smtp_sink, start_worker):
    run_due_jobs()  # make sure every job is registered before we count
    issue = make_issue(home, title="Nieuwsbrief juni")
    readers = subscribers(40)
    queue_mail(to="deelnemer@example.nl", subject="Bevestiging", text="U bent aangemeld.")
    queue_mail(to="organisator@example.nl", subject="Overzicht", text="Drie aanmeldingen.")
    # The sink answers 15 messages, then holds the 16th until the worker is dead.
    smtp_sink.hold_at = 15
    send, _created = sending.schedule_send(issue)

    worker = start_worker(smtp_port=smtp_sink.port, NEWSLETTER_BATCH_SIZE=10)
    wait_for(smtp_sink.holding.is_set, what="the 16th message", workers=[worker])
    worker.kill()
    smtp_sink.release.set()

    counts = sending.progress_of(send)
    assert Delivery.objects.filter(send=send, status=Delivery.Status.SENDING).exists()
    sent_before = Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count()
    assert sent_before <= 15, counts
    # The outbox mails went out on the first run, once each.
    assert smtp_sink.count_per_recipient()["deelnemer@example.nl"] == 1
    assert OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT).count() == 2
    # Every periodic job was claimed once by the first run's scheduler.
    assert {name: runs_of(name) for name in JOBS} == dict.fromkeys(JOBS, 1)

    # Restarted, with the sweep due (an operator could wait a minute instead).
    smtp_sink.hold_at = None
    ScheduledJob.objects.filter(name=SWEEP).update(next_run_at=timezone.now())
    worker = start_worker(
        smtp_port=smtp_sink.port, NEWSLETTER_BATCH_SIZE=10, NEWSLETTER_CLAIM_TIMEOUT=0
    )
    wait_for(
        lambda: IssueSend.objects.get(pk=send.pk).status == IssueSend.Status.DONE,
        what="the send to finish",
        workers=[worker],
    )
    received = smtp_sink.count_per_recipient()
    assert {r.email: received[r.email] for r in readers} == {r.email: 1 for r in readers}
    assert received["deelnemer@example.nl"] == 1
    assert received["organisator@example.nl"] == 1
    assert Delivery.objects.filter(send=send, status=Delivery.Status.SENT).count() == 40
    # Only the job made due ran again.
    expected = dict.fromkeys(JOBS, 1) | {SWEEP: 2}
    assert {name: runs_of(name) for name in JOBS} == expected


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel workers need PostgreSQL's row locks"
)
def test_two_workers_at_once_send_each_delivery_once_and_run_each_job_once(
    home, smtp_sink, start_worker
):
    run_due_jobs(now=timezone.now() - timedelta(days=1))  # register; runs are counted below
    DBTaskResult.objects.all().delete()
    ScheduledJob.objects.update(next_run_at=timezone.now())
    issue = make_issue(home, title="Nieuwsbrief juli")
    readers = subscribers(300)
    sending.schedule_send(issue)

    workers = [
        start_worker(smtp_port=smtp_sink.port, NEWSLETTER_BATCH_SIZE=5),
        start_worker(smtp_port=smtp_sink.port, NEWSLETTER_BATCH_SIZE=5),
    ]
    wait_for(
        lambda: IssueSend.objects.filter(status=IssueSend.Status.DONE).exists(),
        what="the send to finish",
        workers=workers,
    )
    received = smtp_sink.count_per_recipient()
    assert {r.email: received[r.email] for r in readers} == {r.email: 1 for r in readers}
    # Both workers took part, and each periodic job was claimed by one of them only.
    workers_seen = set()
    for ids in DBTaskResult.objects.filter(
        task_path="newsletter.tasks.send_newsletter_batches"
    ).values_list("worker_ids", flat=True):
        workers_seen.update(ids)
    assert len(workers_seen) == 2
    assert {name: runs_of(name) for name in JOBS} == dict.fromkeys(JOBS, 1)
