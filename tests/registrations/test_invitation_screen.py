"""Organisers invite people by pasting addresses (point 7); others may not."""

import pytest

from registrations.models import Invitation

from .admin_support import *  # noqa: F403  (fixtures)
from .admin_support import assign
from .conftest import outbox, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(make_event):
    return make_event(kind="workshop", registration={"invitation_only": True})


def url(event):
    return f"/admin/aanmeldingen/{event.pk}/uitnodigen/"


def test_only_the_events_organisers_and_superusers_may_invite(
    client, workshop, organiser, other_editor, superuser
):
    assert client.get(url(workshop)).status_code == 302  # to the admin login
    client.force_login(other_editor)
    assert client.get(url(workshop)).status_code == 403
    assert client.post(url(workshop), {"addresses": "a@example.nl"}).status_code == 403
    assert Invitation.objects.count() == 0

    client.force_login(organiser)
    assert client.get(url(workshop)).status_code == 403
    assign(workshop, organiser)
    for user in (organiser, superuser):
        client.force_login(user)
        response = client.get(url(workshop))
        assert response.status_code == 200
        assert workshop.title in response.content.decode()
        assert 'name="addresses"' in response.content.decode()


def test_pasted_addresses_are_invited_once_each(client, workshop, organiser):
    from registrations import services

    assign(workshop, organiser)
    client.force_login(organiser)

    response = client.post(url(workshop), {"addresses": "goed@example.nl, geen-adres"})
    assert response.status_code == 400
    assert "Dit zijn geen geldige e-mailadressen: geen-adres" in response.content.decode()
    assert Invitation.objects.count() == 0

    pasted = "Anna <anna@example.nl>; bram@example.nl\nANNA@example.nl\n\n  chris@example.nl "
    response = client.post(
        url(workshop), {"addresses": pasted, "message": "Graag tot dan!"}, follow=True
    )
    assert "3 uitnodigingen verstuurd." in response.content.decode()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "anna@example.nl",
        "bram@example.nl",
        "chris@example.nl",
    ]
    (mail,) = outbox("anna@example.nl", "invitation")
    assert "Graag tot dan!" in mail.body_text
    assert Invitation.objects.get(email="anna@example.nl").invited_by == organiser

    response = client.post(url(workshop), {"addresses": "bram@example.nl"}, follow=True)
    assert "1 adres was al eerder uitgenodigd" in response.content.decode()
    assert len(outbox("bram@example.nl", "invitation")) == 1

    invitation = Invitation.objects.get(email="chris@example.nl")
    services.register(workshop, person(3, email="chris@example.nl"), invitation=invitation)
    html = client.get(url(workshop)).content.decode()
    assert "chris@example.nl" in html
