"""UIDs never change; SEQUENCE rises exactly when date, time, place or status change."""

import importlib
from datetime import date, time, timedelta

from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from events.models import EventPage, EventSession

from .conftest import at, publish
from .test_admin import management, other_formsets


def edit(event, **changes):
    """Change fields on the latest revision and publish, as the admin's edit view does."""
    page = event.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    return publish(page)


def test_first_publication_starts_at_sequence_zero(make_event):
    event = make_event(start=at(2030, 5, 17, 11))
    assert event.ical_sequence == 0
    assert event.ical_fingerprint


def test_uid_survives_an_edit_and_a_title_change_keeps_the_sequence(make_event):
    event = make_event(start=at(2030, 5, 17, 11))
    uid = event.ical_uid
    event = edit(event, title="Een nieuwe titel", intro="Meer uitleg.")
    assert event.ical_uid == uid
    assert event.ical_sequence == 0


def test_moving_the_date_raises_the_sequence_and_keeps_the_uid(make_event):
    event = make_event(start=at(2030, 5, 17, 11))
    uid = event.ical_uid
    event = edit(
        event,
        start=at(2030, 6, 14, 11),
        end=at(2030, 6, 14, 14),
        status=EventPage.Status.MOVED,
        status_note="Verplaatst naar juni.",
    )
    assert event.ical_uid == uid
    assert event.ical_sequence == 1
    event = edit(event, start=at(2030, 6, 14, 12))
    assert event.ical_sequence == 2


def test_place_and_status_changes_raise_the_sequence(make_event):
    event = make_event(start=at(2030, 5, 17, 11), city="Alkmaar")
    event = edit(event, city="Dronten")
    assert event.ical_sequence == 1
    event = edit(event, status=EventPage.Status.CANCELLED)
    assert event.ical_sequence == 2


def test_a_draft_changes_nothing_until_it_is_published(make_event):
    event = make_event(start=at(2030, 5, 17, 11))
    page = event.get_latest_revision_as_object()
    page.start = at(2030, 5, 18, 11)
    page.end = at(2030, 5, 18, 14)
    page.save_revision()
    event.refresh_from_db()
    assert event.ical_sequence == 0
    assert event.start == at(2030, 5, 17, 11)
    event.get_latest_revision().publish()
    event.refresh_from_db()
    assert event.ical_sequence == 1


def test_publishing_an_old_revision_never_lowers_the_sequence(make_event):
    event = make_event(start=at(2030, 5, 17, 11))
    first_revision = event.live_revision
    event = edit(event, start=at(2030, 5, 24, 11), end=at(2030, 5, 24, 14))
    assert event.ical_sequence == 1
    # Reverting to the first revision moves the date back: a change, so it rises again.
    first_revision.publish()
    event.refresh_from_db()
    assert event.start == at(2030, 5, 17, 11)
    assert event.ical_sequence == 2
    uid = event.ical_uid
    first_revision.publish()
    event.refresh_from_db()
    assert (event.ical_uid, event.ical_sequence) == (uid, 2)


def test_an_unpublished_event_gets_no_sequence_until_published(make_event):
    event = make_event(start=at(2030, 5, 17, 11), live=False)
    page = event.get_latest_revision_as_object()
    page.start = at(2030, 5, 18, 11)
    page.end = at(2030, 5, 18, 14)
    page.save_revision()
    event = publish(event.get_latest_revision_as_object())
    assert event.ical_sequence == 0


def test_moving_the_page_in_the_tree_keeps_uid_and_sequence(make_event, agenda):
    first = make_event(start=at(2030, 5, 17, 11))
    second = make_event(start=at(2030, 6, 17, 11))
    uid = second.ical_uid
    second.move(first, pos="left")
    second.refresh_from_db()
    assert second.ical_uid == uid
    assert second.ical_sequence == 0


def test_a_copy_gets_its_own_uids(make_event, agenda, taxonomy):
    event = make_event(
        start=at(2030, 5, 17, 11),
        sessions=[{"kind": EventSession.Kind.HOST_LOCATION, "organisation": taxonomy["school"]}],
    )
    copy = event.copy(update_attrs={"slug": "kopie", "title": "Kopie"})
    copy = EventPage.objects.get(pk=copy.pk)
    assert copy.ical_uid != event.ical_uid
    [original_session] = event.sessions.all()
    [copied_session] = copy.sessions.all()
    assert copied_session.uid != original_session.uid
    assert copied_session.pk != original_session.pk


