"""Entries that disappear from an event stay in the feed as cancelled, so calendars drop them."""

from datetime import time

import pytest

from events.models import EventPage, EventSession, WithdrawnCalendarEntry

from .conftest import at, publish
from .test_feeds import get_feed, vevents


def feed_entries(client, url="/agenda.ics"):
    return {entry.value("UID"): entry for entry in vevents(get_feed(client, url).content)[1]}


def host(title, start_time=None):
    return {"kind": EventSession.Kind.HOST_LOCATION, "title": title, "start_time": start_time}


def publish_sessions(event, sessions):
    page = event.get_latest_revision_as_object()
    page.sessions = sessions
    return publish(page)


@pytest.fixture
def estafette(make_event):
    """An estafette on 17 May 2030 with host locations in Alkmaar (10:00) and Dronten (11:00)."""
    return make_event(
        title="Estafette",
        start=at(2030, 5, 17, 9),
        end=at(2030, 5, 17, 15),
        sessions=[host("Alkmaar", time(10)), host("Dronten", time(11))],
    )


def test_a_removed_host_location_is_sent_as_cancelled(client, estafette):
    event = estafette
    alkmaar, dronten = event.sessions.order_by("sort_order")
    before = feed_entries(client)
    assert before[str(dronten.uid)].value("STATUS") == "CONFIRMED"

    publish_sessions(EventPage.objects.get(pk=event.pk), [alkmaar])

    after = feed_entries(client)
    gone = after[str(dronten.uid)]
    assert gone.value("STATUS") == "CANCELLED"
    assert int(gone.value("SEQUENCE")) == int(before[str(dronten.uid)].value("SEQUENCE")) + 1
    assert gone.value("DTSTART") == before[str(dronten.uid)].value("DTSTART")
    assert after[str(alkmaar.uid)].value("STATUS") == "CONFIRMED"
    assert str(event.ical_uid) not in after
    # The per-event download tells the same; the page links only what still happens.
    assert (
        feed_entries(client, f"/agenda/{event.slug}.ics")[str(dronten.uid)].value("STATUS")
        == "CANCELLED"
    )
    labels = [link["entry"].label for link in client.get(event.url).context["calendar_links"]]
    assert labels == ["Alkmaar"]


def test_the_event_entry_is_cancelled_when_host_locations_replace_it(client, make_event):
    event = make_event(title="Estafette", start=at(2030, 5, 17, 9), end=at(2030, 5, 17, 15))
    own_uid = str(event.ical_uid)
    assert feed_entries(client)[own_uid].value("STATUS") == "CONFIRMED"

    event = publish_sessions(EventPage.objects.get(pk=event.pk), [EventSession(**host("PPO"))])
    [ppo] = event.sessions.all()
    entries = feed_entries(client)
    assert entries[own_uid].value("STATUS") == "CANCELLED"
    assert entries[own_uid].value("SEQUENCE") == "1"
    assert entries[str(ppo.uid)].value("STATUS") == "CONFIRMED"

    # Taking the host locations away again brings the event's own entry back, with a
    # sequence above the cancellation so calendars take it, and withdraws the host's.
    publish_sessions(EventPage.objects.get(pk=event.pk), [])
    entries = feed_entries(client)
    assert entries[own_uid].value("STATUS") == "CONFIRMED"
    assert int(entries[own_uid].value("SEQUENCE")) >= 2
    assert entries[str(ppo.uid)].value("STATUS") == "CANCELLED"
    assert list(WithdrawnCalendarEntry.objects.values_list("uid", flat=True)) == [ppo.uid]


def test_drafts_withdraw_nothing(client, make_event):
    event = make_event(
        title="Estafette",
        start=at(2030, 5, 17, 9),
        sessions=[host("Alkmaar"), host("Dronten")],
    )
    page = event.get_latest_revision_as_object()
    page.sessions = list(page.sessions.all())[:1]
    page.save_revision()
    assert not WithdrawnCalendarEntry.objects.exists()
    assert {e.value("STATUS") for e in feed_entries(client).values()} == {"CONFIRMED"}


def test_a_withdrawn_entry_keeps_the_times_it_had(client, estafette):
    event = estafette
    alkmaar, dronten = event.sessions.order_by("sort_order")
    event = publish_sessions(EventPage.objects.get(pk=event.pk), [alkmaar])
    page = event.get_latest_revision_as_object()
    page.all_day = True  # the event becomes a whole day afterwards
    publish(page)
    gone = feed_entries(client)[str(dronten.uid)]
    assert gone.value("STATUS") == "CANCELLED"
    assert gone.value("DTSTART") == "20300517T110000"  # still the timed entry it was
