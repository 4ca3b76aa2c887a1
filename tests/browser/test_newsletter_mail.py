"""The nieuwsbrief as a mail program shows it: accessible, readable on a phone, images as JPEG."""

import re

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from newsletter import rendering
from tests.newsletter.builders import make_issue

from .axe import assert_accessible


@pytest.fixture
def mail_html(home):
    image = get_image_model().objects.create(title="Schoolplein", file=get_test_image_file())
    issue = make_issue(
        home,
        title="Nieuwsbrief oktober",
        body=[
            {"type": "intro", "value": "Het nieuws uit het netwerk van onderwijs en jeugdhulp."},
            {
                "type": "image",
                "value": {
                    "image": image.pk,
                    "alt_text": "Kinderen spelen op het schoolplein",
                    "caption": "Inspiratie-estafette in Dronten",
                },
            },
            {
                "type": "text",
                "value": '<h2>Werksessie</h2><p>Zie <a href="/agenda/">de agenda</a>.</p>',
            },
            {
                "type": "call_to_action",
                "value": {
                    "title": "Meld u aan",
                    "text": "Voor de volgende werksessie.",
                    "button_label": "Naar de agenda",
                    "page": None,
                    "url": "https://samenspel.example.nl/agenda/",
                },
            },
        ],
    )
    _text, html = rendering.render_issue(issue).personalise(
        "Anouk de Boer", "https://samenspel.example.nl/v/", "https://samenspel.example.nl/a/"
    )
    return html


def test_the_mail_html_is_accessible_and_fits_a_phone(browser, mail_html):
    (src,) = re.findall(r'<img [^>]*src="([^"]+)"', mail_html)
    assert re.fullmatch(r"http://testserver/.+\.jpg", src)  # absolute, and JPEG for Outlook

    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
        page = context.new_page()
        # The images are not served here; the mail's structure and texts are what counts.
        page.route("**/*", lambda route: route.abort())
        page.set_content(mail_html)
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.get_by_alt_text("Kinderen spelen op het schoolplein").count() == 1
        assert page.get_by_role("link", name="Bekijk in uw browser").count() == 1
        assert page.get_by_role("link", name="Afmelden").get_attribute("href") == (
            "https://samenspel.example.nl/a/"
        )
        assert_accessible(page)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"the mail scrolls sideways at {width} px"
        context.close()
