"""A member's profile, their registrations and deleting their account."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from communities.models import Profile
from registrations import services
from registrations.models import Registration
from registrations.tokens import manage_path
from website.models import OutgoingMail, Region, Theme

from .conftest import visible_text

OWN_PAGES = ["communities:profile", "communities:registrations", "communities:delete_account"]


@pytest.fixture
def taxonomy(db):
    themes = [Theme.objects.create(name=name) for name in ("Thuiszitters", "Passend onderwijs")]
    regions = [
        Region.objects.create(name=name, kind=Region.Kind.JEUGDZORGREGIO)
        for name in ("Flevoland", "Amsterdam-Amstelland")
    ]
    return themes, regions


@pytest.fixture
def event(make_event):
    return make_event(
        title="Werksessie thuiszitters",
        sessions=[{"title": "Plenair", "capacity": 20}],
        registration={},
    )


def register(event, email, name="Lid van het netwerk"):
    session = event.sessions.first()
    return services.register(event, services.Registrant(name=name, email=email, session=session))


@pytest.mark.parametrize("name", OWN_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, home, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={reverse(name)}"


def test_a_member_fills_in_their_profile(client, member, home, taxonomy):
    themes, regions = taxonomy
    client.force_login(member)
    page = visible_text(client.get(reverse("communities:profile")).content.decode())
    for label in ("Naam", "Organisatie", "Functie", "Regio"):
        assert label in page
    # What they follow is chosen in one place, the Follow page (tests/communities/test_follow.py).
    assert "Thema's die u volgt" not in page
    assert reverse("follow:page") in client.get(reverse("communities:profile")).content.decode()
    response = client.post(
        reverse("communities:profile"),
        {
            "name": "Fatima El Amrani",
            "organisation": "Samenwerkingsverband Flevoland",
            "job_title": "Trajectbegeleider",
            "region": regions[0].pk,
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert (profile.name, profile.organisation, profile.job_title, profile.region) == (
        "Fatima El Amrani",
        "Samenwerkingsverband Flevoland",
        "Trajectbegeleider",
        regions[0],
    )
    shown = visible_text(client.get(reverse("communities:profile")).content.decode())
    assert "Uw profiel is opgeslagen." in shown


def test_my_registrations_shows_only_those_made_with_a_verified_address(
    client, member, home, event, make_event, django_user_model
):
    other_event = make_event(
        title="Inspiratie-estafette Flevoland",
        sessions=[{"title": "Plenair", "capacity": 20}],
        registration={},
    )
    mine = register(event, "lid@example.nl").registration
    # An address the member added but never confirmed: could be anyone's.
    EmailAddress.objects.create(user=member, email="ook@example.nl", verified=False)
    register(other_event, "ook@example.nl")
    stranger = register(other_event, "iemand@example.nl").registration

    client.force_login(member)
    html = client.get(reverse("communities:registrations")).content.decode()
    text = visible_text(html)
    assert "Werksessie thuiszitters" in text
    assert manage_path(mine) in html
    assert "Inspiratie-estafette Flevoland" not in text
    assert manage_path(stranger) not in html

    other = django_user_model.objects.create_user(email="ander@example.nl")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    client.force_login(other)
    html = client.get(reverse("communities:registrations")).content.decode()
    assert "Werksessie thuiszitters" not in html and manage_path(mine) not in html
    assert "Geen aanmeldingen gevonden." in visible_text(html)


def test_my_registrations_takes_the_same_queries_for_one_or_many(
    client, member, home, event, make_event, django_assert_max_num_queries
):
    client.force_login(member)
    register(event, "lid@example.nl")
    with django_assert_max_num_queries(30) as one:
        client.get(reverse("communities:registrations"))
    for number in range(4):
        other = make_event(
            title=f"Netwerkbijeenkomst {number}",
            sessions=[{"title": "Plenair", "capacity": 20}],
            registration={},
        )
        register(other, "lid@example.nl")
    with django_assert_max_num_queries(30) as five:
        response = client.get(reverse("communities:registrations"))
    assert response.content.decode().count("/aanmelding/") == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_deleting_my_account_erases_my_registrations(client, member, home, event):
    registration = register(event, "lid@example.nl", name="Fatima El Amrani").registration
    Profile.objects.create(user=member, name="Fatima El Amrani", organisation="SWV")
    client.force_login(member)
    response = client.post(reverse("communities:delete_account"), {})
    assert response.status_code == 200  # not without ticking the box
    assert get_user_model().objects.filter(pk=member.pk).exists()

    response = client.post(reverse("communities:delete_account"), {"confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="lid@example.nl").exists()
    assert not Profile.objects.exists()
    assert not EmailAddress.objects.filter(email="lid@example.nl").exists()
    registration.refresh_from_db()
    assert (registration.name, registration.email) == ("", "")
    assert registration.status == Registration.Status.CANCELLED
    assert not OutgoingMail.objects.filter(to="lid@example.nl").exists()
    assert "_auth_user_id" not in client.session
    shown = visible_text(client.get(response["Location"]).content.decode())
    assert "Uw account is verwijderd en uw aanmeldingen zijn gewist." in shown


def test_staff_delete_their_account_through_an_administrator(client, staff, home):
    client.force_login(staff)
    response = client.post(reverse("communities:delete_account"), {"confirm": "on"})
    assert response.status_code == 200
    assert "Vraag een beheerder" in visible_text(response.content.decode())
    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_every_profile_field_has_a_privacy_decision():
    fields = {field.name for field in Profile._meta.get_fields() if not field.auto_created}
    fields |= {"id"}
    assert fields == set(Profile.PERSONAL_FIELDS) | set(Profile.NOT_PERSONAL)
    assert not set(Profile.PERSONAL_FIELDS) & set(Profile.NOT_PERSONAL)
