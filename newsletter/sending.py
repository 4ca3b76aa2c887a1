"""Sending an issue: once, resumable, to exactly the right people.

1. :func:`schedule_send` records that an issue is to go out (now or later). There is
   one :class:`IssueSend` per issue, so a second request sends nothing again.
2. :func:`start_send` (a task, when the moment comes) freezes the "upcoming meetings"
   block and writes one :class:`Delivery` row per recipient, unique per pair.
3. :func:`send_batches` (tasks on one or more workers) claims batches of rows with
   ``SELECT … FOR UPDATE SKIP LOCKED`` plus a conditional UPDATE that stamps the
   worker's own claim, renders the issue once, personalises it for each recipient at
   that moment, sends through the ``newsletter`` mailer and marks each row sent with
   the ESP's message id.
4. :func:`sweep` (periodic) starts scheduled sends, hands rows claimed by a worker that
   died back to the queue, re-enqueues unfinished sends and closes finished ones.

What remains at-least-once: a worker killed after the ESP accepted a message but before
its row was marked sent (a few milliseconds per message) sends that one message again
when its row is reclaimed; it keeps its Message-ID, so mail clients show one message.
"""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from newsletter import rendering, tokens
from newsletter.models import Delivery, IssueSend, NewsletterIssuePage, Subscriber

logger = logging.getLogger("samenspel.newsletter")

MAILER = "newsletter"


def batch_size():
    return getattr(settings, "NEWSLETTER_BATCH_SIZE", 100)


def claim_timeout():
    """Seconds after which a claimed row whose worker went silent is handed out again."""
    return getattr(settings, "NEWSLETTER_CLAIM_TIMEOUT", 300)


def max_attempts():
    return getattr(settings, "NEWSLETTER_MAX_ATTEMPTS", 5)


def rate_limit():
    """Messages per second per worker; 0 is no limit."""
    return getattr(settings, "NEWSLETTER_RATE_LIMIT", 0)


def parallel_tasks():
    return getattr(settings, "NEWSLETTER_PARALLEL_TASKS", 2)


def merge_field_format():
    """E.g. ``{{{{{}}}}}`` for ESPs whose batch sends fill in ``{{name}}``; empty: one
    message per recipient."""
    return getattr(settings, "NEWSLETTER_MERGE_FIELD_FORMAT", "")


# -- who receives it ------------------------------------------------------------------------------


def recipients(issue):
    """The confirmed subscribers this issue goes to."""
    subscribers = Subscriber.objects.confirmed()
    if issue.audience == NewsletterIssuePage.Audience.THEMES:
        theme_ids = list(issue.themes.values_list("pk", flat=True))
        subscribers = subscribers.filter(
            pk__in=Subscriber.themes.through.objects.filter(theme_id__in=theme_ids).values(
                "subscriber_id"
            )
        )
    return subscribers


# -- scheduling and starting -------------------------------------------------------------------


class NotSendable(Exception):
    """The issue cannot be sent (not published); the message says why, in Dutch."""


def schedule_send(issue, *, user=None, at=None):
    """Record that ``issue`` goes out at ``at`` (now when None); returns (send, created).

    An issue is sent once: when it already has a send that is not cancelled, that send
    is returned unchanged.
    """
    from django.utils.translation import gettext as _

    issue = NewsletterIssuePage.objects.get(pk=issue.pk)
    if not issue.live:
        raise NotSendable(_("Publish the newsletter before sending it."))
    now = timezone.now()
    with transaction.atomic():
        send, created = IssueSend.objects.select_for_update().get_or_create(
            issue=issue, defaults={"scheduled_for": at or now, "requested_by": user}
        )
        if not created and send.status == IssueSend.Status.CANCELLED:
            send.status = IssueSend.Status.SCHEDULED
            send.scheduled_for = at or now
            send.requested_by = user
            send.save(update_fields=["status", "scheduled_for", "requested_by"])
            created = True
        if created and send.scheduled_for <= now:
            send_id = send.pk
            transaction.on_commit(lambda: _enqueue_start(send_id))
    return send, created


def cancel_scheduled(send):
    """Cancel a send that has not started; returns whether it was cancelled."""
    return bool(
        IssueSend.objects.filter(pk=send.pk, status=IssueSend.Status.SCHEDULED).update(
            status=IssueSend.Status.CANCELLED
        )
    )


