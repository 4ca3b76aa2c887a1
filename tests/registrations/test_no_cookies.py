"""Public pages set no cookie, and their forms only take POSTs from this site.

The footer's subscribe form is on every page and the registration form on every event
page; a CSRF token in them would set a cookie on every page (no page could be cached,
and every visitor would carry one). Browsers tell where a POST comes from instead.
"""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter.models import Subscriber
from registrations.models import Registration
from website.models import ArticleIndexPage

from .test_form import form_data

pytestmark = pytest.mark.django_db

EVIL = "https://kwaadwillend.example"


def test_anonymous_pages_with_forms_set_no_cookie(client, estafette, agenda, home):
    home.add_child(instance=ArticleIndexPage(title="Actueel", slug="actueel"))
    for url in ("/", agenda.url, estafette.url, "/actueel/", "/nieuwsbrief/aanmelden/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'action="/nieuwsbrief/aanmelden/"' in html, url  # the footer form is there
        assert response.cookies == {}, (url, response.cookies)
    assert f'action="/aanmelden/{estafette.pk}/"' in client.get(estafette.url).content.decode()


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_ORIGIN": EVIL}, {"HTTP_SEC_FETCH_SITE": "cross-site"}],
    ids=["origin", "fetch-metadata"],
)
def test_a_post_from_another_site_is_refused_in_dutch(estafette, headers):
    browser = Client(enforce_csrf_checks=True)

    register = browser.post(
        reverse("registrations:register", args=[estafette.pk]),
        form_data(estafette),
        **headers,
    )
    subscribe = browser.post(
        "/nieuwsbrief/aanmelden/", {"email": "lotte@example.nl", "bron": "/"}, **headers
    )

    for response in (register, subscribe):
        assert response.status_code == 403
        assert "kan alleen vanaf deze website worden verstuurd" in response.content.decode()
    assert not Registration.objects.exists()
    assert not Subscriber.objects.exists()


def test_a_post_from_this_site_needs_no_csrf_cookie(estafette):
    browser = Client(enforce_csrf_checks=True)
    same_site = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}

    register = browser.post(
        reverse("registrations:register", args=[estafette.pk]),
        form_data(estafette),
        **same_site,
    )
    subscribe = browser.post(
        "/nieuwsbrief/aanmelden/", {"email": "lotte@example.nl", "bron": "/"}, **same_site
    )

    assert register.status_code == 302
    assert subscribe.status_code == 302
    assert Registration.objects.count() == 1
    assert Subscriber.objects.get().email == "lotte@example.nl"
