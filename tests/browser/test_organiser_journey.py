"""An organiser works with an event's registrations in the admin, in Chromium.

She logs in, sees her event on the dashboard, opens its registrations from the menu,
searches, selects one person and mails her, marks attendance and opens the presence
list. Every screen of hers is checked with axe-core (the parts this app draws; the
rest is Wagtail's own admin).
"""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import AgendaPage, EventPage, EventSession
from registrations import services
from registrations.models import RegistrationOrganiser, RegistrationSettings

from .axe import assert_accessible

PASSWORD = "organisator-wachtwoord"  # noqa: S105


@pytest.fixture
def organiser_event(home, django_user_model):
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    agenda.save_revision().publish()
    start = (timezone.localtime() + timedelta(days=20)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    event = EventPage(
        title="Werksessie onderwijszorgarrangementen",
        slug="werksessie-oza",
        kind=EventPage.Kind.WERKSESSIE,
        start=start,
        end=start + timedelta(hours=3),
    )
    event.sessions = [
        EventSession(title="Deelsessie financiering", kind="deelsessie", capacity=2),
        EventSession(title="Deelsessie samenwerking", kind="deelsessie", capacity=10),
    ]
    event.registration_settings = [RegistrationSettings(waitlist=True)]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    event = EventPage.objects.get(pk=event.pk)
    first, second = event.sessions.order_by("sort_order", "pk")
    for number, (name, session) in enumerate(
        [
            ("Anna de Vries", first),
            ("Bram Bakker", first),
            ("Chris Jansen", first),
            ("Dewi Pinas", second),
        ],
        start=1,
    ):
        services.register(
            event,
            services.Registrant(
                name=name,
                email=f"deelnemer{number}@example.nl",
                organisation="Samenwerkingsverband Amsterdam-Diemen",
                session=session,
            ),
        )
    user = django_user_model.objects.create_user(
        email="organisator@example.nl", password=PASSWORD, is_staff=True, first_name="Olga"
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    RegistrationOrganiser.objects.create(event=event, user=user)
    return event


def test_organiser_finds_mails_marks_and_prints(page, organiser_event):
    page.goto("/admin/")  # to the site's sign-in page, and back after it
    page.locator("#inhoud").get_by_label("E-mail").fill("organisator@example.nl")
    page.locator("#inhoud").get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    # The dashboard: her event with a fill bar that says what it shows.
    panel = page.locator(".registrations-panel")
    expect(panel).to_contain_text("Werksessie onderwijszorgarrangementen")
    expect(panel).to_contain_text("2 van 2 plaatsen bezet")
    expect(panel).to_contain_text("1 op de wachtlijst")
    assert_accessible(page, ".registrations-panel")

    # From the menu to the event's registrations.
    page.get_by_role("link", name="Aanmeldingen", exact=True).first.click()
    page.get_by_role("link", name="Werksessie onderwijszorgarrangementen").click()
    expect(page.locator("main")).to_contain_text("4 aanmeldingen getoond.")
    assert_accessible(page, ".nice-padding")

    page.get_by_label("Zoeken").fill("dewi")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("main")).to_contain_text("1 aanmelding getoond.")
    page.get_by_label("Dewi Pinas selecteren").check()
    page.get_by_role("button", name="Bericht sturen aan de aangevinkte mensen").click()
    expect(page.get_by_label("Dewi Pinas <deelnemer4@example.nl>")).to_be_checked()
    assert_accessible(page, ".nice-padding")
    page.get_by_label("Onderwerp").fill("Materiaal voor de deelsessie")
    page.locator("textarea[name=body]").fill("Neem je eigen casus mee.")
    page.get_by_role("button", name="Versturen").click()
    expect(page.locator("body")).to_contain_text("1 bericht klaargezet om te versturen.")
    sent = [m for m in mail.outbox if m.subject == "Materiaal voor de deelsessie"]
    assert [m.to for m in sent] == [["deelnemer4@example.nl"]]

    # Attendance: one post for the whole list.
    page.get_by_role("link", name="Aanwezigheid bijhouden").click()
    expect(page.get_by_role("button", name="Aanwezigheid opslaan")).to_be_visible()
    assert_accessible(page, ".nice-padding")
    page.get_by_label("Anna de Vries").check()
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(page.locator("body")).to_contain_text("1 aanwezig, 2 afwezig")
    expect(page.get_by_label("Anna de Vries")).to_be_checked()

    # The presence list of the full break-out, as printed.
    page.get_by_role("link", name="Terug naar de aanmeldingen").click()
    page.get_by_role("link", name="Presentielijst voor Deelsessie financiering").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Presentielijst")
    rows = page.locator("tbody tr:not(.blank)")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Anna de Vries")
    expect(rows.nth(1)).to_contain_text("Bram Bakker")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
    assert_accessible(page)
