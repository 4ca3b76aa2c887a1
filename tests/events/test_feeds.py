"""Calendar feeds: valid RFC 5545 for two independent readers, stable UIDs, 304s."""

import gzip
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime

import icalendar
import pytest
import recurring_ical_events
import time_machine
from django.utils import timezone

from events import feed_memo, feeds
from events.models import EventPage, EventSession, ReportPage

from . import ical_parser
from .conftest import at, days_from_now, publish


def get_feed(client, url="/agenda.ics", **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:500]
    return response


def vevents(body):
    calendar = ical_parser.parse(body)
    return calendar, calendar.children("VEVENT")


@pytest.fixture
def varied_agenda(make_event, taxonomy):
    """A werksessie, an estafette with two host locations, a cancelled and an all-day event."""
    werksessie = make_event(
        title="Werksessie inspiratieregio's",
        start=days_from_now(10, hour=13),
        kind=EventPage.Kind.WERKSESSIE,
        attendance=EventPage.Attendance.ONLINE,
        intro="Plenair deel en kleine groepen per thema.",
        themes=[taxonomy["oza"]],
        sessions=[
            {"kind": EventSession.Kind.BREAKOUT, "theme": taxonomy["oza"], "online": True},
            {"kind": EventSession.Kind.BREAKOUT, "title": "Ouderbetrokkenheid", "online": True},
        ],
    )
    estafette = make_event(
        title="Inspiratie-estafette, Amsterdam; Alkmaar",
        start=days_from_now(20, hour=9),
        end=days_from_now(20, hour=15),
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        sessions=[
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "organisation": taxonomy["school"],
                "start_time": time(11),
                "end_time": time(14),
                "lunch": True,
            },
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "title": "PPO Noord-Kennemerland",
                "street": "Hertog Aalbrechtweg 5",
                "city": "Alkmaar",
                "start_time": time(9),
                "end_time": time(11),
            },
        ],
    )
    cancelled = make_event(
        title="Netwerkbijeenkomst",
        start=days_from_now(30),
        city="Utrecht",
        kind=EventPage.Kind.NETWERKBIJEENKOMST,
    )
    page = cancelled.get_latest_revision_as_object()
    page.status = EventPage.Status.CANCELLED
    page.status_note = "Te weinig aanmeldingen."
    cancelled = publish(page)
    all_day = make_event(
        title="Landelijke dag",
        start=days_from_now(40),
        end=days_from_now(41),
        all_day=True,
        kind=EventPage.Kind.NETWERKBIJEENKOMST,
    )
    return {
        "werksessie": werksessie,
        "estafette": estafette,
        "cancelled": cancelled,
        "all_day": all_day,
    }


def test_feed_headers(client, varied_agenda):
    response = get_feed(client)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="samenspel-agenda.ics"'
    assert response["ETag"]
    assert response["Last-Modified"]


def test_feed_reads_the_same_in_icalendar_and_in_an_independent_reader(client, varied_agenda):
    body = get_feed(client).content
    calendar, events = vevents(body)
    parsed = icalendar.Calendar.from_ical(body)
    assert sorted(str(e["UID"]) for e in parsed.walk("VEVENT")) == sorted(
        e.value("UID") for e in events
    )
    # One for the werksessie, one per host location, the cancelled and the all-day event.
    assert len(events) == 5
    for ours, theirs in zip(events, parsed.walk("VEVENT"), strict=True):
        assert ical_parser.moment(ours.get("DTSTART"), calendar) == _utc(theirs.decoded("DTSTART"))
        assert ical_parser.text(ours.value("SUMMARY")) == str(theirs["SUMMARY"])


