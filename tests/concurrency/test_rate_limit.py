"""The per-address limit holds under a rush (issue 9, point 18), with real parallel requests.

Twenty submissions from one address arrive at the same instant at a live server on
PostgreSQL, where the limit allows five. Each request runs in its own thread with its
own database connection, as under gunicorn. Exactly five get through: the limit is
decided and counted in one atomic statement (website.spam.take_submissions). Reading
the count first and raising it after the work (as the database cache's get-then-set
``incr`` did) lets nearly all twenty through, because each reads the count before any
has raised it; the registrations' pause between counting places and writing (the
overbooking test's) keeps that window open every time.
"""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from events.models import AgendaPage, EventPage, EventSession
from newsletter.models import Subscriber
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

SUBMISSIONS = 20
LIMIT = 5


def at_once(url, origin, bodies):
    """POST every body to ``url`` at the same instant, from 127.0.0.1; returns the statuses."""
    return sorted(post_at_once(url, origin, len(bodies), lambda number, _form: bodies[number]))


@pytest.fixture
def limited(settings):
    settings.FORM_RATE_LIMIT = LIMIT
    settings.FORM_RATE_WINDOW = 600
    settings.REGISTRATIONS_TEST_DELAY = 0.2  # a slow registration, as in the rush test
    return settings


@pytest.fixture
def roomy_event(home):
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    start = timezone.now() + timedelta(days=10)
    event = EventPage(
        title="Netwerkbijeenkomst verzuim",
        slug="netwerkbijeenkomst-verzuim",
        kind=EventPage.Kind.NETWERKBIJEENKOMST,
        start=start,
        end=start + timedelta(hours=3),
    )
    event.sessions = [EventSession(title="Plenair", kind="deelsessie", capacity=100)]
    event.registration_settings = [RegistrationSettings(waitlist=True)]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def test_simultaneous_registrations_from_one_address_get_exactly_the_limit(
    rush_server, roomy_event, limited
):
    session_id = roomy_event.sessions.get().pk
    bodies = [
        {
            "name": f"Deelnemer {number}",
            "email": f"deelnemer{number}@example.nl",
            "organisation": "Gemeente Deventer",
            "session": session_id,
            "consent": "on",
        }
        for number in range(SUBMISSIONS)
    ]
    url = f"{rush_server}/aanmelden/{roomy_event.pk}/"
    statuses = at_once(url, rush_server, bodies)
    assert statuses == [302] * LIMIT + [429] * (SUBMISSIONS - LIMIT)
    assert Registration.objects.filter(event=roomy_event).count() == LIMIT


def test_simultaneous_subscriptions_from_one_address_get_exactly_the_limit(
    rush_server, home, limited
):
    bodies = [
        {"email": f"lezer{number}@example.nl", "name": f"Lezer {number}", "bron": "/"}
        for number in range(SUBMISSIONS)
    ]
    statuses = at_once(f"{rush_server}/nieuwsbrief/aanmelden/", rush_server, bodies)
    assert statuses == [302] * LIMIT + [429] * (SUBMISSIONS - LIMIT)
    assert Subscriber.objects.count() == LIMIT
