"""Point 12: a new member signs up in Chromium with the code from the outbox, asks to join
a group, the trekker approves in another browser context, the member posts a message
with an attachment, another member reads it and downloads the file, and a visitor in a
third context gets neither the message nor the file. axe-core checks every community
page on the way."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from communities import services
from communities.models import CommunityIndexPage, CommunityPage, Membership, Post, Profile
from website.models import OutgoingMail

from .axe import assert_accessible

ADDRESS = "nadia@gemeente-lelystad.nl"
FILE_BYTES = b"%PDF-1.4 plan van aanpak verzuim"


def person(django_user_model, email, name):
    user = django_user_model.objects.create_user(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, name=name, organisation="Gemeente Almere")
    return user


@pytest.fixture
def group(home, django_user_model):
    index = home.add_child(instance=CommunityIndexPage(title="Communities", slug="communities"))
    index.save_revision().publish()
    group = CommunityPage(
        title="Inspiratieregio Flevoland",
        slug="inspiratieregio-flevoland",
        kind=CommunityPage.Kind.INSPIRATIEREGIO,
        policy=CommunityPage.Policy.APPROVAL,
        intro="Scholen, gemeenten en jeugdhulp in Flevoland leren van elkaar.",
        description="<p>Voor iedereen die in Flevoland werkt aan onderwijs en jeugdhulp.</p>",
    )
    index.add_child(instance=group)
    group.save_revision().publish()
    group = CommunityPage.objects.get(pk=group.pk)
    trekker = person(django_user_model, "trekker@example.nl", "Tineke Trekker")
    colleague = person(django_user_model, "collega@example.nl", "Kees Collega")
    services.enrol(group, trekker, role=Membership.Role.TREKKER)
    services.enrol(group, colleague)
    return group, trekker, colleague


def signed_in_context(browser, live_server, user):
    """A second browser, signed in as ``user`` (a session made by Django's test client)."""
    context = browser.new_context(
        base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam"
    )
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def code_from_outbox():
    mail = OutgoingMail.objects.filter(to=ADDRESS).latest("created_at")
    return re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.body_text, re.MULTILINE).group(1)


