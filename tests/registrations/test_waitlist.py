"""Places, the waitlist, offers with a deadline, changing and cancelling (points 2, 3, 5, 8)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from registrations import services
from registrations.models import Registration

from .conftest import days_from_now, outbox, person, publish, sessions_of

pytestmark = pytest.mark.django_db

Status = Registration.Status


def full_breakout(make_event, promotion="aanbieden", capacity=1, start=None, **registration):
    return make_event(
        start=start or days_from_now(20),
        sessions=[
            {"title": "Thuiszitters", "kind": "deelsessie", "capacity": capacity},
            {"title": "Verzuim", "kind": "deelsessie", "capacity": 5},
        ],
        registration={"waitlist": True, "promotion": promotion, **registration},
    )


def fill(event, session, count, start=1):
    return [
        services.register(event, person(number, session=session)).registration
        for number in range(start, start + count)
    ]


def test_capacity_per_session_then_the_waitlist_in_order(make_event):
    event = full_breakout(make_event, capacity=2)
    thuiszitters, verzuim = sessions_of(event)
    first, second, third, fourth = fill(event, thuiszitters, 4)
    assert [r.status for r in (first, second, third, fourth)] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    # The other session still has room.
    other = services.register(event, person(9, session=verzuim))
    assert other.registration.status == Status.CONFIRMED


def test_event_capacity_limits_all_sessions_together(make_event):
    event = make_event(
        sessions=[
            {"title": "A", "kind": "deelsessie", "capacity": 10},
            {"title": "B", "kind": "deelsessie", "capacity": 10},
        ],
        registration={"capacity": 3},
    )
    a, b = sessions_of(event)
    statuses = [
        services.register(event, person(n, session=a if n % 2 else b)).registration.status
        for n in range(1, 6)
    ]
    assert statuses == [Status.CONFIRMED] * 3 + [Status.WAITLISTED] * 2
    availability = services.availability(event)
    assert (availability.left, availability.full) == (0, True)


def test_cancelling_promotes_the_first_person_waiting_at_once(make_event):
    event = full_breakout(make_event, promotion="direct")
    session, _ = sessions_of(event)
    confirmed, waiting, later = fill(event, session, 3)

    assert services.cancel(confirmed) is True

    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert later.status == Status.WAITLISTED
    (promoted,) = outbox(waiting.email, "promoted")
    assert promoted.subject == f"U heeft een plaats: {event.title}"
    assert promoted.attachments  # the .ics comes along
    assert outbox(confirmed.email, "cancelled")
    assert services.cancel(confirmed) is False  # twice changes nothing


def test_offer_with_deadline_then_lapse_then_the_next_person(make_event):
    event = full_breakout(make_event, start=days_from_now(20))
    session, _ = sessions_of(event)
    confirmed, first_waiting, second_waiting = fill(event, session, 3)
    now = timezone.now()

    services.cancel(confirmed, now=now)

    first_waiting.refresh_from_db()
    assert first_waiting.status == Status.OFFERED
    assert first_waiting.offer_expires_at == now + timedelta(hours=48)
    (offer,) = outbox(first_waiting.email, "offer")
    assert "Claim hem vóór" in offer.body_text
    assert "/aanmelding/" in offer.body_text
    # The offered place is held: nobody else gets it meanwhile.
    newcomer = services.register(event, person(7, session=session), now=now)
    assert newcomer.registration.status == Status.WAITLISTED

    assert services.lapse_offers(now=now + timedelta(hours=47)) == []
    lapsed = services.lapse_offers(now=now + timedelta(hours=49))
    assert [r.pk for r in lapsed] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Status.LAPSED
    assert second_waiting.status == Status.OFFERED
    assert outbox(first_waiting.email, "offer_lapsed")
    assert outbox(second_waiting.email, "offer")

    with pytest.raises(services.OfferLapsed):
        services.claim_offer(first_waiting, now=now + timedelta(hours=50))
    claimed = services.claim_offer(second_waiting, now=now + timedelta(hours=50))
    assert claimed.status == Status.CONFIRMED
    assert outbox(second_waiting.email, "confirmation")


def test_close_to_the_event_the_place_goes_at_once(make_event):
    event = full_breakout(make_event, start=timezone.now() + timedelta(hours=30))
    session, _ = sessions_of(event)
    confirmed, waiting = fill(event, session, 2)
    services.cancel(confirmed)
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_an_offer_never_runs_past_the_start(make_event):
    start = timezone.now() + timedelta(hours=60)
    event = full_breakout(make_event, start=start, immediate_within_hours=12, offer_hours=72)
    session, _ = sessions_of(event)
    confirmed, waiting = fill(event, session, 2)
    services.cancel(confirmed)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    assert waiting.offer_expires_at == event.start


def test_raising_the_capacity_promotes_from_the_waitlist(make_event):
    event = full_breakout(make_event, promotion="direct")
    session, _ = sessions_of(event)
    _, first, second, third = fill(event, session, 4)

    sessions = list(event.sessions.all())
    sessions[0].capacity = 3
    event.sessions = sessions
    publish(event)

    statuses = [Registration.objects.get(pk=r.pk).status for r in (first, second, third)]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]


def test_raising_the_capacity_offers_the_new_places_with_a_deadline(make_event):
    event = full_breakout(make_event, promotion="aanbieden", start=days_from_now(20))
    session, _ = sessions_of(event)
    _, first, second, third = fill(event, session, 4)

    sessions = list(event.sessions.all())
    sessions[0].capacity = 3
    event.sessions = sessions
    with time_machine.travel(timezone.now(), tick=False):
        published_at = timezone.now()
        publish(event)

    first, second, third = (Registration.objects.get(pk=r.pk) for r in (first, second, third))
    assert [first.status, second.status, third.status] == [
        Status.OFFERED,
        Status.OFFERED,
        Status.WAITLISTED,
    ]
    assert first.offer_expires_at == published_at + timedelta(hours=48)
    for offered in (first, second):
        (offer,) = outbox(offered.email, "offer")
        assert "Claim hem vóór" in offer.body_text
    assert outbox(third.email, "offer") == []
    # The offered places are held: a newcomer waits, and the third person still waits.
    newcomer = services.register(event, person(9, session=session))
    assert newcomer.registration.status == Status.WAITLISTED
    assert services.claim_offer(first).status == Status.CONFIRMED


def test_change_session_while_places_are_free(make_event):
    event = full_breakout(make_event, promotion="direct")
    full, roomy = sessions_of(event)
    confirmed, waiting = fill(event, full, 2)
    mover = services.register(event, person(5, session=roomy)).registration

    with pytest.raises(services.NoPlace):
        services.change_session(mover, full)

    moved = services.change_session(confirmed, roomy)
    assert moved.session == roomy and moved.status == Status.CONFIRMED
    (mail,) = outbox(confirmed.email, "session_changed")
    assert "In plaats van Thuiszitters bent u nu aangemeld voor Verzuim." in mail.body_text
    # The freed place went to the waitlist.
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


def test_colleagues_each_get_their_own_registration_and_count(make_event):
    event = full_breakout(make_event, capacity=2)
    session, _ = sessions_of(event)
    outcomes = services.register_group(
        event,
        [
            person(1, session=session, organisation="SWV Passend Primair"),
            person(2, session=session, organisation="SWV Passend Primair"),
            person(3, session=session, organisation="SWV Passend Primair"),
        ],
    )
    assert [o.shown for o in outcomes] == ["confirmed", "confirmed", "waitlisted"]
    first, second, third = (o.registration for o in outcomes)
    assert second.registered_by == first and third.registered_by == first
    assert second.source == Registration.Source.COLLEAGUE
    links = {r.manage_url() for r in (first, second, third)}
    assert len(links) == 3
    for registration in (first, second, third):
        (mail,) = [m for m in outbox(registration.email) if m.purpose != ""]
        assert registration.manage_url() in mail.body_text


def test_a_duplicate_in_a_group_creates_nothing_new(make_event):
    event = full_breakout(make_event, capacity=5)
    session, _ = sessions_of(event)
    services.register(event, person(1, session=session))
    outcomes = services.register_group(
        event, [person(2, session=session), person(1, session=session)]
    )
    assert [o.created for o in outcomes] == [True, False]
    assert Registration.objects.filter(email="deelnemer1@example.nl").count() == 1
    (duplicate,) = outbox("deelnemer1@example.nl", "duplicate")
    assert duplicate.subject == f"U bent al aangemeld: {event.title}"


def test_at_most_one_already_registered_mail_an_hour(make_event):
    """Registering again and again cannot flood someone's inbox."""
    event = full_breakout(make_event, capacity=5)
    session, _ = sessions_of(event)
    hour = timezone.localtime() + timedelta(hours=1)
    hour = hour.replace(minute=0, second=0, microsecond=0)
    services.register(event, person(1, session=session), now=hour)
    for minutes in (5, 20, 59):
        services.register(event, person(1, session=session), now=hour + timedelta(minutes=minutes))
    assert len(outbox("deelnemer1@example.nl", "duplicate")) == 1

    services.register(event, person(1, session=session), now=hour + timedelta(minutes=61))
    assert len(outbox("deelnemer1@example.nl", "duplicate")) == 2
    assert Registration.objects.filter(email="deelnemer1@example.nl").count() == 1


