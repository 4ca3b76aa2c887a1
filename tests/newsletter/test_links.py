"""The personal links (issue 7, points 1–2): confirm, preferences, unsubscribe.

Mail scanners open every link, so a GET never confirms or unsubscribes; only the
button's POST does. Mail programs unsubscribe with an RFC 8058 one-click POST that
carries no CSRF token.
"""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from newsletter import subscriptions
from newsletter.models import Subscriber

from .conftest import link_in, mails_to, make_subscriber, post_subscribe, url_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(client, site_with_privacy):
    post_subscribe(client)
    subscriber = Subscriber.objects.get()
    (mail,) = mails_to(subscriber.email, "newsletter.confirm")
    return subscriber, link_in(mail, "bevestigen")


def test_opening_the_confirm_link_does_not_confirm_the_button_does(client, pending):
    subscriber, link = pending
    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ja, bevestig mijn aanmelding" in html and 'method="post"' in html
    assert response["Cache-Control"].startswith("private")
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"

    response = client.post(link)
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.confirmed_at is not None
    assert subscriber.history.filter(kind="confirmed").count() == 1
    assert Subscriber.objects.confirmed().get() == subscriber
    assert (
        "Dank u wel: uw aanmelding is bevestigd"
        in client.get(response["Location"]).content.decode()
    )


def test_the_confirm_link_expires(client, pending, settings):
    subscriber, link = pending
    settings.NEWSLETTER_CONFIRM_DAYS = 7
    with time_machine.travel(timezone.now() + timedelta(days=7, hours=1)):
        response = client.post(link)
        html = response.content.decode()
    assert response.status_code == 410
    assert "Deze bevestigingslink is verlopen" in html
    assert 'value="lotte@example.nl"' in html  # the form to subscribe again, filled in
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert client.post(link).status_code == 302


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "99999" + token[token.index(".") :],
        lambda token: "abc",
        lambda token: "1." + "x" * 300,
    ],
)
def test_a_tampered_token_gets_a_dutch_message_not_an_error(client, pending, tamper):
    _, link = pending
    token = link.rstrip("/").rsplit("/", 1)[1]
    for kind in ("bevestigen", "voorkeuren", "afmelden"):
        url = f"/nieuwsbrief/{kind}/{tamper(token)}/"
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (url, method)
            assert "Deze link werkt niet" in response.content.decode()
    assert Subscriber.objects.get().status == "pending"


def test_a_confirm_link_cannot_be_used_for_another_kind(client, pending):
    subscriber, link = pending
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.post(f"/nieuwsbrief/afmelden/{token}/").status_code == 404
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"


def test_preferences_change_name_themes_and_audiences(client, site_with_privacy, themes, audiences):
    subscriber = make_subscriber()
    url = url_of("preferences", "preferences", subscriber)
    html = client.get(url).content.decode()
    assert 'value="Lotte de Vries"' in html and "Afmelden voor de nieuwsbrief" in html
    response = client.post(
        url, {"name": "Lotte Jansen", "themes": [themes[1].pk], "audiences": [audiences[0].pk]}
    )
    assert response.status_code == 302
    assert "Uw voorkeuren zijn opgeslagen" in client.get(response["Location"]).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.name == "Lotte Jansen"
    assert list(subscriber.themes.all()) == [themes[1]]
    assert list(subscriber.audiences.all()) == audiences
    change = subscriber.history.get(kind="preferences")
    assert change.detail == "Onderwijszorgarrangementen"


def test_get_of_the_unsubscribe_link_only_shows_a_button(client, site_with_privacy):
    subscriber = make_subscriber()
    response = client.get(url_of("unsubscribe", "unsubscribe", subscriber))
    assert response.status_code == 200
    assert "Ja, meld mij af" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed"


def test_one_click_unsubscribe_works_without_csrf_token_and_twice(site_with_privacy):
    subscriber = make_subscriber()
    url = url_of("unsubscribe", "unsubscribe", subscriber)
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed" and subscriber.unsubscribed_at is not None
    event = subscriber.history.get(kind="unsubscribed")
    assert event.detail == "one-click"
    # A second click (or a retry by the mail program) still answers 200 and changes nothing.
    response = mail_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert subscriber.history.filter(kind="unsubscribed").count() == 1
    assert not Subscriber.objects.confirmed().exists()


def test_the_button_on_the_preferences_page_unsubscribes(client, site_with_privacy):
    subscriber = make_subscriber()
    client.post(url_of("unsubscribe", "unsubscribe", subscriber))
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
    html = client.get(url_of("preferences", "preferences", subscriber)).content.decode()
    assert "U ontvangt de nieuwsbrief op dit moment niet" in html


def test_an_old_confirm_link_does_not_subscribe_someone_who_left(client, pending):
    subscriber, link = pending
    client.post(link)
    subscriptions.unsubscribe(subscriber)
    response = client.post(link)
    assert response.status_code == 410
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"
