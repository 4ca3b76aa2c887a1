"""Editors set up registration in the event page's "Aanmelden" tab."""

import pytest

from events.models import EventPage
from registrations.models import RegistrationQuestion, RegistrationSettings

from .admin_support import event_form_data

pytestmark = pytest.mark.django_db


def test_the_event_editor_has_a_registration_tab(client, superuser, make_event):
    event = make_event()
    client.force_login(superuser)
    html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert "Aanmelden" in html and "Aanmeldinstellingen" in html
    assert "registration_settings-TOTAL_FORMS" in html
    assert "registration_questions-TOTAL_FORMS" in html
    assert "registration_organisers-TOTAL_FORMS" in html


def test_publishing_from_the_admin_stores_settings_and_questions(client, superuser, make_event):
    event = make_event(title="Werksessie OZA")
    client.force_login(superuser)
    data = event_form_data(
        event,
        settings={
            "waitlist": "on",
            "promotion": "aanbieden",
            "offer_hours": "24",
            "immediate_within_hours": "48",
            "reminder_days": "3",
            "capacity": "40",
            "online_link": "",
            "online_instructions": "",
            "on_site_instructions": "Parkeren bij het station.",
        },
        questions=[{"label": "Wat is uw vraag?", "kind": "tekst", "choices": "", "help_text": ""}],
        organisers=[superuser],
    )
    response = client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    settings_row = RegistrationSettings.objects.get(event=event)
    assert (settings_row.capacity, settings_row.offer_hours, settings_row.reminder_days) == (
        40,
        24,
        3,
    )
    assert RegistrationQuestion.objects.get(event=event).label == "Wat is uw vraag?"
    assert EventPage.objects.get(pk=event.pk).registration_organisers.get().user == superuser
