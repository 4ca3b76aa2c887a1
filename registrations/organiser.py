"""What organisers do with an event's registrations, on top of :mod:`registrations.services`.

Places, waitlists and mails about a registration stay in the services: adding a
registration by hand is ``services.register(..., source=ADMIN)``, moving one is
``services.change_session`` (``force`` when the organiser overrides a full session),
and erasing a person is ``services.erase_person``. This module adds what only the
admin needs: reading and filtering, counts per session, attendance, messages to
registrants, and the audit log entries (Wagtail's log) of who did what.

Log entries never carry personal data in their label: a registration is logged as
"registration 12", so anonymising it leaves nothing behind in the log.
"""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.log_actions import log

from events.models import EventPage, EventSession
from registrations import services
from registrations.models import Registration
from website.mail import page_url, queue_mail
from website.models import OutgoingMail

logger = logging.getLogger("samenspel.registrations")

Status = Registration.Status

ADDED = "registrations.added"
MOVED = "registrations.moved"
CANCELLED = "registrations.cancelled"
ATTENDANCE = "registrations.attendance"
MESSAGE = "registrations.message"
EXPORTED = "registrations.exported"
PRIVACY_EXPORT = "registrations.privacy_export"
PRIVACY_ERASE = "registrations.privacy_erase"


def _log_registration(registration, action, data=None):
    log(
        registration,
        action,
        title=f"registration {registration.pk}",
        data={"event": registration.event_id, **(data or {})},
    )


# -- reading ---------------------------------------------------------------------------------


def registrations_of(event):
    """All registrations of ``event`` that still hold a person, with what a listing shows."""
    return (
        Registration.objects.filter(event_id=event.pk)
        .exclude(anonymised_at__isnull=False)
        .select_related("session", "session__organisation", "session__theme", "region")
        .order_by("name", "pk")
    )


def filter_registrations(rows, *, status="", session_id=None, query=""):
    if status == "actief":
        rows = rows.filter(status__in=Registration.ACTIVE)
    elif status in Status.values:
        rows = rows.filter(status=status)
    if session_id:
        rows = rows.filter(session_id=session_id)
    query = (query or "").strip()
    if query:
        rows = rows.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__icontains=query)
        )
    return rows


@dataclass
class SessionCount:
    """Counts for one session (or, with ``session`` None, the event as a whole)."""

    session: EventSession | None
    confirmed: int
    offered: int
    waitlisted: int
    taken: int
    capacity: int | None

    @property
    def left(self):
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.taken)

    @property
    def full(self):
        return self.capacity is not None and self.taken >= self.capacity

    @property
    def overbooked(self):
        return self.capacity is not None and self.taken > self.capacity

    @property
    def percentage(self):
        if not self.capacity:
            return 100 if self.taken else 0
        return min(100, round(100 * self.taken / self.capacity))


