"""Every write about a subscriber: subscribe, confirm, preferences, unsubscribe, import, purge.

Views, the admin, tasks and tests call these functions. Double opt-in: a request stores
a *pending* row with the consent evidence and queues a confirmation mail; only the
button behind the signed link (a POST) confirms it, and only confirmed rows receive
issues. Each step adds a :class:`~newsletter.models.SubscriberEvent` line.

Mails about a subscriber carry the key ``newsletter:<id>:…`` so that purging or erasing
the row can take its mails out of the outbox too.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsletter import tokens
from newsletter.models import Subscriber, SubscriberEvent
from website.mail import erase_keyed_mails, queue_mail

Status = Subscriber.Status
Kind = SubscriberEvent.Kind


def normalise_email(email):
    return (email or "").strip().lower()


def consent_notice():
    """The notice shown beside every subscribe form, stored word for word as evidence."""
    return _(
        "We use your e-mail address and name only to send you the newsletter, on the themes "
        "you choose. We first send you an e-mail to confirm. You can unsubscribe at any time "
        "with the link in every newsletter."
    )


def unconfirmed_days():
    return getattr(settings, "NEWSLETTER_UNCONFIRMED_DAYS", 30)


def record(subscriber, kind, now=None, detail=""):
    return SubscriberEvent.objects.create(
        subscriber=subscriber, kind=kind, at=now or timezone.now(), detail=detail[:255]
    )


def mail_key(subscriber, what):
    return f"newsletter:{subscriber.pk}:{what}"


def _site_context():
    from wagtail.models import Site

    from website.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    return {
        "site_name": site_settings.organisation_name if site_settings else "Samenspel",
        "contact_email": site_settings.contact_email if site_settings else "",
    }


def _mail(subscriber, template, key):
    context = {
        "subscriber": subscriber,
        "confirm_url": tokens.confirm_url(subscriber),
        "preferences_url": tokens.preferences_url(subscriber),
        "confirm_days": tokens.confirm_days(),
        **_site_context(),
    }
    return queue_mail(
        to=subscriber.email,
        template=template,
        context=context,
        key=key,
        purpose=f"newsletter.{template.removeprefix('newsletter_')}",
    )


def subscribe(
    *,
    email,
    name="",
    themes=(),
    audiences=(),
    consent_text,
    privacy_version,
    source_detail="",
    now=None,
):
    """Ask for a subscription; the caller shows the same answer whatever happens here.

    A new, pending, unsubscribed or suppressed address becomes (again) pending with fresh
    evidence and gets a confirmation mail (at most one per hour, so the form cannot be
    used to flood someone's inbox). A confirmed address stays as it is, so nobody can
    change another person's preferences, and gets a mail with its preferences link.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"source": Subscriber.Source.FORM}
        )
        if subscriber.status == Status.CONFIRMED:
            record(subscriber, Kind.REQUESTED, now, _("already subscribed; no change"))
            _mail(subscriber, "newsletter_already", mail_key(subscriber, f"already:{now:%Y%m%d%H}"))
            return subscriber
        subscriber.name = name.strip()
        subscriber.status = Status.PENDING
        subscriber.source = Subscriber.Source.FORM
        subscriber.source_detail = (source_detail or "")[:255]
        subscriber.consent_text = consent_text
        subscriber.privacy_version = privacy_version or ""
        subscriber.requested_at = now
        subscriber.confirmed_at = None
        subscriber.save()
        subscriber.themes.set(themes)
        subscriber.audiences.set(audiences)
        record(subscriber, Kind.REQUESTED, now, subscriber.source_detail)
        _mail(subscriber, "newsletter_confirm", mail_key(subscriber, f"confirm:{now:%Y%m%d%H}"))
    return subscriber


def can_confirm(subscriber):
    return subscriber.status == Status.PENDING


def confirm(subscriber, now=None):
    """Confirm a pending request (the button behind the confirm link). True when it did."""
    now = now or timezone.now()
    with transaction.atomic():
        row = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not can_confirm(row):
            return False
        row.status = Status.CONFIRMED
        row.confirmed_at = now
        row.unsubscribed_at = None
        row.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        record(row, Kind.CONFIRMED, now)
    subscriber.refresh_from_db()
    return True


def update_preferences(subscriber, *, name, themes, audiences, now=None, source=""):
    """Change name, themes and audiences; recorded as one history line.

    ``source`` says where the change was made when it was not the preferences page
    (a member's Follow page), and goes into that line.
    """
    with transaction.atomic():
        subscriber.name = name.strip()
        subscriber.save(update_fields=["name"])
        subscriber.themes.set(themes)
        subscriber.audiences.set(audiences)
        names = ", ".join(theme.name for theme in themes) or _("all themes")
        record(subscriber, Kind.PREFERENCES, now, f"{names} ({source})" if source else names)


def unsubscribe(subscriber, now=None, detail=""):
    """Stop all issues to this address at once. Safe to repeat: True only the first time.

    Nothing is rotated, so the same link (or a mail client's one-click POST) keeps working.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if row.status not in (Status.PENDING, Status.CONFIRMED):
            return False
        row.status = Status.UNSUBSCRIBED
        row.unsubscribed_at = now
        row.save(update_fields=["status", "unsubscribed_at"])
        record(row, Kind.UNSUBSCRIBED, now, detail)
    subscriber.refresh_from_db()
    return True


def purge_unconfirmed(now=None):
    """Requests not confirmed within NEWSLETTER_UNCONFIRMED_DAYS are deleted.

    Someone who was subscribed before and asked again without confirming simply stays
    unsubscribed: their earlier history is kept. Returns the number of rows deleted.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=unconfirmed_days())
    stale = Subscriber.objects.filter(status=Status.PENDING, requested_at__lt=cutoff)
    with transaction.atomic():
        stale.filter(unsubscribed_at__isnull=False).update(status=Status.UNSUBSCRIBED)
        never = stale.filter(unsubscribed_at__isnull=True)
        ids = list(never.values_list("pk", flat=True))
        erase_keyed_mails("newsletter", ids)
        Subscriber.objects.filter(pk__in=ids).delete()
    return len(ids)


