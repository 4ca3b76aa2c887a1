"""Every calendar file the site serves reads at the right moment in ical.js and vobject
(issue 9, point 11).

ical.js 2.x (Thunderbird, Nextcloud) misread a VTIMEZONE that gave its first change
only as DTSTART with later years as RDATE: summer times in the first year of the block
came out an hour late (an estafette at 11.00 read as 12.00). Here ical.js, run by node,
and vobject each read every kind of file (the site feed, filtered feeds, an event's
download, a host location's download, a mail's attachment, a cancellation) and must
find every entry at the moment the database holds, in summer and in winter, in the
block's first year and later.
"""

from datetime import UTC, date, time, timedelta

import pytest
import vobject
from django.utils import timezone

from events import feeds
from events.models import EventPage, EventSession
from tests.support import ical_js

from .conftest import at


@pytest.fixture
def seasons(make_event):
    """Events in 2030 (the block's first year: summer and winter) and in summer 2031."""
    estafette = make_event(
        title="Inspiratie-estafette",
        start=at(2030, 4, 30, 9),
        end=at(2030, 4, 30, 15),
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        sessions=[
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "title": "PPO Noord-Kennemerland",
                "start_time": time(11),
                "end_time": time(14),
            },
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "title": "Van Koetsveldschool",
                "start_time": time(10),
                "end_time": time(12, 30),
            },
        ],
    )
    winter = make_event(
        title="Werksessie in de winter",
        start=at(2030, 1, 17, 13),
        kind=EventPage.Kind.WERKSESSIE,
        attendance=EventPage.Attendance.ONLINE,
    )
    autumn_change = make_event(
        title="Op de dag dat de klok teruggaat",
        start=at(2030, 10, 27, 10),
        kind=EventPage.Kind.WERKSESSIE,
    )
    next_summer = make_event(
        title="Netwerkbijeenkomst zomer",
        start=at(2031, 7, 4, 11),
        kind=EventPage.Kind.NETWERKBIJEENKOMST,
    )
    all_day = make_event(
        title="Landelijke dag",
        start=at(2030, 6, 14),
        end=at(2030, 6, 14),
        all_day=True,
        kind=EventPage.Kind.NETWERKBIJEENKOMST,
    )
    return [estafette, winter, autumn_change, next_summer, all_day]


def _expected(events):
    """Per UID: the entry as the database holds it (UTC moments, or Amsterdam days)."""
    expected = {}
    for event in events:
        for entry in feeds.calendar_entries(EventPage.objects.get(pk=event.pk)):
            expected[entry.uid] = entry
    return expected


def _served(client, seasons):
    """Every kind of calendar file the site serves, by name."""
    estafette = seasons[0]
    files = {}
    for url in (
        "/agenda.ics",
        "/agenda.ics?soort=inspiratie-estafette",
        "/agenda.ics?soort=werksessie&vorm=online",
        "/agenda.ics?vorm=op-locatie",
    ):
        files[url] = client.get(url).content
    for event in seasons:
        url = f"/agenda/{event.slug}.ics"
        files[url] = client.get(url).content
    for session in estafette.host_sessions:
        url = f"/agenda/{estafette.slug}.ics?locatie={session.pk}"
        files[url] = client.get(url).content
    for event in seasons:
        files[f"mail: {event.slug}"] = feeds.event_calendar(event).to_ical()
    for entry in feeds.calendar_entries(estafette):
        files[f"cancellation: {entry.label}"] = feeds.single_entry_calendar(
            estafette.title, entry, method="CANCEL", organizer=("Samenspel", "info@example.nl")
        ).to_ical()
    return files


def assert_moments(name, uid, entry, start, end):
    if entry.all_day:
        first = timezone.localtime(entry.start, feeds.AMSTERDAM).date()
        last = timezone.localtime(entry.end, feeds.AMSTERDAM).date() + timedelta(days=1)
        assert (start, end) == (first, last), f"{name}: {entry.summary}"
    else:
        assert (start, end) == (entry.start.astimezone(UTC), entry.end.astimezone(UTC)), (
            f"{name}: {entry.summary} read at {start:%Y-%m-%d %H:%M} UTC, "
            f"the database says {entry.start.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        )


def _from_ical_js(value):
    from datetime import datetime

    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def test_ical_js_reads_every_file_at_the_moments_of_the_database(client, seasons):
    expected = _expected(seasons)
    files = _served(client, seasons)
    read = ical_js.read(list(files.values()))
    seen = set()
    for name, entries in zip(files, read, strict=True):
        assert entries, f"{name}: no entries"
        for found in entries:
            entry = expected[found["uid"]]
            start, end = _from_ical_js(found["start"]), _from_ical_js(found["end"])
            assert_moments(f"ical.js, {name}", found["uid"], entry, start, end)
            seen.add(found["uid"])
    assert seen == set(expected)


def test_vobject_reads_every_file_at_the_moments_of_the_database(client, seasons):
    expected = _expected(seasons)
    for name, body in _served(client, seasons).items():
        calendar = vobject.readOne(body.decode())
        entries = calendar.contents.get("vevent", [])
        assert entries, name
        for vevent in entries:
            entry = expected[vevent.uid.value]
            start, end = vevent.dtstart.value, vevent.dtend.value
            if not entry.all_day:
                start, end = start.astimezone(UTC), end.astimezone(UTC)
            assert_moments(f"vobject, {name}", vevent.uid.value, entry, start, end)


def test_the_estafette_at_eleven_reads_as_eleven_in_its_first_summer(client, seasons):
    """The case from the issue: 11.00 in Amsterdam (CEST) is 09.00 UTC, not 10.00."""
    estafette = seasons[0]
    ppo = next(s for s in estafette.host_sessions if s.display_title == "PPO Noord-Kennemerland")
    body = client.get(f"/agenda/{estafette.slug}.ics?locatie={ppo.pk}").content
    [[found]] = ical_js.read([body])
    assert found["start"] == "2030-04-30T09:00:00.000Z"


def test_a_time_zone_without_the_eu_rules_is_still_read_right(client, seasons, monkeypatch):
    """Should the rules ever change, the changes come from the time zone database, each
    part's first change repeated as an RDATE, which ical.js reads right too."""
    monkeypatch.setattr(feeds, "_eu_rules_hold", lambda year: False)
    feeds.vtimezone.cache_clear()
    try:
        body = client.get("/agenda.ics").content
        assert b"RRULE" not in body
        expected = _expected(seasons)
        [entries] = ical_js.read([body])
        for found in entries:
            entry = expected[found["uid"]]
            start, end = _from_ical_js(found["start"]), _from_ical_js(found["end"])
            assert_moments("ical.js, database changes", found["uid"], entry, start, end)
    finally:
        feeds.vtimezone.cache_clear()