def _utc(value):
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def test_calendar_properties_clients_need(client, varied_agenda):
    calendar, events = vevents(get_feed(client).content)
    assert calendar.value("VERSION") == "2.0"
    assert calendar.value("PRODID") == "-//Samenspel//Agenda//NL"
    # No METHOD: DTSTAMP is then the last revision, which keeps the feed byte-stable.
    assert calendar.get("METHOD") is None
    assert ical_parser.text(calendar.value("X-WR-CALNAME")) == "Agenda Samenspel"
    refresh = calendar.get("REFRESH-INTERVAL")
    assert (refresh.params, refresh.value) == ({"VALUE": "DURATION"}, "PT1H")
    assert calendar.value("X-PUBLISHED-TTL") == "PT1H"
    [vtimezone] = calendar.children("VTIMEZONE")
    assert vtimezone.value("TZID") == "Europe/Amsterdam"
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "URL"):
            assert event.get(name), f"{name} missing"
        for name in ("CATEGORIES", "LAST-MODIFIED", "SEQUENCE", "STATUS"):
            assert event.get(name), f"{name} missing"
        assert event.get("ATTENDEE") is None
        url = event.value("URL")
        assert url.startswith("http://testserver/agenda/")
        assert url in ical_parser.text(event.value("DESCRIPTION")).replace("\n", "")
        if event.get("DTSTART").params.get("VALUE") != "DATE":
            assert event.get("DTSTART").params["TZID"] == "Europe/Amsterdam"
            assert event.get("DTEND").params["TZID"] == "Europe/Amsterdam"


def test_each_host_location_is_its_own_entry_with_its_own_uid(client, varied_agenda):
    calendar, events = vevents(get_feed(client).content)
    estafette = varied_agenda["estafette"]
    by_uid = {event.value("UID"): event for event in events}
    school, ppo = estafette.sessions.order_by("sort_order", "pk")
    assert str(estafette.ical_uid) not in by_uid
    school_entry = by_uid[str(school.uid)]
    assert ical_parser.text(school_entry.value("LOCATION")) == (
        "Van Koetsveldschool, Archimedesplantsoen 98, 1098 KB Amsterdam"
    )
    assert "Lunch inbegrepen." in ical_parser.text(school_entry.value("DESCRIPTION"))
    local = estafette.start.astimezone(feeds.AMSTERDAM).date()
    start = ical_parser.moment(school_entry.get("DTSTART"), calendar)
    assert start.astimezone(feeds.AMSTERDAM) == datetime.combine(local, time(11), feeds.AMSTERDAM)
    ppo_entry = by_uid[str(ppo.uid)]
    assert ical_parser.text(ppo_entry.value("LOCATION")) == (
        "PPO Noord-Kennemerland, Hertog Aalbrechtweg 5, Alkmaar"
    )
    summary = ical_parser.text(ppo_entry.value("SUMMARY"))
    assert summary == "Inspiratie-estafette, Amsterdam; Alkmaar: PPO Noord-Kennemerland"


def test_breakouts_are_listed_in_the_werksessie_entry(client, varied_agenda):
    calendar, events = vevents(get_feed(client).content)
    werksessie = varied_agenda["werksessie"]
    [entry] = [e for e in events if e.value("UID") == str(werksessie.ical_uid)]
    description = ical_parser.text(entry.value("DESCRIPTION"))
    assert "Deelsessies:" in description
    assert "- Onderwijszorgarrangementen" in description
    assert "- Ouderbetrokkenheid" in description
    assert ical_parser.text(entry.value("LOCATION")) == "online"
    assert ical_parser.split_list(entry.value("CATEGORIES")) == [
        "Werksessie",
        "Onderwijszorgarrangementen",
    ]


def test_a_cancelled_event_stays_in_the_feed_as_cancelled(client, varied_agenda):
    calendar, events = vevents(get_feed(client).content)
    cancelled = varied_agenda["cancelled"]
    [entry] = [e for e in events if e.value("UID") == str(cancelled.ical_uid)]
    assert entry.value("STATUS") == "CANCELLED"
    assert entry.value("SEQUENCE") == "1"
    assert ical_parser.text(entry.value("SUMMARY")).startswith("Geannuleerd: ")
    assert "Te weinig aanmeldingen." in ical_parser.text(entry.value("DESCRIPTION"))
    others = [e for e in events if e is not entry]
    assert {e.value("STATUS") for e in others} == {"CONFIRMED"}