def test_the_same_address_may_register_again_after_cancelling(make_event):
    event = full_breakout(make_event, capacity=5)
    session, _ = sessions_of(event)
    first = services.register(event, person(1, session=session)).registration
    services.cancel(first)
    again = services.register(event, person(1, session=session))
    assert again.created and again.registration.pk != first.pk


def test_session_of_another_event_is_refused(make_event):
    event = full_breakout(make_event)
    other = full_breakout(make_event)
    with pytest.raises(services.SessionRequired):
        services.register(event, person(1, session=sessions_of(other)[0]))
    with pytest.raises(services.SessionRequired):
        services.register(event, person(1))


def test_offer_is_claimed_through_the_manage_page(client, make_event):
    event = full_breakout(make_event)
    session, _ = sessions_of(event)
    confirmed, waiting = fill(event, session, 2)
    services.cancel(confirmed)
    waiting.refresh_from_db()
    link = waiting.manage_url().removeprefix("http://testserver")
    html = client.get(link).content.decode()
    assert "Er is een plaats voor u vrijgekomen" in html
    response = client.post(link + "plaats/")
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert "De plaats is voor u." in client.get(link).content.decode()


def test_manage_page_changes_session_and_cancels(client, make_event):
    event = full_breakout(make_event, promotion="direct")
    full, roomy = sessions_of(event)
    registration = fill(event, full, 1)[0]
    link = registration.manage_url().removeprefix("http://testserver")
    html = client.get(link).content.decode()
    assert "Verzuim – nog 5 plaatsen" in html

    client.post(link + "onderdeel/", {"session": roomy.pk})
    registration.refresh_from_db()
    assert registration.session == roomy

    confirm_page = client.get(link + "annuleren/").content.decode()
    assert "Weet u het zeker?" in confirm_page
    client.post(link + "annuleren/")
    registration.refresh_from_db()
    assert registration.status == Status.CANCELLED
    assert "Uw aanmelding is geannuleerd." in client.get(link).content.decode()


def test_waitlist_position_is_shown(client, make_event):
    event = full_breakout(make_event)
    session, _ = sessions_of(event)
    _, _, third = fill(event, session, 3)
    html = client.get(third.manage_url().removeprefix("http://testserver")).content.decode()
    assert "U staat als nummer 2 op de wachtlijst." in html


def test_offers_lapse_through_the_periodic_task(make_event):
    from registrations import tasks

    event = full_breakout(make_event)
    session, _ = sessions_of(event)
    confirmed, waiting = fill(event, session, 2)
    services.cancel(confirmed)
    with time_machine.travel(timezone.now() + timedelta(hours=49)):
        tasks.lapse_offers.enqueue()
    waiting.refresh_from_db()
    assert waiting.status == Status.LAPSED
