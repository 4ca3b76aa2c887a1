"""Events built the way editors build them: a page under the agenda, published by revision."""

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.text import slugify

from events.models import AgendaPage, EventPage, EventSession
from website.models import Audience, Organisation, Region, Theme

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_numbers = itertools.count(1)


def at(year, month, day, hour=0, minute=0):
    """An aware datetime on Amsterdam's clock."""
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def publish(page):
    """Publish the page's current state as an editor would, and return it fresh."""
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def days_from_now(days, hour=10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def agenda(home):
    page = AgendaPage(title="Agenda", slug="agenda", intro="Alle bijeenkomsten van het netwerk.")
    home.add_child(instance=page)
    return publish(page)


@pytest.fixture
def taxonomy(db):
    region = Region.objects.create(name="Noord-Holland Noord", kind=Region.Kind.JEUGDZORGREGIO)
    return {
        "thuiszitters": Theme.objects.create(name="Thuiszitters"),
        "oza": Theme.objects.create(name="Onderwijszorgarrangementen"),
        "region": region,
        "subregion": Region.objects.create(
            name="Alkmaar", kind=Region.Kind.GEMEENTE, parent=region
        ),
        "other_region": Region.objects.create(name="Flevoland", kind=Region.Kind.JEUGDZORGREGIO),
        "beleid": Audience.objects.create(name="Beleidsmedewerkers"),
        "school": Organisation.objects.create(
            name="Van Koetsveldschool",
            kind=Organisation.Kind.SCHOOL,
            street="Archimedesplantsoen 98",
            postcode="1098 KB",
            city="Amsterdam",
        ),
    }


@pytest.fixture
def make_event(agenda):
    def make(
        title=None,
        start=None,
        end=None,
        sessions=(),
        themes=(),
        regions=(),
        audiences=(),
        live=True,
        revision=True,
        **fields,
    ):
        """An event under the agenda; published through a revision unless ``revision=False``.

        Without a revision the page is saved live at once (fast, for bulk data).
        """
        number = next(_numbers)
        title = title or f"Bijeenkomst {number}"
        start = start or days_from_now(7 + number)
        fields.setdefault("kind", EventPage.Kind.WERKSESSIE)
        event = EventPage(
            title=title,
            slug=f"{slugify(title)}-{number}",
            start=start,
            end=end or start + timedelta(hours=3),
            live=live and not revision,
            last_published_at=None if revision else timezone.now(),
            **fields,
        )
        event.sessions = [EventSession(**session) for session in sessions]
        event.themes = list(themes)
        event.regions = list(regions)
        event.audiences = list(audiences)
        agenda.add_child(instance=event)
        if live and revision:
            return publish(event)
        return EventPage.objects.get(pk=event.pk)

    return make
