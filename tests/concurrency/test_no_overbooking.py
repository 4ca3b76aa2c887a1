"""No overbooking under a rush (point 14), proven with real concurrent HTTP requests.

Thirty people, each with their own browser session (cookie and CSRF token),
submit the registration form at the same instant for a session with five places,
against Django's live server (as pytest-django's ``live_server``, but with an accept
queue long enough for thirty simultaneous connections) on PostgreSQL. With the row
lock, exactly five get a place and the rest land on the waitlist. The control run
switches the lock off and keeps the pause between counting and writing that both
runs have (so the race window shows every time): then more than five get a place,
so this test is known to catch overbooking.
"""

import pytest
from django.conf import settings as django_settings

from events.models import AgendaPage, EventPage, EventSession
from registrations.models import Registration, RegistrationSettings

from .conftest import post_at_once

pytestmark = [
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises all writes, so there is "
        "no race to prove there",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PEOPLE = 30
PLACES = 5
PAUSE = 0.2  # seconds between counting the places and writing the registration


@pytest.fixture
def rush_event(home):
    from datetime import timedelta

    from django.utils import timezone

    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    start = timezone.now() + timedelta(days=10)
    event = EventPage(
        title="Werksessie thuiszitters",
        slug="werksessie-thuiszitters",
        kind=EventPage.Kind.WERKSESSIE,
        start=start,
        end=start + timedelta(hours=3),
    )
    event.sessions = [EventSession(title="Deelsessie", kind="deelsessie", capacity=PLACES)]
    event.registration_settings = [RegistrationSettings(waitlist=True)]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def rush(base_url, event):
    """Everybody loads the form, then all submit at once; returns the HTTP statuses."""
    session_id = event.sessions.get().pk

    def fields(number, form):
        assert 'name="session"' in form
        return {
            "name": f"Deelnemer {number}",
            "email": f"deelnemer{number}@example.nl",
            "organisation": "Samenwerkingsverband",
            "session": session_id,
            "consent": "on",
        }

    url = f"{base_url}/aanmelden/{event.pk}/"
    return post_at_once(url, base_url, PEOPLE, fields, open_form=True)


def counts(event):
    rows = Registration.objects.filter(event=event)
    return (
        rows.filter(status=Registration.Status.CONFIRMED).count(),
        rows.filter(status=Registration.Status.WAITLISTED).count(),
    )


@pytest.fixture
def rush_settings(settings):
    settings.FORM_RATE_LIMIT = 10_000  # every request comes from 127.0.0.1
    settings.REGISTRATIONS_TEST_DELAY = PAUSE
    return settings


def test_simultaneous_registrations_never_confirm_more_than_the_places(
    rush_server, rush_event, rush_settings
):
    rush_settings.REGISTRATIONS_LOCKING = True
    statuses = rush(rush_server, rush_event)
    assert statuses == [302] * PEOPLE  # everyone sees success: a place or the waitlist
    assert counts(rush_event) == (PLACES, PEOPLE - PLACES)


def test_control_without_the_lock_the_same_rush_overbooks(rush_server, rush_event, rush_settings):
    rush_settings.REGISTRATIONS_LOCKING = False
    statuses = rush(rush_server, rush_event)
    assert statuses == [302] * PEOPLE
    confirmed, _ = counts(rush_event)
    assert confirmed > PLACES, "without the lock the rush should overbook; the test cannot fail"


def test_one_address_sent_at_once_for_different_sessions_is_registered_once(
    rush_server, home, rush_settings
):
    """Different sessions take different row locks, so only the database's unique index
    stops the second registration of one address: every sender still gets an answer
    (the one registration stands), none an error."""
    from datetime import timedelta

    from django.utils import timezone

    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    start = timezone.now() + timedelta(days=10)
    senders = 8
    event = EventPage(
        title="Inspiratie-estafette",
        slug="inspiratie-estafette",
        kind=EventPage.Kind.WERKSESSIE,
        start=start,
        end=start + timedelta(hours=3),
    )
    event.sessions = [
        EventSession(title=f"Groep {number}", kind="deelsessie", capacity=5)
        for number in range(senders)
    ]
    event.registration_settings = [RegistrationSettings(waitlist=True)]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    sessions = list(event.sessions.order_by("pk").values_list("pk", flat=True))

    def fields(number, form):
        return {
            "name": "Fatima el Amrani",
            "email": "fatima@example.nl",
            "organisation": "Samenwerkingsverband",
            "session": sessions[number],
            "consent": "on",
        }

    url = f"{rush_server}/aanmelden/{event.pk}/"
    assert post_at_once(url, rush_server, senders, fields) == [302] * senders
    assert Registration.objects.filter(event=event, email="fatima@example.nl").count() == 1