def _enqueue_start(send_id):
    from newsletter.tasks import start_newsletter_send

    start_newsletter_send.enqueue(send_id=send_id)


def _enqueue_batches(send_id, count=None):
    from newsletter.tasks import send_newsletter_batches

    for _number in range(count or parallel_tasks()):
        send_newsletter_batches.enqueue(send_id=send_id)


def start_send(send_id, now=None):
    """Freeze the issue's contents and write a delivery row per recipient. Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        send = (
            IssueSend.objects.select_for_update()
            .select_related("issue")
            .filter(pk=send_id, status=IssueSend.Status.SCHEDULED, scheduled_for__lte=now)
            .first()
        )
        if send is None:
            return False
        issue = send.issue
        counts = [block.value["count"] for block in issue.body if block.block_type == "upcoming"]
        if counts:
            send.upcoming_event_ids = [
                event.pk for event in rendering.upcoming_events(issue, max(counts), now)
            ]
        ids = recipients(issue).order_by("pk").values_list("pk", flat=True)
        chunk = []
        for subscriber_id in ids.iterator(chunk_size=5000):
            chunk.append(Delivery(send=send, subscriber_id=subscriber_id))
            if len(chunk) == 5000:
                Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
                chunk = []
        Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
        send.status = IssueSend.Status.SENDING
        send.started_at = now
        send.save(update_fields=["status", "started_at", "upcoming_event_ids"])
        transaction.on_commit(lambda: _enqueue_batches(send_id))
    return True


# -- claiming and sending -------------------------------------------------------------------------


def claim_batch(send_id, size=None):
    """Claim up to ``size`` queued rows of the send for this worker; returns them.

    SKIP LOCKED lets parallel workers take different rows without waiting; the
    conditional UPDATE (still queued) with a fresh claim value makes a row belong to
    exactly one worker even where the database ignores row locks (SQLite).
    """
    claim = uuid.uuid4().hex
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Delivery.objects.filter(send_id=send_id, status=Delivery.Status.QUEUED)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[: size or batch_size()]
        )
        if not ids:
            return []
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.QUEUED).update(
            status=Delivery.Status.SENDING, claim=claim, claimed_at=now
        )
    return list(
        Delivery.objects.filter(claim=claim, status=Delivery.Status.SENDING)
        .select_related("subscriber")
        .order_by("pk")
    )


def message_id(delivery):
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "samenspel.nl"
    return f"<nieuwsbrief.{delivery.send_id}.{delivery.pk}@{domain}>"


def _headers(unsubscribe_url, delivery):
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"{settings.WAGTAIL_SITE_NAME} <nieuwsbrief.{_domain()}>",
        "Message-ID": message_id(delivery),
        "Precedence": "bulk",
    }


def _domain():
    return settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/")[0].split(":")[0]


def _tracking(message):
    # Privacy first: no open pixels or rewritten links unless the operator turns them on.
    message.track_opens = getattr(settings, "NEWSLETTER_TRACK_OPENS", False)
    message.track_clicks = getattr(settings, "NEWSLETTER_TRACK_CLICKS", False)


def build_message(rendered, delivery):
    subscriber = delivery.subscriber
    unsubscribe = tokens.unsubscribe_url(subscriber)
    name = subscriber.name or _reader()
    text, html = rendered.personalise(name, tokens.preferences_url(subscriber), unsubscribe)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[subscriber.email],
        headers=_headers(unsubscribe, delivery),
    )
    message.attach_alternative(html, "text/html")
    _tracking(message)
    return message


def _reader():
    from django.utils.translation import gettext, override

    with override(settings.LANGUAGE_CODE):
        return gettext("reader")


def _mark_sent(delivery, esp_id, now=None):
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
        status=Delivery.Status.SENT,
        sent_at=now or timezone.now(),
        esp_message_id=str(esp_id or "")[:255],
        attempts=delivery.attempts + 1,
        error="",
    )


def _mark_batch_sent(deliveries, esp_ids):
    """Mark a batch that one API call handed over, in one transaction.

    One plain UPDATE per row sent with executemany (psycopg pipelines them): the ORM's
    bulk_update builds a CASE per row and costs more than the send itself.
    """
    quote = connection.ops.quote_name
    table = quote(Delivery._meta.db_table)
    # Identifiers only, quoted; every value is a parameter.
    sql = (
        f"UPDATE {table} SET {quote('status')} = %s, {quote('sent_at')} = %s, "  # noqa: S608
        f"{quote('esp_message_id')} = %s, {quote('attempts')} = {quote('attempts')} + 1, "
        f"{quote('error')} = '' WHERE {quote('id')} = %s AND {quote('claim')} = %s"
    )
    now = timezone.now()
    rows = [
        (Delivery.Status.SENT, now, str(esp_ids.get(d.pk) or "")[:255], d.pk, d.claim)
        for d in deliveries
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _release(deliveries):
    """Give untried rows back to the queue, as they were."""
    Delivery.objects.filter(
        pk__in=[d.pk for d in deliveries], status=Delivery.Status.SENDING
    ).update(status=Delivery.Status.QUEUED, claim="")


def _mark_failed(deliveries, error):
    """Give the rows back to the queue, or mark them failed after the last attempt."""
    text = f"{type(error).__name__}: {error}"[:500]
    for delivery in deliveries:
        attempts = delivery.attempts + 1
        status = Delivery.Status.FAILED if attempts >= max_attempts() else Delivery.Status.QUEUED
        Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
            status=status, attempts=attempts, error=text, claim=""
        )


def _esp_id(message):
    status = getattr(message, "anymail_status", None)
    if status is not None and status.message_id:
        ids = status.message_id
        return ",".join(sorted(map(str, ids))) if isinstance(ids, set) else str(ids)
    return message.extra_headers.get("Message-ID", "")


def deliver_batch(deliveries, rendered, connection):
    """Send claimed rows; returns (how many went out, whether the ESP failed).

    Stops at the first failure and gives the rest of the batch back to the queue.
    """
    skipped = [d for d in deliveries if d.subscriber.status != Subscriber.Status.CONFIRMED]
    if skipped:
        Delivery.objects.filter(pk__in=[d.pk for d in skipped]).update(
            status=Delivery.Status.SKIPPED, claim=""
        )
    deliveries = [d for d in deliveries if d.subscriber.status == Subscriber.Status.CONFIRMED]
    if not deliveries:
        return 0, False
    if merge_field_format():
        return _deliver_merged(deliveries, rendered, connection)
    sent = 0
    pause = 1 / rate_limit() if rate_limit() else 0
    for index, delivery in enumerate(deliveries):
        message = build_message(rendered, delivery)
        try:
            connection.send_messages([message])
        except Exception as error:  # noqa: BLE001  (any ESP error: back to the queue)
            logger.warning("Newsletter delivery %s failed: %s", delivery.pk, error)
            _mark_failed([delivery], error)
            _release(deliveries[index + 1 :])
            return sent, True
        _mark_sent(delivery, _esp_id(message))
        sent += 1
        if pause:
            time.sleep(pause)
    return sent, False


def _deliver_merged(deliveries, rendered, connection):
    """One API call for the batch with anymail's merge_data and merge_headers."""
    field = merge_field_format()
    text, html = rendered.with_merge_fields(field)
    merge_data, merge_headers = {}, {}
    for delivery in deliveries:
        subscriber = delivery.subscriber
        unsubscribe = tokens.unsubscribe_url(subscriber)
        merge_data[subscriber.email] = {
            "name": subscriber.name or _reader(),
            "preferences_url": tokens.preferences_url(subscriber),
            "unsubscribe": unsubscribe,
        }
        merge_headers[subscriber.email] = _headers(unsubscribe, delivery)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=text,
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=list(merge_data),
    )
    message.attach_alternative(html, "text/html")
    message.merge_data = merge_data
    message.merge_headers = merge_headers
    _tracking(message)
    try:
        connection.send_messages([message])
    except Exception as error:  # noqa: BLE001
        logger.warning("Newsletter batch of %s failed: %s", len(deliveries), error)
        _mark_failed(deliveries, error)
        return 0, True
    recipients_status = getattr(getattr(message, "anymail_status", None), "recipients", {})
    esp_ids = {
        d.pk: getattr(recipients_status.get(d.subscriber.email), "message_id", "")
        for d in deliveries
    }
    _mark_batch_sent(deliveries, esp_ids)
    return len(deliveries), False


