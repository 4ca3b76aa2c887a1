"""Mail as an outbox.

Every mail the site sends goes through :func:`queue_mail` or
:func:`queue_deferred_mail` and is stored as an :class:`OutgoingMail` row inside the
caller's transaction; its delivery task is enqueued only after commit. The task
locks the row, sends, and records the outcome. A failing ESP leaves the row in
``retry`` with a back-off; the periodic :func:`sweep` picks up rows that are due,
including rows whose worker died. A ``key`` makes a mail idempotent: queueing the
same key twice stores and sends it once.

``queue_mail`` stores the message rendered (subject, text, HTML, attachments), in
Dutch for its recipient. ``queue_deferred_mail`` stores *what to render*: a template
name, a renderer registered with :func:`mail_renderer`, and small JSON ``params``
(ids, and the values of the moment that the mail must describe). The worker renders
it when it first sends it (:func:`deliver`) and keeps the result in the row, so a
transaction that holds a row lock (a registration) spends a millisecond on its mail,
not the tens of milliseconds that templates and a calendar file cost. A render that
fails (a bug, a template error) is a failed attempt like a refusing ESP: the row
waits to be retried, with the error in the admin's outbox, and nothing is lost.

Mail somebody is waiting for (a sign-in code typed in the same browser) is queued with
``priority=URGENT``: its task goes before every waiting task (nieuwsbrief batches,
reminders) and runs as soon as a worker finishes the task it is busy with.
"""

import base64
import copy
import json
import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from website.models.outbox import OutgoingMail

logger = logging.getLogger("samenspel.mail")

# Minutes to wait after the n-th failed attempt; after the last, the mail is marked failed.
BACKOFF_MINUTES = [1, 5, 15, 60, 180, 360, 720]
# A send that has not finished after this long was cut off (a worker killed, a machine
# gone): well past EMAIL_TIMEOUT (30 s), so a slow but live send is never taken over.
STALE_AFTER = timedelta(minutes=2)
# What the sweep writes on such a row; its next send carries RESENT_HEADER.
STALE_NOTE = "The worker stopped during the send; sent again with the same Message-ID."
RESENT_HEADER = "X-Samenspel-Resent"
# How a failed render starts its last_error (the admin's outbox shows it).
RENDER_ERROR = "Rendering failed: "
# The mailer that hands stored mail to the ESP; "default" is the outbox itself, so
# mail sent by Wagtail and Django (moderation, password reset) is stored first too.
DELIVERY_MAILER = "delivery"
# Task priorities (django.tasks: -100 … 100, default 0; the database queue runs the highest
# first). URGENT is for mail a person is waiting for at the screen.
NORMAL = 0
URGENT = 90


def absolute_url(path):
    """``path`` on the site's public address (WAGTAILADMIN_BASE_URL), for mails and feeds.

    The one source of the site's address in every link that leaves a request: mails,
    calendar files and feeds, share links. Wagtail's ``Site`` records only decide
    which pages a host name serves (``load_demo`` and migrations make
    ``localhost:80``, which is nobody's public address).
    """
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_url(page):
    """A page's public address: its path on the default site, on :func:`absolute_url`."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


def render_mail(template, context):
    """(subject, text, html) from emails/<template>_subject.txt, .txt and .html."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text.strip() + "\n", html


def attachment(filename, content, mimetype):
    if isinstance(content, str):
        content = content.encode()
    return {
        "filename": filename,
        "mimetype": mimetype,
        "content": base64.b64encode(content).decode(),
    }


# name -> function(params) returning (template context, attachments); see mail_renderer.
RENDERERS = {}


def register_secret_purpose(prefix):
    """Mails whose purpose starts with ``prefix`` hold a code or link for the recipient
    alone: *Uitgaande mail* shows their subject and status, never their text."""
    if prefix not in OutgoingMail.SECRET_PURPOSES:
        OutgoingMail.SECRET_PURPOSES.append(prefix)


def mail_renderer(name):
    """Register a renderer for deferred mail: ``function(params) -> (context, attachments)``.

    ``params`` is what :func:`queue_deferred_mail` stored; the function loads what the
    ids point to and returns the template's context and a list of :func:`attachment`
    dicts. It runs in the worker, in the transaction that claims the mail. Register it
    where the app is loaded (its ``AppConfig.ready`` or a module that imports).
    """

    def register(function):
        RENDERERS[name] = function
        return function

    return register


def queue_mail(
    *,
    to,
    template=None,
    context=None,
    subject=None,
    text=None,
    html="",
    key=None,
    purpose="",
    attachments=(),
    reply_to="",
    priority=NORMAL,
):
    """Store a mail for ``to`` and send it after commit. Returns the row.

    With a ``key`` that was queued before, nothing new is stored or sent and the
    existing row is returned.
    """
    if key:
        existing = OutgoingMail.objects.filter(key=key).first()
        if existing:
            return existing
    if template:
        subject, text, html = render_mail(template, context or {})
    return _store(
        key=key,
        priority=priority,
        purpose=purpose,
        to=to,
        reply_to=reply_to,
        subject=subject[:255],
        body_text=text,
        body_html=html,
        attachments=list(attachments),
    )