def test_sessions_keep_their_uid_and_pk_and_get_their_own_sequence(make_event, taxonomy):
    event = make_event(
        start=at(2030, 5, 17, 9),
        end=at(2030, 5, 17, 15),
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        sessions=[
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "organisation": taxonomy["school"],
                "start_time": time(11),
                "end_time": time(14),
            },
            {"kind": EventSession.Kind.HOST_LOCATION, "title": "PPO", "city": "Alkmaar"},
        ],
    )
    school, ppo = event.sessions.order_by("sort_order", "pk")
    identities = {session.pk: session.uid for session in (school, ppo)}

    # A new time for one host location: only that one's sequence rises.
    page = event.get_latest_revision_as_object()
    sessions = list(page.sessions.all())
    next(s for s in sessions if s.pk == school.pk).end_time = time(14, 30)
    page.sessions = sessions
    publish(page)
    school.refresh_from_db()
    ppo.refresh_from_db()
    assert school.ical_sequence == 1
    assert ppo.ical_sequence == 0

    # Moving the whole event moves both; the uids and primary keys stay.
    event = edit(
        EventPage.objects.get(pk=event.pk),
        start=at(2030, 5, 24, 9),
        end=at(2030, 5, 24, 15),
    )
    sessions = {session.pk: session for session in event.sessions.all()}
    assert {pk: session.uid for pk, session in sessions.items()} == identities
    assert sessions[school.pk].ical_sequence == 2
    assert sessions[ppo.pk].ical_sequence == 1


def test_session_times_fall_back_to_the_event_and_follow_dst(make_event):
    event = make_event(
        start=at(2018, 3, 30, 9),
        end=at(2018, 3, 30, 15),
        sessions=[{"title": "Eigen tijd", "start_time": time(11), "end_time": time(13, 30)}],
    )
    [session] = event.sessions.all()
    assert session.start.utcoffset() == timedelta(hours=2)  # summer time since 25 March
    assert session.start == at(2018, 3, 30, 11)
    assert session.end == at(2018, 3, 30, 13, 30)
    other = make_event(start=at(2018, 3, 23, 9), sessions=[{"title": "Zonder tijd"}])
    [session] = other.sessions.all()
    assert (session.start, session.end) == (other.start, other.end)


def test_an_edit_in_another_time_zone_is_not_a_move(make_event, settings):
    """Wagtail runs admin views in the editor's time zone; a text edit is still no change."""
    event = make_event(
        start=at(2030, 5, 17, 9),
        end=at(2030, 5, 17, 15),
        sessions=[
            {"kind": EventSession.Kind.HOST_LOCATION, "title": "PPO", "start_time": time(11)}
        ],
    )
    with timezone.override("Europe/London"):
        event = edit(EventPage.objects.get(pk=event.pk), intro="Een zin erbij.")
        [session] = event.sessions.all()
        assert session.start == at(2030, 5, 17, 11)  # still 11:00 in Amsterdam
    assert event.ical_sequence == 0
    session.refresh_from_db()
    assert session.ical_sequence == 0


def test_an_all_day_event_keeps_its_dutch_day_for_an_editor_abroad(make_event):
    with timezone.override("Asia/Tokyo"):
        event = make_event(start=at(2030, 3, 12, 0), end=at(2030, 3, 12, 0), all_day=True)
    assert timezone.localtime(event.start).date() == date(2030, 3, 12)
    assert timezone.localtime(event.end).date() == date(2030, 3, 12)


def test_an_editor_profile_keeps_no_foreign_time_zone(superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.current_time_zone = "Asia/Tokyo"
    profile.save()
    profile.refresh_from_db()
    assert profile.current_time_zone == ""


def test_times_typed_by_an_editor_from_before_are_dutch_after_the_migration(
    client, superuser, agenda
):
    client.force_login(superuser)
    UserProfile.get_for_user(superuser)
    UserProfile.objects.filter(user=superuser).update(current_time_zone="Asia/Tokyo")
    migration = importlib.import_module("website.migrations.0005_dutch_time_for_every_editor")
    migration.clear_other_time_zones(django_apps, None)

    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", agenda.pk))
    data = {
        "title": "Werksessie",
        "slug": "werksessie-tijd",
        "kind": "werksessie",
        "status": "gepland",
        "start": "2030-06-28 09:00",
        "end": "2030-06-28 12:00",
        "attendance": "online",
        "body-count": "0",
        "downloads-count": "0",
        **management("sessions"),
        **other_formsets(client, url),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="werksessie-tijd")
    assert event.start == at(2030, 6, 28, 9)


def test_the_admin_offers_only_dutch_time(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert "Asia/Tokyo" not in response.content.decode()
