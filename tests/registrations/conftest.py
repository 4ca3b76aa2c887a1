"""Events that take registrations, built as editors build them (published revisions)."""

import itertools
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.test import TestCase
from django.utils import timezone
from django.utils.text import slugify

from events.models import AgendaPage, EventPage, EventSession
from registrations import services
from registrations.models import RegistrationQuestion, RegistrationSettings
from website.models import Organisation, Region

_numbers = itertools.count(1)


def publish(page):
    """Publish as an editor does; what waits for the commit (registrants' mails) runs too."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def days_from_now(days, hour=10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def person(number=1, **fields):
    """A registrant as the form would build one."""
    fields.setdefault("name", f"Deelnemer {number}")
    fields.setdefault("email", f"deelnemer{number}@example.nl")
    fields.setdefault("organisation", "Basisschool De Regenboog")
    return services.Registrant(**fields)


def sent_to(address, subject_part=""):
    return [
        message
        for message in django_mail.outbox
        if address in message.to and subject_part in message.subject
    ]


@pytest.fixture
def agenda(home):
    page = AgendaPage(title="Agenda", slug="agenda")
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def region(db):
    return Region.objects.create(name="Noord-Holland Noord", kind=Region.Kind.JEUGDZORGREGIO)


@pytest.fixture
def school(db):
    return Organisation.objects.create(
        name="Van Koetsveldschool",
        kind=Organisation.Kind.SCHOOL,
        street="Archimedesplantsoen 98",
        postcode="1098 KB",
        city="Amsterdam",
    )


@pytest.fixture
def make_event(agenda):
    """An event with registration settings, sessions and questions, published."""

    def make(
        title=None,
        start=None,
        sessions=(),
        registration=None,
        questions=(),
        live=True,
        **fields,
    ):
        number = next(_numbers)
        title = title or f"Werksessie {number}"
        start = start or days_from_now(14 + number)
        fields.setdefault("kind", EventPage.Kind.WERKSESSIE)
        event = EventPage(
            title=title,
            slug=f"{slugify(title)}-{number}",
            start=start,
            end=start + timedelta(hours=3),
            live=False,
            **fields,
        )
        event.sessions = [EventSession(**session) for session in sessions]
        if registration is not None:
            event.registration_settings = [RegistrationSettings(**registration)]
        event.registration_questions = [RegistrationQuestion(**q) for q in questions]
        agenda.add_child(instance=event)
        if live:
            return publish(event)
        return EventPage.objects.get(pk=event.pk)

    return make


@pytest.fixture
def estafette(make_event, school):
    """An inspiratie-estafette with two host locations: one with lunch and 2 places."""
    return make_event(
        title="Inspiratie-estafette maart",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        sessions=[
            {
                "title": "Van Koetsveldschool",
                "organisation": school,
                "capacity": 2,
                "lunch": True,
                "start_time": "11:00",
                "end_time": "14:00",
            },
            {
                "title": "Jeugdhulp De Brug",
                "city": "Alkmaar",
                "street": "Kanaalkade 1",
                "capacity": 10,
                "start_time": "10:00",
                "end_time": "12:30",
            },
        ],
        registration={"waitlist": True},
    )


def sessions_of(event):
    return list(EventSession.objects.filter(page=event).order_by("sort_order", "pk"))


def outbox(address=None, purpose=""):
    """Mails stored in the outbox (sent after commit), oldest first, as they are sent.

    Registration mails are stored as what to render; the worker renders them when it
    sends them. These tests run inside one transaction, where nothing is sent, so each
    waiting mail is rendered here the way the worker will (website.mail.rendered).
    """
    from website.mail import rendered
    from website.models import OutgoingMail

    rows = OutgoingMail.objects.order_by("pk")
    if address:
        rows = rows.filter(to=address)
    if purpose:
        rows = rows.filter(purpose=f"registrations.{purpose}")
    return [rendered(row) for row in rows]


def calendar_of(mail):
    """The text of the .ics attached to an outbox row."""
    import base64

    (item,) = [a for a in mail.attachments if a["filename"].endswith(".ics")]
    return base64.b64decode(item["content"]).decode()