def queue_deferred_mail(
    *,
    to,
    template,
    params=None,
    renderer="",
    key=None,
    purpose="",
    reply_to="",
    priority=NORMAL,
    new_key=False,
):
    """Store a mail for ``to`` that the worker renders when it sends it. Returns the row.

    ``template`` names ``emails/<template>_subject.txt``, ``.txt`` and ``.html``. Without
    a ``renderer`` the ``params`` are the template's context as they are; with one (a
    name registered with :func:`mail_renderer`) the renderer turns them into the
    context and attachments. ``params`` must be JSON: ids and plain values, among them
    whatever the mail must describe as it was when queued (a status, a revision), since
    the rows they point to may have changed by the time it is sent. A ``key`` works as
    for :func:`queue_mail`; ``new_key``: the caller knows no mail has this key (it names a
    row made in the same transaction), so the row is stored without a savepoint.
    """
    params = params or {}
    json.dumps(params)  # plain values only: fail here, in the caller, not in the worker
    if renderer and renderer not in RENDERERS:
        raise ValueError(f"No mail renderer registered as {renderer!r}")
    # No look-up first: a key queued before is rare here (the insert's conflict finds
    # it), and callers hold row locks, where each statement counts.
    return _store(
        key=key,
        priority=priority,
        purpose=purpose,
        to=to,
        reply_to=reply_to,
        subject="",
        body_text="",
        template=template,
        renderer=renderer,
        params=params,
        new_key=new_key,
    )


def rendered(mail):
    """``mail`` as it is or will be sent: a deferred mail not yet sent is rendered in
    memory (nothing saved; when its render fails, it is returned as stored). For
    showing a mail (an AVG export), never for sending."""
    if not mail.waits_for_rendering:
        return mail
    try:
        with transaction.atomic():
            return render_stored(copy.copy(mail))
    except Exception:  # noqa: BLE001  (shown as stored; the worker reports the error)
        logger.warning("Could not render mail %s for showing", mail.pk, exc_info=True)
        return mail


def _store(*, key, priority, new_key=False, **fields):
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">") or "samenspel.nl"

    def create():
        return OutgoingMail.objects.create(
            key=key,
            from_email=settings.DEFAULT_FROM_EMAIL,
            message_id=f"<{uuid.uuid4().hex}@{domain}>",
            **fields,
        )

    if key is None or new_key:
        mail = create()  # nothing to clash with: no savepoint (a round trip under locks)
    else:
        try:
            with transaction.atomic():
                mail = create()
        except IntegrityError:
            # Someone queued the same key at the same moment; theirs stands.
            return OutgoingMail.objects.get(key=key)
    transaction.on_commit(lambda: _enqueue(mail.pk, priority))
    return mail


def render_stored(mail):
    """Fill in a deferred mail's subject, text, HTML and attachments (not saved).

    Raises whatever the renderer or the templates raise.
    """
    params = mail.params or {}
    attachments = []
    if mail.renderer:
        context, attachments = RENDERERS[mail.renderer](params)
    else:
        context = dict(params)
    subject, text, html = render_mail(mail.template, context)
    mail.subject = subject[:255]
    mail.body_text = text
    mail.body_html = html
    mail.attachments = list(attachments)
    mail.rendered_at = timezone.now()
    return mail


def _enqueue(mail_id, priority=NORMAL):
    from website.tasks import deliver_mail

    deliver_mail.using(priority=priority).enqueue(mail_id=mail_id)


def build_message(mail):
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=mail.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
        reply_to=[mail.reply_to] if mail.reply_to else None,
        headers={"Message-ID": mail.message_id} if mail.message_id else None,
    )
    if mail.last_error == STALE_NOTE:
        # Perhaps delivered already: the same Message-ID lets mail programs show it once,
        # and the header lets anyone reading the headers see why it came twice.
        message.extra_headers[RESENT_HEADER] = "possible-duplicate"
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for item in mail.attachments:
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message


def deliver(mail_id):
    """Send one stored mail if it is due. Safe to call twice: a sent mail stays sent."""
    now = timezone.now()
    with transaction.atomic():
        rows = OutgoingMail.objects.filter(
            pk=mail_id,
            status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.RETRY],
            next_attempt_at__lte=now,
        )
        mail = rows.select_for_update(skip_locked=True).first()
        if mail is None:
            return None
        if not mail.to:
            # Erased on the person's request while a send was under way; never send it.
            mail.delete()
            return None
        mail.attempts += 1
        fields = ["status", "attempts", "claimed_at"]
        if mail.waits_for_rendering:
            # Rendered once, here, and kept: a resend after a dead worker sends the same
            # message. A failure is an attempt like a refusing ESP: retried, never lost.
            try:
                with transaction.atomic():
                    render_stored(mail)
            except Exception as error:  # noqa: BLE001  (any error: keep the mail, retry)
                logger.exception("Rendering mail %s failed (attempt %s)", mail.pk, mail.attempts)
                _attempt_failed(mail, f"{RENDER_ERROR}{type(error).__name__}: {error}")
                mail.save(update_fields=["attempts", "status", "last_error", "next_attempt_at"])
                return mail
            fields += ["subject", "body_text", "body_html", "attachments", "rendered_at"]
        mail.status = OutgoingMail.Status.SENDING
        mail.claimed_at = now
        mail.save(update_fields=fields)
    try:
        mailers[DELIVERY_MAILER].send_messages([build_message(mail)])
    except Exception as error:  # noqa: BLE001  (any ESP error means: try again later)
        logger.warning("Mail %s failed (attempt %s): %s", mail.pk, mail.attempts, error)
        _attempt_failed(mail, f"{type(error).__name__}: {error}")
        _record(mail, "status", "last_error", "next_attempt_at")
        return mail
    mail.status = OutgoingMail.Status.SENT
    mail.sent_at = timezone.now()
    mail.last_error = ""
    _record(mail, "status", "sent_at", "last_error")
    return mail


