"""Reminders, changed or cancelled events, reports, hybrid, invitations (points 6, 7, 9, 10)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventPage, ReportEventLink, ReportPage
from registrations import services
from registrations.models import Invitation, Registration
from website.scheduler import JOBS, run_due_jobs

from .conftest import calendar_of, days_from_now, outbox, person, publish, sessions_of

pytestmark = pytest.mark.django_db

Status = Registration.Status


# -- reminders --------------------------------------------------------------------------------


def test_reminder_goes_once_to_confirmed_registrants_only(make_event):
    event = make_event(
        start=days_from_now(10),
        sessions=[{"title": "Groep", "kind": "deelsessie", "capacity": 1}],
        registration={"reminder_days": 2},
    )
    (session,) = sessions_of(event)
    confirmed = services.register(event, person(1, session=session)).registration
    waiting = services.register(event, person(2, session=session)).registration

    assert services.send_reminders(now=event.start - timedelta(days=3)) == 0
    moment = event.start - timedelta(days=2, hours=-1)
    assert services.send_reminders(now=moment) == 1
    assert services.send_reminders(now=moment + timedelta(hours=1)) == 0

    (reminder,) = outbox(confirmed.email, "reminder")
    assert reminder.subject.startswith(f"Herinnering: {event.title} op ")
    assert "BEGIN:VCALENDAR" in calendar_of(reminder)
    assert outbox(waiting.email, "reminder") == []
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at == moment


def test_no_reminder_right_after_a_late_registration(make_event):
    event = make_event(start=days_from_now(1), registration={"reminder_days": 2})
    late = services.register(event, person(1)).registration
    assert services.send_reminders() == 0
    assert outbox(late.email, "reminder") == []


def test_no_reminder_for_a_cancelled_event(make_event):
    going = make_event(start=days_from_now(10), registration={"reminder_days": 2})
    cancelled = make_event(start=days_from_now(10), registration={"reminder_days": 2})
    services.register(going, person(1))
    services.register(cancelled, person(2))
    cancelled.status = EventPage.Status.CANCELLED
    publish(cancelled)
    moment = going.start - timedelta(days=1)

    assert services.send_reminders(now=moment) == 1  # the event that goes ahead
    assert len(outbox("deelnemer1@example.nl", "reminder")) == 1
    assert outbox("deelnemer2@example.nl", "reminder") == []


def test_no_reminder_with_zero_days(make_event):
    event = make_event(start=days_from_now(10), registration={"reminder_days": 0})
    services.register(event, person(1))
    assert services.send_reminders(now=event.start - timedelta(hours=1)) == 0
    assert outbox("deelnemer1@example.nl", "reminder") == []


def test_periodic_jobs_are_registered_and_run_by_the_scheduler(make_event):
    names = {
        "registrations.tasks.send_reminders",
        "registrations.tasks.lapse_offers",
        "registrations.tasks.erase_sensitive_answers",
        "registrations.tasks.anonymise_past_registrations",
    }
    started = run_due_jobs(timezone.now())
    assert names <= set(JOBS) and names <= set(started)


# -- an editor moves or cancels the event -------------------------------------------------


def test_moving_an_event_mails_registrants_an_updated_calendar_once(make_event):
    event = make_event(registration={}, venue="Stadhuis", city="Zwolle")
    registration = services.register(event, person(1)).registration
    first_sequence = registration.calendar_sequence

    event.start += timedelta(days=7)
    event.end += timedelta(days=7)
    event.status = EventPage.Status.MOVED
    event = publish(event)
    assert event.ical_sequence == first_sequence + 1

    (update,) = outbox(registration.email, "event_update")
    assert update.subject == f"Gewijzigd: {event.title}"
    ics = calendar_of(update)
    # The person's own entry (its own UID), one version further than the confirmation's.
    assert f"UID:{registration.calendar_uid}" in ics
    assert f"SEQUENCE:{registration.calendar_revision + 1}" in ics
    assert "METHOD:PUBLISH" in ics

    publish(EventPage.objects.get(pk=event.pk))  # published again without changes
    event.title = "Nieuwe titel"
    publish(event)  # a title change does not move anything in calendars
    assert len(outbox(registration.email, "event_update")) == 1


def test_cancelling_an_event_sends_status_cancelled(make_event):
    event = make_event(registration={"capacity": 1, "waitlist": True})
    registration = services.register(event, person(1)).registration
    waiting_list_person = services.register(event, person(2)).registration
    assert waiting_list_person.status == Registration.Status.WAITLISTED
    event.status = EventPage.Status.CANCELLED
    event.status_note = "De spreker is ziek."
    publish(event)

    (update,) = outbox(registration.email, "event_update")
    assert update.subject == f"Geannuleerd: {event.title}"
    assert "De spreker is ziek." in update.body_text
    ics = calendar_of(update)
    assert "STATUS:CANCELLED" in ics
    # Whoever waits is told too, without a calendar entry for a place they never had,
    # and is not given a place at an event that will not take place.
    (waiting_update,) = outbox(waiting_list_person.email, "event_update")
    assert waiting_update.subject == f"Geannuleerd: {event.title}"
    assert waiting_update.attachments == []
    waiting_list_person.refresh_from_db()
    assert waiting_list_person.status == Registration.Status.WAITLISTED


def test_moving_one_host_location_tells_only_its_registrants(estafette):
    school, brug = sessions_of(estafette)
    at_school = services.register(estafette, person(1, session=school)).registration
    at_brug = services.register(estafette, person(2, session=brug)).registration

    sessions = list(estafette.sessions.all())
    for session in sessions:
        if session.pk == school.pk:
            session.street = "Nieuwe Weg 1"
    estafette.sessions = sessions
    publish(estafette)

    assert len(outbox(at_school.email, "event_update")) == 1
    assert outbox(at_brug.email, "event_update") == []
    ics = calendar_of(outbox(at_school.email, "event_update")[0])
    assert ics.count("BEGIN:VEVENT") == 1
    assert "Nieuwe Weg 1" in ics


# -- reports ------------------------------------------------------------------------------------


def test_a_live_report_goes_to_attendees_who_asked_for_it_once(make_event, agenda):
    event = make_event(registration={}, start=days_from_now(1))
    wants = services.register(event, person(1, wants_report=True)).registration
    services.register(event, person(2, wants_report=False))
    absent = services.register(event, person(3, wants_report=True)).registration
    Registration.objects.filter(pk=absent.pk).update(attended=False)

    report = ReportPage(title="Verslag van de werksessie", slug="verslag-werksessie")
    report.event_links = [ReportEventLink(event=event)]
    agenda.add_child(instance=report)
    publish(report)
    publish(ReportPage.objects.get(pk=report.pk))  # an edit later: no second mail

    mails = outbox(purpose="report")
    assert [mail.to for mail in mails] == [wants.email]
    assert mails[0].subject == f"Verslag: {event.title}"
    assert "Verslag van de werksessie" in mails[0].body_text
    assert "/agenda/verslag-werksessie/" in mails[0].body_text


# -- hybrid and online ---------------------------------------------------------------------------


def test_hybrid_event_link_only_for_online_people_and_never_on_the_page(client, make_event):
    link = "https://meet.example.nl/samenspel-geheim"
    event = make_event(
        attendance=EventPage.Attendance.HYBRID,
        venue="Provinciehuis",
        street="Luttenbergstraat 2",
        city="Zwolle",
        registration={
            "online_link": link,
            "capacity": 1,
            "online_instructions": "Log vijf minuten van tevoren in.",
            "on_site_instructions": "Parkeren kan in de garage achter het gebouw.",
        },
    )
    on_site = services.register(event, person(1, attendance="op-locatie")).registration
    online = services.register(event, person(2, attendance="online")).registration
    online_too = services.register(event, person(3, attendance="online")).registration
    # Online people do not take the one on-site place.
    assert [on_site.status, online.status, online_too.status] == [Status.CONFIRMED] * 3

    (on_site_mail,) = outbox(on_site.email, "confirmation")
    (online_mail,) = outbox(online.email, "confirmation")
    assert link not in on_site_mail.body_text and link not in calendar_of(on_site_mail)
    assert "Luttenbergstraat 2" in on_site_mail.body_text
    assert "Parkeren kan in de garage" in on_site_mail.body_text
    assert link in online_mail.body_text and link in online_mail.body_html
    assert "Log vijf minuten van tevoren in." in online_mail.body_text
    ics = calendar_of(online_mail)
    assert link in ics.replace("\r\n ", "")
    assert f"URL:http://testserver{event.url}" in ics.replace("\r\n ", "")
    for forbidden in ("ATTENDEE", "ORGANIZER", "RSVP", "METHOD:REQUEST"):
        assert forbidden not in ics

    assert link not in client.get(event.url).content.decode()
    assert link not in client.get(f"{event.url[:-1]}.ics").content.decode()

    services.send_reminders(now=event.start - timedelta(days=1))
    (reminder,) = outbox(online.email, "reminder")
    assert link in reminder.body_text


def test_online_event_everybody_gets_the_link(make_event):
    link = "https://meet.example.nl/webinar"
    event = make_event(
        kind=EventPage.Kind.WEBINAR,
        attendance=EventPage.Attendance.ONLINE,
        registration={"online_link": link},
    )
    registration = services.register(event, person(1, attendance="op-locatie")).registration
    assert registration.attendance == "online"
    assert link in outbox(registration.email, "confirmation")[0].body_text


def unfolded(ics):
    return ics.replace("\r\n ", "")


def test_only_people_with_a_place_get_the_online_link(client, make_event):
    link = "https://meet.example.nl/alleen-voor-deelnemers"
    event = make_event(
        kind=EventPage.Kind.WEBINAR,
        attendance=EventPage.Attendance.ONLINE,
        start=days_from_now(20),
        registration={"online_link": link, "capacity": 1, "promotion": "aanbieden"},
    )
    first = services.register(event, person(1)).registration
    waiting = services.register(event, person(2)).registration
    assert waiting.status == Status.WAITLISTED
    (confirmation,) = outbox(first.email, "confirmation")
    assert link in confirmation.body_text and link in confirmation.body_html
    assert link in unfolded(calendar_of(confirmation))

    # On the waitlist: no link in the mail, on the personal page or in a duplicate mail.
    (waitlisted,) = outbox(waiting.email, "waitlisted")
    assert link not in waitlisted.body_text and link not in waitlisted.body_html
    assert link not in client.get(waiting.manage_url()).content.decode()
    services.register(event, person(2))
    (duplicate,) = outbox(waiting.email, "duplicate")
    assert link not in duplicate.body_text and link not in duplicate.body_html

    # Cancelled: the cancellation mail does not hand out the link either.
    services.cancel(first)
    (cancelled,) = outbox(first.email, "cancelled")
    assert link not in cancelled.body_text and link not in cancelled.body_html

    # Offered a place: only once it is claimed does the link come.
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED
    (offer,) = outbox(waiting.email, "offer")
    assert link not in offer.body_text and link not in offer.body_html
    services.claim_offer(waiting)
    claimed = [m for m in outbox(waiting.email, "confirmation") if m.key.endswith(":claimed")]
    assert link in claimed[0].body_text and link in unfolded(calendar_of(claimed[0]))


# -- invitations -------------------------------------------------------------------------------


def test_invitation_only_needs_a_personal_link(client, make_event, agenda):
    event = make_event(kind=EventPage.Kind.WORKSHOP, registration={"invitation_only": True})
    assert "op uitnodiging</span>" in client.get(agenda.url).content.decode()
    html = client.get(event.url).content.decode()
    assert "Deelname is alleen op uitnodiging." in html
    assert 'action="/aanmelden/' not in html
    with pytest.raises(services.InvitationRequired):
        services.register(event, person(1))

    invited, already = services.invite(
        event, ["Trekker@Example.nl", "trekker@example.nl", "", "tweede@example.nl"]
    )
    assert [i.email for i in invited] == ["trekker@example.nl", "tweede@example.nl"]
    again, already = services.invite(event, ["trekker@example.nl"])
    assert again == [] and already == ["trekker@example.nl"]
    (mail,) = outbox("trekker@example.nl", "invitation")
    assert mail.subject == f"Uitnodiging: {event.title}"
    path = re.search(r"http://testserver(/uitnodiging/\S+/)", mail.body_text).group(1)

    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "U bent persoonlijk uitgenodigd" in html
    assert 'value="trekker@example.nl"' in html
    token = re.search(r'name="uitnodiging" value="([^"]+)"', html).group(1)

    data = {
        "uitnodiging": token,
        "name": "Trekker",
        "email": "trekker@example.nl",
        "organisation": "Gemeente Zwolle",
        "consent": "on",
    }
    response = client.post(f"/aanmelden/{event.pk}/", data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.invitation.email == "trekker@example.nl"

    # The invitation is used up; a forged one is refused.
    response = client.post(f"/aanmelden/{event.pk}/", data)
    assert response.status_code == 409
    data["uitnodiging"] = token[:-3] + "abc"
    assert client.post(f"/aanmelden/{event.pk}/", data).status_code == 409
    assert Registration.objects.count() == 1
    assert client.get("/uitnodiging/1.nietgeldig/").status_code == 404
    assert Invitation.objects.count() == 2


# -- subjects ------------------------------------------------------------------------------------


def dutch_date(moment, with_year=True):
    from django.utils import dateformat, translation

    with translation.override("nl"):
        return dateformat.format(timezone.localtime(moment), "j F Y" if with_year else "j F")


def test_subjects_name_the_date_once(make_event):
    """Issue 9, point 4: not "… 26 maart 2027: Almere, Dronten 26 maart 2027"."""
    start = days_from_now(20)
    dated = make_event(
        title=f"Inspiratie-estafette {dutch_date(start)}: Almere, Amsterdam, Dronten",
        start=start,
        registration={"reminder_days": 2},
    )
    plain = make_event(title="Werksessie thuiszitters", registration={"reminder_days": 2})
    for event in (dated, plain):
        services.register(event, person(1))
        services.send_reminders(now=event.start - timedelta(days=1))

    (confirmation,) = outbox("deelnemer1@example.nl", "confirmation")[:1]
    reminder = outbox("deelnemer1@example.nl", "reminder")[0]
    assert confirmation.subject == f"Bevestiging aanmelding: {dated.title}"
    assert reminder.subject == f"Herinnering: {dated.title}"

    plain_confirmation = outbox("deelnemer1@example.nl", "confirmation")[1]
    plain_reminder = outbox("deelnemer1@example.nl", "reminder")[1]
    assert plain_confirmation.subject == (
        f"Bevestiging aanmelding: Werksessie thuiszitters, {dutch_date(plain.start)}"
    )
    day = dutch_date(plain.start, with_year=False)
    assert plain_reminder.subject.startswith("Herinnering: Werksessie thuiszitters op ")
    assert plain_reminder.subject.endswith(day)
