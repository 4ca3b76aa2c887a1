"""The AVG screen (point 17, admin part): export and erase everything held about one
address, with a confirmation step, recorded in the log without the address."""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from registrations import services
from registrations.models import Invitation, Registration

from .admin_support import *  # noqa: F403  (fixtures)
from .conftest import person

pytestmark = pytest.mark.django_db

URL = "registrations_admin:privacy"


@pytest.fixture
def anna_twice(full_estafette, make_event):
    """Anna is registered for the estafette and for an invitation-only workshop."""
    workshop = make_event(title="Workshop OZA", registration={"invitation_only": True})
    services.invite(workshop, ["Deelnemer1@example.nl"])
    invitation = Invitation.objects.get(event=workshop)
    services.register(workshop, person(1, name="Anna de Vries"), invitation=invitation)
    return full_estafette, workshop


def test_export_downloads_everything_held_as_json(client, anna_twice, superuser):
    client.force_login(superuser)
    page = client.get(reverse(URL)).content.decode()
    assert "Privacyverzoeken" in page and 'name="email"' in page
    response = client.post(
        reverse(URL), {"email": " DEELNEMER1@example.nl ", "actie": "exporteren"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment;" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["email"] == "deelnemer1@example.nl"
    events = sorted(item["event"] for item in data["registrations"])
    assert events == ["Inspiratie-estafette maart", "Workshop OZA"]
    estafette = next(r for r in data["registrations"] if r["event"].startswith("Inspiratie"))
    assert estafette["dietary"] == "vegetarisch" and estafette["lunch"] is True
    assert [item["event"] for item in data["invitations"]] == ["Workshop OZA"]
    log = ModelLogEntry.objects.get(action="registrations.privacy_export")
    assert log.user == superuser
    assert "deelnemer1" not in json.dumps(log.data) and "deelnemer1" not in log.label
    assert len(log.data["registrations"]) == 2


def test_look_up_shows_what_is_held(client, anna_twice, superuser):
    client.force_login(superuser)
    response = client.post(reverse(URL), {"email": "deelnemer1@example.nl", "actie": "zoeken"})
    html = response.content.decode()
    assert "Vastgelegd over deelnemer1@example.nl" in html
    assert "Aanmelding voor Workshop OZA" in html and "Uitnodiging voor Workshop OZA" in html
    response = client.post(reverse(URL), {"email": "niemand@example.nl", "actie": "zoeken"})
    assert "Over dit adres is niets vastgelegd." in response.content.decode()


def test_erase_asks_for_confirmation_then_erases_and_hands_on_the_place(
    client, anna_twice, superuser
):
    estafette, _workshop = anna_twice
    client.force_login(superuser)
    response = client.post(reverse(URL), {"email": "deelnemer1@example.nl", "actie": "wissen"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het gaat om 2 aanmeldingen" in html and 'name="bevestigd"' in html
    assert Registration.objects.filter(email="deelnemer1@example.nl").count() == 2  # not yet

    response = client.post(
        reverse(URL),
        {"email": "deelnemer1@example.nl", "actie": "wissen", "bevestigd": "ja"},
        follow=True,
    )
    assert "Gewist: 2 aanmeldingen geanonimiseerd." in response.content.decode()
    assert not Registration.objects.filter(email="deelnemer1@example.nl").exists()
    erased = Registration.objects.filter(event=estafette, anonymised_at__isnull=False)
    assert erased.count() == 1 and erased.get().name == ""
    assert not Invitation.objects.filter(email="deelnemer1@example.nl").exists()
    # Anna's place went to Chris, who was waiting; the counts stay.
    chris = Registration.objects.get(email="deelnemer3@example.nl")
    assert chris.status != Registration.Status.WAITLISTED
    log = ModelLogEntry.objects.get(action="registrations.privacy_erase")
    assert log.user == superuser and len(log.data["registrations"]) == 2
    assert "deelnemer1" not in json.dumps(log.data)


def test_invalid_address_gets_a_dutch_error(client, superuser, home):
    client.force_login(superuser)
    response = client.post(reverse(URL), {"email": "geen-adres", "actie": "exporteren"})
    assert response.status_code == 400
    assert "Vul een geldig e-mailadres in" in response.content.decode()