def _attempt_failed(mail, error):
    """A failed attempt: wait for the next one, or, after the last, mark the mail failed."""
    mail.last_error = error[:2000]
    if mail.attempts > len(BACKOFF_MINUTES):
        mail.status = OutgoingMail.Status.FAILED
    else:
        mail.status = OutgoingMail.Status.RETRY
        mail.next_attempt_at = timezone.now() + timedelta(
            minutes=BACKOFF_MINUTES[mail.attempts - 1]
        )


def _record(mail, *fields):
    """Store the outcome of a send; the row may have been erased meanwhile (then: nothing)."""
    OutgoingMail.objects.filter(pk=mail.pk).update(**{name: getattr(mail, name) for name in fields})


def sweep():
    """Enqueue every mail that is due, and recover mails whose worker stopped mid-way.

    A row left in ``sending`` longer than STALE_AFTER is tried again. This is the one
    at-least-once case: the worker may have died after the ESP accepted the message and
    before the row was marked sent (a few milliseconds per mail), and nothing on our side
    can tell. The resend keeps its Message-ID and says so in a header.
    """
    now = timezone.now()
    OutgoingMail.objects.filter(
        status=OutgoingMail.Status.SENDING, claimed_at__lte=now - STALE_AFTER
    ).update(status=OutgoingMail.Status.RETRY, last_error=STALE_NOTE)
    # Rows an erasure emptied while they were being sent: gone once the send is over.
    OutgoingMail.objects.filter(to="").exclude(status=OutgoingMail.Status.SENDING).delete()
    due = OutgoingMail.objects.filter(
        status__in=[OutgoingMail.Status.QUEUED, OutgoingMail.Status.RETRY],
        next_attempt_at__lte=now,
    ).values_list("pk", flat=True)[:500]
    due = list(due)
    for mail_id in due:
        _enqueue(mail_id)
    return len(due)


class OutboxBackend(BaseEmailBackend):
    """The site's default mailer: every message is stored in the outbox, one row per
    recipient, and delivered after commit through the ``delivery`` mailer.

    So Wagtail's moderation and workflow notifications and Django's own mails get the
    same retries, admin listing and erasure as the site's mails.
    """

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            html = next(
                (
                    content
                    for content, mimetype in getattr(message, "alternatives", [])
                    if mimetype == "text/html"
                ),
                "",
            )
            attachments = [
                attachment(name, content, mimetype or "application/octet-stream")
                for name, content, mimetype in _plain_attachments(message)
            ]
            for recipient in [*message.to, *message.cc, *message.bcc]:
                queue_mail(
                    to=recipient,
                    subject=str(message.subject),
                    text=message.body,
                    html=html,
                    purpose="django",
                    attachments=attachments,
                    reply_to=", ".join(message.reply_to),
                )
            count += 1
        return count


def _plain_attachments(message):
    for item in message.attachments:
        if isinstance(item, tuple):  # EmailAttachment; a raw MIME part is left out
            name, content, mimetype = item
            if name:
                yield name, content, mimetype


def erase_mails(rows):
    """Remove the outbox rows in ``rows`` (an OutgoingMail queryset); nothing of them leaks.

    A row that waits (queued, retry) or is done (sent, failed) is deleted, so a waiting
    mail is never sent. A row a worker is sending at this moment cannot be called back:
    it is emptied (no address, subject, text or attachments), so once the send is over
    nothing personal stays, and a retry is never sent. Emptied rows are deleted by the
    outbox's sweep (each minute) or the next erasure, once they are no longer sending.
    """
    sending = OutgoingMail.Status.SENDING
    rows.exclude(status=sending).delete()
    rows.filter(status=sending).update(
        to="",
        reply_to="",
        subject="",
        body_text="",
        body_html="",
        attachments=[],
        params={},
        last_error="",
    )
    OutgoingMail.objects.filter(to="").exclude(status=sending).delete()


def erase_keyed_mails(kind, ids):
    """Erase every mail whose key starts with ``<kind>:<id>:`` for one of ``ids``."""
    from django.db.models import Q

    ids = list(ids)
    for start in range(0, len(ids), 200):
        query = Q()
        for pk in ids[start : start + 200]:
            query |= Q(key__startswith=f"{kind}:{pk}:")
        erase_mails(OutgoingMail.objects.filter(query))
