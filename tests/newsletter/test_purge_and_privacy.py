"""Unconfirmed requests are deleted in time; AVG export and erasure include the subscription."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from newsletter import subscriber_tasks, subscriptions
from newsletter.models import (
    Delivery,
    IssueSend,
    NewsletterIndexPage,
    NewsletterIssuePage,
    Subscriber,
    SubscriberEvent,
    TrackingEvent,
)
from registrations import services
from website.models import OutgoingMail
from website.scheduler import JOBS

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db


def test_unconfirmed_requests_are_deleted_after_the_configured_days(site_with_privacy, settings):
    settings.NEWSLETTER_UNCONFIRMED_DAYS = 30
    old = make_subscriber("oud@example.nl", confirmed=False)
    returning = make_subscriber("terug@example.nl")
    subscriptions.unsubscribe(returning)
    make_subscriber("terug@example.nl", confirmed=False)  # asks again, never confirms
    confirmed = make_subscriber("bevestigd@example.nl")
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        make_subscriber("recent@example.nl", confirmed=False)
        assert subscriber_tasks.purge_unconfirmed.call() == 0
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert subscriber_tasks.purge_unconfirmed.call() == 1
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert not OutgoingMail.objects.filter(to="oud@example.nl").exists()
    # Someone who was subscribed before keeps their history and simply stays unsubscribed.
    returning.refresh_from_db()
    assert returning.status == "unsubscribed"
    assert returning.history.filter(kind="confirmed").exists()
    assert Subscriber.objects.get(email="recent@example.nl").status == "pending"
    assert Subscriber.objects.get(pk=confirmed.pk).status == "confirmed"


def test_the_purge_runs_every_hour_through_the_scheduler():
    task, every = JOBS["newsletter.subscriber_tasks.purge_unconfirmed"]
    assert every == timedelta(hours=1)
    assert task is subscriber_tasks.purge_unconfirmed


@pytest.fixture
def sent_issue(site_with_privacy):
    index = site_with_privacy.add_child(
        instance=NewsletterIndexPage(title="Nieuwsbrief", slug="nieuwsbrief")
    )
    issue = index.add_child(
        instance=NewsletterIssuePage(
            title="Nieuwsbrief maart", slug="maart", body=[("text", "<p>Hallo</p>")]
        )
    )
    return IssueSend.objects.create(
        issue=issue, scheduled_for=timezone.now(), status=IssueSend.Status.DONE
    )


def deliver(send, subscriber, message_id):
    return Delivery.objects.create(
        send=send,
        subscriber=subscriber,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        esp_message_id=message_id,
    )


def test_avg_export_and_erasure_include_the_subscription(sent_issue):
    subscriber = make_subscriber()
    other = make_subscriber("ander@example.nl")
    deliver(sent_issue, subscriber, "msg-1")
    deliver(sent_issue, other, "msg-2")
    now = timezone.now()
    TrackingEvent.objects.create(
        event_id="e1",
        event_type="opened",
        esp_message_id="msg-1",
        recipient=subscriber.email,
        at=now,
    )
    TrackingEvent.objects.create(
        event_id="e2", event_type="bounced", esp_message_id="msg-1", recipient="", at=now
    )
    TrackingEvent.objects.create(
        event_id="e3", event_type="opened", esp_message_id="msg-2", recipient=other.email, at=now
    )

    data = services.export_person("Lotte@example.nl")
    held = data["newsletter"]["subscription"]
    assert held["email"] == "lotte@example.nl" and held["name"] == "Lotte de Vries"
    assert held["consent_text"] == subscriptions.consent_notice()
    assert held["privacy_version"] == "2026-2"
    assert [line["what"] for line in held["history"]] == [
        "aanmelding aangevraagd",
        "aanmelding bevestigd",
    ]
    assert held["deliveries"][0]["issue"] == "Nieuwsbrief maart"
    assert [event["event"] for event in data["newsletter"]["tracking_events"]] == ["opened"]

    services.erase_person("lotte@example.nl")

    assert not Subscriber.objects.filter(email="lotte@example.nl").exists()
    assert not SubscriberEvent.objects.filter(subscriber_id=subscriber.pk).exists()
    assert not Delivery.objects.filter(subscriber_id=subscriber.pk).exists()
    assert list(TrackingEvent.objects.values_list("event_id", flat=True)) == ["e3"]
    assert not OutgoingMail.objects.filter(to="lotte@example.nl").exists()
    assert "newsletter" not in services.export_person("lotte@example.nl")
    assert Subscriber.objects.filter(pk=other.pk).exists()


def test_the_privacy_screen_lists_the_subscription(client, superuser, site_with_privacy):
    make_subscriber()
    client.force_login(superuser)
    response = client.post(
        "/admin/aanmeldingen/privacy/", {"email": "lotte@example.nl", "actie": "zoeken"}
    )
    html = response.content.decode()
    assert "Abonnement op de nieuwsbrief (aangemeld), 2 regels geschiedenis" in html
