"""Unpublishing or deleting an event with registrations (issue 9, point 10).

Wagtail first asks "unpublish?" or "delete?"; then the editor is asked, in Dutch, whether
the meeting is cancelled: if so every registrant gets one mail, through the outbox, with
a calendar file that removes their entry (METHOD:CANCEL); if not, nobody is mailed. The
feeds keep the event's entries as cancelled either way.
"""

import base64

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from events.models import EventPage
from registrations import services
from registrations.models import Registration
from tests.events import ical_parser

from .conftest import outbox, person

pytestmark = pytest.mark.django_db

REGISTRANTS = 10


@pytest.fixture
def full_event(make_event):
    event = make_event(
        title="Werksessie thuiszitters", registration={"capacity": 8, "waitlist": True}
    )
    for number in range(1, REGISTRANTS + 1):
        services.register(event, person(number))  # 8 confirmed, 2 on the waitlist (none)
    return event


@pytest.fixture
def signed_in(client, superuser):
    client.force_login(superuser)
    return client


def unpublish_url(event):
    return reverse("wagtailadmin_pages:unpublish", args=[event.pk])


def delete_url(event):
    return reverse("wagtailadmin_pages:delete", args=[event.pk])


def cancellation_mails():
    return outbox(purpose="event_cancelled")


def test_wagtails_confirmation_leads_to_the_question_and_nothing_happens_yet(signed_in, full_event):
    before = len(outbox())
    response = signed_in.post(unpublish_url(full_event))
    assert response.status_code == 200
    text = response.content.decode()
    assert "U depubliceert Werksessie thuiszitters, met 10 actieve aanmeldingen." in text
    assert "aanmeldingen annuleren en iedere aanmelder mailen" in text
    assert EventPage.objects.get(pk=full_event.pk).live
    assert len(outbox()) == before


