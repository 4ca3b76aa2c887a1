"""A participant's journey through the agenda, in Chromium.

Agenda → filter on kind (kept in the URL, with its own feed) → an event → download
its .ics → the reports; axe-core checks the agenda, event and report pages.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events import demo
from events.models import AgendaPage, EventPage
from tests.events import ical_parser

from .axe import assert_accessible


@pytest.fixture
def agenda_content(home):
    demo.load(today=timezone.localdate())


def test_participant_filters_the_agenda_opens_an_event_and_downloads_it(
    page, live_server, agenda_content, console_errors, settings
):
    # Outside links are built on the public address, here the live server's.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    page.goto("/agenda/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    expect(page.get_by_role("heading", name="Komende bijeenkomsten")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Soort").select_option(label="Werksessie")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(
        f"{live_server.url}/agenda/?soort=werksessie&thema=&regio=&doelgroep=&vorm="
    )
    upcoming = page.locator("#upcoming-title + .result-count + .event-list .event-card")
    expect(upcoming.first).to_be_visible()
    for kind in upcoming.locator(".event-card__meta .tag").all_text_contents():
        assert kind == "Werksessie"
    feed = page.locator('link[rel="alternate"][type="text/calendar"]')
    expect(feed).to_have_attribute("href", "/agenda.ics?soort=werksessie")
    subscribe = page.get_by_role("link", name="Abonneren in uw agenda")
    expect(subscribe).to_have_attribute(
        "href", f"webcal://{live_server.url.split('://')[1]}/agenda.ics?soort=werksessie"
    )
    expect(page.get_by_role("link", name="Filters wissen")).to_be_visible()
    assert_accessible(page)

    first = upcoming.first.get_by_role("link")
    title = first.text_content()
    first.click()
    event = EventPage.objects.get(title=title)
    expect(page).to_have_url(f"{live_server.url}{event.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Zet in mijn agenda")).to_be_visible()
    expect(page.get_by_role("heading", name="Deelsessies")).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download .ics-bestand").click()
    download = download_info.value
    assert download.suggested_filename == f"{event.slug}.ics"
    with open(download.path(), "rb") as file:
        calendar = ical_parser.parse(file.read())
    [entry] = calendar.children("VEVENT")
    assert entry.value("UID") == str(event.ical_uid)
    assert ical_parser.moment(entry.get("DTSTART"), calendar) == event.start

    page.goto("/agenda/verslagen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verslagen")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Samenvatting van de break-outsessies van 25 november 2020"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Samenvatting van de break-outsessies van 25 november 2020"
    )
    expect(page.get_by_role("heading", name="Ronde 1: samen optrekken in de regio")).to_be_visible()
    assert_accessible(page)

    page.get_by_role(
        "link", name="Landelijke netwerkbijeenkomst onderwijs en jeugd (online)"
    ).click()
    expect(page.get_by_role("heading", name="Verslag", exact=True)).to_be_visible()
    assert_accessible(page)
    assert console_errors == []


def test_event_with_host_locations_and_agreements_is_accessible(page, agenda_content):
    page.goto("/agenda/inspiratie-estafette-23-maart-2018/")
    expect(page.get_by_role("heading", name="Gastlocaties")).to_be_visible()
    expect(page.get_by_text("Educalaan 8a, 8251 GC Dronten")).to_be_visible()
    expect(
        page.get_by_role("link", name="kaart van Educalaan 8a, 8251 GC Dronten op OpenStreetMap")
    ).to_be_visible()
    assert_accessible(page)
    # One host location's calendar file holds that location only (issue 9, point 8).
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Deze gastlocatie in mijn agenda")).first.click()
    with open(download_info.value.path(), "rb") as file:
        calendar = ical_parser.parse(file.read())
    assert len(calendar.children("VEVENT")) == 1
    page.goto("/agenda/vervolgbijeenkomst-noord-kennemerland-2017/")
    expect(page.get_by_role("heading", name="Afspraken om op terug te komen")).to_be_visible()
    assert_accessible(page)
    page.goto("/agenda/verslag-visiebijeenkomst-noord-kennemerland-2016/")
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)


def test_the_archive_pages_by_links_in_a_labelled_navigation(page, agenda_content):
    """Eight past meetings in the demo; twelve more make the archive three pages long."""
    agenda = AgendaPage.objects.get()
    for number in range(12):
        start = timezone.now().replace(second=0, microsecond=0) - timedelta(days=400 + number)
        event = EventPage(
            title=f"Oude werksessie {number:02}",
            slug=f"oude-werksessie-{number}",
            kind=EventPage.Kind.WERKSESSIE,
            start=start,
            end=start + timedelta(hours=2),
        )
        agenda.add_child(instance=event)
    page.goto("/agenda/")
    archive = page.get_by_role("navigation", name="Pagina's van het archief")
    expect(archive.get_by_role("link", name="Latere bijeenkomsten")).to_have_count(0)
    cards = page.locator("#archief .event-card__title")
    first = cards.all_text_contents()
    archive.get_by_role("link", name="Eerdere bijeenkomsten").click()
    expect(page).to_have_url(re.compile(r"/agenda/\?archief-voor=\d{8}T\d{6}Z_\d+#archief$"))
    expect(cards.first).not_to_have_text(first[0])
    assert not set(cards.all_text_contents()) & set(first)
    assert_accessible(page)
    archive.get_by_role("link", name="Latere bijeenkomsten").click()
    expect(page).to_have_url(re.compile(r"\?archief-na="))
    expect(cards).to_have_text(first)
    assert_accessible(page)


NARROW_PATHS = (
    "/agenda/",
    "/agenda/inspiratie-estafette-18-mei-2018/",
    "/agenda/sfeerimpressie-werksessie-17-juni-2021/",
)


def test_narrow_screen_has_no_horizontal_scroll(page, agenda_content):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in NARROW_PATHS:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide"
