"""A new member signs up in Chromium with a code from the outbox, fills in the profile and
finds the registration made earlier with the same address. Every account page is checked
with axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import AgendaPage, EventPage, EventSession
from registrations import services
from registrations.models import RegistrationSettings
from website.models import OutgoingMail, Region, Theme

from .axe import assert_accessible

ADDRESS = "fatima@samenwerkingsverband.nl"


@pytest.fixture
def registered_before(home):
    """Fatima registered for a werksessie without an account, before she signed up."""
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    start = (timezone.localtime() + timedelta(days=20)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    event = EventPage(
        title="Werksessie thuiszitters",
        slug="werksessie-thuiszitters",
        kind=EventPage.Kind.WERKSESSIE,
        start=start,
        end=start + timedelta(hours=3),
    )
    event.sessions = [EventSession(title="Plenair", kind="deelsessie", capacity=20)]
    event.registration_settings = [RegistrationSettings()]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    services.register(
        event,
        services.Registrant(name="Fatima El Amrani", email=ADDRESS, session=event.sessions.first()),
    )
    Theme.objects.create(name="Thuiszitters")
    Region.objects.create(name="Flevoland", kind=Region.Kind.JEUGDZORGREGIO)
    return event


def code_from_outbox(purpose):
    mail = OutgoingMail.objects.filter(to=ADDRESS, purpose=purpose).latest("created_at")
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.body_text, re.MULTILINE).group(1)


def test_a_member_signs_up_fills_in_the_profile_and_finds_her_registration(
    page, registered_before, console_errors
):
    page.goto("/")
    page.get_by_role("link", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    assert_accessible(page)

    page.get_by_role("link", name="Stuur mij een inlogcode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stuur mij een inlogcode")
    assert_accessible(page)

    page.goto("/account/login/")
    page.get_by_role("link", name="Maak dan eerst een account aan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Account aanmaken")
    assert_accessible(page)
    page.locator("#inhoud").get_by_label("E-mail").fill(ADDRESS)
    page.get_by_role("button", name="Account aanmaken").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestigingscode invullen")
    assert_accessible(page)
    page.get_by_label("Code").fill(code_from_outbox("account.email_confirmation_signup"))
    page.get_by_role("button", name="Bevestig", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn profiel")
    assert_accessible(page)
    page.locator("#inhoud").get_by_label("Naam").fill("Fatima El Amrani")
    page.get_by_label("Organisatie").fill("Samenwerkingsverband Flevoland")
    page.get_by_label("Functie").fill("Trajectbegeleider")
    page.get_by_label("Regio", exact=True).select_option(label="Flevoland")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw profiel is opgeslagen.")
    expect(page.get_by_label("Functie")).to_have_value("Trajectbegeleider")
    assert_accessible(page)

    # What she follows is chosen on the Follow page (tests/browser/test_follow_journey.py).
    page.get_by_role("navigation", name="Mijn account").get_by_role("link", name="Volgen").click()
    page.get_by_role("group", name="Thema's die u volgt").get_by_label("Thuiszitters").check()
    page.get_by_role("button", name="Opslaan wat ik volg").click()
    expect(page.get_by_role("status")).to_contain_text("Wat u volgt is opgeslagen.")

    page.get_by_role("link", name="Mijn aanmeldingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn aanmeldingen")
    expect(page.locator("main")).to_contain_text("Werksessie thuiszitters")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("uw aanmelding voor Werksessie thuiszitters")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanmelding")

    for path in (
        "/account/email/",
        "/account/password/set/",
        "/account/2fa/",
        "/account/verwijderen/",
    ):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    page.goto("/account/profiel/")
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    assert console_errors == []
