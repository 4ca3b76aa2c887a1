"""Real mail over SMTP: what a participant's mail program receives (aiosmtpd sink)."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse

from registrations.models import Registration
from website import mail
from website.models import OutgoingMail

from .conftest import sessions_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def register(client, event, session, email="pieter@example.nl"):
    response = client.post(
        reverse("registrations:register", args=[event.pk]),
        {
            "name": "Pieter Jansen",
            "email": email,
            "organisation": "Gemeente Zwolle",
            "session": session.pk,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    return Registration.objects.get(email=email)


def links(text):
    return re.findall(r"https?://\S+", text)


def test_confirmation_and_cancellation_arrive_over_smtp(client, estafette, smtp_sink):
    school, _ = sessions_of(estafette)
    registration = register(client, estafette, school)

    (received,) = smtp_sink.to("pieter@example.nl")
    row = OutgoingMail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert row.status == OutgoingMail.Status.SENT
    message = received.message
    assert message["Message-ID"] == row.message_id
    assert message["Subject"] == row.subject
    assert "Inspiratie-estafette maart" in message["Subject"]
    assert message["To"] == "pieter@example.nl"
    assert received.envelope_from == "noreply@samenspel.nl"
    assert message.get_content_type() == "multipart/mixed"

    # Both parts: the plain text and the HTML say the same, in Dutch.
    assert "Beste Pieter Jansen" in received.text
    assert "Van Koetsveldschool" in received.text
    assert '<html lang="nl">' in received.html
    assert "Van Koetsveldschool" in received.html

    # The calendar file: one entry, the chosen host location, at its own time.
    (ics,) = received.attachments()
    assert ics.get_content_type() == "text/calendar"
    calendar = ics.get_content()
    calendar = calendar.decode() if isinstance(calendar, bytes) else calendar
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:" in calendar and "Van Koetsveldschool" in calendar

    # The personal link in the mail opens the registration.
    manage = [url for url in links(received.text) if "/aanmelding/" in url]
    assert manage, received.text
    path = urlsplit(manage[0]).path
    page = client.get(path)
    assert page.status_code == 200
    assert "Pieter Jansen" in page.content.decode()

    # Cancelling through that link sends the cancellation, once.
    response = client.post(path.rstrip("/") + "/annuleren/")
    assert response.status_code == 302
    cancelled = [m for m in smtp_sink.to("pieter@example.nl") if m is not received]
    assert len(cancelled) == 1
    assert cancelled[0].message["Subject"] == "Afmelding ontvangen: Inspiratie-estafette maart"
    assert "Inspiratie-estafette maart" in cancelled[0].text


def test_a_refusing_server_delays_the_mail_and_loses_nothing(client, estafette, smtp_sink):
    school, _ = sessions_of(estafette)
    smtp_sink.refuse_next = 1
    start = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        registration = register(client, estafette, school)

    assert registration.status == Registration.Status.CONFIRMED
    assert smtp_sink.refused == 1
    assert smtp_sink.to("pieter@example.nl") == []
    row = OutgoingMail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert row.status == OutgoingMail.Status.RETRY
    assert "451" in row.last_error

    # Before its moment the retry waits; after it the mail goes out once.
    assert mail.sweep() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert mail.sweep() == 1
        assert mail.sweep() == 0
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    (received,) = smtp_sink.to("pieter@example.nl")
    assert received.message["Message-ID"] == row.message_id
    assert smtp_sink.count_per_recipient() == {"pieter@example.nl": 1}
