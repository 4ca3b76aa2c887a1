"""The outbox: stored before sending, exactly once, retried with back-off, resumable."""

import datetime
import threading
import time

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail as django_mail
from django.db import connection, connections, transaction

from website import mail
from website.models import OutgoingMail, ScheduledJob
from website.scheduler import run_due_jobs

FAILING_ESP = {
    "delivery": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


def queue(**kwargs):
    kwargs.setdefault("to", "deelnemer@example.nl")
    kwargs.setdefault("subject", "Bevestiging")
    kwargs.setdefault("text", "Tot vrijdag!\n")
    return mail.queue_mail(**kwargs)


@pytest.mark.django_db(transaction=True)
def test_mail_is_stored_in_the_transaction_and_sent_only_after_commit():
    with transaction.atomic():
        row = queue(key="test:1")
        assert OutgoingMail.objects.filter(pk=row.pk, status="queued").exists()
        assert django_mail.outbox == []  # nothing leaves before commit
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert len(django_mail.outbox) == 1
    assert django_mail.outbox[0].extra_headers["Message-ID"] == row.message_id


@pytest.mark.django_db(transaction=True)
def test_rolled_back_work_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(key="test:rollback")
        raise RuntimeError("the registration failed")
    assert OutgoingMail.objects.count() == 0
    assert django_mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_same_key_is_sent_once():
    first = queue(key="registration:7:confirmation")
    second = queue(key="registration:7:confirmation", subject="Anders")
    assert first.pk == second.pk
    mail.deliver(first.pk)  # a duplicate task run changes nothing
    assert OutgoingMail.objects.count() == 1
    assert len(django_mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_failing_esp_keeps_the_mail_and_retries_with_back_off(settings):
    settings.MAILERS = FAILING_ESP
    start = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        row = queue(key="test:retry")
        row.refresh_from_db()
        assert row.status == OutgoingMail.Status.RETRY
        assert row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
        assert row.next_attempt_at == start + datetime.timedelta(minutes=1)
        assert mail.sweep() == 0  # not due yet

    settings.MAILERS = {"delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert mail.sweep() == 1
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    assert row.attempts == 2
    assert len(django_mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_emptied_by_an_erasure_is_never_sent(settings):
    """An erasure empties a row that was being sent; its retry must not go out."""
    settings.MAILERS = FAILING_ESP
    start = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        row = queue(key="test:erased")
    OutgoingMail.objects.filter(pk=row.pk).update(to="", subject="", body_text="")

    settings.MAILERS = {"delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert mail.deliver(row.pk) is None  # its retry task runs
    assert not OutgoingMail.objects.filter(pk=row.pk).exists()
    assert django_mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_sweep_removes_rows_emptied_during_a_send_once_it_is_over():
    sending = OutgoingMail.objects.create(
        to="", subject="", body_text="", status=OutgoingMail.Status.SENDING
    )
    sent = OutgoingMail.objects.create(
        to="", subject="", body_text="", status=OutgoingMail.Status.SENT
    )
    mail.sweep()
    assert list(OutgoingMail.objects.values_list("pk", flat=True)) == [sending.pk]
    assert not OutgoingMail.objects.filter(pk=sent.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_send_whose_row_was_erased_meanwhile_ends_quietly(settings):
    settings.MAILERS = {"delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    row = queue(key="test:erased-during-send")
    row.status = OutgoingMail.Status.SENT
    OutgoingMail.objects.filter(pk=row.pk).delete()
    mail._record(row, "status")  # what deliver() does after the ESP answered
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_mail_is_marked_failed_after_the_last_attempt(settings):
    settings.MAILERS = FAILING_ESP
    moment = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        row = queue()
    for _ in range(len(mail.BACKOFF_MINUTES) + 1):
        moment += datetime.timedelta(days=1)
        with time_machine.travel(moment, tick=False):
            mail.sweep()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    assert row.attempts == len(mail.BACKOFF_MINUTES) + 1


@pytest.mark.django_db(transaction=True)
def test_sweep_resumes_a_mail_whose_worker_died_while_sending():
    moment = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
    row = OutgoingMail.objects.create(
        to="deelnemer@example.nl",
        subject="Herinnering",
        body_text="Tot morgen.",
        status=OutgoingMail.Status.SENDING,
        attempts=1,
        claimed_at=moment,
        next_attempt_at=moment,
        message_id="<vast@samenspel.nl>",
    )
    with time_machine.travel(moment + datetime.timedelta(seconds=90), tick=False):
        assert mail.sweep() == 0  # may still be busy (the SMTP timeout is 30 seconds)
    with time_machine.travel(moment + datetime.timedelta(minutes=3), tick=False):
        assert mail.sweep() == 1  # not a quarter of an hour later, as it used to be
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    (resent,) = django_mail.outbox
    assert resent.extra_headers["Message-ID"] == "<vast@samenspel.nl>"
    assert resent.extra_headers["X-Samenspel-Resent"] == "possible-duplicate"


@pytest.mark.django_db(transaction=True)
def test_an_ordinary_retry_is_not_marked_as_a_possible_duplicate(settings):
    settings.MAILERS = FAILING_ESP
    row = queue()  # stored, then the send after commit failed
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.RETRY
    settings.MAILERS = {"delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    with time_machine.travel(row.next_attempt_at + datetime.timedelta(seconds=1), tick=False):
        assert mail.sweep() == 1
    (sent,) = django_mail.outbox
    assert "X-Samenspel-Resent" not in sent.extra_headers


@pytest.mark.django_db(transaction=True)
def test_attachments_and_html_travel_with_the_mail():
    queue(
        html="<p>Tot vrijdag!</p>",
        attachments=[mail.attachment("estafette.ics", "BEGIN:VCALENDAR", "text/calendar")],
    )
    sent = django_mail.outbox[0]
    assert sent.alternatives[0].content == "<p>Tot vrijdag!</p>"
    assert sent.attachments[0].filename == "estafette.ics"
    assert sent.attachments[0].content in ("BEGIN:VCALENDAR", b"BEGIN:VCALENDAR")


@pytest.mark.django_db
def test_scheduler_enqueues_a_job_again_only_when_it_is_due_again():
    moment = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
    first = run_due_jobs(moment)
    later = run_due_jobs(moment + datetime.timedelta(seconds=30))  # the next tick
    assert "website.tasks.sweep_outbox" in first
    assert later == []
    job = ScheduledJob.objects.get(name="website.tasks.sweep_outbox")
    assert job.next_run_at == moment + datetime.timedelta(minutes=1)
    assert "website.tasks.sweep_outbox" in run_due_jobs(moment + datetime.timedelta(minutes=1))


def backends_waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else it is read once per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL (DATABASE_URL): SQLite lets one writer in at a time, so two "
    "workers' claims cannot interleave there",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_the_same_instant_enqueue_each_job_once():
    """Two workers, each with its own connection, claim the same due jobs at once.

    The test holds the job rows locked until both workers are waiting for that lock, so
    both have read the rows as due before either can claim one: the worst interleaving,
    every time. Claiming by reading the row and saving it then enqueues a job twice; the
    conditional UPDATE lets the second worker find it already claimed.
    """
    run_due_jobs(datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC))  # the job rows
    moment = datetime.datetime(2026, 11, 25, 9, 0, tzinfo=datetime.UTC)  # every job due
    claimed = []

    def worker():
        try:
            claimed.extend(run_due_jobs(moment))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    with transaction.atomic():
        list(ScheduledJob.objects.select_for_update())
        for thread in workers:
            thread.start()
        deadline = time.monotonic() + 10
        while backends_waiting_for_a_lock() < 2:
            assert time.monotonic() < deadline, "the workers never reached the job rows"
            time.sleep(0.01)  # polling PostgreSQL's own view of who waits; no fixed pause
    for thread in workers:
        thread.join(timeout=30)

    assert sorted(claimed) == sorted(ScheduledJob.objects.values_list("name", flat=True))
    assert len(claimed) == len(set(claimed))


@pytest.mark.django_db(transaction=True)
def test_a_deferred_mail_is_rendered_when_it_is_sent_and_its_key_goes_once():
    params = {
        "site_name": "Samenspel",
        "confirm_url": "http://testserver/nieuwsbrief/bevestigen/abc/",
        "confirm_days": 7,
        "subscriber": {"name": "Lotte de Vries"},
    }
    with transaction.atomic():
        row = mail.queue_deferred_mail(
            to="lotte@example.nl", template="newsletter_confirm", params=params, key="test:d"
        )
        again = mail.queue_deferred_mail(
            to="lotte@example.nl", template="newsletter_confirm", params={}, key="test:d"
        )
        assert again.pk == row.pk
        stored = OutgoingMail.objects.get(pk=row.pk)
        assert (stored.subject, stored.body_text, stored.rendered_at) == ("", "", None)
    (sent,) = django_mail.outbox
    assert sent.subject == "Bevestig uw aanmelding voor de nieuwsbrief van Samenspel"
    assert sent.body.startswith("Beste Lotte de Vries,")
    assert "http://testserver/nieuwsbrief/bevestigen/abc/" in sent.body
    assert "7 dagen" in sent.body
    stored.refresh_from_db()
    assert (stored.status, stored.subject) == (OutgoingMail.Status.SENT, sent.subject)
    assert stored.rendered_at is not None and stored.body_text == sent.body


@pytest.mark.django_db
def test_a_deferred_mail_takes_plain_values_and_a_known_renderer_only(home):
    with pytest.raises(TypeError):
        mail.queue_deferred_mail(
            to="lotte@example.nl", template="newsletter_confirm", params={"page": home}
        )
    with pytest.raises(ValueError, match="No mail renderer"):
        mail.queue_deferred_mail(
            to="lotte@example.nl", template="newsletter_confirm", renderer="onbekend"
        )
    assert not OutgoingMail.objects.exists()
