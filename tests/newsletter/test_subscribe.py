"""Subscribing (issue 7, point 1): the form, double opt-in, evidence, no enumeration, spam."""

import pytest
from django.conf import settings
from django.utils.html import escape

from newsletter import subscriptions
from newsletter.models import Subscriber, SubscriberEvent

from .conftest import SUBSCRIBE_URL, link_in, mails_to, make_subscriber, post_subscribe

pytestmark = pytest.mark.django_db


def test_every_page_has_the_light_form_in_its_footer(client, site_with_privacy):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'id="footer-nb-email"' in footer and 'id="footer-nb-name"' in footer
    assert 'action="/nieuwsbrief/aanmelden/"' in footer
    assert 'name="website_url"' in footer  # the honeypot
    assert "Lees onze privacyverklaring" in footer and 'href="/privacy/"' in footer
    assert escape(subscriptions.consent_notice()) in footer
    assert "en doelgroepen kiezen</a>" in footer


def test_the_full_form_has_themes_and_audiences(client, site_with_privacy, themes, audiences):
    html = client.get(SUBSCRIBE_URL).content.decode()
    assert "Thuiszitters" in html and "Onderwijs" in html
    assert html.count("<h1") == 1


def test_a_request_stores_a_pending_subscriber_with_its_evidence(
    client, site_with_privacy, themes, audiences
):
    response = post_subscribe(
        client, "Lotte@Example.nl ", themes=[themes[0].pk], audiences=[audiences[0].pk]
    )
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lotte@example.nl"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.requested_at is not None and subscriber.confirmed_at is None
    assert subscriber.consent_text == subscriptions.consent_notice()
    assert subscriber.privacy_version == "2026-2"
    assert (subscriber.source, subscriber.source_detail) == ("form", "/agenda/")
    assert list(subscriber.themes.all()) == [themes[0]]
    assert list(subscriber.audiences.all()) == audiences
    assert list(subscriber.history.values_list("kind", flat=True)) == ["requested"]
    (mail,) = mails_to("lotte@example.nl", "newsletter.confirm")
    assert "Bevestig" in mail.subject
    assert "/nieuwsbrief/bevestigen/" in link_in(mail, "bevestigen")
    assert "Beste Lotte de Vries" in mail.body_text


def test_the_answer_is_the_same_for_new_pending_confirmed_and_unsubscribed_addresses(
    client, site_with_privacy
):
    make_subscriber("bevestigd@example.nl")
    make_subscriber("wacht@example.nl", confirmed=False)
    gone = make_subscriber("afgemeld@example.nl")
    subscriptions.unsubscribe(gone)
    answers = set()
    for email in ("nieuw@example.nl", "wacht@example.nl", "bevestigd@example.nl", gone.email):
        response = post_subscribe(client, email)
        answers.add((response.status_code, response["Location"]))
    assert answers == {(302, "/nieuwsbrief/aanmelden/ontvangen/")}
    page = client.get("/nieuwsbrief/aanmelden/ontvangen/").content.decode()
    assert "Kijk in uw mailbox" in page
    # The confirmed address is left alone and told so, with its preferences link.
    confirmed = Subscriber.objects.get(email="bevestigd@example.nl")
    assert confirmed.status == "confirmed"
    (already,) = mails_to(confirmed.email, "newsletter.already")
    assert link_in(already, "voorkeuren")


def test_someone_who_unsubscribed_can_subscribe_again_through_a_new_confirmation(
    client, site_with_privacy
):
    subscriber = make_subscriber()
    subscriptions.unsubscribe(subscriber)
    post_subscribe(client)
    subscriber.refresh_from_db()
    assert subscriber.status == "pending"
    confirm = link_in(mails_to(subscriber.email, "newsletter.confirm")[-1], "bevestigen")
    client.post(confirm)
    subscriber.refresh_from_db()
    assert subscriber.status == "confirmed" and subscriber.unsubscribed_at is None
    kinds = list(subscriber.history.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["requested", "confirmed", "unsubscribed", "requested", "confirmed"]


def test_errors_are_shown_beside_the_field_and_in_a_summary(client, site_with_privacy):
    response = post_subscribe(client, "geen-adres")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#nb-email"' in html
    assert 'id="nb-email_error"' in html
    assert 'value="Lotte de Vries"' in html  # what was typed stays
    assert not Subscriber.objects.exists()


def test_the_honeypot_refuses_bots(client, site_with_privacy):
    response = post_subscribe(client, website_url="http://spam.example")
    assert response.status_code == 400
    assert "niet worden verwerkt" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_the_rate_limit_counts_successful_requests_per_address(client, site_with_privacy):
    for number in range(settings.FORM_RATE_LIMIT):
        assert post_subscribe(client, f"persoon{number}@example.nl").status_code == 302
    response = post_subscribe(client, "een-te-veel@example.nl")
    assert response.status_code == 429
    assert "Probeer het over" in response.content.decode()
    assert not Subscriber.objects.filter(email="een-te-veel@example.nl").exists()


def test_a_flood_of_requests_sends_one_confirmation_per_hour(client, site_with_privacy):
    for _ in range(3):
        post_subscribe(client)
    assert len(mails_to("lotte@example.nl", "newsletter.confirm")) == 1
    assert SubscriberEvent.objects.filter(kind="requested").count() == 3
