"""An invitation is for the invited address, unless the organisers let it be passed on."""

import re

import pytest

from events.models import EventPage
from registrations import services
from registrations.models import Invitation, Registration

from .admin_support import *  # noqa: F403  (fixtures)
from .admin_support import assign
from .conftest import outbox, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(make_event):
    return make_event(kind=EventPage.Kind.WORKSHOP, registration={"invitation_only": True})


def invite_from_the_screen(client, organiser, workshop, **extra):
    assign(workshop, organiser)
    client.force_login(organiser)
    data = {"addresses": "anna@example.nl", **extra}
    response = client.post(f"/admin/aanmeldingen/{workshop.pk}/uitnodigen/", data)
    assert response.status_code == 302
    client.logout()
    (mail,) = outbox("anna@example.nl", "invitation")
    path = re.search(r"http://testserver(/uitnodiging/\S+/)", mail.body_text).group(1)
    return mail, path


def post_form(client, workshop, path, email, name="Iemand"):
    html = client.get(path).content.decode()
    token = re.search(r'name="uitnodiging" value="([^"]+)"', html).group(1)
    data = {
        "uitnodiging": token,
        "name": name,
        "email": email,
        "organisation": "Gemeente Zwolle",
        "consent": "on",
    }
    return client.post(f"/aanmelden/{workshop.pk}/", data)


def test_a_forwarded_personal_invitation_is_refused_and_stays_for_the_invitee(
    client, organiser, workshop
):
    mail, path = invite_from_the_screen(client, organiser, workshop)
    assert "De uitnodiging is persoonlijk: meld u aan met dit e-mailadres." in mail.body_text
    html = client.get(path).content.decode()
    assert "Deze uitnodiging is persoonlijk: u kunt zich alleen aanmelden met het e-mailadres" in (
        html
    )

    # Someone it was forwarded to tries with their own address.
    response = post_form(client, workshop, path, "bram@example.nl", name="Bram")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Deze uitnodiging is persoonlijk: meld u aan met het e-mailadres" in html
    assert 'value="bram@example.nl"' in html  # what was typed is kept
    assert Registration.objects.count() == 0

    # The invitee can still use it.
    response = post_form(client, workshop, path, "Anna@Example.nl", name="Anna")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.email == "anna@example.nl"
    assert registration.status == Registration.Status.CONFIRMED


def test_the_service_refuses_a_personal_invitation_for_another_address(workshop):
    (invitation,), _ = services.invite(workshop, ["anna@example.nl"])
    with pytest.raises(services.InvitationForAnotherAddress):
        services.register(workshop, person(1, email="bram@example.nl"), invitation=invitation)
    assert Registration.objects.count() == 0
    outcome = services.register(workshop, person(2, email="anna@example.nl"), invitation=invitation)
    assert outcome.registration.invitation == invitation


def test_an_invitation_that_may_be_passed_on_says_so_and_takes_one_colleague(
    client, organiser, workshop
):
    mail, path = invite_from_the_screen(client, organiser, workshop, transferable="on")
    assert Invitation.objects.get().transferable is True
    assert "U mag deze uitnodiging doorgeven aan een collega" in mail.body_text
    html = client.get(path).content.decode()
    assert "U mag deze uitnodiging doorgeven aan een collega." in html
    assert "alleen aanmelden met het e-mailadres" not in html

    response = post_form(client, workshop, path, "bram@example.nl", name="Bram")
    assert response.status_code == 302
    assert Registration.objects.get().email == "bram@example.nl"
    # Used once: the next person with the link is refused.
    assert post_form(client, workshop, path, "chris@example.nl").status_code == 409
    assert Registration.objects.count() == 1


def test_the_organisers_see_which_invitations_may_be_passed_on(client, organiser, workshop):
    invite_from_the_screen(client, organiser, workshop, transferable="on")
    client.force_login(organiser)
    html = client.get(f"/admin/aanmeldingen/{workshop.pk}/uitnodigen/").content.decode()
    assert "Mag worden doorgegeven" in html
    assert "Deze uitnodigingen mogen worden doorgegeven" in html
