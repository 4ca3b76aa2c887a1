"""Nothing lost: a failing ESP delays the mail, never the registration (point 15)."""

import datetime

import pytest
import time_machine
from django.core import mail as django_mail
from django.urls import reverse

from registrations.models import Registration
from website import mail
from website.models import OutgoingMail

from .conftest import sessions_of

FAILING_ESP = {
    "delivery": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}
WORKING_ESP = {"delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_registration_stands_and_mail_is_retried_when_the_esp_fails(client, estafette, settings):
    school, _ = sessions_of(estafette)
    settings.MAILERS = FAILING_ESP
    start = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        response = client.post(
            reverse("registrations:register", args=[estafette.pk]),
            {
                "name": "Pieter Jansen",
                "email": "pieter@example.nl",
                "organisation": "Gemeente Zwolle",
                "session": school.pk,
                "consent": "on",
            },
        )
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Er was plaats voor deze keuze" in page.content.decode()

    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    row = OutgoingMail.objects.get(key=f"registration:{registration.pk}:confirmation")
    assert row.status == OutgoingMail.Status.RETRY
    assert row.attempts == 1
    assert row.next_attempt_at == start + datetime.timedelta(minutes=1)
    assert django_mail.outbox == []

    settings.MAILERS = WORKING_ESP
    with time_machine.travel(start + datetime.timedelta(minutes=2), tick=False):
        assert mail.sweep() == 1
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.SENT
    (sent,) = django_mail.outbox
    assert sent.to == ["pieter@example.nl"]
    assert sent.subject.startswith("Bevestiging aanmelding: ")
