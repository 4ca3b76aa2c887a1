"""A member follows a theme and a group in Chromium, finds "Voor u" on the home page and the
agenda, makes her private calendar and resets it; a visitor in another context sees none
of it. Every page of the follow is checked with axe-core."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import CommunityEvent, CommunityIndexPage, CommunityPage, Profile
from events.models import AgendaPage, EventPage
from website.models import Theme

from .axe import assert_accessible

ADDRESS = "mirjam@swv-flevoland.nl"


def publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def event(agenda, title, days, themes=()):
    start = (timezone.localtime() + timedelta(days=days)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    page = EventPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        kind=EventPage.Kind.WERKSESSIE,
        start=start,
        end=start + timedelta(hours=3),
    )
    page.themes = list(themes)
    agenda.add_child(instance=page)
    return publish(page)


@pytest.fixture
def network(home):
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    publish(agenda)
    oza = Theme.objects.create(name="Onderwijszorgarrangementen")
    Theme.objects.create(name="Verzuim")
    events = {
        "oza": event(agenda, "Werksessie OZA", 12, themes=[oza]),
        "group": event(agenda, "Regiobijeenkomst Flevoland", 9),
        "other": event(agenda, "Landelijke netwerkdag", 5),
    }
    index = home.add_child(instance=CommunityIndexPage(title="Communities", slug="communities"))
    publish(index)
    group = CommunityPage(title="Inspiratieregio Flevoland", kind="inspiratieregio")
    group.community_events = [CommunityEvent(event=events["group"], members_only=False)]
    index.add_child(instance=group)
    return {"events": events, "group": publish(group)}


@pytest.fixture
def member(db, django_user_model):
    user = django_user_model.objects.create_user(email=ADDRESS)
    EmailAddress.objects.create(user=user, email=ADDRESS, verified=True, primary=True)
    return user


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_a_member_follows_once_and_finds_it_everywhere(
    page, browser, live_server, network, member, console_errors
):
    sign_in(page, live_server, member)
    page.goto("/")
    for_you = page.get_by_role("region", name="Voor u")
    expect(for_you).to_contain_text("Kies wat u volgt")
    assert_accessible(page)
    for_you.get_by_role("link", name="Kies wat u volgt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Volgen")
    assert_accessible(page)
    page.get_by_role("group", name="Thema's die u volgt").get_by_label(
        "Onderwijszorgarrangementen"
    ).check()
    page.get_by_role("group", name="Groepen die u volgt").get_by_label(
        "Inspiratieregio Flevoland"
    ).check()
    page.get_by_role("button", name="Opslaan wat ik volg").click()
    expect(page.get_by_role("status")).to_contain_text("Wat u volgt is opgeslagen.")
    assert_accessible(page)

    page.get_by_role("button", name="Mijn persoonlijke agenda maken").click()
    address = page.get_by_label("Adres van uw persoonlijke agenda")
    first = address.input_value()
    assert first.endswith(".ics")
    assert_accessible(page)
    feed = page.request.get(first.replace(settings.WAGTAILADMIN_BASE_URL, live_server.url))
    assert feed.status == 200
    assert feed.headers["cache-control"].startswith("private")
    body = feed.text()
    assert "Werksessie OZA" in body and "Regiobijeenkomst Flevoland" in body
    assert "Landelijke netwerkdag" not in body

    page.get_by_role("button", name="Nieuw adres maken").click()
    expect(page.get_by_role("status")).to_contain_text("Het oude adres werkt niet meer.")
    assert page.get_by_label("Adres van uw persoonlijke agenda").input_value() != first
    old = page.request.get(first.replace(settings.WAGTAILADMIN_BASE_URL, live_server.url))
    assert old.status == 404

    for path in ("/", "/agenda/"):
        page.goto(path)
        for_you = page.get_by_role("region", name="Voor u")
        titles = for_you.locator(".event-card__title")
        expect(titles).to_have_text(["Regiobijeenkomst Flevoland", "Werksessie OZA"])
        assert_accessible(page)

    page.goto(network["group"].url)
    expect(page.locator(".group-feed")).to_be_visible()
    assert_accessible(page, ".group-feed")

    # A visitor in another browser context: no "Voor u", nothing of hers.
    visitor = browser.new_context(base_url=live_server.url, locale="nl-NL")
    try:
        other = visitor.new_page()
        for path in ("/", "/agenda/"):
            other.goto(path)
            expect(other.get_by_role("heading", level=1)).to_be_visible()
            expect(other.get_by_role("region", name="Voor u")).to_have_count(0)
        other.goto("/account/volgen/")
        expect(other.get_by_role("heading", level=1)).to_have_text("Inloggen")
    finally:
        visitor.close()
    assert Profile.objects.get(user=member).followed_communities.count() == 1
    assert console_errors == []
