"""Subscribers built as visitors and editors build them: through the form and the services."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Site

from newsletter import subscriptions
from website.models import Audience, OutgoingMail, SiteSettings, StandardPage, Theme

SUBSCRIBE_URL = "/nieuwsbrief/aanmelden/"


@pytest.fixture
def site_with_privacy(home):
    """The home page plus a live privacy statement, chosen in the site settings."""
    privacy = home.add_child(instance=StandardPage(title="Privacyverklaring", slug="privacy"))
    privacy.save_revision().publish()
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.privacy_page = privacy
    site_settings.privacy_statement_version = "2026-2"
    site_settings.save()
    return home


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(name="Thuiszitters", slug="thuiszitters"),
        Theme.objects.create(name="Onderwijszorgarrangementen", slug="onderwijszorgarrangementen"),
    ]


@pytest.fixture
def audiences(db):
    return [Audience.objects.create(name="Onderwijs", slug="onderwijs")]


def post_subscribe(client, email="lotte@example.nl", **fields):
    data = {"email": email, "name": "Lotte de Vries", "bron": "/agenda/", **fields}
    return client.post(SUBSCRIBE_URL, data)


def mails_to(email, purpose=""):
    rows = OutgoingMail.objects.filter(to=email).order_by("pk")
    return [mail for mail in rows if mail.purpose.startswith(purpose)]


def link_in(mail, kind):
    """The first /nieuwsbrief/<kind>/<token>/ link in a mail's text, as a path."""
    match = re.search(rf"http://testserver(/nieuwsbrief/{kind}/[^/\s]+/)", mail.body_text)
    assert match, mail.body_text
    return match.group(1)


def make_subscriber(email="lotte@example.nl", *, confirmed=True, **fields):
    subscriber = subscriptions.subscribe(
        email=email,
        name=fields.pop("name", "Lotte de Vries"),
        consent_text=subscriptions.consent_notice(),
        privacy_version="2026-2",
        source_detail="/",
        **fields,
    )
    if confirmed:
        subscriptions.confirm(subscriber)
    subscriber.refresh_from_db()
    return subscriber


def url_of(name, kind, subscriber):
    from newsletter import tokens

    return reverse(f"newsletter:{name}", args=[tokens.make_token(kind, subscriber)])
