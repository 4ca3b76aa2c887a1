"""Delivery events from the ESP (anymail's tracking webhooks), stored once each.

A hard bounce, a rejection or a spam complaint suppresses the address for good; an
unsubscribe at the ESP unsubscribes. The webhook URL is /anymail/<esp>/tracking/ and
anymail authenticates it (ANYMAIL_WEBHOOK_SECRET as basic auth, or the ESP's signing key).
"""

import hashlib

from anymail.signals import tracking
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.utils import timezone

from newsletter.models import Delivery, Subscriber, SubscriberEvent, TrackingEvent

SUPPRESSING = {
    "bounced": SubscriberEvent.Kind.BOUNCED,
    "rejected": SubscriberEvent.Kind.BOUNCED,
    "complained": SubscriberEvent.Kind.COMPLAINED,
}


def _event_id(event, esp_name):
    if event.event_id:
        return f"{esp_name}:{event.event_id}"[:255]
    raw = f"{esp_name}|{event.message_id}|{event.event_type}|{event.timestamp}|{event.recipient}"
    return f"{esp_name}:sha256:{hashlib.sha256(raw.encode()).hexdigest()}"


@receiver(tracking, dispatch_uid="newsletter.tracking")
def record_tracking_event(sender, event, esp_name, **kwargs):
    recipient = (event.recipient or "").strip().lower()
    try:
        with transaction.atomic():
            TrackingEvent.objects.create(
                event_id=_event_id(event, esp_name),
                event_type=event.event_type or "unknown",
                esp_message_id=(event.message_id or "")[:255],
                recipient=recipient[:254],
                at=event.timestamp or timezone.now(),
                description=(event.description or event.reject_reason or "")[:500],
            )
    except IntegrityError:
        return  # the ESP sent this event before
    apply_event(event.event_type, recipient, event.message_id, event.description or "")


def apply_event(event_type, recipient, message_id="", description=""):
    subscriber = _subscriber(recipient, message_id)
    if subscriber is None:
        return None
    now = timezone.now()
    if event_type in SUPPRESSING:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.SUPPRESSED,
            suppressed_reason=f"{event_type}: {description}"[:255],
        )
        SubscriberEvent.objects.create(
            subscriber=subscriber, kind=SUPPRESSING[event_type], at=now, detail=description[:255]
        )
    elif event_type == "unsubscribed" and subscriber.status == Subscriber.Status.CONFIRMED:
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=now
        )
        SubscriberEvent.objects.create(
            subscriber=subscriber, kind=SubscriberEvent.Kind.UNSUBSCRIBED, at=now, detail="ESP"
        )
    return subscriber


def _subscriber(recipient, message_id):
    if recipient:
        found = Subscriber.objects.filter(email__iexact=recipient).first()
        if found:
            return found
    if message_id:
        delivery = (
            Delivery.objects.filter(esp_message_id=message_id).select_related("subscriber").first()
        )
        return delivery.subscriber if delivery else None
    return None