def test_cancelling_on_unpublish_mails_every_registrant_once_with_a_calendar_removal(
    signed_in, full_event, django_capture_on_commit_callbacks
):
    confirmed = set(
        Registration.objects.filter(
            event=full_event, status=Registration.Status.CONFIRMED
        ).values_list("email", flat=True)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(unpublish_url(full_event), {"aanmeldingen": "annuleren"})
    assert response.status_code == 302
    assert not EventPage.objects.get(pk=full_event.pk).live
    assert not Registration.objects.filter(event=full_event).active().exists()

    mails = cancellation_mails()
    assert sorted(mail.to for mail in mails) == sorted(
        f"deelnemer{n}@example.nl" for n in range(1, REGISTRANTS + 1)
    )
    for mail in mails:
        assert mail.subject == "Gaat niet door: Werksessie thuiszitters"
        assert "Werksessie thuiszitters gaat niet door." in mail.body_text
        files = [a for a in mail.attachments if a["filename"].endswith(".ics")]
        if mail.to in confirmed:
            (ics,) = files
            calendar = ical_parser.parse(base64.b64decode(ics["content"]))
            assert calendar.value("METHOD") == "CANCEL"
            (entry,) = calendar.children("VEVENT")
            assert entry.value("STATUS") == "CANCELLED"
        else:  # on the waitlist: never had an entry to remove
            assert files == []
    assert len(confirmed) == 8
    # Sent through the outbox, once each, also when asked again.
    assert len([m for m in django_mail.outbox if "Gaat niet door" in m.subject]) == REGISTRANTS
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_event(full_event) == 0
    assert len(cancellation_mails()) == REGISTRANTS


def test_keeping_the_registrations_unpublishes_and_mails_nobody(signed_in, full_event):
    before = len(outbox())
    response = signed_in.post(unpublish_url(full_event), {"aanmeldingen": "behouden"})
    assert response.status_code == 302
    assert not EventPage.objects.get(pk=full_event.pk).live
    assert Registration.objects.filter(event=full_event).active().count() == REGISTRANTS
    assert len(outbox()) == before


def test_deleting_asks_too_and_cancels_before_the_page_goes(signed_in, full_event, client):
    response = signed_in.post(delete_url(full_event))
    assert response.status_code == 200
    assert "U verwijdert Werksessie thuiszitters, met 10 actieve aanmeldingen." in (
        response.content.decode()
    )
    assert EventPage.objects.filter(pk=full_event.pk).exists()

    response = signed_in.post(delete_url(full_event), {"aanmeldingen": "annuleren"})
    assert response.status_code == 302
    assert not EventPage.objects.filter(pk=full_event.pk).exists()
    assert len(cancellation_mails()) == REGISTRANTS
    # The feed still tells subscribed calendars.
    feed = ical_parser.parse(client.get("/agenda.ics").content)
    (entry,) = [e for e in feed.children("VEVENT") if e.value("UID") == str(full_event.ical_uid)]
    assert entry.value("STATUS") == "CANCELLED"


def test_an_event_without_registrations_is_unpublished_at_once(signed_in, make_event):
    event = make_event(title="Zonder aanmeldingen", registration={})
    response = signed_in.post(unpublish_url(event))
    assert response.status_code == 302
    assert not EventPage.objects.get(pk=event.pk).live


def test_an_unknown_answer_asks_again(signed_in, full_event):
    response = signed_in.post(unpublish_url(full_event), {"aanmeldingen": "misschien"})
    assert response.status_code == 200
    assert "Kies een van de twee antwoorden." in response.content.decode()
    assert EventPage.objects.get(pk=full_event.pk).live


def test_bulk_unpublish_or_delete_never_takes_events_with_registrations_along(
    signed_in, full_event, make_event
):
    quiet = make_event(title="Webinar zonder aanmeldingen")
    for action in ("unpublish", "delete"):
        response = signed_in.post(
            f"/admin/bulk/wagtailcore/page/{action}/?id={full_event.pk}&id={quiet.pk}&next=/admin/",
            {"include_descendants": ""},
            follow=True,
        )
        assert response.status_code == 200
        assert "nog aanmeldingen" in response.content.decode()
        assert "“Werksessie thuiszitters”" in response.content.decode()
        assert EventPage.objects.get(pk=full_event.pk).live
        assert EventPage.objects.filter(pk=quiet.pk, live=True).exists()
    assert not cancellation_mails()


def test_deleting_a_section_with_events_with_registrations_is_refused(signed_in, full_event):
    parent = full_event.get_parent()
    response = signed_in.post(reverse("wagtailadmin_pages:delete", args=[parent.pk]), follow=True)
    assert response.status_code == 200
    assert "nog aanmeldingen" in response.content.decode()
    assert EventPage.objects.filter(pk=full_event.pk).exists()
    assert Registration.objects.filter(event_id=full_event.pk).count() == REGISTRANTS


# -- an expiry date ("Verloopt op") cannot ask, so it does not take such an event offline


def expire(event, minutes_ago=1):
    from datetime import timedelta

    from django.utils import timezone

    EventPage.objects.filter(pk=event.pk).update(
        expire_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def expiry_mails():
    from website.models import OutgoingMail

    return list(OutgoingMail.objects.filter(purpose="publishing.expiry_refused"))


def run_scheduled_publishing():
    from website.tasks import publish_scheduled_pages

    publish_scheduled_pages.call()


def test_an_event_with_registrations_stays_online_at_its_expiry_date_and_the_editors_hear_why(
    full_event, settings
):
    expire(full_event)
    run_scheduled_publishing()
    event = EventPage.objects.get(pk=full_event.pk)
    assert event.live and event.expire_at is None
    assert Registration.objects.filter(event=event).active().count() == REGISTRANTS
    (mail,) = expiry_mails()
    assert mail.to == settings.EDITORS_EMAIL
    assert mail.subject == "Nog online: Werksessie thuiszitters"
    assert "10 mensen aangemeld" in mail.body_text
    assert f"/admin/pages/{event.pk}/edit/" in mail.body_text
    assert cancellation_mails() == []
    run_scheduled_publishing()  # the next minute: asked once, not again
    assert len(expiry_mails()) == 1


def test_an_event_without_registrations_or_already_over_expires_as_planned(make_event):
    from datetime import timedelta

    from django.utils import timezone

    empty = make_event(title="Zonder aanmeldingen", registration={})
    over = make_event(
        title="Al voorbij",
        registration={},
        start=timezone.now() - timedelta(days=2),
    )
    services.register(over, person(1), source=Registration.Source.ADMIN)
    for event in (empty, over):
        expire(event)
    run_scheduled_publishing()
    for event in (empty, over):
        assert not EventPage.objects.get(pk=event.pk).live
    assert expiry_mails() == []
