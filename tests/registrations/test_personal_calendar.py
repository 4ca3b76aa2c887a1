"""The registrant's own calendar entry follows their registration (issue 9, point 5).

The entry added from the confirmation's .ics is replaced when the person moves to
another host location (same UID, higher SEQUENCE) and removed when they cancel
(METHOD:CANCEL, STATUS:CANCELLED, higher SEQUENCE), instead of staying behind.
"""

import base64

import pytest

from events.models import EventPage
from registrations import services
from tests.events import ical_parser

from .conftest import outbox, person, publish, sessions_of

pytestmark = pytest.mark.django_db


def calendar_in(mail):
    files = [a for a in mail.attachments if a["filename"].endswith(".ics")]
    assert len(files) == 1, f"the {mail.purpose} mail carries {len(files)} calendar files"
    (item,) = files
    calendar = ical_parser.parse(base64.b64decode(item["content"]))
    (entry,) = calendar.children("VEVENT")
    return calendar, entry


def test_a_move_replaces_and_a_cancellation_removes_the_one_entry(estafette):
    school, brug = sessions_of(estafette)
    registration = services.register(estafette, person(1, session=school)).registration
    services.change_session(registration, brug)
    registration.refresh_from_db()
    services.cancel(registration)

    email = registration.email
    (confirmation,) = outbox(email, "confirmation")
    (changed,) = outbox(email, "session_changed")
    (cancelled,) = outbox(email, "cancelled")
    calendars = [calendar_in(mail) for mail in (confirmation, changed, cancelled)]
    (_, first), (_, second), (last_calendar, last) = calendars

    assert first.value("UID") == second.value("UID") == last.value("UID")
    sequences = [int(entry.value("SEQUENCE")) for _, entry in calendars]
    assert sequences[0] < sequences[1] < sequences[2]

    assert calendars[0][0].value("METHOD") == calendars[1][0].value("METHOD") == "PUBLISH"
    assert "Van Koetsveldschool" in first.value("LOCATION")
    assert first.value("DTSTART").endswith("T110000")
    assert "Jeugdhulp De Brug" in ical_parser.text(second.value("LOCATION"))
    assert second.value("DTSTART").endswith("T100000")
    assert second.value("STATUS") == "CONFIRMED"

    assert last_calendar.value("METHOD") == "CANCEL"
    assert last.value("STATUS") == "CANCELLED"
    assert last.value("ORGANIZER").startswith("mailto:")
    assert "Het bijgevoegde agendabestand haalt de bijeenkomst uit uw agenda." in (
        cancelled.body_text
    )


def test_each_registration_has_its_own_entry_not_the_feeds(estafette):
    school, _ = sessions_of(estafette)
    one = services.register(estafette, person(1, session=school)).registration
    two = services.register(estafette, person(2, session=school)).registration
    uids = {calendar_in(outbox(r.email, "confirmation")[0])[1].value("UID") for r in (one, two)}
    assert len(uids) == 2 and str(school.uid) not in uids


def test_a_cancelled_place_on_the_waitlist_sends_no_calendar(make_event):
    event = make_event(registration={"capacity": 1, "waitlist": True})
    services.register(event, person(1))
    waiting = services.register(event, person(2)).registration
    services.cancel(waiting)
    (mail,) = outbox(waiting.email, "cancelled")
    assert mail.attachments == []


def test_a_moved_event_updates_the_same_entry(make_event):
    from datetime import timedelta

    event = make_event(registration={}, venue="Stadhuis", city="Zwolle")
    registration = services.register(event, person(1)).registration
    event.start += timedelta(days=7)
    event.end += timedelta(days=7)
    event.status = EventPage.Status.MOVED
    publish(event)

    _, before = calendar_in(outbox(registration.email, "confirmation")[0])
    _, after = calendar_in(outbox(registration.email, "event_update")[0])
    assert after.value("UID") == before.value("UID")
    assert int(after.value("SEQUENCE")) > int(before.value("SEQUENCE"))


def test_mail_attachments_read_at_the_right_moment_in_ical_js_and_vobject(make_event, school):
    """Issue 9, point 11: a registrant's summer entry, in the block's first year, is at
    11.00 in Thunderbird (ical.js) and vobject, in the confirmation and the cancellation."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    import vobject

    from tests.support import ical_js

    event = make_event(
        title="Inspiratie-estafette april",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        start=datetime(2030, 4, 30, 9, tzinfo=ZoneInfo("Europe/Amsterdam")),
        sessions=[
            {"title": "Van Koetsveldschool", "organisation": school, "start_time": "11:00"},
        ],
        registration={},
    )
    [host] = sessions_of(event)
    registration = services.register(event, person(1, session=host)).registration
    services.cancel(registration)
    texts = [
        base64.b64decode(
            next(a for a in mail.attachments if a["filename"].endswith(".ics"))["content"]
        )
        for mail in (outbox(registration.email, "confirmation")[0],)
        + (outbox(registration.email, "cancelled")[0],)
    ]
    eleven = datetime(2030, 4, 30, 9, tzinfo=UTC)
    for entries in ical_js.read(texts):
        [entry] = entries
        assert entry["start"] == "2030-04-30T09:00:00.000Z"
    for text in texts:
        vevent = vobject.readOne(text.decode()).vevent
        assert vevent.dtstart.value.astimezone(UTC) == eleven