def status_counts(event_ids):
    """{event id: {session id or None: {status: count}}} in one query (None: whole event)."""
    result = {pk: {None: {}} for pk in event_ids}
    rows = (
        Registration.objects.filter(event_id__in=event_ids, status__in=Registration.ACTIVE)
        .exclude(email="")
        .values("event_id", "session_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        per_event = result[row["event_id"]]
        for key in (row["session_id"], None):
            bucket = per_event.setdefault(key, {})
            bucket[row["status"]] = bucket.get(row["status"], 0) + row["n"]
    return result


def session_counts(event, sessions, settings_row, places=None, statuses=None):
    """One :class:`SessionCount` per session, then one for the event as a whole.

    ``places`` and ``statuses`` (from :func:`services.place_counts` and
    :func:`status_counts`) may be passed in to count many events in a fixed number of
    queries.
    """
    if places is None:
        places = services.place_counts([event.pk])[event.pk]
    if statuses is None:
        statuses = status_counts([event.pk])[event.pk]

    def count(key, capacity):
        by_status = statuses.get(key, {})
        return SessionCount(
            session=None if key is None else next(s for s in sessions if s.pk == key),
            confirmed=by_status.get(Status.CONFIRMED, 0),
            offered=by_status.get(Status.OFFERED, 0),
            waitlisted=by_status.get(Status.WAITLISTED, 0),
            taken=places.get(key, 0),
            capacity=capacity,
        )

    result = [count(session.pk, session.capacity) for session in sessions]
    event_capacity = settings_row.capacity if settings_row is not None else None
    if event_capacity is None and sessions and all(s.capacity is not None for s in sessions):
        event_capacity = sum(s.capacity for s in sessions)
    result.append(count(None, event_capacity))
    return result


def presence_list(event, session=None):
    """Confirmed registrants, by name (case and accents aside), for one session or all."""
    rows = Registration.objects.filter(event_id=event.pk, status=Status.CONFIRMED).exclude(email="")
    if session is not None:
        rows = rows.filter(session_id=session.pk)
    if event.attendance == EventPage.Attendance.ONLINE:
        return sorted(rows, key=_name_key)
    return sorted(rows.select_related("session"), key=_name_key)


def _name_key(registration):
    import unicodedata

    text = unicodedata.normalize("NFKD", registration.name.casefold())
    return ("".join(c for c in text if not unicodedata.combining(c)), registration.pk)


# -- changing --------------------------------------------------------------------------------


class AlreadyRegistered(services.RegistrationError):
    code = "already"


def add_by_hand(event, registrant):
    """An organiser adds someone: through the services (places, waitlist, mail), with
    source "added by an organiser"; the log says who. No consent is asked for here.

    Raises :class:`AlreadyRegistered` (the address has an active registration) or
    the services' errors. Returns the services' :class:`~services.Outcome`.
    """
    email = services.normalise_email(registrant.email)
    if Registration.objects.filter(event_id=event.pk, email=email).active().exists():
        raise AlreadyRegistered()
    registrant.consent = False
    outcome = services.register(event, registrant, source=Registration.Source.ADMIN)
    if outcome.created:
        _log_registration(outcome.registration, ADDED, {"shown": outcome.shown})
    return outcome


def move(registration, session, *, force=False):
    """Move to another session; ``force`` overrides a full session (asked for explicitly)."""
    old_session_id = registration.session_id
    moved = services.change_session(registration, session, force=force)
    if moved.session_id != old_session_id:
        _log_registration(
            moved, MOVED, {"from": old_session_id, "to": session.pk, "forced": bool(force)}
        )
    return moved


def cancel(registration):
    done = services.cancel(registration, by_organiser=True)
    if done:
        _log_registration(registration, CANCELLED)
    return done


def mark_attendance(event, shown_ids, present_ids):
    """Of the registrations ``shown_ids`` (confirmed ones of this event), mark
    ``present_ids`` as attended and the others as not attended. Returns (present, absent)."""
    shown = set(shown_ids)
    present = set(present_ids) & shown
    absent = shown - present
    rows = Registration.objects.filter(event_id=event.pk, status=Status.CONFIRMED).exclude(email="")
    with transaction.atomic():
        marked_present = rows.filter(pk__in=present).update(attended=True)
        marked_absent = rows.filter(pk__in=absent).update(attended=False)
        log(
            event,
            ATTENDANCE,
            data={"present": marked_present, "absent": marked_absent},
        )
    return marked_present, marked_absent


# -- messages to registrants -------------------------------------------------------------------


def new_message_id():
    """Identifies one message form: posting the same form twice sends each mail once."""
    return secrets.token_urlsafe(12)


def message_key(registration, message_id):
    # Starts with "registration:<id>:" so erasing the registration removes the sent mail.
    return f"registration:{registration.pk}:message:{message_id}"


def render_message(registration, subject, body, site):
    context = {
        "registration": registration,
        "event": registration.event,
        "session": registration.session,
        "event_url": page_url(registration.event),
        "manage_url": registration.manage_url() if registration.is_active else "",
        "message_subject": subject,
        "message_body": body,
        **site,
    }
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string("registrations/admin/mail/message.txt", context)
        html = render_to_string("registrations/admin/mail/message.html", context)
    return text.strip() + "\n", html


@dataclass
class MessageResult:
    queued: int
    already: int


def send_message(event, registrations, *, subject, body, message_id, sender=None):
    """Queue one mail per registration through the outbox, once per message and person.

    Returns how many were queued now and how many had been queued before (a second
    post of the same form).
    """
    site = services._site_context()
    reply_to = event.contact_email or (sender.email if sender is not None else "")
    rows = list(registrations)
    keys = {registration.pk: message_key(registration, message_id) for registration in rows}
    existing = set(OutgoingMail.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    queued = 0
    with transaction.atomic():
        for registration in rows:
            key = keys[registration.pk]
            if key in existing or not registration.email:
                continue
            text, html = render_message(registration, subject, body, site)
            queue_mail(
                to=registration.email,
                subject=subject,
                text=text,
                html=html,
                key=key,
                purpose="registrations.organiser_message",
                reply_to=reply_to,
            )
            queued += 1
        if queued:
            log(
                event,
                MESSAGE,
                data={"subject": subject, "recipients": queued, "message": message_id},
            )
    return MessageResult(queued=queued, already=len(rows) - queued)


# -- privacy requests ------------------------------------------------------------------------


def privacy_export(email, user=None):
    """Everything held about one address (``services.export_person``), logged."""
    data = services.export_person(email)
    data["exported_at"] = timezone.now().isoformat()
    _log_privacy(PRIVACY_EXPORT, email, user)
    return data


def privacy_erase(email, user=None):
    """Erase one address (``services.erase_person``), logged without the address."""
    ids = _registration_ids(email)
    count = services.erase_person(email)
    _log_privacy(PRIVACY_ERASE, email, user, ids)
    return count


def _registration_ids(email):
    email = services.normalise_email(email)
    return list(Registration.objects.filter(email=email).values_list("pk", flat=True))


def _log_privacy(action, email, user, ids=None):
    ids = _registration_ids(email) if ids is None else ids
    data = {"registrations": ids}
    if user is not None:
        # Logged on the admin who did it: the log keeps no address of the person.
        log(user, action, title=str(user), data=data)
    logger.info("%s by user %s: registrations %s", action, getattr(user, "pk", None), ids)
