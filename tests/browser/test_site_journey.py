"""A visitor's first journey through the public site, in Chromium.

Home → an article (with its share row) → the "Stel uw vraag" form, sent empty
and then filled in → the thank-you page; axe-core checks every step.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect
from wagtail.contrib.forms.models import FormSubmission

from website.models import (
    ArticleIndexPage,
    ArticlePage,
    FormField,
    FormPage,
    StandardPage,
    Theme,
)

from .axe import assert_accessible, axe_violations


@pytest.fixture
def site_content(home):
    thuiszitters = Theme.objects.create(name="Thuiszitters")
    oza = Theme.objects.create(name="Onderwijszorgarrangementen")
    index = home.add_child(
        instance=ArticleIndexPage(
            title="Nieuws en praktijk",
            slug="nieuws",
            intro="Berichten uit het netwerk.",
            show_in_menus=True,
        )
    )
    article = ArticlePage(
        title="Een school en een zorgaanbieder onder één dak",
        slug="school-en-zorg-onder-een-dak",
        kind=ArticlePage.Kind.PRAKTIJKVOORBEELD,
        date=datetime.date(2026, 3, 13),
        author="Redactie Samenspel",
        intro="Hoe een basisschool en een jeugdhulpaanbieder samen één plek maken.",
        body=[("paragraph", "<p>Op vrijdag bezochten twintig deelnemers de school.</p>")],
    )
    index.add_child(instance=article)
    article.themes.set([thuiszitters, oza])
    article.save_revision().publish()
    form_page = home.add_child(
        instance=FormPage(
            title="Stel uw vraag",
            slug="stel-uw-vraag",
            intro="<p>Heeft u een vraag over het netwerk? Wij antwoorden binnen een week.</p>",
            privacy_notice="<p>We gebruiken uw gegevens alleen om uw vraag te beantwoorden.</p>",
            thank_you_text="<p>Dank u wel. We nemen binnen een week contact met u op.</p>",
            from_address="noreply@samenspel.nl",
            subject="Nieuwe vraag via de website",
            show_in_menus=True,
        )
    )
    for order, (label, field_type) in enumerate(
        [("Naam", "singleline"), ("E-mail", "email"), ("Vraag", "multiline")]
    ):
        FormField.objects.create(
            page=form_page, sort_order=order, label=label, field_type=field_type, required=True
        )
    # One long Dutch compound as the h1: it must wrap on a phone, not scroll sideways.
    statement = home.add_child(
        instance=StandardPage(
            title="Toegankelijkheidsverklaring",
            slug="toegankelijkheid",
            intro="Hoe toegankelijk deze website is.",
        )
    )
    return {
        "home": home,
        "index": index,
        "article": article,
        "form": form_page,
        "statement": statement,
    }


def test_visitor_reads_an_article_and_asks_a_question(
    page, live_server, site_content, console_errors
):
    article = site_content["article"]
    form_page = site_content["form"]

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Scholen, gemeenten en jeugdhulp leren van elkaar"
    )
    assert_accessible(page)

    page.get_by_role("link", name=article.title).click()
    expect(page).to_have_url(f"{live_server.url}{article.url}")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator("time")).to_have_text("vrijdag 13 maart 2026")
    share = page.get_by_role("complementary", name="Delen")
    expect(share).to_be_visible()
    expect(share.get_by_role("link", name="Per e-mail")).to_be_visible()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    share.get_by_role("link", name="Link kopiëren").click()
    expect(share.get_by_role("status")).to_have_text("Link gekopieerd")
    # The link is the page's public address (WAGTAILADMIN_BASE_URL), not the test server's.
    public = settings.WAGTAILADMIN_BASE_URL + urlsplit(page.url).path
    assert page.evaluate("() => navigator.clipboard.readText()") == public
    expect(page.get_by_role("link", name="Thuiszitters")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Stel uw vraag"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel uw vraag")
    assert_accessible(page)

    page.get_by_role("button", name="Versturen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Controleer het formulier")
    expect(summary).to_contain_text("Naam: Dit is een verplicht veld.")
    expect(page.locator(".field__error")).to_have_count(3)
    expect(page.locator(".field__error").first).to_have_text("Dit is een verplicht veld.")
    expect(summary).to_be_focused()
    assert FormSubmission.objects.filter(page=form_page).count() == 0
    assert_accessible(page)

    main = page.locator("#inhoud")  # the footer has a subscribe form with the same labels
    main.get_by_label("Naam").fill("Fatima de Vries")
    main.get_by_label("E-mail").fill("fatima@example.nl")
    main.get_by_label("Vraag").fill("Kan onze school een inspiratie-estafette organiseren?")
    main.get_by_role("button", name="Versturen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt")
    expect(page.get_by_text("We nemen binnen een week contact met u op.")).to_be_visible()
    assert_accessible(page)

    submission = FormSubmission.objects.get(page=form_page)
    data = submission.get_data()
    assert data["naam"] == "Fatima de Vries"
    assert data["e_mail"] == "fatima@example.nl"
    assert data["vraag"] == "Kan onze school een inspiratie-estafette organiseren?"
    # The editors' mail (replying goes to the asker), and the asker's confirmation.
    to_editors, confirmation = mail.outbox
    assert to_editors.to == ["redactie@samenspel.nl"]
    assert to_editors.reply_to == ["fatima@example.nl"]
    assert confirmation.to == ["fatima@example.nl"]
    assert confirmation.subject == "Ontvangen: Stel uw vraag"
    assert console_errors == []


def test_a_practice_example_asks_before_the_name_goes_online(
    page, live_server, site_content, console_errors
):
    practice = site_content["home"].add_child(
        instance=FormPage(
            title="Praktijkvoorbeeld insturen",
            slug="praktijkvoorbeeld-insturen",
            privacy_notice="<p>Uw naam komt alleen online als u daarmee instemt.</p>",
            draft_parent=site_content["index"],
        )
    )
    for order, (label, field_type) in enumerate(
        [("Naam", "name"), ("E-mail", "email"), ("Titel", "singleline")]
    ):
        FormField.objects.create(
            page=practice, sort_order=order, label=label, field_type=field_type, required=True
        )

    page.goto(practice.url)
    main = page.locator("#inhoud")
    consent = main.get_by_label("Mijn naam mag bij het praktijkvoorbeeld op de website staan")
    expect(consent).not_to_be_checked()
    assert_accessible(page)

    main.get_by_role("textbox", name="Naam").fill("Karel Appel")
    main.get_by_label("E-mail").fill("karel@example.nl")
    main.get_by_label("Titel").fill("Schakelklas in Nijmegen")
    main.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt")

    draft = ArticlePage.objects.get(title="Schakelklas in Nijmegen")
    assert draft.live is False
    assert "Karel Appel" not in str(draft.get_latest_revision_as_object().body)
    assert FormSubmission.objects.get(page=practice).get_data()["naam_online"] is False
    assert console_errors == []


def test_static_files_are_served_and_applied(page, home, live_server, console_errors):
    response = page.request.get("/static/css/site.css")
    assert response.status == 200
    assert "text/css" in response.headers["content-type"]
    assert page.request.get("/static/js/site.js").status == 200

    page.goto("/")
    header_background = page.locator(".site-header").evaluate(
        "(element) => getComputedStyle(element).backgroundColor"
    )
    assert header_background == "rgb(7, 63, 73)"
    assert console_errors == []


@pytest.mark.parametrize(
    "path",
    ["/", "/nieuws/school-en-zorg-onder-een-dak/", "/stel-uw-vraag/", "/toegankelijkheid/"],
)
def test_narrow_screen_has_no_horizontal_scroll(page, site_content, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320


def test_axe_reports_violations_readably(page, home):
    """The checker itself can fail: an image without alt text is reported."""
    page.goto("/")
    page.evaluate(
        """() => {
            const image = document.createElement("img");
            image.src = "/static/missing.png";
            document.querySelector("main").append(image);
        }"""
    )
    violations = axe_violations(page)
    assert [violation["id"] for violation in violations] == ["image-alt"]
    with pytest.raises(AssertionError, match=r"image-alt \(critical\): .*\n    at img[^\n]*\n"):
        assert_accessible(page)


def test_content_security_policy_is_enforced_and_reported(page, home, console_errors):
    """Pages are checked with the strict policy on, and a refusal shows up as an error."""
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("() => window.injected === true") is False
    assert any("Content Security Policy" in error for error in console_errors), console_errors
