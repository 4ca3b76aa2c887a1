"""load_demo opens registration on the upcoming demo events (point 18)."""

import pytest
from django.utils import timezone

from events import demo as events_demo
from events.models import EventPage
from registrations import demo
from registrations.models import Invitation, Registration, RegistrationSettings

pytestmark = pytest.mark.django_db


def test_demo_opens_registration_with_a_full_session_and_an_invitation_only_workshop(home):
    events_demo.load()
    result = demo.load()
    assert result["events"] >= 3 and result["workshop"] is True

    upcoming = EventPage.objects.live().filter(start__gt=timezone.now())
    with_settings = RegistrationSettings.objects.values_list("event_id", flat=True)
    assert upcoming.filter(pk__in=with_settings).count() >= 3

    full = [
        session
        for session in (r.session for r in Registration.objects.filter(status="wachtlijst"))
        if session is not None
    ]
    assert full, "one session should be full with a waitlist"
    session = full[0]
    confirmed = Registration.objects.filter(session=session, status="bevestigd").count()
    assert confirmed == session.capacity == 4
    assert Registration.objects.filter(session=session, status="wachtlijst").count() == 2
    assert Registration.objects.filter(status="bevestigd").count() > 10

    workshop = EventPage.objects.get(slug=demo.WORKSHOP_SLUG)
    settings_row = RegistrationSettings.objects.get(event=workshop)
    assert settings_row.invitation_only and workshop.live
    assert Invitation.objects.filter(event=workshop).count() == 5
    assert Registration.objects.filter(event=workshop).count() == 2
    # The settings are in the page's revision, so an editor's next publish keeps them.
    latest = workshop.get_latest_revision_as_object()
    assert len(latest.registration_settings.all()) == 1

    counts = (Registration.objects.count(), RegistrationSettings.objects.count())
    again = demo.load()
    assert (Registration.objects.count(), RegistrationSettings.objects.count()) == counts
    assert again["workshop"] is False
