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
    alkmaar, dronten = event.sessions.order_by("sort_order", "pk")
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
    alkmaar, dronten = event.sessions.order_by("sort_order", "pk")
    event = publish_sessions(EventPage.objects.get(pk=event.pk), [alkmaar])
    page = event.get_latest_revision_as_object()
    page.all_day = True  # the event becomes a whole day afterwards
    publish(page)
    gone = feed_entries(client)[str(dronten.uid)]
    assert gone.value("STATUS") == "CANCELLED"
    assert gone.value("DTSTART") == "20300517T110000"  # still the timed entry it was


# -- events that are unpublished, deleted or leave a filtered feed (issue 9, point 10) ----------


def statuses(client, url):
    return {
        uid: (e.value("STATUS"), int(e.value("SEQUENCE")))
        for uid, e in feed_entries(client, url).items()
    }


def test_an_unpublished_event_stays_in_its_feeds_as_cancelled(client, estafette):
    uids = {session.title: str(session.uid) for session in estafette.sessions.all()}
    alkmaar, dronten = uids["Alkmaar"], uids["Dronten"]
    filtered = "/agenda.ics?soort=werksessie"
    before = statuses(client, "/agenda.ics")
    assert before[alkmaar][0] == before[dronten][0] == "CONFIRMED"
    assert statuses(client, filtered)[alkmaar][0] == "CONFIRMED"

    EventPage.objects.get(pk=estafette.pk).unpublish()

    for url in ("/agenda.ics", filtered):
        after = statuses(client, url)
        for uid in (alkmaar, dronten):
            assert after[uid] == ("CANCELLED", before[uid][1] + 1), url
    assert feed_entries(client)[alkmaar].value("DTSTART") == "20300517T100000"
    # A feed it was never in does not mention it.
    assert alkmaar not in feed_entries(client, "/agenda.ics?soort=webinar")
    assert client.get(f"/agenda/{estafette.slug}.ics").status_code == 404


def test_a_deleted_event_stays_in_its_feeds_as_cancelled(client, estafette):
    alkmaar = str(estafette.sessions.order_by("sort_order", "pk").first().uid)
    sequence = statuses(client, "/agenda.ics")[alkmaar][1]

    EventPage.objects.get(pk=estafette.pk).delete()

    assert not EventPage.objects.filter(pk=estafette.pk).exists()
    for url in ("/agenda.ics", "/agenda.ics?soort=werksessie"):
        assert statuses(client, url)[alkmaar] == ("CANCELLED", sequence + 1), url
    entry = feed_entries(client)[alkmaar]
    assert entry.value("SUMMARY").startswith("Geannuleerd: Estafette")
    assert entry.value("URL").endswith("/agenda/")


def test_a_published_again_event_comes_back_above_its_cancellation(client, estafette):
    alkmaar = str(estafette.sessions.order_by("sort_order", "pk").first().uid)
    EventPage.objects.get(pk=estafette.pk).unpublish()
    cancelled = statuses(client, "/agenda.ics")[alkmaar]

    publish(EventPage.objects.get(pk=estafette.pk).get_latest_revision_as_object())

    for url in ("/agenda.ics", "/agenda.ics?soort=werksessie"):
        status, sequence = statuses(client, url)[alkmaar]
        assert status == "CONFIRMED" and sequence > cancelled[1], url


def test_an_event_that_leaves_a_filtered_feed_is_cancelled_there_only(client, make_event, taxonomy):
    event = make_event(title="Werksessie OZA", start=at(2030, 5, 17, 13), themes=[taxonomy["oza"]])
    uid = str(event.ical_uid)
    by_theme = f"/agenda.ics?thema={taxonomy['oza'].slug}"
    werksessies = "/agenda.ics?soort=werksessie"
    webinars = "/agenda.ics?soort=webinar"
    assert statuses(client, by_theme)[uid] == ("CONFIRMED", 0)
    assert statuses(client, werksessies)[uid] == ("CONFIRMED", 0)

    page = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    page.kind = EventPage.Kind.WEBINAR
    publish(page)

    assert statuses(client, werksessies)[uid] == ("CANCELLED", 1)
    assert statuses(client, webinars)[uid][0] == "CONFIRMED"
    assert statuses(client, by_theme)[uid][0] == "CONFIRMED"  # still about OZA
    assert statuses(client, "/agenda.ics")[uid] == ("CONFIRMED", 0)

    # Back to a werksessie: confirmed again, above the cancellation its clients saw.
    page = EventPage.objects.get(pk=event.pk).get_latest_revision_as_object()
    page.kind = EventPage.Kind.WERKSESSIE
    publish(page)
    assert statuses(client, werksessies)[uid] == ("CONFIRMED", 2)
    assert statuses(client, webinars)[uid] == ("CANCELLED", 1)


def test_cancelled_entries_leave_the_feeds_with_the_retention(client, make_event, settings):
    import time_machine

    event = make_event(title="Voorbij", start=at(2030, 5, 17, 13))
    EventPage.objects.get(pk=event.pk).unpublish()
    assert str(event.ical_uid) in feed_entries(client)
    settings.EVENTS_FEED_RETENTION_DAYS = 30
    with time_machine.travel(at(2030, 6, 30), tick=False):
        assert str(event.ical_uid) not in feed_entries(client)
