"""Bad input gets a Dutch answer or a 404, never a 500; a form cannot register a crowd."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from registrations import services, tokens
from registrations.models import Registration
from website.models import OutgoingMail

from .admin_support import *  # noqa: F403  (fixtures)
from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db


def form_data(event, colleagues=0, total_forms=None, **overrides):
    data = {
        "name": "Fatima el Amrani",
        "email": "fatima@example.nl",
        "organisation": "Samenwerkingsverband Amsterdam-Diemen",
        "consent": "on",
        "session": str(sessions_of(event)[1].pk),
        "collega-TOTAL_FORMS": str(total_forms if total_forms is not None else max(colleagues, 5)),
        "collega-INITIAL_FORMS": "0",
        "collega-MIN_NUM_FORMS": "0",
        "collega-MAX_NUM_FORMS": "5",
    }
    for number in range(colleagues):
        data[f"collega-{number}-name"] = f"Collega {number}"
        data[f"collega-{number}-email"] = f"collega{number}@example.nl"
    data.update(overrides)
    return data


def register_url(event):
    return reverse("registrations:register", args=[event.pk])


# -- too many colleagues -------------------------------------------------------------------


def test_a_post_with_sixty_colleagues_registers_nobody_and_says_why(client, estafette):
    response = client.post(register_url(estafette), form_data(estafette, colleagues=60))

    assert response.status_code == 200
    assert "U kunt ten hoogste 5 collega&#x27;s tegelijk aanmelden." in response.content.decode()
    assert Registration.objects.count() == 0
    assert OutgoingMail.objects.count() == 0


def test_six_colleagues_in_five_slots_are_refused_too(client, estafette):
    response = client.post(
        register_url(estafette), form_data(estafette, colleagues=6, total_forms=6)
    )
    assert response.status_code == 200
    assert "ten hoogste 5 collega" in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_broken_colleague_part_gives_a_dutch_error(client, estafette):
    data = form_data(estafette)
    data["collega-TOTAL_FORMS"] = "veel"
    response = client.post(register_url(estafette), data)
    assert response.status_code == 200
    assert "Een deel van het formulier ontbrak." in response.content.decode()
    assert Registration.objects.count() == 0


def test_every_person_registered_counts_against_the_rate_limit(client, estafette, settings):
    settings.FORM_RATE_LIMIT = 6
    response = client.post(register_url(estafette), form_data(estafette, colleagues=5))
    assert response.status_code == 302
    assert Registration.objects.count() == 6

    response = client.post(
        register_url(estafette), form_data(estafette, email="nog.een@example.nl")
    )
    assert response.status_code == 429
    assert Registration.objects.count() == 6


# -- links and ids that are not numbers ------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/aanmelding/%C2%B2.x/",
        "/aanmelding/%C2%B2.x/agenda.ics",
        "/aanmelding/%C2%B2.x/annuleren/",
        "/uitnodiging/%C2%B2.x/",
        "/aanmelding/%D9%A3.x/",  # an Arabic-Indic three
    ],
)
def test_tokens_with_unicode_digits_are_a_dutch_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Deze link werkt niet" in response.content.decode()


def test_a_forged_invitation_token_on_the_form_is_ignored(client, estafette):
    response = client.post(register_url(estafette), form_data(estafette, uitnodiging="².x"))
    assert response.status_code == 302
    assert Registration.objects.get().invitation is None


@pytest.mark.parametrize("value", ["abc", "²", "", "-1", "99999999999999999999999"])
def test_changing_to_a_session_that_is_not_a_number_is_a_dutch_error(client, estafette, value):
    registration = services.register(
        estafette, person(1, session=sessions_of(estafette)[1])
    ).registration
    token = tokens.manage_token(registration)
    response = client.post(
        reverse("registrations:change_session", args=[token]), {"session": value}, follow=True
    )
    assert response.status_code == 200
    assert "Kies een van de mogelijkheden." in response.content.decode()
    registration.refresh_from_db()
    assert registration.session == sessions_of(estafette)[1]


def test_changing_to_another_events_session_is_refused(client, estafette, make_event):
    other = make_event(sessions=[{"title": "Elders", "kind": "deelsessie"}], registration={})
    registration = services.register(
        estafette, person(1, session=sessions_of(estafette)[1])
    ).registration
    token = tokens.manage_token(registration)
    response = client.post(
        reverse("registrations:change_session", args=[token]),
        {"session": str(sessions_of(other)[0].pk)},
        follow=True,
    )
    assert "Kies een van de mogelijkheden." in response.content.decode()
    registration.refresh_from_db()
    assert registration.session == sessions_of(estafette)[1]


def test_attendance_and_message_screens_ignore_ids_that_are_not_numbers(
    client, full_estafette, organiser
):
    client.force_login(organiser)
    anna = Registration.objects.get(email="deelnemer1@example.nl")
    attendance = reverse("registrations_admin:attendance", kwargs={"event_id": full_estafette.pk})
    response = client.post(
        attendance, {"getoond": ["²", "abc", str(anna.pk)], "aanwezig": ["²", str(anna.pk)]}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.attended is True

    message = reverse("registrations_admin:message", kwargs={"event_id": full_estafette.pk})
    response = client.get(message, {"aanmelding": ["²", "x"]})
    assert response.status_code == 200


# -- too late, or not on one line -----------------------------------------------------------


def test_cancelling_after_the_meeting_is_refused_in_dutch(client, estafette):
    registration = services.register(
        estafette, person(1, session=sessions_of(estafette)[1])
    ).registration
    cancel_url = reverse("registrations:cancel", args=[tokens.manage_token(registration)])
    with time_machine.travel(estafette.end + timedelta(hours=1)):
        response = client.post(cancel_url, follow=True)
    assert "Deze bijeenkomst is voorbij: de aanmelding kan niet meer worden geannuleerd." in (
        response.content.decode()
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert not OutgoingMail.objects.filter(purpose="registrations.cancelled").exists()


def test_a_message_subject_with_a_line_break_is_refused(client, full_estafette, organiser):
    import re

    client.force_login(organiser)
    message = reverse("registrations_admin:message", kwargs={"event_id": full_estafette.pk})
    html = client.get(message).content.decode()
    message_id = re.search(r'name="message_id" value="([^"]+)"', html).group(1)
    response = client.post(
        message,
        {
            "recipients": "alle",
            "subject": "Hallo\r\nBcc: iedereen@example.nl",
            "body": "Tekst",
            "message_id": message_id,
        },
    )
    assert response.status_code == 400
    assert "Het onderwerp moet op één regel passen." in response.content.decode()
    assert not OutgoingMail.objects.filter(purpose="registrations.organiser_message").exists()
