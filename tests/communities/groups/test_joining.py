"""Point 4 and 5: the index, the group page, joining, approval on the site, leaving,
invitations bound to an address, removing members."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from communities import services
from communities.models import CommunityPage, Membership
from website.models import OutgoingMail

from ..conftest import INFORMAL, code_in
from .conftest import client_for, last_mail, make_person, sub, visible_text


@pytest.fixture
def applicant(db, django_user_model):
    return make_person(django_user_model, "aanvrager@example.nl", "Anna Aanvrager")


def test_index_lists_groups_by_kind_with_member_counts(client, people, group, other_group, index):
    text = visible_text(client.get("/communities/").content.decode())
    assert "Inspiratieregio Flevoland" in text and "Themagroep OZA" in text
    assert "2 leden" in text and "1 lid" in text
    text = visible_text(client.get("/communities/?soort=thema").content.decode())
    assert "Themagroep OZA" in text and "Inspiratieregio Flevoland" not in text
    text = visible_text(client.get("/communities/?soort=onzin").content.decode())
    assert "Inspiratieregio Flevoland" in text


def test_group_page_shows_the_public_description_and_trekkers_not_the_members(
    client, people, group
):
    text = visible_text(client.get(group.url).content.decode())
    assert "Scholen en gemeenten in de regio leren van elkaar." in text
    assert "Trekkers: Tineke Trekker" in text
    assert "Mirjam Lid" not in text
    assert "Inloggen om lid te worden" in text
    assert INFORMAL.findall(text) == []


def test_an_open_group_is_joined_at_once(make_group, applicant):
    group = make_group(title="Open groep", policy=CommunityPage.Policy.OPEN)
    client = client_for(applicant)
    response = client.post(sub(group, "join"), {"join-listed": "on", "join-notify": "daily"})
    assert response.status_code == 302
    membership = Membership.objects.get(community=group, user=applicant)
    assert membership.is_active and membership.listed and membership.notify == "daily"
    assert client.get(sub(group, "post_list")).status_code == 200
    assert "U bent lid van deze groep." in visible_text(client.get(group.url).content.decode())


def test_a_request_is_mailed_to_the_trekkers_approved_on_the_site_and_the_applicant_told(
    people, group, applicant
):
    client = client_for(applicant)
    client.post(
        sub(group, "join"),
        {"join-message": "Ik werk aan thuiszitters.", "join-notify": "immediately"},
    )
    membership = Membership.objects.get(community=group, user=applicant)
    assert membership.status == Membership.Status.PENDING
    assert client.get(sub(group, "post_list")).status_code == 403
    text = visible_text(client.get(group.url).content.decode())
    assert "Uw aanvraag wacht op een trekker" in text

    mail = last_mail("trekker@example.nl")
    assert mail.subject == "Aanvraag lidmaatschap Inspiratieregio Flevoland"
    assert "Anna Aanvrager vraagt om lid te worden" in mail.body_text
    assert "Ik werk aan thuiszitters." in mail.body_text
    assert "/communities/inspiratieregio-flevoland/beheer/" in mail.body_text
    assert mail.status == OutgoingMail.Status.SENT
    # Members who are not trekkers are not told.
    assert not OutgoingMail.objects.filter(to="lid@example.nl", subject__startswith="Aanvraag")

    trekker = client_for(people["trekker"])
    page = visible_text(trekker.get(sub(group, "manage")).content.decode())
    assert "Anna Aanvrager" in page and "Ik werk aan thuiszitters." in page
    response = trekker.post(sub(group, "manage"), {"lid": membership.pk, "actie": "goedkeuren"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active and membership.joined_at
    mail = last_mail("aanvrager@example.nl")
    assert mail.subject == "Welkom bij Inspiratieregio Flevoland"
    assert "is goedgekeurd" in mail.body_text
    assert client.get(sub(group, "post_list")).status_code == 200


def test_a_declined_applicant_is_told_and_may_ask_again(people, group, applicant):
    membership = services.join(group, applicant, message="Graag")
    trekker = client_for(people["trekker"])
    trekker.post(sub(group, "manage"), {"lid": membership.pk, "actie": "afwijzen"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    mail = last_mail("aanvrager@example.nl")
    assert "niet goedgekeurd" in mail.body_text
    assert services.join(group, applicant).status == Membership.Status.PENDING


def test_a_request_mail_goes_once_however_often_the_button_is_pressed(people, group, applicant):
    client = client_for(applicant)
    for _ in range(3):
        client.post(sub(group, "join"), {"join-notify": "never"})
    requests = OutgoingMail.objects.filter(to="trekker@example.nl", subject__startswith="Aanvraag")
    assert requests.count() == 1
    assert Membership.objects.filter(community=group, user=applicant).count() == 1


def test_a_group_by_invitation_refuses_requests(make_group, applicant):
    group = make_group(title="Besloten", policy=CommunityPage.Policy.INVITATION)
    client = client_for(applicant)
    response = client.post(sub(group, "join"), {"join-notify": "never"}, follow=True)
    assert "alleen lid worden van deze groep als een trekker u uitnodigt" in visible_text(
        response.content.decode()
    )
    assert not Membership.objects.filter(user=applicant).exists()


def test_bad_join_input_gets_a_dutch_message_not_an_error(people, group, applicant):
    client = client_for(applicant)
    response = client.post(sub(group, "join"), {"join-notify": "elk-uur"}, follow=True)
    assert response.status_code == 200
    assert "Controleer het formulier." in visible_text(response.content.decode())
    assert client.get(sub(group, "join")).status_code == 405


def test_members_leave_and_requests_are_withdrawn(people, group, applicant):
    member = client_for(people["member"])
    member.post(sub(group, "leave"))
    assert not group.memberships.filter(user=people["member"]).exists()
    assert member.get(sub(group, "post_list")).status_code == 403
    services.join(group, applicant)
    client_for(applicant).post(sub(group, "leave"))
    assert not group.memberships.filter(user=applicant).exists()


def test_a_trekker_removes_a_member_who_then_sees_nothing(people, group, post):
    membership = group.memberships.get(user=people["member"])
    client_for(people["trekker"]).post(
        sub(group, "manage"), {"lid": membership.pk, "actie": "verwijderen"}
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client_for(people["member"]).get(sub(group, "post", post.pk)).status_code == 403
    # The member's post stays in the group.
    assert client_for(people["trekker"]).get(sub(group, "post", post.pk)).status_code == 200


def test_a_trekker_cannot_remove_themselves_by_the_trekker_page(people, group):
    membership = group.memberships.get(user=people["trekker"])
    response = client_for(people["trekker"]).post(
        sub(group, "manage"), {"lid": membership.pk, "actie": "verwijderen"}, follow=True
    )
    assert "Groep verlaten" in visible_text(response.content.decode())
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_invitation_is_accepted_by_signing_up_with_the_invited_address(
    people, make_group, client
):
    group = make_group(title="Besloten", policy=CommunityPage.Policy.INVITATION)
    services.approve(
        Membership.objects.create(
            community=group, user=people["trekker"], role=Membership.Role.TREKKER
        ),
        people["trekker"],
    )
    client_for(people["trekker"]).post(
        sub(group, "manage"), {"invite": "1", "email": "Nieuw@School.nl"}
    )
    invitation = group.invitations.get()
    mail = last_mail("nieuw@school.nl")
    assert mail.subject == "Uitnodiging: Besloten"
    link = f"/communities/uitnodiging/{invitation.token}/"
    assert link in mail.body_text
    assert INFORMAL.findall(mail.body_text) == []

    # Someone else who got hold of the link cannot use it.
    outsider = client_for(people["outsider"])
    response = outsider.post(link)
    assert response.status_code == 403
    assert "naar een ander e-mailadres gestuurd" in visible_text(response.content.decode())
    assert not group.memberships.filter(user=people["outsider"]).exists()

    # The invited person signs up with the address, types the code, accepts.
    page = visible_text(client.get(link).content.decode())
    assert "nieuw@school.nl" in page
    client.post(reverse("account_signup") + f"?next={link}", {"email": "nieuw@school.nl"})
    code = code_in(last_mail("nieuw@school.nl"))
    client.post(reverse("account_email_verification_sent"), {"code": code})
    assert EmailAddress.objects.get(email="nieuw@school.nl").verified
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == group.url
    membership = group.memberships.get(user__email="nieuw@school.nl")
    assert membership.is_active
    invitation.refresh_from_db()
    assert invitation.accepted_at
    assert client.get(sub(group, "post_list")).status_code == 200


def test_an_unknown_invitation_is_not_found(client, index):
    assert client.get("/communities/uitnodiging/onzin/").status_code == 404
