"""The event page's admin form protects registrations: removing a session that still has
people is refused, and only trusted users choose the organisers (who see personal data)."""

import pytest
from django.contrib.auth.models import Permission

from events.models import EventSession
from registrations import services
from registrations.models import Registration, RegistrationOrganiser

from .admin_support import *  # noqa: F403  (fixtures)
from .admin_support import event_form_data
from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db


def session_data(session, delete=False):
    data = {
        "id": str(session.pk),
        "kind": session.kind,
        "title": session.title,
        "organisation": str(session.organisation_id or ""),
        "street": session.street,
        "postcode": session.postcode,
        "city": session.city,
        "start_time": session.start_time.strftime("%H:%M") if session.start_time else "",
        "end_time": session.end_time.strftime("%H:%M") if session.end_time else "",
        "text": session.text,
        "theme": "",
        "room": session.room,
        "capacity": "" if session.capacity is None else str(session.capacity),
    }
    if session.lunch:
        data["lunch"] = "on"
    if delete:
        data["DELETE"] = "1"
    return data


def edit_data(event, sessions, organisers=()):
    settings_row = services.get_settings(event)
    settings = {
        "id": str(settings_row.pk),
        "waitlist": "on",
        "promotion": settings_row.promotion,
        "offer_hours": "48",
        "immediate_within_hours": "48",
        "reminder_days": "2",
        "capacity": "",
        "online_link": "",
        "online_instructions": "",
        "on_site_instructions": "",
    }
    return event_form_data(event, sessions=sessions, settings=settings, organisers=organisers)


def edit_url(event):
    return f"/admin/pages/{event.pk}/edit/"


# -- removing a session that has people --------------------------------------------------------


def test_removing_a_host_location_with_registrations_is_refused_in_dutch(
    client, superuser, estafette
):
    school, brug = sessions_of(estafette)
    services.register(estafette, person(1, session=school))
    services.register(estafette, person(2, session=school))
    services.register(estafette, person(3, session=school))  # on the waitlist
    client.force_login(superuser)

    response = client.post(
        edit_url(estafette),
        edit_data(estafette, [session_data(school, delete=True), session_data(brug)]),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "“Van Koetsveldschool” heeft nog 3 aanmeldingen" in html
    assert "Verplaats ze naar een ander onderdeel of annuleer ze" in html
    assert EventSession.objects.filter(pk=school.pk).exists()
    assert set(Registration.objects.values_list("session_id", flat=True)) == {school.pk}


def test_leaving_the_session_out_of_the_form_is_refused_too(client, superuser, estafette):
    school, brug = sessions_of(estafette)
    services.register(estafette, person(1, session=school))
    client.force_login(superuser)

    response = client.post(edit_url(estafette), edit_data(estafette, [session_data(brug)]))

    assert response.status_code == 200
    assert "heeft nog 1 aanmelding " in response.content.decode()
    assert EventSession.objects.filter(pk=school.pk).exists()


def test_a_session_without_active_registrations_can_be_removed(client, superuser, estafette):
    school, brug = sessions_of(estafette)
    cancelled = services.register(estafette, person(1, session=school)).registration
    services.cancel(cancelled)
    services.register(estafette, person(2, session=brug))
    client.force_login(superuser)

    response = client.post(
        edit_url(estafette),
        edit_data(estafette, [session_data(school, delete=True), session_data(brug)]),
    )

    assert response.status_code == 302
    assert [s.pk for s in sessions_of(estafette)] == [brug.pk]


def test_people_waiting_for_a_removed_session_are_not_offered_a_place(estafette):
    school, brug = sessions_of(estafette)
    for number in (1, 2):
        services.register(estafette, person(number, session=school))
    waiting = services.register(estafette, person(3, session=school)).registration
    assert waiting.status == Registration.Status.WAITLISTED
    # Removed by a route that skips the form (an old revision published, a script).
    EventSession.objects.filter(pk=school.pk).delete()

    assert services.promote_waitlist(estafette) == []
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    assert waiting.offer_expires_at is None


# -- who chooses the organisers ------------------------------------------------------------------


def test_a_publisher_cannot_add_themselves_as_organiser(client, estafette, other_editor):
    client.force_login(other_editor)
    page = client.get(edit_url(estafette))
    assert page.status_code == 200
    html = page.content.decode()
    assert "registration_organisers-TOTAL_FORMS" not in html
    assert "Alleen beheerders en mensen met het recht" in html

    response = client.post(
        edit_url(estafette),
        edit_data(estafette, [session_data(s) for s in sessions_of(estafette)], [other_editor]),
    )

    assert response.status_code == 302
    assert not RegistrationOrganiser.objects.filter(user=other_editor).exists()
    registrations_page = client.get(f"/admin/aanmeldingen/{estafette.pk}/")
    assert registrations_page.status_code == 403


def test_a_publisher_keeps_the_organisers_others_chose(client, estafette, other_editor, organiser):
    RegistrationOrganiser.objects.create(event=estafette, user=organiser)
    estafette.save_revision()  # the draft the editor opens has the organiser
    client.force_login(other_editor)

    html = client.get(edit_url(estafette)).content.decode()
    assert "organisator@example.nl" in html

    response = client.post(
        edit_url(estafette),
        edit_data(estafette, [session_data(s) for s in sessions_of(estafette)], []),
    )
    assert response.status_code == 302
    assert list(RegistrationOrganiser.objects.values_list("user", flat=True)) == [organiser.pk]


def test_an_old_version_does_not_bring_back_a_removed_organiser(
    client, estafette, other_editor, organiser
):
    """Restoring or publishing an older version keeps the organisers as they are now."""
    RegistrationOrganiser.objects.create(event=estafette, user=organiser)
    estafette.save_revision()  # this version still names the organiser...
    RegistrationOrganiser.objects.filter(user=organiser).delete()  # ...who was then removed
    client.force_login(other_editor)

    response = client.post(
        edit_url(estafette),
        edit_data(estafette, [session_data(s) for s in sessions_of(estafette)], []),
    )
    assert response.status_code == 302
    assert not RegistrationOrganiser.objects.exists()
    assert client.get(f"/admin/aanmeldingen/{estafette.pk}/").status_code == 403


def test_the_permission_lets_a_publisher_choose_organisers(
    client, estafette, other_editor, organiser
):
    other_editor.user_permissions.add(Permission.objects.get(codename="assign_organisers"))
    client.force_login(other_editor)
    assert "registration_organisers-TOTAL_FORMS" in client.get(edit_url(estafette)).content.decode()

    response = client.post(
        edit_url(estafette),
        edit_data(estafette, [session_data(s) for s in sessions_of(estafette)], [organiser]),
    )

    assert response.status_code == 302
    assert RegistrationOrganiser.objects.get(event=estafette).user == organiser
