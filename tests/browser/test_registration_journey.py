"""A participant registers, reads the mail, cancels, and the waitlist moves up, in Chromium.

The inspiratie-estafette has a host location with lunch and one place. The first
person registers in the browser (the form is checked with axe-core, empty and with
errors), reads the confirmation from the test outbox, opens the personal link and
cancels; the person on the waitlist then gets the place and a mail about it.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import AgendaPage, EventPage, EventSession
from registrations import services
from registrations.models import Registration, RegistrationSettings
from website.models import Organisation

from .axe import assert_accessible


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def estafette(home):
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    publish(agenda)
    school = Organisation.objects.create(
        name="Van Koetsveldschool",
        kind=Organisation.Kind.SCHOOL,
        street="Archimedesplantsoen 98",
        postcode="1098 KB",
        city="Amsterdam",
    )
    day = timezone.localtime() + timedelta(days=30)
    start = day.replace(hour=10, minute=0, second=0, microsecond=0)
    event = EventPage(
        title="Inspiratie-estafette Amsterdam",
        slug="inspiratie-estafette-amsterdam",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        start=start,
        end=start + timedelta(hours=4),
        intro="Kijk een ochtend mee in een school waar zorg en onderwijs samenwerken.",
    )
    event.sessions = [
        EventSession(
            organisation=school,
            capacity=1,
            lunch=True,
            start_time="11:00",
            end_time="14:00",
            text="Zorg en onderwijs samen in de klas.",
        ),
        EventSession(title="Jeugdhulp De Brug", city="Alkmaar", capacity=10),
    ]
    event.registration_settings = [RegistrationSettings(waitlist=True, promotion="direct")]
    agenda.add_child(instance=event)
    return publish(event)


def test_register_read_the_mail_cancel_and_the_waitlist_moves_up(
    page, live_server, estafette, console_errors
):
    page.goto(estafette.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(estafette.title)
    form = page.locator("form.registration-form")
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()
    expect(
        page.get_by_text("Van Koetsveldschool (Amsterdam), met lunch – nog 1 plaats")
    ).to_be_visible()
    assert_accessible(page)

    form.get_by_role("button", name="Aanmelden").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Controleer het formulier")
    expect(summary).to_contain_text("Naam: Vul uw naam in.")
    expect(summary).to_contain_text("Gastlocatie: Kies een gastlocatie.")
    expect(summary).to_be_focused()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Aanmelden: {estafette.title}")
    assert Registration.objects.count() == 0
    assert_accessible(page)

    details = page.get_by_role("group", name="Uw gegevens")
    details.get_by_label("Naam").fill("Fatima de Vries")
    details.get_by_label("E-mailadres").fill("fatima@example.nl")
    details.get_by_label("Organisatie").fill("Gemeente Amsterdam")
    details.get_by_label("Functie").fill("Beleidsmedewerker onderwijs")
    # The lunch questions follow the chosen location (De Brug has no lunch).
    page.get_by_role("radio", name=re.compile(r"Jeugdhulp De Brug")).check()
    expect(page.get_by_label("Ik eet mee met de lunch")).to_be_hidden()
    page.get_by_role("radio", name=re.compile(r"Van Koetsveldschool")).check()
    page.get_by_label("Ik eet mee met de lunch").check()
    page.get_by_label("Dieetwensen").fill("Vegetarisch")
    page.get_by_role("checkbox", name=re.compile(r"Ik ga akkoord")).check()
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding ontvangen")
    expect(page.get_by_text("Van Koetsveldschool").first).to_be_visible()
    assert_accessible(page)

    registration = Registration.objects.get(email="fatima@example.nl")
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.lunch, registration.dietary) == (True, "Vegetarisch")

    # Someone else registers for the same location: the place is taken, so the waitlist.
    waiting = services.register(
        estafette,
        services.Registrant(
            name="Jan Jansen",
            email="jan@example.nl",
            organisation="SWV Amstelland",
            session=registration.session,
        ),
    ).registration
    assert waiting.status == Registration.Status.WAITLISTED

    (confirmation,) = [m for m in mail.outbox if m.to == ["fatima@example.nl"]]
    assert confirmation.subject.startswith("Bevestiging aanmelding: Inspiratie-estafette Amsterdam")
    assert any(a.filename.endswith(".ics") for a in confirmation.attachments)
    manage_path = re.search(r"https?://[^/\s]+(/aanmelding/\S+/)", confirmation.body).group(1)

    page.goto(manage_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw aanmelding")
    expect(page.get_by_text("Fatima de Vries")).to_be_visible()
    assert_accessible(page)

    # On a phone (375 px) she changes her own answers; nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    answers = page.get_by_role("region", name="Uw antwoorden wijzigen")
    expect(answers.get_by_label("Ik eet mee met de lunch")).to_be_checked()
    answers.get_by_label("Dieetwensen").fill("Veganistisch")
    answers.get_by_role("textbox", name=re.compile("Heeft u iets nodig")).fill("Ringleiding")
    answers.get_by_role("button", name="Mijn antwoorden opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw antwoorden zijn opgeslagen.")
    expect(page.locator(".registration-facts").last).to_contain_text("Ja (Veganistisch)")
    expect(page.locator(".registration-facts").last).to_contain_text("Ringleiding")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    registration.refresh_from_db()
    assert (registration.dietary, registration.accessibility) == ("Veganistisch", "Ringleiding")

    page.get_by_role("link", name="Mijn aanmelding annuleren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding annuleren")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, annuleer mijn aanmelding").click()
    expect(page.get_by_role("status")).to_contain_text("Uw aanmelding is geannuleerd.")
    assert_accessible(page)

    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    (promoted,) = [m for m in mail.outbox if m.to == ["jan@example.nl"] and "plaats" in m.subject]
    assert promoted.subject == "U heeft een plaats: Inspiratie-estafette Amsterdam"
    jan_path = re.search(r"https?://[^/\s]+(/aanmelding/\S+/)", promoted.body).group(1)
    page.goto(jan_path)
    expect(page.locator(".registration-facts").first).to_contain_text("Bevestigd")
    assert console_errors == []


def test_a_forwarded_personal_invitation_is_refused_and_the_invitee_gets_in(
    page, live_server, estafette, console_errors
):
    agenda = estafette.get_parent()
    start = estafette.start + timedelta(days=7)
    workshop = EventPage(
        title="Workshop op uitnodiging",
        slug="workshop-op-uitnodiging",
        kind=EventPage.Kind.WORKSHOP,
        start=start,
        end=start + timedelta(hours=2),
    )
    workshop.registration_settings = [RegistrationSettings(invitation_only=True)]
    agenda.add_child(instance=workshop)
    workshop = publish(workshop)
    (invitation,), _ = services.invite(workshop, ["anna@example.nl"])
    path = re.search(r"https?://[^/\s]+(/uitnodiging/\S+/)", invitation.invitation_url()).group(1)

    # Bram got the link forwarded and tries with his own address.
    page.goto(path)
    expect(
        page.get_by_text("Deze uitnodiging is persoonlijk: u kunt zich alleen aanmelden")
    ).to_be_visible()
    assert_accessible(page)
    details = page.get_by_role("group", name="Uw gegevens")
    details.get_by_label("Naam").fill("Bram Bakker")
    details.get_by_label("E-mailadres").fill("bram@example.nl")
    details.get_by_label("Organisatie").fill("Gemeente Zwolle")
    page.get_by_role("checkbox", name=re.compile(r"Ik ga akkoord")).check()
    page.get_by_role("button", name="Aanmelden").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        "Deze uitnodiging is persoonlijk: meld u aan met het e-mailadres"
    )
    expect(summary).to_be_focused()
    assert_accessible(page)
    assert not Registration.objects.filter(event=workshop).exists()

    # Anna, the invitee, still gets in with the same link.
    page.goto(path)
    details = page.get_by_role("group", name="Uw gegevens")
    details.get_by_label("Naam").fill("Anna de Vries")
    details.get_by_label("Organisatie").fill("SWV Amstelland")
    page.get_by_role("checkbox", name=re.compile(r"Ik ga akkoord")).check()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding ontvangen")
    assert Registration.objects.get(event=workshop).email == "anna@example.nl"
    assert console_errors == []