# -- import -------------------------------------------------------------------------------


@dataclass
class ImportRow:
    line: int
    email: str
    name: str = ""
    themes: list = field(default_factory=list)


@dataclass
class ImportResult:
    added: int = 0
    confirmed: int = 0
    already: int = 0
    skipped_unsubscribed: int = 0


def import_subscribers(rows, *, consent_source, now=None):
    """Store already-checked rows as confirmed subscribers, all or nothing.

    New addresses and pending requests become confirmed, with source "import" and
    ``consent_source`` as the evidence. Confirmed addresses stay as they are. Addresses
    that unsubscribed or were suppressed are never added again by an import.
    """
    now = now or timezone.now()
    result = ImportResult()
    with transaction.atomic():
        for row in rows:
            subscriber, created = Subscriber.objects.select_for_update().get_or_create(
                email=row.email, defaults={"source": Subscriber.Source.IMPORT}
            )
            if subscriber.status == Status.CONFIRMED:
                result.already += 1
                continue
            if subscriber.status in (Status.UNSUBSCRIBED, Status.SUPPRESSED):
                result.skipped_unsubscribed += 1
                continue
            subscriber.name = row.name or subscriber.name
            subscriber.status = Status.CONFIRMED
            subscriber.source = Subscriber.Source.IMPORT
            subscriber.source_detail = consent_source[:255]
            subscriber.consent_text = consent_source
            subscriber.privacy_version = ""
            subscriber.requested_at = subscriber.requested_at or now
            subscriber.confirmed_at = now
            subscriber.save()
            if row.themes:
                subscriber.themes.set(row.themes)
            record(subscriber, Kind.IMPORTED, now, consent_source)
            if created:
                result.added += 1
            else:
                result.confirmed += 1
    return result


# -- privacy (AVG): registered with website.privacy in NewsletterConfig.ready() -----------


def _iso(value):
    return value.isoformat() if value else None


def export_person(email):
    """The subscription of one address, its evidence, history, deliveries and ESP events."""
    from newsletter.models import Delivery, TrackingEvent

    email = normalise_email(email)
    subscriber = (
        Subscriber.objects.filter(email=email).prefetch_related("themes", "audiences").first()
    )
    tracking = TrackingEvent.objects.filter(recipient__iexact=email).order_by("at", "pk")
    if subscriber is None and not tracking.exists():
        return None
    data = {"subscription": None, "tracking_events": []}
    if subscriber is not None:
        deliveries = Delivery.objects.filter(subscriber=subscriber).select_related("send__issue")
        data["subscription"] = {
            "email": subscriber.email,
            "name": subscriber.name,
            "status": str(subscriber.get_status_display()),
            "themes": [theme.name for theme in subscriber.themes.all()],
            "audiences": [audience.name for audience in subscriber.audiences.all()],
            "source": str(subscriber.get_source_display()),
            "source_detail": subscriber.source_detail,
            "consent_text": subscriber.consent_text,
            "privacy_version": subscriber.privacy_version,
            "requested_at": _iso(subscriber.requested_at),
            "confirmed_at": _iso(subscriber.confirmed_at),
            "unsubscribed_at": _iso(subscriber.unsubscribed_at),
            "suppressed_reason": subscriber.suppressed_reason,
            "history": [
                {
                    "what": str(event.get_kind_display()),
                    "at": _iso(event.at),
                    "detail": event.detail,
                }
                for event in subscriber.history.order_by("at", "pk")
            ],
            "deliveries": [
                {
                    "issue": delivery.send.issue.title,
                    "status": str(delivery.get_status_display()),
                    "sent_at": _iso(delivery.sent_at),
                }
                for delivery in deliveries.order_by("pk")
            ],
        }
    data["tracking_events"] = [
        {"event": event.event_type, "at": _iso(event.at), "description": event.description}
        for event in tracking
    ]
    return data


def erase_person(email, now=None):
    """Delete the subscription of one address with everything hanging on it.

    Its history and deliveries go with the row; the ESP's events about it (by address,
    and by the message ids of its deliveries) and its mails in the outbox go too.
    Returns the number of subscriptions deleted (0 or 1).
    """
    from newsletter.models import Delivery, TrackingEvent

    email = normalise_email(email)
    with transaction.atomic():
        ids = list(Subscriber.objects.filter(email=email).values_list("pk", flat=True))
        message_ids = [
            message_id
            for message_id in Delivery.objects.filter(subscriber_id__in=ids).values_list(
                "esp_message_id", flat=True
            )
            if message_id
        ]
        TrackingEvent.objects.filter(recipient__iexact=email).delete()
        if message_ids:
            TrackingEvent.objects.filter(esp_message_id__in=message_ids).delete()
        erase_keyed_mails("newsletter", ids)
        Subscriber.objects.filter(pk__in=ids).delete()
    return len(ids)


def describe_held(data):
    """One line per thing held, for the admin's privacy screen."""
    lines = []
    subscription = data.get("subscription")
    if subscription:
        lines.append(
            _("Newsletter subscription (%(status)s), %(count)s history lines")
            % {"status": subscription["status"], "count": len(subscription["history"])}
        )
    if data.get("tracking_events"):
        lines.append(
            _("%(count)s newsletter delivery events") % {"count": len(data["tracking_events"])}
        )
    return lines
