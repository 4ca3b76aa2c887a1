"""Editors build events and reports in the Wagtail admin."""

import re

import pytest
from django.urls import reverse

from events.models import AgendaPage, EventPage, ReportPage


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_add_and_edit_forms_render(admin_client, agenda, make_event):
    for model in ("eventpage", "reportpage"):
        url = reverse("wagtailadmin_pages:add", args=("events", model, agenda.pk))
        response = admin_client.get(url)
        assert response.status_code == 200, model
    event = make_event()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(event.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Onderdelen", "Soort en status", "Wanneer", "Waar", "Organisator"):
        assert label in html


def test_only_one_agenda_and_events_only_under_it(home, agenda):
    assert not AgendaPage.can_create_at(home)
    assert EventPage.can_create_at(agenda)
    assert ReportPage.can_create_at(agenda)
    assert not EventPage.can_create_at(home)


def management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def other_formsets(client, url):
    """Empty management data for every inline formset on the form (other apps add tabs)."""
    html = client.get(url).content.decode()
    prefixes = set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', html)) - {"sessions"}
    data = {}
    for prefix in prefixes:
        data.update(management(prefix))
    return data


def test_an_editor_publishes_an_event_with_a_host_location(admin_client, agenda, taxonomy):
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", agenda.pk))
    data = {
        "title": "Inspiratie-estafette juni",
        "slug": "inspiratie-estafette-juni",
        "kind": "inspiratie-estafette",
        "status": "gepland",
        "start": "2030-06-28 09:00",
        "end": "2030-06-28 15:00",
        "attendance": "op-locatie",
        "intro": "Een dag vol praktijk.",
        "body-count": "0",
        "downloads-count": "0",
        "themes": [str(taxonomy["oza"].pk)],
        **management("sessions", total=1),
        "sessions-0-kind": "gastlocatie",
        "sessions-0-organisation": str(taxonomy["school"].pk),
        "sessions-0-start_time": "11:00",
        "sessions-0-end_time": "14:00",
        "sessions-0-lunch": "on",
        "sessions-0-capacity": "20",
        "sessions-0-ORDER": "1",
        **other_formsets(admin_client, url),
        "action-publish": "publish",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    event = EventPage.objects.get(slug="inspiratie-estafette-juni")
    assert event.live
    [session] = event.sessions.all()
    assert session.capacity == 20 and session.lunch
    assert session.address == "Archimedesplantsoen 98, 1098 KB Amsterdam"
    uid = session.uid

    # The edit form, saved again with a new time, keeps the session's identity.
    edit = reverse("wagtailadmin_pages:edit", args=(event.pk,))
    data.update(
        {
            "sessions-INITIAL_FORMS": "1",
            "sessions-0-id": str(session.pk),
            "sessions-0-end_time": "14:30",
        }
    )
    response = admin_client.post(edit, data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.uid, session.ical_sequence) == (uid, 1)
    assert str(session.end_time) == "14:30:00"


def test_the_end_must_not_be_before_the_start(admin_client, agenda):
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", agenda.pk))
    response = admin_client.post(
        url,
        {
            "title": "Verkeerd om",
            "slug": "verkeerd-om",
            "kind": "werksessie",
            "status": "gepland",
            "start": "2030-06-28 15:00",
            "end": "2030-06-28 09:00",
            "attendance": "online",
            "body-count": "0",
            "downloads-count": "0",
            **management("sessions"),
            **other_formsets(admin_client, url),
        },
    )
    assert response.status_code == 200
    assert "Het einde kan niet vóór het begin liggen." in response.content.decode()
    assert not EventPage.objects.filter(slug="verkeerd-om").exists()


def test_a_session_cannot_start_after_the_event_has_ended(admin_client, agenda, taxonomy):
    url = reverse("wagtailadmin_pages:add", args=("events", "eventpage", agenda.pk))
    response = admin_client.post(
        url,
        {
            "title": "Late gastlocatie",
            "slug": "late-gastlocatie",
            "kind": "inspiratie-estafette",
            "status": "gepland",
            "start": "2030-06-28 09:00",
            "end": "2030-06-28 12:00",
            "attendance": "op-locatie",
            "body-count": "0",
            "downloads-count": "0",
            **management("sessions", total=1),
            "sessions-0-kind": "gastlocatie",
            "sessions-0-organisation": str(taxonomy["school"].pk),
            "sessions-0-start_time": "13:00",
            "sessions-0-ORDER": "1",
            **other_formsets(admin_client, url),
            "action-publish": "publish",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "zou dit onderdeel eindigen voordat het begint" in html
    assert not EventPage.objects.filter(slug="late-gastlocatie").exists()


def test_preview_of_an_event(admin_client, make_event):
    event = make_event(title="Voorbeeld")
    url = reverse("wagtailadmin_pages:view_draft", args=(event.pk,))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "<h1>Voorbeeld</h1>" in response.content.decode()


def sidebar_labels(html):
    return re.findall(r'"label": "([^"]*)"', html)


def test_wagtail_reports_menu_and_event_reports_have_different_names(
    client, django_user_model, agenda, make_event
):
    from django.contrib.auth.models import Group

    from .test_agenda import make_report

    editor = django_user_model.objects.create_user(email="redacteur@example.nl", password="x")
    editor.groups.add(Group.objects.get(name="Redactie"))
    make_report(agenda, "Verslag werksessie", [make_event(title="Werksessie")])
    make_report(agenda, "Sfeerimpressie in wording", [], live=False)
    client.force_login(editor)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    labels = sidebar_labels(dashboard)
    # Locked pages, workflows and site history sit under "Rapportages"...
    assert "Rapportages" in labels
    assert labels.count("Verslagen") == 1  # ...and "Verslagen" are the event reports.

    assert reverse("event_reports:index") in dashboard
    listing = client.get(reverse("event_reports:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Verslag werksessie" in html and "Sfeerimpressie in wording" in html