def test_all_day_events_use_dates_with_an_exclusive_end(client, varied_agenda):
    calendar, events = vevents(get_feed(client).content)
    all_day = varied_agenda["all_day"]
    [entry] = [e for e in events if e.value("UID") == str(all_day.ical_uid)]
    start = ical_parser.moment(entry.get("DTSTART"), calendar)
    end = ical_parser.moment(entry.get("DTEND"), calendar)
    assert start == all_day.start.astimezone(feeds.AMSTERDAM).date()
    assert end - start == timedelta(days=2)


def test_uid_is_stable_and_sequence_rises_in_the_feed(client, make_event):
    event = make_event(title="Werksessie", start=days_from_now(10))
    _, [before] = vevents(get_feed(client).content)
    page = event.get_latest_revision_as_object()
    page.title = "Werksessie (nieuwe titel)"
    publish(page)
    _, [renamed] = vevents(get_feed(client).content)
    assert renamed.value("UID") == before.value("UID")
    assert renamed.value("SEQUENCE") == "0"
    page = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    page.start += timedelta(days=7)
    page.end += timedelta(days=7)
    page.status = EventPage.Status.MOVED
    publish(page)
    _, [moved] = vevents(get_feed(client).content)
    assert moved.value("UID") == before.value("UID")
    assert moved.value("SEQUENCE") == "1"
    assert moved.value("DTSTART") != before.value("DTSTART")


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        # The last Fridays of March and October, on both sides of the clock change.
        (date(2018, 3, 30), 9),  # summer time began on 25 March 2018
        (date(2027, 3, 26), 10),  # summer time begins on 28 March 2027
        (date(2018, 10, 26), 9),  # summer time ends on 28 October 2018
        (date(2026, 10, 30), 10),  # summer time ended on 25 October 2026
    ],
)
def test_times_are_right_across_the_dst_change(client, make_event, day, utc_hour):
    start = at(day.year, day.month, day.day, 11)
    with time_machine.travel(datetime(day.year, day.month, 1, tzinfo=UTC), tick=False):
        event = make_event(title="Estafette", start=start, end=start + timedelta(hours=3))
        for url in ("/agenda.ics", f"/agenda/{event.slug}.ics"):
            body = get_feed(client, url).content
            calendar, [entry] = vevents(body)
            assert entry.value("DTSTART") == f"{day:%Y%m%d}T110000"
            ours = ical_parser.moment(entry.get("DTSTART"), calendar)
            assert ours == datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
            theirs = icalendar.Calendar.from_ical(body).walk("VEVENT")[0].decoded("DTSTART")
            assert theirs.astimezone(UTC) == ours
            expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).at(day)
            assert len(expanded) == 1


