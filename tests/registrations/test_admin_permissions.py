"""Who sees registrations in the admin (point 12): every organiser screen, for
anonymous visitors, editors who do not organise the event, organisers and superusers."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from registrations.models import Registration

from .admin_support import *  # noqa: F403  (fixtures)
from .admin_support import admin_user, assign
from .conftest import sessions_of

pytestmark = pytest.mark.django_db

# (url name, method, needs a registration id, POST data builder)
EVENT_VIEWS = [
    ("event", "get"),
    ("export_csv", "get"),
    ("export_xlsx", "get"),
    ("presence", "get"),
    ("attendance", "get"),
    ("attendance", "post"),
    ("add", "get"),
    ("add", "post"),
    ("message", "get"),
    ("message", "post"),
    ("registration", "get"),
    ("move", "post"),
    ("cancel", "get"),
    ("cancel", "post"),
]
REGISTRATION_VIEWS = {"registration", "move", "cancel"}


def url_for(event, name):
    kwargs = {"event_id": event.pk}
    if name in REGISTRATION_VIEWS:
        registration = Registration.objects.filter(event_id=event.pk).order_by("pk").first()
        kwargs["registration_id"] = registration.pk
    return reverse(f"registrations_admin:{name}", kwargs=kwargs)


def post_data(event, name):
    """Valid data, so a missing check would show as a change, not as a form error."""
    first, second = sessions_of(event)
    registration = Registration.objects.filter(event_id=event.pk).order_by("pk").first()
    return {
        "attendance": {"getoond": [registration.pk], "aanwezig": [registration.pk]},
        "add": {"name": "Indringer", "email": "indringer@example.nl", "session": second.pk},
        "message": {
            "recipients": "alle",
            "subject": "Hallo",
            "body": "Tekst",
            "message_id": "abcdefghijkl",
        },
        "move": {"session": second.pk, "force": "on", "bevestigd": "ja"},
        "cancel": {},
    }[name]


def request(client, event, name, method):
    url = url_for(event, name)
    if method == "post":
        return client.post(url, post_data(event, name))
    return client.get(url)


def snapshot(event):
    rows = Registration.objects.filter(event_id=event.pk).order_by("pk")
    from website.models import OutgoingMail

    return (
        list(rows.values_list("pk", "status", "session_id", "attended")),
        OutgoingMail.objects.filter(purpose="registrations.organiser_message").count(),
    )


@pytest.mark.parametrize(("name", "method"), EVENT_VIEWS)
def test_anonymous_visitors_are_sent_to_the_login(client, full_estafette, name, method):
    before = snapshot(full_estafette)
    response = request(client, full_estafette, name, method)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert snapshot(full_estafette) == before


@pytest.mark.parametrize(("name", "method"), EVENT_VIEWS)
def test_editors_who_do_not_organise_the_event_get_403(
    client, full_estafette, other_editor, name, method
):
    # The editor may edit the event page itself: that gives no access to its people.
    assert other_editor.groups.filter(name="Redactie").exists()
    before = snapshot(full_estafette)
    client.force_login(other_editor)
    response = request(client, full_estafette, name, method)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Anna de Vries" not in html and "deelnemer1@example.nl" not in html
    assert snapshot(full_estafette) == before


@pytest.mark.parametrize(("name", "method"), EVENT_VIEWS)
def test_organisers_of_the_event_may_use_every_screen(
    client, full_estafette, organiser, name, method
):
    client.force_login(organiser)
    response = request(client, full_estafette, name, method)
    assert response.status_code in (200, 302), response.content[:500]


@pytest.mark.parametrize(("name", "method"), EVENT_VIEWS)
def test_organiser_of_another_event_gets_403(
    client, full_estafette, make_event, django_user_model, name, method
):
    someone = admin_user(django_user_model, "ander@example.nl")
    assign(make_event(registration={}), someone)
    client.force_login(someone)
    assert request(client, full_estafette, name, method).status_code == 403


def test_superusers_see_every_event(client, full_estafette, superuser):
    client.force_login(superuser)
    response = client.get(url_for(full_estafette, "event"))
    assert response.status_code == 200
    assert "Anna de Vries" in response.content.decode()


def test_the_menu_item_and_index_list_only_the_users_events(
    client, full_estafette, make_event, organiser, other_editor
):
    mine = full_estafette
    not_mine = make_event(title="Werksessie elders", registration={})
    client.force_login(organiser)
    html = client.get(reverse("registrations_admin:index")).content.decode()
    assert mine.title in html and not_mine.title not in html
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("registrations_admin:index") in home

    client.force_login(other_editor)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("registrations_admin:index") not in home
    html = client.get(reverse("registrations_admin:index")).content.decode()
    assert mine.title not in html and not_mine.title not in html


def test_page_header_button_only_for_organisers(client, full_estafette, organiser, other_editor):
    from django.contrib.auth.models import Group

    button = reverse("registrations_admin:event", kwargs={"event_id": full_estafette.pk})
    edit = reverse("wagtailadmin_pages:edit", args=[full_estafette.pk])
    organiser.groups.add(Group.objects.get(name="Redactie"))
    client.force_login(organiser)
    assert button in client.get(edit).content.decode()
    client.force_login(other_editor)
    response = client.get(edit)
    assert response.status_code == 200
    assert button not in response.content.decode()


def test_page_listing_offers_registrations_to_organisers(client, full_estafette, organiser):
    from django.contrib.auth.models import Group

    organiser.groups.add(Group.objects.get(name="Redactie"))
    client.force_login(organiser)
    listing = reverse("wagtailadmin_explore", args=[full_estafette.get_parent().pk])
    html = client.get(listing).content.decode()
    assert reverse("registrations_admin:event", kwargs={"event_id": full_estafette.pk}) in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_privacy_screen_is_for_admins_with_the_permission(
    client, full_estafette, organiser, other_editor, superuser, method
):
    url = reverse("registrations_admin:privacy")
    data = {"email": "deelnemer1@example.nl", "actie": "exporteren"}

    def call():
        return client.post(url, data) if method == "post" else client.get(url)

    def assert_shown(response):
        assert response.status_code == 200
        if method == "post":
            assert json.loads(response.content)["registrations"][0]["name"] == "Anna de Vries"
        else:
            assert "Privacyverzoeken" in response.content.decode()

    assert call().status_code == 302  # anonymous: to the login
    client.force_login(organiser)  # organising events gives no access to everyone's data
    assert call().status_code == 403
    client.force_login(other_editor)
    assert call().status_code == 403
    other_editor.user_permissions.add(Permission.objects.get(codename="delete_registration"))
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(pk=other_editor.pk))
    assert_shown(call())
    client.force_login(superuser)
    assert_shown(call())


def test_unknown_event_is_404(client, organiser, home):
    client.force_login(organiser)
    assert (
        client.get(reverse("registrations_admin:event", kwargs={"event_id": 999999})).status_code
        == 404
    )
