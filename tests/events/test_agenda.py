"""The agenda page: order, filters in the URL, feed links, pagination, fixed query count."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.signal_handlers import disable_reference_index_auto_update

from events.archive import cursor
from events.models import AgendaPage, EventPage, EventSession, ReportEventLink, ReportPage

from .conftest import days_from_now, publish


def titles(response, section):
    """Event titles, in order, of the 'upcoming' or 'archive' section."""
    html = response.content.decode()
    ids = {"upcoming": "upcoming-title", "archive": "archive-title"}
    start = html.index(f'id="{ids[section]}"')
    end = html.find("</section>", start)
    return re.findall(r'class="event-card__title"><a href="[^"]+">([^<]+)</a>', html[start:end])


def test_upcoming_first_in_date_order_then_the_archive_newest_first(client, make_event):
    make_event(title="Over twee weken", start=days_from_now(14))
    make_event(title="Morgen", start=days_from_now(1))
    make_event(title="Vorige maand", start=days_from_now(-30))
    make_event(title="Gisteren", start=days_from_now(-1))
    make_event(title="Bezig", start=days_from_now(-1), end=days_from_now(1))
    make_event(title="Nog een concept", start=days_from_now(2), live=False)
    response = client.get("/agenda/")
    assert response.status_code == 200
    assert titles(response, "upcoming") == ["Bezig", "Morgen", "Over twee weken"]
    assert titles(response, "archive") == ["Gisteren", "Vorige maand"]
    html = response.content.decode()
    assert html.index('id="upcoming-title"') < html.index('id="archive-title"')
    assert "3 komende bijeenkomsten" in html


@pytest.fixture
def filter_events(make_event, taxonomy):
    return {
        "estafette": make_event(
            title="Estafette Alkmaar",
            kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
            regions=[taxonomy["subregion"]],
            themes=[taxonomy["thuiszitters"]],
        ),
        "werksessie": make_event(
            title="Werksessie online",
            kind=EventPage.Kind.WERKSESSIE,
            attendance=EventPage.Attendance.ONLINE,
            audiences=[taxonomy["beleid"]],
            sessions=[{"kind": EventSession.Kind.BREAKOUT, "theme": taxonomy["oza"]}],
        ),
        "hybride": make_event(
            title="Netwerk hybride",
            kind=EventPage.Kind.NETWERKBIJEENKOMST,
            attendance=EventPage.Attendance.HYBRID,
            regions=[taxonomy["region"]],
        ),
        "webinar": make_event(
            title="Webinar Flevoland",
            kind=EventPage.Kind.WEBINAR,
            attendance=EventPage.Attendance.ONLINE,
            regions=[taxonomy["other_region"]],
            themes=[taxonomy["oza"]],
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"estafette", "werksessie", "hybride", "webinar"}),
        ("soort=werksessie", {"werksessie"}),
        ("soort=inspiratie-estafette", {"estafette"}),
        # An event's own theme, or the theme of one of its break-out groups.
        ("thema=onderwijszorgarrangementen", {"werksessie", "webinar"}),
        ("thema=thuiszitters", {"estafette"}),
        # A region matches its own events and those of the regions inside it.
        ("regio=noord-holland-noord", {"estafette", "hybride"}),
        ("regio=alkmaar", {"estafette"}),
        ("doelgroep=beleidsmedewerkers", {"werksessie"}),
        ("vorm=online", {"werksessie", "hybride", "webinar"}),
        ("vorm=op-locatie", {"estafette", "hybride"}),
        ("vorm=online&thema=onderwijszorgarrangementen&soort=webinar", {"webinar"}),
        # Values that make no sense are ignored, not an error.
        ("soort=onzin&vorm=ergens", {"estafette", "werksessie", "hybride", "webinar"}),
        ("thema=<script>", {"estafette", "werksessie", "hybride", "webinar"}),
    ],
)
def test_every_filter(client, filter_events, query, expected):
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    names = {
        key for key, event in filter_events.items() if event.title in titles(response, "upcoming")
    }
    assert names == expected


def test_a_filtered_agenda_advertises_its_own_feed(client, filter_events):
    response = client.get("/agenda/?thema=onderwijszorgarrangementen&soort=webinar&pagina=1")
    html = response.content.decode()
    feed = "/agenda.ics?soort=webinar&amp;thema=onderwijszorgarrangementen"
    title = "Agendafeed van deze gefilterde agenda"
    assert f'<link rel="alternate" type="text/calendar" title="{title}" href="{feed}">' in html
    assert 'href="webcal://testserver' + feed + '"' in html
    assert "http://testserver" + feed in html
    # The advertised feed has the same events as the page.
    body = client.get(feed.replace("&amp;", "&")).content.decode()
    assert body.count("BEGIN:VEVENT") == 1
    assert "SUMMARY:Webinar Flevoland" in body


def test_the_unfiltered_agenda_advertises_the_whole_feed(client, agenda):
    html = client.get("/agenda/").content.decode()
    assert 'type="text/calendar" title="Agendafeed van de agenda" href="/agenda.ics"' in html
    assert 'href="webcal://testserver/agenda.ics"' in html


def test_filters_keep_their_values_in_the_form(client, filter_events):
    html = client.get("/agenda/?soort=webinar&vorm=online").content.decode()
    assert '<option value="webinar" selected>' in html
    assert '<option value="online" selected>' in html
    assert "Filters wissen" in html


def test_both_lists_are_paginated_independently(client, make_event):
    for number in range(23):
        make_event(title=f"Straks {number:02}", start=days_from_now(1 + number))
    for number in range(12):
        make_event(title=f"Vroeger {number:02}", start=days_from_now(-1 - number))
    first = client.get("/agenda/")
    assert len(titles(first, "upcoming")) == AgendaPage.upcoming_per_page
    assert len(titles(first, "archive")) == AgendaPage.archive_per_page
    second = client.get("/agenda/?pagina=2&archief=2")
    assert titles(second, "upcoming") == ["Straks 20", "Straks 21", "Straks 22"]
    assert titles(second, "archive") == ["Vroeger 10", "Vroeger 11"]
    html = first.content.decode()
    assert 'href="?pagina=2" rel="next"' in html
    # The archive pages by the last meeting seen (tests/events/test_archive.py).
    last = EventPage.objects.get(title="Vroeger 09")
    assert f'href="?archief-voor={cursor(last)}#archief" rel="next"' in html
    # A page number out of range quietly shows the last page.
    assert titles(client.get("/agenda/?pagina=99"), "upcoming") == titles(second, "upcoming")


def make_report(agenda, title, events, live=True, kind=ReportPage.Kind.VERSLAG, **fields):
    report = ReportPage(title=title, slug=title.lower().replace(" ", "-"), kind=kind, **fields)
    report.event_links = [ReportEventLink(event=event) for event in events]
    report.live = False
    agenda.add_child(instance=report)
    if live:
        return publish(report)
    return ReportPage.objects.get(pk=report.pk)


def test_the_archive_lists_the_latest_reports_and_the_report_list(client, agenda, make_event):
    event = make_event(title="Werksessie juni", start=days_from_now(-20))
    make_report(agenda, "Verslag juni", [event])
    make_report(agenda, "Nog niet klaar", [event], live=False)
    html = client.get("/agenda/").content.decode()
    assert "Nieuwste verslagen" in html
    assert "Verslag juni" in html
    assert "Nog niet klaar" not in html
    response = client.get("/agenda/verslagen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Verslagen</h1>" in html
    assert "1 verslag" in html
    assert "Verslag juni" in html
    assert "Nog niet klaar" not in html


def build_agenda(make_event, agenda, taxonomy, count, first=0):
    """``count`` events, half upcoming and half past, each with sessions and tags."""
    with disable_reference_index_auto_update():
        for number in range(first, first + count):
            _build_event(make_event, agenda, taxonomy, number)


def _build_event(make_event, agenda, taxonomy, number):
    days = (number // 2 + 1) * (1 if number % 2 else -1)
    event = make_event(
        title=f"Bijeenkomst {number}",
        start=days_from_now(days),
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        themes=[taxonomy["oza"], taxonomy["thuiszitters"]],
        regions=[taxonomy["region"]],
        audiences=[taxonomy["beleid"]],
        sessions=[
            {"kind": EventSession.Kind.HOST_LOCATION, "organisation": taxonomy["school"]},
            {"kind": EventSession.Kind.HOST_LOCATION, "title": "PPO", "city": "Alkmaar"},
            {"kind": EventSession.Kind.BREAKOUT, "theme": taxonomy["oza"]},
        ],
        revision=False,
    )
    if number < 3:
        make_report(agenda, f"Verslag {number}", [event])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response


def test_the_agenda_uses_the_same_number_of_queries_for_10_and_300_events(
    client, make_event, agenda, taxonomy, django_assert_num_queries
):
    urls = ["/agenda/", "/agenda/?thema=onderwijszorgarrangementen&vorm=op-locatie&archief=2"]
    build_agenda(make_event, agenda, taxonomy, 10)
    client.get(urls[0])  # warm caches that are not per request (site root paths)
    counts = {}
    for url in urls:
        counts[url], response = count_queries(client, url)
        assert "Bijeenkomst 1" in response.content.decode()
    build_agenda(make_event, agenda, taxonomy, 290, first=10)
    for url in urls:
        with django_assert_num_queries(counts[url]):
            response = client.get(url)
        assert len(titles(response, "upcoming")) == AgendaPage.upcoming_per_page


# Two lengths, two pages of events, sessions, themes, the latest reports. The page
# itself, and the places left of these events, were read by the first visit (website.memo).
AGENDA_QUERIES = 6
AGENDA_RENDERED_QUERIES = 0  # the lists come from the fragment rendered before


@pytest.mark.parametrize(
    "url",
    [
        "/agenda/",
        "/agenda/?thema=onderwijszorgarrangementen&vorm=op-locatie&archief=2",
        "/agenda/?regio=noord-holland-noord&soort=inspiratie-estafette&pagina=2",
        "/agenda/?soort=inspiratie-estafette&pagina=2&archief-voor={cursor}",
        "/agenda/?thema=onderwijszorgarrangementen&archief-na={cursor}",
    ],
)
def test_the_agenda_takes_6_queries_then_none_for_10_or_100_events(
    client, make_event, agenda, taxonomy, content_memo, django_assert_num_queries, url
):
    separator = "&" if "?" in url else "?"
    for first, count in ((0, 10), (10, 90)):
        build_agenda(make_event, agenda, taxonomy, count, first=first)
        # An archive cursor at a meeting of the first ten (Bijeenkomst 4, three days ago).
        url = url.format(cursor=cursor(EventPage.objects.get(title="Bijeenkomst 4")))
        content_memo()  # published: the version moves, this process forgets what it held
        client.get(url)  # reads the version and the site, routes and settings once
        # A query string not seen before: the lists are rendered, not remembered.
        with django_assert_num_queries(AGENDA_QUERIES):
            response = client.get(f"{url}{separator}bron={count}")
        assert titles(response, "upcoming") or titles(response, "archive")
        # The same address again: its lists come from this process's fragment.
        with django_assert_num_queries(AGENDA_RENDERED_QUERIES):
            again = client.get(url)
        assert titles(again, "upcoming") == titles(response, "upcoming")
        assert titles(again, "archive") == titles(response, "archive")
    assert len(titles(client.get("/agenda/"), "upcoming")) == AgendaPage.upcoming_per_page


def test_the_agenda_feed_uses_the_same_number_of_queries_for_10_and_300_events(
    client, make_event, agenda, taxonomy, django_assert_num_queries, settings
):
    settings.EVENTS_FEED_CACHE_SECONDS = 0  # measure the generation itself
    build_agenda(make_event, agenda, taxonomy, 10)
    client.get("/agenda.ics")
    with_ten, response = count_queries(client, "/agenda.ics")
    build_agenda(make_event, agenda, taxonomy, 290, first=10)
    with django_assert_num_queries(with_ten):
        response = client.get("/agenda.ics")
    # 150 upcoming and ~150 recent past events, two host locations each.
    assert response.content.decode().count("BEGIN:VEVENT") == 2 * 300


def test_ongoing_events_count_as_upcoming_and_end_drives_the_split(client, make_event):
    # Relative to the current moment, not to a clock hour, so the test holds at any time of day.
    now = timezone.now()
    make_event(title="Meerdaags", start=days_from_now(-2), end=now + timedelta(hours=1))
    make_event(title="Net afgelopen", start=days_from_now(-2), end=now - timedelta(hours=1))
    response = client.get("/agenda/")
    assert titles(response, "upcoming") == ["Meerdaags"]
    assert "Net afgelopen" in titles(response, "archive")


def test_the_region_filter_offers_the_regions_around_public_events(client, make_event, taxonomy):
    make_event(title="Estafette Alkmaar", regions=[taxonomy["subregion"]])
    members_only = make_event(title="Besloten", regions=[taxonomy["other_region"]])
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    options = client.get("/agenda/").context["regions"]
    slugs = {region.slug for region in options}
    assert slugs == {taxonomy["subregion"].slug, taxonomy["region"].slug}
