"""How the site looks on a phone and a desktop, in Chromium.

No page scrolls sideways at 320 px, cards hold long Dutch words, axe-core finds no
violations at 375 and 1280 px, the agenda shows its first meeting on a phone's first
screen, the menu and the filters fold, touch targets are at least 24×24 px.
"""

import pytest
from playwright.sync_api import expect

from events.models import AgendaPage, EventPage, EventSession, ReportEventLink, ReportPage
from registrations.models import RegistrationSettings
from tests.events.conftest import days_from_now, publish
from tests.website.factories import add_article, add_article_index, add_question_form

from .axe import assert_accessible

LONG_WORD = "Onderwijszorgarrangementen"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


def add_event(agenda, title, days, **fields):
    event = EventPage(
        title=title,
        start=days_from_now(days, hour=9),
        end=days_from_now(days, hour=14),
        live=False,
        **fields,
    )
    agenda.add_child(instance=event)
    return event


@pytest.fixture
def site(home):
    agenda = home.add_child(
        instance=AgendaPage(
            title="Agenda",
            slug="agenda",
            show_in_menus=True,
            intro="Inspiratie-estafettes, werksessies en andere bijeenkomsten van het netwerk.",
        )
    )
    estafette = add_event(
        agenda,
        f"Inspiratie-estafette {LONG_WORD}",
        12,
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        intro="Scholen en zorgaanbieders openen hun deuren.",
    )
    estafette.sessions = [
        EventSession(
            title="Van Koetsveldschool", city="Amsterdam", street="Archimedesplantsoen 98"
        ),
        EventSession(title="Jeugdhulp De Brug", city="Alkmaar", street="Kanaalkade 1"),
    ]
    estafette.save()
    estafette = publish(estafette)
    RegistrationSettings.objects.create(event=estafette, capacity=40)
    werksessie = add_event(agenda, "Werksessie verzuim", 20, kind=EventPage.Kind.WERKSESSIE)
    werksessie.sessions = [
        EventSession(kind=EventSession.Kind.BREAKOUT, title="Thuiszitters", room="Zaal 1"),
        EventSession(kind=EventSession.Kind.BREAKOUT, title=LONG_WORD, online=True),
    ]
    werksessie.save()
    werksessie = publish(werksessie)
    past = publish(add_event(agenda, "Werksessie juni", -40, kind=EventPage.Kind.WERKSESSIE))
    report = ReportPage(
        title=f"Verslag: {LONG_WORD} in de praktijk",
        slug="verslag-juni",
        intro="Wat de deelnemers meenamen.",
        live=False,
    )
    report.event_links = [ReportEventLink(event=past)]
    agenda.add_child(instance=report)
    report = publish(report)
    index = add_article_index(home, show_in_menus=True)
    add_article(index, f"{LONG_WORD} en samenwerkingsverbanden", intro=f"Over {LONG_WORD}.")
    add_question_form(home, show_in_menus=True)
    return {
        "estafette": estafette,
        "werksessie": werksessie,
        "report": report,
        "register": f"/aanmelden/{estafette.pk}/",
    }


def pages(site):
    return [
        "/",
        "/agenda/",
        site["estafette"].url,
        site["werksessie"].url,
        site["report"].url,
        "/agenda/verslagen/",
        "/actueel/",
        site["register"],
        "/stel-uw-vraag/",
        "/zoeken/?q=thuiszitters",
    ]


SIDEWAYS = """() => {
  const wide = document.documentElement.scrollWidth > window.innerWidth;
  const cards = [...document.querySelectorAll(".card, .event-card, .highlight, .session")]
    .filter((card) => card.scrollWidth > card.clientWidth + 1)
    .map((card) => card.textContent.trim().slice(0, 60));
  return {wide, scrollWidth: document.documentElement.scrollWidth, cards};
}"""


def test_no_page_scrolls_sideways_and_axe_finds_nothing(page, site, console_errors):
    for width in (320, 375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in pages(site):
            page.goto(path)
            result = page.evaluate(SIDEWAYS)
            assert not result["wide"], f"{path} scrolls sideways at {width} px: {result}"
            assert result["cards"] == [], f"{path} at {width} px: a card overflows"
            if width in (375, 1280):
                assert_accessible(page)
    assert console_errors == []  # nothing refused by the Content Security Policy


def test_long_words_hyphenate_in_dutch(page, site):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/actueel/")
    assert page.evaluate("document.documentElement.lang") == "nl"
    title = page.locator(".card__title").first
    assert title.evaluate("(el) => getComputedStyle(el).hyphens") == "auto"
    assert title.evaluate("(el) => getComputedStyle(el).overflowWrap") == "anywhere"


def test_a_phone_sees_the_first_meeting_and_folded_filters_and_menu(page, site):
    page.set_viewport_size(PHONE)
    page.goto("/agenda/")
    first = page.locator(".event-card").first
    assert first.bounding_box()["y"] < PHONE["height"], "the first meeting is below the fold"
    filters = page.locator("form.filters")
    expect(filters).to_be_hidden()
    page.get_by_text("Filteren", exact=True).first.click()
    expect(filters).to_be_visible()

    # The menu folds behind a button.
    nav = page.locator(".site-nav")
    expect(nav).to_be_hidden()
    page.locator(".site-menu__toggle").click()
    expect(nav).to_be_visible()

    # An event page offers "Aanmelden" on the first screen; it jumps to the form.
    page.goto(site["estafette"].url)
    jump = page.locator(".event-jump a")
    assert jump.bounding_box()["y"] + jump.bounding_box()["height"] < PHONE["height"]
    jump.click()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#aanmelden")
    expect(page.locator("#aanmelden form")).to_be_in_viewport()


def test_on_a_desktop_the_menu_and_filters_show_in_one_line(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto("/agenda/")
    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_visible()
    expect(page.locator(".site-search button")).to_be_in_viewport()
    tops = {
        round(box["y"]) for box in (li.bounding_box() for li in page.locator(".site-nav li").all())
    }
    assert len(tops) == 1, "the menu wraps onto a second line"
    expect(page.locator("form.filters")).to_be_visible()


def test_touch_targets_are_at_least_24_pixels(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site["register"])
    targets = page.locator(
        "input[type=radio], input[type=checkbox], .site-search button, form button[type=submit]"
    )
    assert targets.count() >= 3
    page.locator(".site-menu__toggle").click()
    for target in targets.all():
        if not target.is_visible():
            continue
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, target.evaluate("(el) => el.outerHTML")
    assert page.request.get("/favicon.ico").status == 200
