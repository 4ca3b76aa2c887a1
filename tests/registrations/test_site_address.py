"""Every link that leaves the site starts with its public address (issue 9, point 1).

Wagtail's Site record says ``localhost:80`` after migrations and ``load_demo``; the
public address is ``WAGTAILADMIN_BASE_URL``. A link in a mail or a calendar that
points at the Site record opens nowhere for the person who clicks it.
"""

import base64
import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from events.models import EventPage
from registrations import services
from tests.events import ical_parser

from .conftest import outbox, person, sessions_of

pytestmark = pytest.mark.django_db

PUBLIC = "https://samenspel.example"
URL = re.compile(r"https?://[^\s\"'<>]+")


def links(text):
    return URL.findall(text)


def own_links(text):
    """Links to this site (not to OpenStreetMap, Google Calendar, ...)."""
    external = ("openstreetmap.org", "google.com", "live.com", "linkedin.com")
    return [link for link in links(text) if not any(host in link for host in external)]


def test_registration_mails_and_their_calendar_file_link_to_the_public_address(estafette, settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # as migrations leave it
    school, _ = sessions_of(estafette)

    registration = services.register(estafette, person(1, session=school)).registration
    services.cancel(registration)

    mails = outbox(registration.email)
    assert [mail.purpose for mail in mails] == [
        "registrations.confirmation",
        "registrations.cancelled",
    ]
    confirmation = mails[0]
    body_links = own_links(confirmation.body_text) + own_links(confirmation.body_html)
    assert f"{PUBLIC}{estafette.url}" in body_links  # "Meer over de bijeenkomst"
    assert any(link.startswith(f"{PUBLIC}/aanmelding/") for link in body_links)  # manage link
    (item,) = confirmation.attachments
    ics = base64.b64decode(item["content"])
    (entry,) = ical_parser.parse(ics).children("VEVENT")
    assert entry.value("URL") == f"{PUBLIC}{estafette.url}"
    everything = [*body_links, *own_links(ical_parser.text(entry.value("DESCRIPTION")))]
    for mail in mails[1:]:
        everything += own_links(mail.body_text) + own_links(mail.body_html)
    assert everything
    assert [link for link in everything if not link.startswith(PUBLIC)] == []


def test_the_event_file_and_the_agenda_feed_link_to_the_public_address(client, estafette, settings):
    settings.WAGTAILADMIN_BASE_URL = PUBLIC
    settings.EVENTS_FEED_CACHE_SECONDS = 0
    for address in (f"/agenda/{estafette.slug}.ics", "/agenda.ics"):
        response = client.get(address, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, address
        calendar = ical_parser.parse(response.content)
        urls = [entry.value("URL") for entry in calendar.children("VEVENT")]
        assert urls and set(urls) == {f"{PUBLIC}{estafette.url}"}, address


def test_load_demo_gives_the_site_record_the_public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    call_command("load_demo", stdout=StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    event = EventPage.objects.live().first()
    assert event.get_full_url().startswith("http://127.0.0.1:8000/")