def test_join_approve_post_read_and_a_visitor_sees_nothing(
    page, browser, live_server, group, console_errors
):
    group, trekker, colleague = group

    # A visitor finds the group and signs up.
    page.goto("/communities/")
    assert_accessible(page)
    page.get_by_role("link", name="Inspiratieregio Flevoland").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspiratieregio Flevoland")
    expect(page.locator("main")).to_contain_text("Trekkers: Tineke Trekker")
    assert_accessible(page)
    page.get_by_role("link", name="Inloggen om lid te worden").click()
    page.get_by_role("link", name="Maak dan eerst een account aan").click()
    page.locator("#inhoud").get_by_label("E-mail").fill(ADDRESS)
    page.get_by_role("button", name="Account aanmaken").click()
    page.get_by_label("Code").fill(code_from_outbox())
    page.get_by_role("button", name="Bevestig", exact=True).click()
    # Back where she started, signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspiratieregio Flevoland")
    page.goto("/account/profiel/")
    page.locator("#inhoud").get_by_label("Naam").fill("Nadia Haddou")
    page.get_by_role("button", name="Profiel opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Uw profiel is opgeslagen.")

    # She asks to join.
    page.goto(group.url)
    assert_accessible(page)
    page.get_by_label("Bericht aan de trekkers").fill("Ik werk aan verzuim in Lelystad.")
    page.get_by_label("Toon mij in de ledenlijst").check()
    page.get_by_role("button", name="Lidmaatschap aanvragen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw aanvraag is naar de trekkers gestuurd")
    expect(page.locator("main")).to_contain_text("Uw aanvraag wacht op een trekker")
    assert_accessible(page)
    page.goto(group.url + "berichten/")
    expect(page.locator("main")).to_contain_text("alleen voor leden")
    assert_accessible(page)
    assert len(console_errors) == 1 and "403" in console_errors[0]  # the refusal we asked for
    console_errors.clear()
    assert OutgoingMail.objects.filter(
        to="trekker@example.nl", subject="Aanvraag lidmaatschap Inspiratieregio Flevoland"
    ).exists()

    # The trekker approves in her own browser.
    trekker_context = signed_in_context(browser, live_server, trekker)
    trekker_page = trekker_context.new_page()
    trekker_page.goto(group.url)
    trekker_page.get_by_role("link", name="Trekkerspagina").click()
    expect(trekker_page.locator("main")).to_contain_text("Ik werk aan verzuim in Lelystad.")
    assert_accessible(trekker_page)
    trekker_page.get_by_role("button", name="Goedkeuren").click()
    expect(trekker_page.get_by_role("status")).to_contain_text("Goedgekeurd")
    assert_accessible(trekker_page)
    welcome = OutgoingMail.objects.get(to=ADDRESS, subject="Welkom bij Inspiratieregio Flevoland")
    assert "goedgekeurd" in welcome.body_text

    # The new member posts a message with an attachment.
    page.goto(group.url)
    page.get_by_role("link", name="Naar de berichten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Berichten")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Plan van aanpak verzuim")
    page.get_by_label(re.compile(r"^Bericht \(verplicht\)")).fill("Wie wil meelezen met ons plan?")
    page.get_by_label("Bijlagen").set_input_files(
        files=[{"name": "plan.pdf", "mimeType": "application/pdf", "buffer": FILE_BYTES}]
    )
    page.get_by_role("button", name="Bericht plaatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan van aanpak verzuim")
    assert_accessible(page)
    post = Post.objects.get(title="Plan van aanpak verzuim")
    file_url = live_server.url + group.url + f"bestanden/{post.attachments.get().pk}/"

    # Another member reads it and downloads the attachment.
    colleague_context = signed_in_context(browser, live_server, colleague)
    colleague_page = colleague_context.new_page()
    colleague_page.goto(group.url + "berichten/")
    colleague_page.get_by_role("link", name="Plan van aanpak verzuim").click()
    expect(colleague_page.locator("main")).to_contain_text("Wie wil meelezen met ons plan?")
    expect(colleague_page.locator("main")).to_contain_text("Nadia Haddou")
    with colleague_page.expect_download() as download:
        colleague_page.get_by_role("link", name="plan.pdf").click()
    assert download.value.suggested_filename == "plan.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == FILE_BYTES
    for name, heading in (
        ("Leden", "Leden"),
        ("Documenten", "Documenten"),
        ("Groepsagenda", "Groepsagenda"),
        ("Mijn instellingen", "Mijn instellingen"),
    ):
        colleague_page.get_by_role("navigation", name="Groep").get_by_role(
            "link", name=name
        ).click()
        expect(colleague_page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(colleague_page)
    colleague_page.get_by_role("navigation", name="Groep").get_by_role("link", name="Leden").click()
    expect(colleague_page.locator("main")).to_contain_text("Nadia Haddou")
    expect(colleague_page.locator("main")).not_to_contain_text(ADDRESS)
    colleague_page.get_by_role("link", name=re.compile("Bericht sturen.*Nadia")).click()
    assert_accessible(colleague_page)
    colleague_page.get_by_label("Uw bericht").fill("Ik lees graag mee.")
    colleague_page.get_by_role("button", name="Bericht versturen").click()
    expect(colleague_page.get_by_role("status")).to_contain_text("Uw bericht is verstuurd.")
    colleague_page.goto(group.url + f"berichten/{post.pk}/melden/")
    assert_accessible(colleague_page)

    # A visitor in a third browser gets neither the message nor the file.
    visitor_context = signed_in_context(browser, live_server, None)
    visitor = visitor_context.new_page()
    visitor.goto(group.url + f"berichten/{post.pk}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(visitor.locator("body")).not_to_contain_text("Plan van aanpak verzuim")
    for url in (file_url, live_server.url + post.attachments.get().document.url):
        response = visitor_context.request.get(url)
        assert response.ok  # the sign-in page, not the file
        assert response.url.startswith(live_server.url + "/account/login/")
        assert response.body() != FILE_BYTES and FILE_BYTES not in response.body()
    visitor.goto(group.url)
    expect(visitor.locator("main")).not_to_contain_text("Plan van aanpak verzuim")
    assert_accessible(visitor)

    for context in (trekker_context, colleague_context, visitor_context):
        context.close()
    assert console_errors == []
