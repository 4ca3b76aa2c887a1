"""Publishing itself protects registrations, not only the edit form (issue 9, point 12).

An older version, a draft published in bulk, or a version published on schedule must
not delete a session that still has registrations, nor bring back a removed organiser.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Revision

from events.models import EventPage, EventSession
from registrations import services
from registrations.models import Registration, RegistrationOrganiser
from website.models import OutgoingMail
from website.publishing import PublishRefused
from website.tasks import publish_scheduled_pages

from .admin_support import *  # noqa: F403  (fixtures)
from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def grown_estafette(make_event, school):
    """An estafette first published with one host location; a second was added later
    and now has people. The first version is in its history."""
    event = make_event(
        title="Inspiratie-estafette april",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        sessions=[{"title": "Jeugdhulp De Brug", "city": "Alkmaar", "capacity": 10}],
        registration={"waitlist": True},
    )
    first_version = event.live_revision
    page = event.get_latest_revision_as_object()
    page.sessions.add(EventSession(title="Van Koetsveldschool", organisation=school, capacity=5))
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    _, added = sessions_of(event)
    for number in (1, 2):
        services.register(event, person(number, session=added))
    return event, first_version, added


def assert_untouched(event, added):
    live_revision_id = event.live_revision_id
    assert EventSession.objects.filter(pk=added.pk).exists()
    assert set(Registration.objects.values_list("session_id", flat=True)) == {added.pk}
    event.refresh_from_db()
    assert event.live_revision_id == live_revision_id


def test_publishing_an_older_version_that_drops_a_session_with_people_is_refused(
    grown_estafette,
):
    event, first_version, added = grown_estafette

    with pytest.raises(PublishRefused) as refused:
        first_version.publish()

    assert refused.value.messages == [
        "Niet gepubliceerd: deze versie laat “Van Koetsveldschool” weg, dat nog 2 aanmeldingen "
        "heeft. Verplaats ze eerst naar een ander onderdeel of annuleer ze onder Aanmeldingen, "
        "of publiceer een versie die “Van Koetsveldschool” behoudt."
    ]
    assert_untouched(event, added)


def test_publishing_from_the_admin_tells_the_editor_in_dutch(client, superuser, grown_estafette):
    event, first_version, added = grown_estafette
    # A draft made from the first version (as "revert" saves it), published in bulk.
    first_version.as_object().save_revision(user=superuser)
    client.force_login(superuser)

    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={event.pk}", {"include_descendants": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{event.pk}/edit/"
    html = client.get(response["Location"]).content.decode()
    assert "Niet gepubliceerd: deze versie laat “Van Koetsveldschool” weg" in html
    assert EventSession.objects.filter(pk=added.pk).exists()
    assert Registration.objects.filter(session=added).count() == 2


def test_a_scheduled_version_that_would_drop_a_session_with_people_waits_and_editors_hear(
    grown_estafette, make_event, superuser, settings
):
    event, _, added = grown_estafette
    other = make_event(title="Werksessie mei")
    go_live = timezone.now() + timedelta(hours=2)
    # Scheduled when the location had nobody yet would be allowed; here people came since.
    page = event.get_latest_revision_as_object()
    page.sessions = [s for s in page.sessions.all() if s.pk != added.pk]
    page.go_live_at = go_live
    scheduled = page.save_revision(user=superuser)
    # As Wagtail schedules it (scheduled.publish() would refuse it now, rightly: the
    # people are there already; they may as well have come after it was planned).
    Revision.objects.filter(pk=scheduled.pk).update(approved_go_live_at=go_live)
    # Another page's change planned for the same moment still goes live.
    other_page = other.get_latest_revision_as_object()
    other_page.title = "Werksessie mei (nieuwe titel)"
    other_page.go_live_at = go_live
    other_page.save_revision().publish()

    with time_machine.travel(go_live + timedelta(minutes=1)):
        publish_scheduled_pages.call()
        publish_scheduled_pages.call()  # the next minute: told once, nothing retried

    assert_untouched(event, added)
    scheduled.refresh_from_db()
    assert scheduled.approved_go_live_at is None
    assert EventPage.objects.get(pk=other.pk).title == "Werksessie mei (nieuwe titel)"
    mails = OutgoingMail.objects.filter(purpose="publishing.refused").order_by("to")
    assert sorted(mail.to for mail in mails) == sorted([settings.EDITORS_EMAIL, superuser.email])
    mail = mails.first()
    assert mail.subject == "Niet gepubliceerd zoals gepland: Inspiratie-estafette april"
    assert "deze versie laat “Van Koetsveldschool” weg, dat nog 2 aanmeldingen heeft" in (
        mail.body_text
    )
    assert f"/admin/pages/{event.pk}/edit/" in mail.body_text


def test_an_older_version_published_directly_keeps_todays_organisers(
    estafette, organiser, other_editor
):
    RegistrationOrganiser.objects.create(event=estafette, user=organiser)
    old = estafette.save_revision()  # this version names the organiser...
    old.publish()
    RegistrationOrganiser.objects.filter(user=organiser).delete()  # ...who was then removed
    page = EventPage.objects.get(pk=estafette.pk)
    page.title = "Inspiratie-estafette maart (nieuwe zaal)"
    page.save_revision().publish()

    old.publish()

    assert EventPage.objects.get(pk=estafette.pk).live_revision == old
    assert not RegistrationOrganiser.objects.filter(event=estafette).exists()


def test_an_older_version_published_on_schedule_keeps_todays_organisers(
    estafette, organiser, other_editor
):
    RegistrationOrganiser.objects.create(event=estafette, user=organiser)
    page = estafette.get_latest_revision_as_object()
    go_live = timezone.now() + timedelta(hours=2)
    page.go_live_at = go_live
    scheduled = page.save_revision()
    scheduled.publish()  # planned; names the organiser
    RegistrationOrganiser.objects.filter(user=organiser).delete()  # removed meanwhile
    EventPage.objects.get(pk=estafette.pk).save_revision()  # and a newer draft saved

    with time_machine.travel(go_live + timedelta(minutes=1)):
        publish_scheduled_pages.call()

    assert EventPage.objects.get(pk=estafette.pk).live_revision == scheduled
    assert not RegistrationOrganiser.objects.filter(event=estafette).exists()


def test_the_newest_version_still_sets_the_organisers(estafette, organiser):
    page = estafette.get_latest_revision_as_object()
    page.registration_organisers = [RegistrationOrganiser(user=organiser)]
    page.save_revision().publish()
    assert list(RegistrationOrganiser.objects.values_list("user", flat=True)) == [organiser.pk]
