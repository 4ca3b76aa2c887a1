"""Registration mails are stored as what to render and rendered by the real worker.

A registration stores its mail as a template, the registration's id and its state of
the moment; ``manage.py run_worker`` renders text, HTML and calendar file when it sends
it, over SMTP to the aiosmtpd sink. Each mail describes what was true when it was
queued, the worker renders it once (a resend after a killed worker is the same
message), and a render that fails keeps the mail until it can be sent.
"""

import datetime
import re

import pytest
import time_machine
from django.core import mail as django_mail
from django.urls import reverse

from registrations import services
from registrations.models import Registration
from tests.events import ical_parser
from tests.support.worker import wait_for
from website import mail
from website.models import OutgoingMail

from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ADDRESS = "pieter@example.nl"


def register(client, event, session):
    response = client.post(
        reverse("registrations:register", args=[event.pk]),
        {
            "name": "Pieter Jansen",
            "email": ADDRESS,
            "organisation": "Gemeente Zwolle",
            "session": session.pk,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    return Registration.objects.get(email=ADDRESS)


def entry_of(received):
    """(METHOD, the one VEVENT) of the calendar file attached to a received message."""
    (ics,) = received.attachments()
    content = ics.get_content()
    calendar = ical_parser.parse(content.encode() if isinstance(content, str) else content)
    (entry,) = calendar.children("VEVENT")
    return calendar.value("METHOD"), entry


def test_the_worker_renders_what_the_registration_stored(
    client, estafette, smtp_sink, start_worker
):
    school, _ = sessions_of(estafette)
    registration = register(client, estafette, school)

    # The registration stored what to render, not the text: no template ran in its lock.
    row = OutgoingMail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert (row.template, row.subject, row.body_text, row.attachments, row.rendered_at) == (
        "registration_confirmation",
        "",
        "",
        [],
        None,
    )

    worker = start_worker(smtp_port=smtp_sink.port)
    wait_for(
        lambda: OutgoingMail.objects.get(pk=row.pk).status == OutgoingMail.Status.SENT,
        what="the mail to be sent",
        workers=[worker],
    )
    (received,) = smtp_sink.to(ADDRESS)
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT and row.rendered_at is not None
    assert received.message["Subject"] == row.subject
    assert row.subject.startswith("Bevestiging aanmelding: Inspiratie-estafette maart")
    assert "Beste Pieter Jansen" in received.text and "Beste Pieter Jansen" in row.body_text
    assert "U bent aangemeld voor Inspiratie-estafette maart" in received.text
    assert "Van Koetsveldschool" in received.text and "Van Koetsveldschool" in received.html
    assert "Archimedesplantsoen 98" in received.text
    assert "11.00–14.00 uur" in received.text  # the host location's own time
    manage = re.search(r"http://testserver(/aanmelding/\S+/)", received.text).group(1)
    assert "Pieter Jansen" in client.get(manage).content.decode()

    method, entry = entry_of(received)
    assert method == "PUBLISH"
    assert entry.value("UID") == str(registration.calendar_uid)
    assert entry.value("SEQUENCE") == "0"
    assert "Van Koetsveldschool" in entry.value("SUMMARY")


def test_each_mail_describes_its_own_moment_when_the_worker_comes_later(
    client, estafette, smtp_sink, start_worker
):
    """Registered, moved to another host location, cancelled: all before the worker runs."""
    school, brug = sessions_of(estafette)
    registration = register(client, estafette, school)
    services.change_session(registration, brug)
    services.cancel(Registration.objects.get(pk=registration.pk))

    worker = start_worker(smtp_port=smtp_sink.port)
    received = wait_for(
        lambda: len(smtp_sink.to(ADDRESS)) == 3 and smtp_sink.to(ADDRESS),
        what="three mails",
        workers=[worker],
    )
    by_subject = {message.message["Subject"].split(":")[0]: message for message in received}
    confirmation = by_subject["Bevestiging aanmelding"]
    moved = by_subject["Aanmelding gewijzigd"]
    cancelled = by_subject["Afmelding ontvangen"]

    # The confirmation confirms the first host location, as it was when it was queued.
    assert "U bent aangemeld" in confirmation.text
    assert "Van Koetsveldschool" in confirmation.text and "11.00–14.00 uur" in confirmation.text
    assert "Jeugdhulp De Brug" not in confirmation.text
    method, entry = entry_of(confirmation)
    assert (method, entry.value("SEQUENCE")) == ("PUBLISH", "0")
    assert "Van Koetsveldschool" in entry.value("SUMMARY")

    # The move names both and updates the same entry to the new place and time.
    assert (
        "In plaats van Van Koetsveldschool bent u nu aangemeld voor Jeugdhulp De Brug" in moved.text
    )
    assert "10.00–12.30 uur" in moved.text
    method, moved_entry = entry_of(moved)
    assert (method, moved_entry.value("SEQUENCE")) == ("PUBLISH", "1")
    assert moved_entry.value("UID") == entry.value("UID")
    assert "Jeugdhulp De Brug" in moved_entry.value("SUMMARY")

    # The cancellation removes that entry with a higher SEQUENCE than both.
    assert "is geannuleerd" in cancelled.text
    method, removed = entry_of(cancelled)
    assert (method, removed.value("STATUS"), removed.value("SEQUENCE")) == (
        "CANCEL",
        "CANCELLED",
        "2",
    )
    assert removed.value("UID") == entry.value("UID")


def test_a_worker_killed_mid_send_leaves_one_mail_rendered_once(
    client, estafette, smtp_sink, start_worker
):
    school, _ = sessions_of(estafette)
    smtp_sink.hold_at = 0  # the first message is held until the worker is dead
    registration = register(client, estafette, school)
    worker = start_worker(smtp_port=smtp_sink.port)
    wait_for(smtp_sink.holding.is_set, what="the send to start", workers=[worker])
    worker.kill()
    smtp_sink.release.set()

    row = OutgoingMail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert row.status == OutgoingMail.Status.SENDING
    first_render = (row.rendered_at, row.subject, row.body_text, row.body_html, row.attachments)
    assert row.rendered_at is not None and "Beste Pieter Jansen" in row.body_text
    assert smtp_sink.to(ADDRESS) == []

    # The sweep (each minute, in a worker) takes the mail back once the send is stale.
    smtp_sink.hold_at = None
    with time_machine.travel(row.claimed_at + mail.STALE_AFTER + datetime.timedelta(seconds=1)):
        assert mail.sweep() == 1
    worker = start_worker(smtp_port=smtp_sink.port)
    wait_for(
        lambda: OutgoingMail.objects.get(pk=row.pk).status == OutgoingMail.Status.SENT,
        what="the resend",
        workers=[worker],
    )
    (received,) = smtp_sink.to(ADDRESS)
    row.refresh_from_db()
    # Not rendered again: the very message the dead worker was sending, said to be a resend.
    assert (row.rendered_at, row.subject, row.body_text, row.body_html, row.attachments) == (
        first_render
    )
    assert received.message["Message-ID"] == row.message_id
    assert received.message["Subject"] == row.subject
    assert received.message[mail.RESENT_HEADER] == "possible-duplicate"
    assert smtp_sink.count_per_recipient() == {ADDRESS: 1}


# -- a render that fails ---------------------------------------------------------------------

FLAKY = "tests.registration-until-fixed"


@pytest.fixture
def flaky_renderer():
    """The registration renderer with a bug that a later deploy fixes."""
    state = {"broken": True}

    def render(params):
        if state["broken"]:
            raise RuntimeError("sjabloonfout in de bevestiging")
        return services.render_registration_mail(params)

    mail.mail_renderer(FLAKY)(render)
    yield state
    del mail.RENDERERS[FLAKY]


def test_a_mail_whose_render_fails_waits_in_the_outbox_until_it_can_be_sent(
    estafette, flaky_renderer, client, superuser
):
    school, _ = sessions_of(estafette)
    start = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)
    registration = services.register(estafette, person(1, session=school)).registration
    # What the registration's confirmation holds, queued again with the buggy renderer.
    params = OutgoingMail.objects.get(key=f"registration:{registration.pk}:confirmation").params
    django_mail.outbox.clear()
    with time_machine.travel(start, tick=False):
        row = mail.queue_deferred_mail(
            to=registration.email,
            template="registration_confirmation",
            renderer=FLAKY,
            params=params,
            key="test:flaky",
        )  # outside a transaction: its send runs at once, and fails

    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.RETRY
    assert row.last_error == "Rendering failed: RuntimeError: sjabloonfout in de bevestiging"
    assert row.next_attempt_at == start + datetime.timedelta(minutes=1)
    assert (row.rendered_at, row.body_text, django_mail.outbox) == (None, "", [])
    # The site admin sees it waiting, with what it will be made from and why it waits.
    client.force_login(superuser)
    listing = client.get("/admin/outbox/?status=retry").content.decode()
    assert "(opgemaakt bij verzending: registration_confirmation)" in listing
    assert "deelnemer1@example.nl" in listing
    inspect = client.get(f"/admin/outbox/inspect/{row.pk}/").content.decode()
    assert "sjabloonfout in de bevestiging" in inspect

    # Still broken at every attempt: in the end marked failed, kept with what to render.
    moment = start
    for _ in mail.BACKOFF_MINUTES:
        moment += datetime.timedelta(days=1)
        with time_machine.travel(moment, tick=False):
            mail.sweep()
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.FAILED
    assert row.params["registration"] == registration.pk
    assert django_mail.outbox == []

    # Fixed; the admin sets it back to "waiting to retry" and the next sweep sends it.
    flaky_renderer["broken"] = False
    edit = f"/admin/outbox/edit/{row.pk}/"
    shown = re.search(r'name="next_attempt_at" value="([^"]+)"', client.get(edit).content.decode())
    assert client.post(
        edit, {"status": "retry", "next_attempt_at": shown.group(1)}
    ).status_code == (302)
    assert mail.sweep() == 1
    (sent,) = django_mail.outbox
    assert sent.subject.startswith("Bevestiging aanmelding: Inspiratie-estafette maart")
    assert sent.body.startswith("Beste Deelnemer 1,")
    assert sent.attachments[0].filename.endswith(".ics")
    row.refresh_from_db()
    assert (row.status, row.last_error) == (OutgoingMail.Status.SENT, "")