def test_repeated_request_with_the_etag_gets_304(client, make_event):
    event = make_event(start=days_from_now(5))
    first = get_feed(client)
    again = client.get("/agenda.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get("/agenda.ics", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    event_url = f"/agenda/{event.slug}.ics"
    single = get_feed(client, event_url)
    assert client.get(event_url, headers={"If-None-Match": single["ETag"]}).status_code == 304

    page = event.get_latest_revision_as_object()
    page.start += timedelta(hours=1)
    page.end += timedelta(hours=1)
    publish(page)
    changed = client.get("/agenda.ics", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_if_modified_since_alone_sees_an_unpublished_event(client, make_event):
    make_event(title="Blijft", start=days_from_now(5))
    gone = make_event(title="Gaat offline", start=days_from_now(6))
    first = get_feed(client)
    assert (
        client.get("/agenda.ics", headers={"If-Modified-Since": first["Last-Modified"]}).status_code
        == 304
    )
    gone.unpublish()
    since = client.get("/agenda.ics", headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 200
    # Still there, as cancelled, so subscribed calendars take it out (issue 9, point 10).
    (entry,) = [e for e in vevents(since.content)[1] if e.value("UID") == str(gone.ical_uid)]
    assert entry.value("STATUS") == "CANCELLED"
    assert ical_parser.text(entry.value("SUMMARY")) == "Geannuleerd: Gaat offline"
    assert since["Last-Modified"] != first["Last-Modified"]


def test_the_site_feed_leaves_out_events_that_ended_long_ago(client, make_event, settings):
    recent = make_event(title="Recent", start=days_from_now(-300))
    old = make_event(title="Oud", start=days_from_now(-400))
    upcoming = make_event(title="Straks", start=days_from_now(3))
    uids = {e.value("UID") for e in vevents(get_feed(client).content)[1]}
    assert uids == {str(recent.ical_uid), str(upcoming.ical_uid)}
    assert str(old.ical_uid) not in uids
    # The single event's file is always there.
    assert get_feed(client, f"/agenda/{old.slug}.ics")

    settings.EVENTS_FEED_RETENTION_DAYS = 30
    uids = {e.value("UID") for e in vevents(get_feed(client).content)[1]}
    assert uids == {str(upcoming.ical_uid)}


def test_filtered_feed_has_the_same_filters_as_the_page(client, varied_agenda, taxonomy):
    calendar, events = vevents(get_feed(client, "/agenda.ics?soort=werksessie").content)
    assert [e.value("UID") for e in events] == [str(varied_agenda["werksessie"].ical_uid)]
    assert ical_parser.text(calendar.value("X-WR-CALNAME")) == "Agenda Samenspel: werksessie"
    _, events = vevents(get_feed(client, "/agenda.ics?vorm=online").content)
    assert [e.value("UID") for e in events] == [str(varied_agenda["werksessie"].ical_uid)]
    _, events = vevents(get_feed(client, "/agenda.ics?thema=bestaat-niet").content)
    assert events == []


def test_unpublished_and_other_pages_have_no_calendar_file(client, make_event, agenda):
    draft = make_event(title="Concept", live=False)
    assert client.get(f"/agenda/{draft.slug}.ics").status_code == 404
    report = ReportPage(title="Verslag", slug="verslag")
    agenda.add_child(instance=report)
    assert client.get("/agenda/verslag.ics").status_code == 404
    assert client.get("/bestaat-niet.ics").status_code == 404
    assert client.post("/agenda.ics").status_code == 405


def test_event_calendar_for_a_mail_carries_the_online_link(make_event):
    event = make_event(attendance=EventPage.Attendance.ONLINE)
    body = feeds.event_calendar(event, online_link="https://meet.example.nl/abc").to_ical()
    calendar, [entry] = vevents(body)
    description = ical_parser.text(entry.value("DESCRIPTION"))
    assert "https://meet.example.nl/abc" in description
    assert entry.value("URL") == f"http://testserver{event.url}"
    assert b"ATTENDEE" not in body
    # With METHOD:PUBLISH, RFC 5545 wants DTSTAMP to be when the file was made.
    assert calendar.value("METHOD") == "PUBLISH"
    stamp = ical_parser.moment(entry.get("DTSTAMP"), calendar)
    assert abs(stamp - timezone.now()) < timedelta(minutes=1)


def test_the_download_has_no_method_and_stamps_the_last_revision(client, make_event):
    event = make_event(start=days_from_now(40))
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        body = client.get(f"/agenda/{event.slug}.ics").content
    calendar, [entry] = vevents(body)
    assert calendar.get("METHOD") is None
    stamp = ical_parser.moment(entry.get("DTSTAMP"), calendar)
    assert stamp == event.last_published_at.replace(microsecond=0)


def test_a_feed_is_reused_until_something_is_published(
    client, make_event, django_assert_max_num_queries
):
    event = make_event(title="Eerst", start=days_from_now(5))
    first = get_feed(client)
    with django_assert_max_num_queries(8):  # page lookup and version check, no generation
        again = get_feed(client)
    assert again.content == first.content
    page = event.get_latest_revision_as_object()
    page.title = "Daarna"
    publish(page)
    changed = get_feed(client)
    assert b"SUMMARY:Daarna" in changed.content
    make_event(title="Erbij", start=days_from_now(6))
    assert b"SUMMARY:Erbij" in get_feed(client).content


def test_the_feed_keeps_the_soonest_upcoming_and_latest_past_events(client, make_event, settings):
    settings.EVENTS_FEED_MAX_UPCOMING = 2
    settings.EVENTS_FEED_MAX_PAST = 1
    for days in (3, 1, 2, -5, -2):
        make_event(title=f"Dag {days}", start=days_from_now(days), revision=False)
    _, events = vevents(get_feed(client).content)
    summaries = [ical_parser.text(e.value("SUMMARY")) for e in events]
    assert summaries == ["Dag -2", "Dag 1", "Dag 2"]


# -- an unchanged feed from memory (events.feed_memo) -----------------------------------------


@pytest.fixture
def feed_memo_on(settings):
    """The memo as in production; the version is kept a minute, so only a change drops it."""
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_VERSION_SECONDS = 60


def test_an_unchanged_feed_is_answered_without_a_query(
    client, varied_agenda, feed_memo_on, django_assert_num_queries
):
    first = get_feed(client)
    filtered = get_feed(client, "/agenda.ics?soort=werksessie")
    with django_assert_num_queries(0):
        again = get_feed(client)
        again_filtered = get_feed(client, "/agenda.ics?soort=werksessie")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again_filtered.content == filtered.content != first.content
    assert again_filtered["ETag"] == filtered["ETag"] != first["ETag"]


def test_the_feed_is_sent_gzip_compressed_to_clients_that_accept_it(
    client, varied_agenda, feed_memo_on
):
    plain = get_feed(client)
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    for _ in range(2):  # built, then from memory
        packed = get_feed(client, **{"Accept-Encoding": "gzip, deflate, br"})
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        assert len(packed.content) < len(plain.content) / 2
        assert gzip.decompress(packed.content) == plain.content
        assert packed["ETag"] != plain["ETag"]  # another representation, another tag
    again = client.get(
        "/agenda.ics", headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]}
    )
    assert again.status_code == 304


def test_a_conditional_request_gets_304_without_building_or_hashing(
    client, varied_agenda, feed_memo_on, monkeypatch, django_assert_num_queries
):
    first = get_feed(client)

    def refuse(*args, **kwargs):
        raise AssertionError("the feed was built or hashed again")

    monkeypatch.setattr(feeds, "build_calendar", refuse)
    monkeypatch.setattr(feed_memo, "finish", refuse)
    monkeypatch.setattr(feed_memo.hashlib, "sha256", refuse)
    with django_assert_num_queries(0):
        by_tag = client.get("/agenda.ics", headers={"If-None-Match": first["ETag"]})
        by_date = client.get("/agenda.ics", headers={"If-Modified-Since": first["Last-Modified"]})
    for response in (by_tag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]


def test_a_publish_gives_the_new_feed_at_once(
    client, make_event, feed_memo_on, django_capture_on_commit_callbacks
):
    event = make_event(title="Eerst", start=days_from_now(5))
    first = get_feed(client)
    assert get_feed(client)["ETag"] == first["ETag"]
    page = event.get_latest_revision_as_object()
    page.title = "Daarna"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    changed = client.get("/agenda.ics", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert b"SUMMARY:Daarna" in changed.content
    assert b"SUMMARY:Eerst" not in changed.content
    assert changed["ETag"] != first["ETag"]
    assert parsedate_to_datetime(changed["Last-Modified"]) > parsedate_to_datetime(
        first["Last-Modified"]
    )


def test_a_third_party_reader_finds_every_entry_at_its_moment(client, varied_agenda):
    """Issue 9, point 24: vobject, written by others, reads what we wrote as we meant it.

    A misunderstanding shared by our writer and our own test reader cannot pass this.
    """
    import vobject

    expected = {}
    for event in varied_agenda.values():
        for entry in feeds.calendar_entries(event):
            expected[str(entry.uid)] = entry
    urls = ["/agenda.ics", "/agenda.ics?soort=inspiratie-estafette"]
    urls += [f"/agenda/{event.slug}.ics" for event in varied_agenda.values()]
    for url in urls:
        calendar = vobject.readOne(get_feed(client, url).content.decode())
        entries = calendar.contents.get("vevent", [])
        assert entries, url
        for vevent in entries:
            entry = expected[vevent.uid.value]
            start, end = vevent.dtstart.value, vevent.dtend.value
            if entry.all_day:
                assert start == timezone.localtime(entry.start).date(), url
                assert end == timezone.localtime(entry.end).date() + timedelta(days=1), url
            else:
                # vobject applies the feed's own VTIMEZONE to the local times.
                assert start.astimezone(UTC) == entry.start.astimezone(UTC), url
                assert end.astimezone(UTC) == entry.end.astimezone(UTC), url


def test_the_feed_from_remembered_entries_is_icalendars_own_byte_for_byte(
    client, varied_agenda, taxonomy
):
    """Issue 11, point 3: the feed reuses each entry's text; it must stay what icalendar
    writes, and a change anywhere in an entry (here an organisation's name, which no
    publication announces) must show at once."""
    from events.filters import AgendaFilters
    from events.models import AgendaPage

    agenda = AgendaPage.objects.get()
    nothing = AgendaFilters()

    def both():
        listed = list(feeds.feed_events(agenda.events()))
        built = feeds.build_calendar(listed, filters=nothing).to_ical()
        return built, feeds.build_feed(listed, filters=nothing)

    feeds.VEVENTS.clear()
    built, fast = both()
    assert fast == built
    assert both() == (built, built)  # from remembered entries now
    school = taxonomy["school"]
    school.name = "Van Koetsveldschool voor speciaal onderwijs"
    school.save()
    built, fast = both()
    assert fast == built
    assert b"Van Koetsveldschool voor speciaal onderwijs" in fast.replace(b"\r\n ", b"")


def test_the_feed_limits_count_entries_so_no_filtered_feed_outgrows_the_site_feed(
    client, make_event, settings
):
    """Issue 11, point 3: counting events let ``?soort=inspiratie-estafette`` (three
    entries an event) grow larger than the site feed, and past Google's 1 MB."""
    settings.EVENTS_FEED_MAX_UPCOMING = 7
    settings.EVENTS_FEED_MAX_PAST = 0
    hosts = [{"kind": EventSession.Kind.HOST_LOCATION, "title": f"Locatie {n}"} for n in (1, 2, 3)]
    for days in (1, 2, 3):
        make_event(
            title=f"Estafette {days}",
            start=days_from_now(days),
            kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
            sessions=hosts,
        )
        make_event(title=f"Werksessie {days}", start=days_from_now(days, hour=15))
    for url in ("/agenda.ics", "/agenda.ics?soort=inspiratie-estafette"):
        _, entries = vevents(get_feed(client, url).content)
        assert len(entries) <= 7, url
    _, estafettes = vevents(get_feed(client, "/agenda.ics?soort=inspiratie-estafette").content)
    assert len(estafettes) == 6  # two whole estafettes; never part of one
    _, site = vevents(get_feed(client).content)
    titles = {ical_parser.text(e.value("SUMMARY")).split(":")[0] for e in site}
    assert titles == {"Estafette 1", "Werksessie 1", "Estafette 2"}
    assert len(site) == 7
