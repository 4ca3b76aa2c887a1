"""A participant changes their own answers on the personal page (issue 9, point 7)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventPage
from registrations import services
from registrations.models import Registration

from .conftest import person, publish, sessions_of

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def event_with_question(estafette):
    estafette.registration_questions.create(
        label="Welke workshop?", kind="keuze", choices="Thuiszitters\nVerzuim", required=True
    )
    return publish(estafette)


def test_lunch_dietary_accessibility_and_the_other_answers_can_be_changed(
    client, event_with_question
):
    school, _ = sessions_of(event_with_question)
    (question,) = event_with_question.registration_questions.all()
    registration = services.register(
        event_with_question, person(1, session=school, lunch=False)
    ).registration
    path = registration.manage_url().removeprefix("http://testserver")

    page = client.get(path).content.decode()
    assert "Uw antwoorden wijzigen" in page
    for name in ("lunch", "dietary", "accessibility", "remarks", f"vraag_{question.pk}"):
        assert f'name="{name}"' in page, name

    response = client.post(
        f"{path}antwoorden/",
        {
            "lunch": "on",
            "dietary": "Vegetarisch",
            "accessibility": "Ringleiding",
            "remarks": "Ik kom iets later.",
            f"vraag_{question.pk}": "Verzuim",
            "wants_report": "on",
        },
    )
    assert response.status_code == 302
    shown = text_of(client.get(path).content.decode())
    assert "Uw antwoorden zijn opgeslagen." in shown
    assert "Lunch Ja (Vegetarisch)" in shown
    assert "Toegankelijkheidswensen Ringleiding" in shown
    assert "Welke workshop? Verzuim" in shown
    registration.refresh_from_db()
    assert (registration.lunch, registration.dietary) == (True, "Vegetarisch")
    assert registration.session == school and registration.wants_report is True

    # Errors beside the field, nothing typed is lost, nothing is stored.
    response = client.post(f"{path}antwoorden/", {"accessibility": "Rolstoel"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beantwoord deze vraag." in html and 'value="Rolstoel"' in html
    registration.refresh_from_db()
    assert registration.accessibility == "Ringleiding"


def test_no_lunch_at_a_location_without_lunch_and_no_changes_once_it_started(client, estafette):
    _, brug = sessions_of(estafette)
    registration = services.register(estafette, person(1, session=brug)).registration
    path = registration.manage_url().removeprefix("http://testserver")
    assert 'name="lunch"' not in client.get(path).content.decode()
    client.post(f"{path}antwoorden/", {"lunch": "on", "dietary": "Halal"})
    registration.refresh_from_db()
    assert (registration.lunch, registration.dietary) == (False, "")

    EventPage.objects.filter(pk=estafette.pk).update(
        start=timezone.now() - timedelta(hours=1), end=timezone.now() + timedelta(hours=2)
    )
    client.post(f"{path}antwoorden/", {"accessibility": "Rolstoel"})
    assert Registration.objects.get(pk=registration.pk).accessibility == ""