def send_batches(send_id, max_batches=None):
    """Claim and send batches until none is left (or ``max_batches``); returns the count."""
    send = IssueSend.objects.select_related("issue").filter(pk=send_id).first()
    if send is None or send.status != IssueSend.Status.SENDING:
        return 0
    rendered = rendering.render_issue(send.issue.specific)
    connection = mailers[MAILER]
    total = batches = 0
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001  (the ESP is unreachable: the sweep resumes)
        logger.warning("Newsletter send %s waits: the mailer cannot connect: %s", send_id, error)
        return 0
    try:
        while max_batches is None or batches < max_batches:
            deliveries = claim_batch(send_id)
            if not deliveries:
                break
            batches += 1
            sent, esp_failed = deliver_batch(deliveries, rendered, connection)
            total += sent
            if esp_failed:
                break  # the ESP failed: the sweep's next round resumes
    finally:
        connection.close()
    finish_if_done(send_id)
    return total


def finish_if_done(send_id):
    open_rows = Delivery.objects.filter(
        send_id=send_id, status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if open_rows.exists():
        return False
    return bool(
        IssueSend.objects.filter(pk=send_id, status=IssueSend.Status.SENDING).update(
            status=IssueSend.Status.DONE, finished_at=timezone.now()
        )
    )


def sweep(now=None):
    """Start due sends, recover rows of dead workers, resume unfinished sends."""
    now = now or timezone.now()
    for send_id in IssueSend.objects.filter(
        status=IssueSend.Status.SCHEDULED, scheduled_for__lte=now
    ).values_list("pk", flat=True):
        _enqueue_start(send_id)
    stale = now - timedelta(seconds=claim_timeout())
    for send_id in IssueSend.objects.filter(status=IssueSend.Status.SENDING).values_list(
        "pk", flat=True
    ):
        Delivery.objects.filter(
            send_id=send_id, status=Delivery.Status.SENDING, claimed_at__lte=stale
        ).update(status=Delivery.Status.QUEUED, claim="")
        rows = Delivery.objects.filter(send_id=send_id)
        if not rows.filter(status=Delivery.Status.QUEUED).exists():
            finish_if_done(send_id)
        elif not rows.filter(status=Delivery.Status.SENDING).exists():
            # Nobody is at work on it (a worker died, or the ESP failed): resume. While a
            # worker holds a fresh claim, its own loop takes the rest.
            _enqueue_batches(send_id)


def progress_of(send):
    counts = dict(
        Delivery.objects.filter(send=send)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    total = sum(counts.values())
    done = sum(counts.get(s, 0) for s in ("sent", "failed", "skipped"))
    return {
        "status": send.status,
        "status_display": str(send.get_status_display()),
        "total": total,
        "queued": counts.get("queued", 0) + counts.get("sending", 0),
        "sent": counts.get("sent", 0),
        "failed": counts.get("failed", 0),
        "skipped": counts.get("skipped", 0),
        "percent": round(100 * done / total) if total else (100 if send.status == "done" else 0),
        "started_at": send.started_at.isoformat() if send.started_at else None,
        "finished_at": send.finished_at.isoformat() if send.finished_at else None,
    }


# -- run to the end in the foreground (manage.py send_newsletter --now) -------------------------


def send_now(send):
    """Run ``send`` to the end in this process, through the same steps as the worker."""
    IssueSend.objects.filter(pk=send.pk, status=IssueSend.Status.SCHEDULED).update(
        scheduled_for=timezone.now()
    )
    start_send(send.pk)
    while Delivery.objects.filter(send=send, status=Delivery.Status.QUEUED).exists():
        if not send_batches(send.pk):
            break
    finish_if_done(send.pk)
    send.refresh_from_db()
    return send


def send_test(issue, addresses):
    """A test mail per address through the outbox, marked as a test; nothing else changes."""
    from django.utils.translation import gettext, override

    from website.mail import queue_mail

    rendered = rendering.render_issue(issue)
    with override(settings.LANGUAGE_CODE):
        prefix = gettext("[Test]")
        name = gettext("reader")
    archive = rendering.absolute_url(issue.get_parent().get_url_parts()[2])
    text, html = rendered.personalise(name, archive, archive)
    for address in addresses:
        queue_mail(
            to=address,
            subject=f"{prefix} {rendered.subject}",
            text=text,
            html=html,
            purpose="newsletter.test",
        )
    return len(addresses)


__all__ = [
    "NotSendable",
    "cancel_scheduled",
    "claim_batch",
    "deliver_batch",
    "progress_of",
    "recipients",
    "schedule_send",
    "send_batches",
    "send_now",
    "send_test",
    "start_send",
    "sweep",
]
