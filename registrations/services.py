"""Every write that touches several rows or sends mail: views, admin, tasks and tests call these.

Places and locking
    A place is held by a ``confirmed`` registration or an open ``offered`` one. In a
    hybrid event only on-site registrants take a place; online attendance is not
    limited. Each change that takes or frees places runs in one transaction that
    locks, right before counting, the rows whose capacity it uses: the session row
    and, when the event has its own capacity (and always when places are handed on),
    the event's :class:`~registrations.models.RegistrationSettings` row. Locks are
    always taken in the same order (settings row, then sessions by id), so two
    transactions never wait for each other in a circle. On SQLite, writes are
    serialised anyway (``transaction_mode`` IMMEDIATE).

Mail
    Every mail goes through the outbox inside the same transaction, with a key, so it
    is sent once and only after the change is committed. Mails about a registration
    are stored as what to render (:func:`send_mail`), so a transaction holding the
    session's row lock spends about a millisecond on its mail; the worker renders it.
"""

import dataclasses
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.models import EventPage, EventSession
from registrations.models import (
    Invitation,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
    new_nonce,
)
from website import pagecache, privacy
from website.mail import (
    attachment,
    erase_keyed_mails,
    erase_mails,
    mail_renderer,
    page_url,
    queue_deferred_mail,
    queue_mail,
    rendered,
)
from website.models import Region

logger = logging.getLogger("samenspel.registrations")

Status = Registration.Status

# What the person is told on screen after submitting.
SHOWN_CONFIRMED = "confirmed"
SHOWN_WAITLISTED = "waitlisted"
SHOWN_FULL = "full"


class RegistrationError(Exception):
    """A registration that cannot be made or changed; ``message`` is for the person."""

    code = "error"

    def __init__(self, message=""):
        super().__init__(message)
        self.message = message


class RegistrationClosed(RegistrationError):
    code = "closed"


class InvitationRequired(RegistrationError):
    code = "invitation"


class InvitationForAnotherAddress(RegistrationError):
    """A personal invitation used with an address it was not sent to."""

    code = "invitation_address"


def invitation_fits(invitation, email):
    """Whether ``email`` may register with ``invitation``: its own address, or anyone's
    when the organisers let it be passed on."""
    return invitation.transferable or normalise_email(email) == normalise_email(invitation.email)


class SessionRequired(RegistrationError):
    code = "session"


class NoPlace(RegistrationError):
    code = "full"


class OfferLapsed(RegistrationError):
    code = "lapsed"


@dataclass
class Registrant:
    """What one person filled in (the form builds one per person)."""

    name: str
    email: str
    organisation: str = ""
    job_title: str = ""
    region: Region | None = None
    session: EventSession | None = None
    attendance: str = Registration.Attendance.ON_SITE
    lunch: bool = False
    dietary: str = ""
    accessibility: str = ""
    remarks: str = ""
    answers: dict = field(default_factory=dict)
    wants_report: bool = False
    consent: bool = True


@dataclass
class Outcome:
    """The result for one registrant.

    ``shown`` is what the screen says (confirmed, waitlisted or full) and is the same
    whether or not the address was registered already; ``created`` tells the caller
    (never the screen) whether a new row was made.
    """

    registrant: Registrant
    registration: Registration | None
    created: bool
    shown: str


# -- reading -----------------------------------------------------------------------------


def get_settings(event):
    """The event's registration settings, or ``None`` when it takes no registrations."""
    row = RegistrationSettings.objects.filter(event_id=event.pk).first()
    if row is not None and isinstance(event, EventPage):
        row.event = event  # is_open() and closes() read it; no second query for the page
    return row


def normalise_email(email):
    return (email or "").strip().lower()


def sessions_for_registration(event):
    """The sessions a person chooses from: the event's sessions, in the editors' order."""
    return list(
        EventSession.objects.filter(page_id=event.pk)
        .select_related("organisation", "theme")
        .order_by("sort_order", "pk")
    )


def _places_query(event):
    rows = Registration.objects.filter(event_id=event.pk).holding_place()
    if event.attendance == EventPage.Attendance.HYBRID:
        rows = rows.exclude(attendance=Registration.Attendance.ONLINE)
    return rows


def taken(event, session=None, exclude=None):
    rows = _places_query(event)
    if session is not None:
        rows = rows.filter(session_id=session.pk)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    return rows.count()


def takes_place(event, attendance):
    """Whether a registrant with this attendance counts against capacity."""
    return not (
        event.attendance == EventPage.Attendance.HYBRID
        and attendance == Registration.Attendance.ONLINE
    )


def has_room(event, settings_row, session, exclude=None):
    session_limited = session is not None and session.capacity is not None
    if session_limited and taken(event, session, exclude) >= session.capacity:
        return False
    if settings_row is not None and settings_row.capacity is not None:
        return taken(event, exclude=exclude) < settings_row.capacity
    return True


@dataclass
class Availability:
    """Places left, for the event page and the agenda ("nog 3 plaatsen")."""

    open: bool
    capacity: int | None
    left: int | None
    waitlist: bool
    invitation_only: bool = False
    opens_at: object = None
    closes_at: object = None

    @property
    def full(self):
        return self.left is not None and self.left <= 0

    @property
    def unlimited(self):
        return self.left is None


def _left(capacity, used):
    return None if capacity is None else max(0, capacity - used)


def availability(event, settings_row=None, counts=None, now=None):
    """Availability of the event as a whole: the smaller of event and session limits.

    ``counts`` (optional) maps session id (and ``None`` for the whole event) to places
    taken, to avoid queries in listings.
    """
    settings_row = settings_row or get_settings(event)
    if settings_row is None:
        return None
    if counts is None:
        counts = place_counts([event.pk])[event.pk]
    sessions = list(event.ordered_sessions)
    limits = []
    if settings_row.capacity is not None:
        limits.append(_left(settings_row.capacity, counts.get(None, 0)))
    if sessions and all(s.capacity is not None for s in sessions):
        limits.append(sum(_left(s.capacity, counts.get(s.pk, 0)) for s in sessions))
    left = min(limits) if limits else None
    capacity = settings_row.capacity
    if capacity is None and sessions and all(s.capacity is not None for s in sessions):
        capacity = sum(s.capacity for s in sessions)
    return Availability(
        open=settings_row.is_open(now),
        capacity=capacity,
        left=left,
        waitlist=settings_row.waitlist,
        invitation_only=settings_row.invitation_only,
        opens_at=settings_row.opens_at,
        closes_at=settings_row.closes(),
    )


def session_availability(event, settings_row, session, counts):
    """Places left in one session, limited by the event's own capacity."""
    limits = []
    if session.capacity is not None:
        limits.append(_left(session.capacity, counts.get(session.pk, 0)))
    if settings_row is not None and settings_row.capacity is not None:
        limits.append(_left(settings_row.capacity, counts.get(None, 0)))
    return min(limits) if limits else None


def place_counts(event_ids, hybrid=None):
    """{event id: {session id: places taken, None: places taken in the whole event}}.

    ``hybrid``: the ids among them of hybrid events, when the caller has the events.
    """
    result = {pk: {None: 0} for pk in event_ids}
    if hybrid is None:
        hybrid = set(
            EventPage.objects.filter(
                pk__in=event_ids, attendance=EventPage.Attendance.HYBRID
            ).values_list("pk", flat=True)
        )
    rows = (
        Registration.objects.filter(event_id__in=event_ids, status__in=Registration.HOLDING)
        .values("event_id", "session_id", "attendance")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["event_id"] in hybrid and row["attendance"] == Registration.Attendance.ONLINE:
            continue
        counts = result[row["event_id"]]
        counts[None] += row["n"]
        counts[row["session_id"]] = counts.get(row["session_id"], 0) + row["n"]
    return result


# -- locking -----------------------------------------------------------------------------


TEST_SETTINGS = "website.settings.test"


def _test_switch(name, default):
    """A switch only the test settings may turn (the concurrency test's control run)."""
    # The module Django loaded (settings.SETTINGS_MODULE is None under override_settings).
    if os.environ.get("DJANGO_SETTINGS_MODULE") != TEST_SETTINGS:
        return default
    return getattr(settings, name, default)


def locking_enabled():
    return _test_switch("REGISTRATIONS_LOCKING", True)


def _lock(settings_row=None, sessions=()):
    """Lock the rows whose capacity we are about to count (settings first, then sessions)."""
    if not locking_enabled():
        return
    # Only the keys are read: the lock is what counts, and the rows are known already.
    if settings_row is not None:
        rows = RegistrationSettings.objects.select_for_update().filter(pk=settings_row.pk)
        list(rows.values_list("pk", flat=True))
    ids = sorted({session.pk for session in sessions if session is not None})
    if ids:
        rows = EventSession.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        list(rows.values_list("pk", flat=True))


def _test_delay():
    """A pause between counting and writing; only the concurrency tests set it."""
    delay = _test_switch("REGISTRATIONS_TEST_DELAY", 0)
    if delay:
        time.sleep(delay)


# -- registering -------------------------------------------------------------------------


def register(event, registrant, **kwargs):
    """Register one person; see :func:`register_group`."""
    return register_group(event, [registrant], **kwargs)[0]


def check_can_register(event, settings_row, invitation=None, now=None, source=None):
    if settings_row is None or event.is_cancelled:
        raise RegistrationClosed()
    if source == Registration.Source.ADMIN:
        return
    if not settings_row.is_open(now):
        raise RegistrationClosed()
    invited = invitation is not None and invitation.event_id == event.pk
    if settings_row.invitation_only and not invited:
        raise InvitationRequired()


def register_group(
    event,
    registrants,
    *,
    invitation=None,
    source=Registration.Source.WEBSITE,
    privacy_version="",
    now=None,
    settings_row=None,
    has_sessions=None,
):
    """Register one person or a group of colleagues (each with their own address).

    Returns one :class:`Outcome` per registrant, in order. Places are given in that
    order: when they run out, the rest go on the waitlist (or get "full"). An address
    that already has an active registration for this event creates nothing: the
    person gets a mail with the link to the existing registration, and the outcome
    shows what a new registration would have got, so the screen reveals nothing.

    ``settings_row`` and ``has_sessions``: what the caller read of the event for the same
    content version (the public form does), so they are not read again; the places are
    counted under the lock either way.

    Raises :class:`RegistrationClosed`, :class:`InvitationRequired`,
    :class:`InvitationForAnotherAddress` or :class:`SessionRequired`.
    """
    now = now or timezone.now()
    if settings_row is None:
        event = EventPage.objects.get(pk=event.pk)
        settings_row = get_settings(event)
    check_can_register(event, settings_row, invitation, now, source)
    if invitation is not None and len(registrants) != 1:
        raise InvitationRequired()
    if (
        invitation is not None
        and source != Registration.Source.ADMIN
        and not invitation_fits(invitation, registrants[0].email)
    ):
        # Refused before anything is stored: the invitation stays for its own address.
        raise InvitationForAnotherAddress()
    if has_sessions is None:
        has_sessions = EventSession.objects.filter(page_id=event.pk).exists()
    for registrant in registrants:
        registrant.email = normalise_email(registrant.email)
        if registrant.session is not None and registrant.session.page_id != event.pk:
            raise SessionRequired()
        if has_sessions and registrant.session is None:
            raise SessionRequired()
        registrant.attendance = _attendance_for(event, registrant.attendance)
        if registrant.attendance == Registration.Attendance.ONLINE or not (
            registrant.session and registrant.session.lunch
        ):
            registrant.lunch = False
        if not registrant.lunch:
            registrant.dietary = ""

    arguments = (event, settings_row, registrants, invitation, source, has_sessions)
    try:
        return _register_locked(*arguments, privacy_version=privacy_version, now=now)
    except IntegrityError:
        # The same address registered at this very moment under another lock (another
        # session, no event-wide limit), and the whole transaction was rolled back: no
        # savepoint per row is spent on that rare case. Once more: the check under the
        # lock now finds that registration, which stands.
        return _register_locked(*arguments, privacy_version=privacy_version, now=now)


def _register_locked(
    event, settings_row, registrants, invitation, source, has_sessions, *, privacy_version, now
):
    outcomes = []
    with transaction.atomic(durable=True):
        if invitation is not None:
            invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if source != Registration.Source.ADMIN and invitation.active_registration():
                raise InvitationRequired()
        event_wide = settings_row.capacity is not None or not has_sessions
        sessions = [registrant.session for registrant in registrants]
        _lock(settings_row if event_wide else None, sessions)
        first = None
        for index, registrant in enumerate(registrants):
            outcome = _register_one(
                event,
                settings_row,
                registrant,
                invitation=invitation,
                source=source if index == 0 else Registration.Source.COLLEAGUE,
                registered_by=first,
                privacy_version=privacy_version,
                now=now,
            )
            if index == 0:
                # The colleagues' mails say who registered them: the person filling in the
                # form, also when their own address was registered already.
                first = outcome.registration
            outcomes.append(outcome)
    return outcomes


def _attendance_for(event, chosen):
    if event.attendance == EventPage.Attendance.ONLINE:
        return Registration.Attendance.ONLINE
    if event.attendance == EventPage.Attendance.ON_SITE:
        return Registration.Attendance.ON_SITE
    if chosen in Registration.Attendance.values:
        return chosen
    return Registration.Attendance.ON_SITE


def _new_status(event, settings_row, registrant, found):
    """The status a new registration gets, from :func:`_count_and_find`'s counts."""
    if not takes_place(event, registrant.attendance):
        return Status.CONFIRMED
    session = registrant.session
    room = True
    if session is not None and session.capacity is not None:
        room = found["session_taken"] < session.capacity
    if room and settings_row.capacity is not None:
        room = found["event_taken"] < settings_row.capacity
    if room:
        return Status.CONFIRMED
    if settings_row.waitlist:
        return Status.WAITLISTED
    return None


def _count_and_find(event, registrant):
    """Under the lock, in one query: the places taken in the event and in the chosen
    session (as :func:`taken` counts them), and this address's active registration."""
    holding = Q(status__in=Registration.HOLDING)
    if event.attendance == EventPage.Attendance.HYBRID:
        holding &= ~Q(attendance=Registration.Attendance.ONLINE)
    mine = Q(email=registrant.email, status__in=Registration.ACTIVE) & ~Q(email="")
    found = {"event_taken": Count("pk", filter=holding), "existing": Max("pk", filter=mine)}
    if registrant.session is not None:
        found["session_taken"] = Count("pk", filter=holding & Q(session_id=registrant.session.pk))
    return Registration.objects.filter(event_id=event.pk).aggregate(**found)


SHOWN = {Status.CONFIRMED: SHOWN_CONFIRMED, Status.WAITLISTED: SHOWN_WAITLISTED, None: SHOWN_FULL}


def _register_one(
    event, settings_row, registrant, *, invitation, source, registered_by, privacy_version, now
):
    found = _count_and_find(event, registrant)
    status = _new_status(event, settings_row, registrant, found)
    if found["existing"] is not None:
        existing = Registration.objects.get(pk=found["existing"])
        _tell_already_registered(existing, now)
        return Outcome(registrant, existing, False, SHOWN[status])
    if status is None:
        return Outcome(registrant, None, False, SHOWN_FULL)
    _test_delay()
    registration = Registration(
        event=event,
        session=registrant.session,
        status=status,
        attendance=registrant.attendance,
        name=registrant.name.strip(),
        email=registrant.email,
        organisation=registrant.organisation.strip(),
        job_title=registrant.job_title.strip(),
        region=registrant.region,
        lunch=registrant.lunch,
        dietary=registrant.dietary.strip(),
        accessibility=registrant.accessibility.strip(),
        remarks=registrant.remarks.strip(),
        answers=registrant.answers or {},
        wants_report=registrant.wants_report,
        consent_at=now if registrant.consent else None,
        privacy_version=privacy_version if registrant.consent else "",
        source=source,
        registered_by=registered_by,
        invitation=invitation,
        created_at=now,
        confirmed_at=now if status == Status.CONFIRMED else None,
        waitlisted_at=now if status == Status.WAITLISTED else None,
        calendar_sequence=entry_sequence(event, registrant.session),
        calendar_status=event.status,
    )
    registration.save()  # a clash with the same address: see register_group
    # The key names this new registration, so no mail can hold it yet.
    if status == Status.CONFIRMED:
        send_mail(
            registration, "registration_confirmation", "confirmation", calendar=True, new=True
        )
    else:
        send_mail(registration, "registration_waitlisted", "waitlisted", new=True)
    return Outcome(registrant, registration, True, SHOWN[status])


def _tell_already_registered(registration, now):
    # At most one such mail an hour per registration, so nobody can flood an inbox.
    send_mail(
        registration,
        "registration_duplicate",
        f"duplicate:{timezone.localtime(now):%Y%m%d%H}",
        calendar=registration.status == Status.CONFIRMED,
    )


def entry_sequence(event, session):
    """The SEQUENCE of the calendar entry a registrant gets."""
    if session is not None and session.is_host_location:
        return session.ical_sequence
    return event.ical_sequence


# -- cancelling, changing, handing on places --------------------------------------------------


def _reload_locked(registration):
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "session")
        .get(pk=registration.pk)
    )


def cancel(registration, *, by_organiser=False, now=None):
    """Cancel a registration; its place goes to the waitlist. Returns False if it was inactive."""
    now = now or timezone.now()
    with transaction.atomic():
        settings_row = get_settings(registration.event)
        _lock(settings_row, [registration.session])
        registration = _reload_locked(registration)
        if not registration.is_active:
            return False
        in_calendar = _mark_cancelled(registration, now)
        send_mail(
            registration,
            "registration_cancelled",
            "cancelled",
            calendar=CANCEL_ENTRY if in_calendar else False,
            extra={"by_organiser": by_organiser, "calendar_removed": in_calendar},
        )
        promote_waitlist(registration.event, now=now)
    return True


def _mark_cancelled(registration, now):
    """Save ``registration`` (locked by the caller) as cancelled. Returns whether it had a
    calendar entry to take out: only a confirmed registration was sent one."""
    in_calendar = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    fields = ["status", "cancelled_at", "offer_expires_at", "updated_at"]
    if in_calendar:
        registration.calendar_revision += 1
        fields.append("calendar_revision")
    registration.save(update_fields=fields)
    return in_calendar


def cancel_event(event, now=None):
    """The event does not take place (an editor unpublishes or deletes it): cancel every
    active registration and mail each person once, with the removal of their calendar
    entry when they had one. Nobody moves up from the waitlist. Returns how many."""
    now = now or timezone.now()
    cancelled = 0
    with transaction.atomic():
        settings_row = get_settings(event)
        _lock(settings_row, list(event.sessions.all()))
        rows = (
            Registration.objects.filter(event_id=event.pk)
            .active()
            .select_related("event", "session")
            .order_by("pk")
        )
        for registration in rows.select_for_update(of=("self",)):
            in_calendar = _mark_cancelled(registration, now)
            send_mail(
                registration,
                "registration_event_cancelled",
                "event-cancelled",
                calendar=CANCEL_ENTRY if in_calendar else False,
                extra={"calendar_removed": in_calendar},
            )
            cancelled += 1
    return cancelled


def change_session(registration, session, *, force=False, now=None):
    """Move a registration to another session of the same event.

    Only while the new session has a free place (``force``: an organiser may overbook
    by hand). A waitlisted person who moves to a session with room gets the place.
    """
    now = now or timezone.now()
    event = registration.event
    if session.page_id != event.pk:
        raise SessionRequired()
    with transaction.atomic():
        settings_row = get_settings(event)
        _lock(settings_row, [registration.session, session])
        registration = _reload_locked(registration)
        if not registration.is_active:
            raise RegistrationClosed()
        if registration.session_id == session.pk:
            return registration
        old_session = registration.session
        counts = takes_place(event, registration.attendance)
        exclude = registration.pk if registration.holds_place else None
        if counts and not force and not has_room(event, settings_row, session, exclude):
            raise NoPlace()
        registration.session = session
        if not session.lunch:
            registration.lunch = False
            registration.dietary = ""
        if registration.status != Status.CONFIRMED:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            registration.offer_expires_at = None
        registration.calendar_sequence = entry_sequence(event, session)
        # The same entry (same UID) at its new time and place: a higher SEQUENCE.
        registration.calendar_revision += 1
        registration.save()
        send_mail(
            registration,
            "registration_session_changed",
            f"session:{session.pk}:{now:%Y%m%d%H%M%S}",
            calendar=True,
            extra={"old_session": old_session},
        )
        promote_waitlist(event, now=now)
    return registration


def change_answers(registration, *, lunch, dietary, accessibility, remarks, answers, wants_report):
    """The person changes what they answered for themselves (not their place).

    Lunch only where their session has lunch and they come on site; dietary wishes
    only with lunch, as when registering. Returns the saved registration.
    """
    with transaction.atomic():
        registration = _reload_locked(registration)
        if not registration.is_active:
            raise RegistrationClosed()
        session = registration.session
        if registration.is_online or session is None or not session.lunch:
            lunch = False
        registration.lunch = lunch
        registration.dietary = dietary.strip() if lunch else ""
        registration.accessibility = accessibility.strip()
        registration.remarks = remarks.strip()
        registration.answers = answers
        registration.wants_report = wants_report
        registration.save(
            update_fields=[
                "lunch",
                "dietary",
                "accessibility",
                "remarks",
                "answers",
                "wants_report",
                "updated_at",
            ]
        )
    return registration


def promote_immediately(event, settings_row, now):
    if settings_row.promotion == RegistrationSettings.Promotion.IMMEDIATE:
        return True
    return event.start - now <= timedelta(hours=settings_row.immediate_within_hours)


def promote_waitlist(event, now=None):
    """Give free places to the waitlist, first come first served, per session.

    Depending on the event's settings, the first person waiting gets the place at
    once or is offered it with a deadline. Returns the registrations changed.
    """
    now = now or timezone.now()
    changed = []
    with transaction.atomic():
        event = EventPage.objects.get(pk=event.pk)
        settings_row = get_settings(event)
        if settings_row is None or event.is_cancelled or event.start <= now:
            return changed
        sessions = list(EventSession.objects.filter(page_id=event.pk))
        _lock(settings_row, sessions)
        immediate = promote_immediately(event, settings_row, now)
        waiting = (
            Registration.objects.filter(event_id=event.pk)
            .waiting()
            .select_related("session")
            .select_for_update(of=("self",))
        )
        for registration in waiting:
            if sessions and registration.session_id is None:
                # Their session was removed: there is no place to offer them.
                continue
            if not has_room(event, settings_row, registration.session):
                continue
            if immediate:
                registration.status = Status.CONFIRMED
                registration.confirmed_at = now
                registration.offer_expires_at = None
                registration.calendar_sequence = entry_sequence(event, registration.session)
                registration.save()
                send_mail(registration, "registration_promoted", "promoted", calendar=True)
            else:
                deadline = min(now + timedelta(hours=settings_row.offer_hours), event.start)
                registration.status = Status.OFFERED
                registration.offer_expires_at = deadline
                registration.save()
                send_mail(registration, "registration_offer", "offer")
            changed.append(registration)
    return changed


def claim_offer(registration, now=None):
    """The person accepts an offered place before its deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        settings_row = get_settings(registration.event)
        _lock(settings_row, [registration.session])
        registration = _reload_locked(registration)
        if registration.status == Status.CONFIRMED:
            return registration
        if registration.status != Status.OFFERED or registration.offer_expires_at <= now:
            raise OfferLapsed()
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.offer_expires_at = None
        registration.calendar_sequence = entry_sequence(registration.event, registration.session)
        registration.save()
        send_mail(registration, "registration_confirmation", "claimed", calendar=True)
    return registration


def lapse_offers(now=None):
    """Offers past their deadline lapse, and the next person waiting is offered the place."""
    now = now or timezone.now()
    lapsed = []
    event_ids = set(
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    )
    for event_id in sorted(event_ids):
        with transaction.atomic():
            event = EventPage.objects.get(pk=event_id)
            _lock(get_settings(event), EventSession.objects.filter(page_id=event_id))
            rows = Registration.objects.select_for_update().filter(
                event_id=event_id, status=Status.OFFERED, offer_expires_at__lte=now
            )
            for registration in rows:
                registration.status = Status.LAPSED
                registration.save(update_fields=["status", "updated_at"])
                send_mail(registration, "registration_offer_lapsed", "lapsed")
                lapsed.append(registration)
            promote_waitlist(event, now=now)
    return lapsed


# -- reminders, changes to the event, reports ---------------------------------------------------


def send_reminders(now=None):
    """Remind confirmed registrants once, the configured number of days before the event."""
    now = now or timezone.now()
    sent = 0
    settings_rows = RegistrationSettings.objects.filter(
        reminder_days__gt=0, event__start__gt=now
    ).select_related("event")
    for settings_row in settings_rows:
        event = settings_row.event
        remind_at = event.start - timedelta(days=settings_row.reminder_days)
        if event.is_cancelled or remind_at > now:
            continue
        # Who got their place after the reminder moment just had a mail with everything.
        pending = Registration.objects.filter(
            event_id=event.pk,
            status=Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            confirmed_at__lt=remind_at,
        ).exclude(email="")
        for registration_id in pending.values_list("pk", flat=True):
            with transaction.atomic():
                registration = (
                    Registration.objects.select_for_update()
                    .filter(pk=registration_id, reminder_sent_at__isnull=True)
                    .first()
                )
                if registration is None or registration.status != Status.CONFIRMED:
                    continue
                registration.reminder_sent_at = now
                registration.save(update_fields=["reminder_sent_at", "updated_at"])
                send_mail(registration, "registration_reminder", "reminder", calendar=True)
                sent += 1
    return sent


def event_published(event, now=None):
    """After an editor publishes an event: hand on new places, tell registrants of changes."""
    promote_waitlist(event, now=now)
    return notify_event_change(event)


def notify_event_change(event):
    """Mail every active registrant whose calendar entry changed (moved, cancelled).

    The mail carries the updated .ics (higher SEQUENCE; STATUS:CANCELLED for a
    cancelled event). Each registration remembers the sequence it was last told, so
    each change is mailed once.
    """
    event = EventPage.objects.get(pk=event.pk)
    told = 0
    rows = Registration.objects.filter(event_id=event.pk).active().select_related("session")
    with transaction.atomic():
        for registration in rows.select_for_update(of=("self",)):
            sequence = entry_sequence(event, registration.session)
            if registration.calendar_sequence is None:
                registration.calendar_sequence = sequence
                registration.calendar_status = event.status
                registration.save(update_fields=["calendar_sequence", "calendar_status"])
                continue
            if sequence <= registration.calendar_sequence:
                continue
            registration.calendar_sequence = sequence
            registration.calendar_status = event.status
            registration.calendar_revision += 1
            registration.save(
                update_fields=["calendar_sequence", "calendar_status", "calendar_revision"]
            )
            send_mail(
                registration,
                "registration_event_update",
                f"update:{sequence}",
                calendar=registration.holds_place,
            )
            told += 1
    return told


def notify_report(report):
    """A report went live: attendees who asked for it get its link, once per report."""
    from events.models import ReportEventLink

    event_ids = ReportEventLink.objects.filter(report_id=report.pk).values_list(
        "event_id", flat=True
    )
    rows = (
        Registration.objects.filter(
            event_id__in=list(event_ids), status=Status.CONFIRMED, wants_report=True
        )
        .exclude(attended=False)
        .exclude(email="")
        .select_related("event", "session")
    )
    count = 0
    with transaction.atomic():
        for registration in rows:
            send_mail(
                registration,
                "registration_report",
                f"report:{report.pk}",
                extra={"report": report, "report_url": page_url(report)},
            )
            count += 1
    return count


# -- invitations --------------------------------------------------------------------------------


def invite(event, emails, *, invited_by=None, message="", transferable=False):
    """Invite addresses to an event; each address gets one invitation mail.

    An invitation is for its address: only that address can register with its link,
    unless ``transferable`` (the organisers allow passing it on; the page and the mail
    then say so).

    Returns ``(invited, already)``: the new invitations and the addresses that had one.
    """
    invited, already = [], []
    seen = set()
    with transaction.atomic():
        for email in emails:
            email = normalise_email(email)
            if not email or email in seen:
                continue
            seen.add(email)
            invitation, created = Invitation.objects.get_or_create(
                event_id=event.pk,
                email=email,
                defaults={
                    "invited_by": invited_by,
                    "message": message,
                    "transferable": transferable,
                },
            )
            if not created:
                already.append(email)
                continue
            queue_mail(
                to=email,
                template="registration_invitation",
                context=_invitation_context(invitation),
                key=f"invitation:{invitation.pk}:sent",
                purpose="registrations.invitation",
            )
            invited.append(invitation)
    return invited, already


def _invitation_context(invitation):
    event = invitation.event
    return {
        "invitation": invitation,
        "event": event,
        "event_url": page_url(event),
        "invitation_url": invitation.invitation_url(),
        **_site_context(),
    }


# -- privacy (AVG) ----------------------------------------------------------------------------


def retention_days():
    return getattr(settings, "REGISTRATION_RETENTION_DAYS", 365)


def sensitive_retention_days():
    return getattr(settings, "REGISTRATION_SENSITIVE_RETENTION_DAYS", 7)


ANONYMISED = {
    "name": "",
    "email": "",
    "organisation": "",
    "job_title": "",
    "dietary": "",
    "accessibility": "",
    "remarks": "",
    "answers": {},
}


def _erase_invitations(invitations):
    """Delete invitations and the mails that carried them."""
    from website.models import OutgoingMail

    ids = list(invitations.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        keys = [f"invitation:{pk}:sent" for pk in ids[start : start + 500]]
        erase_mails(OutgoingMail.objects.filter(key__in=keys))
    Invitation.objects.filter(pk__in=ids).delete()


def anonymise(rows, now=None):
    """Blank everything personal in ``rows`` and revoke their links; counts stay."""
    now = now or timezone.now()
    ids = list(rows.values_list("pk", flat=True))
    with transaction.atomic():
        for pk in ids:
            Registration.objects.filter(pk=pk).update(
                **ANONYMISED,
                token_nonce=new_nonce(),
                anonymised_at=now,
                sensitive_erased_at=now,
            )
        erase_keyed_mails("registration", ids)
    return len(ids)


def anonymise_past_registrations(now=None):
    """Anonymise registrations of events that ended longer ago than the retention time."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days())
    rows = Registration.objects.filter(event__end__lt=cutoff, anonymised_at__isnull=True)
    count = anonymise(rows, now)
    with transaction.atomic():
        _erase_invitations(Invitation.objects.filter(event__end__lt=cutoff))
    return count


def erase_sensitive_answers(now=None):
    """Erase dietary requirements, accessibility needs and sensitive answers after the event."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=sensitive_retention_days())
    rows = Registration.objects.filter(event__end__lt=cutoff, sensitive_erased_at__isnull=True)
    count = 0
    with transaction.atomic():
        for registration in rows.select_for_update():
            registration.dietary = ""
            registration.accessibility = ""
            registration.answers = {
                key: answer
                for key, answer in (registration.answers or {}).items()
                if not answer.get("sensitive")
            }
            registration.sensitive_erased_at = now
            registration.save(
                update_fields=["dietary", "accessibility", "answers", "sensitive_erased_at"]
            )
            count += 1
    return count


def export_person(email):
    """Everything held about one address, as plain data (for an AVG request): its
    registrations, invitations, the mails to it still in the outbox, and what other
    apps registered in :mod:`website.privacy` hold (each under its own key)."""
    from website.models import OutgoingMail

    email = normalise_email(email)
    registrations = Registration.objects.filter(email=email).select_related(
        "event", "session", "region"
    )
    return {
        # What other apps hold (the nieuwsbrief, ...), registered in website.privacy.
        **privacy.export_all(email),
        "email": email,
        "registrations": [
            {
                "event": registration.event.title,
                "event_start": registration.event.start.isoformat(),
                "session": registration.session.display_title if registration.session else "",
                "status": registration.get_status_display(),
                "attendance": registration.get_attendance_display(),
                "name": registration.name,
                "organisation": registration.organisation,
                "job_title": registration.job_title,
                "region": registration.region.name if registration.region else "",
                "lunch": registration.lunch,
                "dietary": registration.dietary,
                "accessibility": registration.accessibility,
                "remarks": registration.remarks,
                "answers": {a["label"]: a["value"] for a in (registration.answers or {}).values()},
                "wants_report": registration.wants_report,
                "attended": registration.attended,
                "consent_at": registration.consent_at.isoformat()
                if registration.consent_at
                else None,
                "privacy_version": registration.privacy_version,
                "registered_at": registration.created_at.isoformat(),
                "cancelled_at": registration.cancelled_at.isoformat()
                if registration.cancelled_at
                else None,
            }
            for registration in registrations
        ],
        "invitations": [
            {"event": invitation.event.title, "invited_at": invitation.created_at.isoformat()}
            for invitation in Invitation.objects.filter(email=email).select_related("event")
        ],
        "mails": [
            {
                "subject": mail.subject,
                "status": mail.get_status_display(),
                "queued_at": mail.created_at.isoformat(),
                "sent_at": mail.sent_at.isoformat() if mail.sent_at else None,
                "text": mail.body_text,
                "attachments": [item.get("filename", "") for item in mail.attachments or []],
            }
            for mail in map(
                rendered,
                OutgoingMail.objects.filter(to__iexact=email).order_by("created_at", "pk"),
            )
        ],
    }


def erase_person(email, now=None):
    """Erase one address: active registrations are cancelled (places handed on), then
    every registration is anonymised, invitations deleted, what other apps hold erased
    (:mod:`website.privacy`) and every mail to the address removed from the outbox (see
    :func:`website.mail.erase_mails`). Returns the number of registrations erased."""
    from website.models import OutgoingMail

    email = normalise_email(email)
    now = now or timezone.now()
    for registration in Registration.objects.filter(email=email).active():
        with transaction.atomic():
            # No cancellation mail: the person asked us to forget them.
            settings_row = get_settings(registration.event)
            _lock(settings_row, [registration.session])
            Registration.objects.filter(pk=registration.pk).update(
                status=Status.CANCELLED, cancelled_at=now
            )
            pagecache.places_changed()  # .update() sends no signal; places changed
            promote_waitlist(registration.event, now=now)
    count = anonymise(Registration.objects.filter(email=email), now)
    # What other apps hold about the address (registered in website.privacy).
    privacy.erase_all(email, now)
    with transaction.atomic():
        _erase_invitations(Invitation.objects.filter(email=email))
        # Every other mail to the address too (an organiser's message, a mail queued
        # for a registration made meanwhile): waiting ones are never sent.
        erase_mails(OutgoingMail.objects.filter(to__iexact=email))
    return count


# -- mail ---------------------------------------------------------------------------------------


def online_link_for(registration, settings_row=None):
    """The meeting link, for confirmed online registrants of an online or hybrid event only.

    People on the waitlist, with an offer they have not claimed, or cancelled have no
    place, so their mails, calendar file and page never carry the link.
    """
    if registration.status != Status.CONFIRMED:
        return ""
    settings_row = settings_row or get_settings(registration.event)
    if settings_row is None or not settings_row.online_link:
        return ""
    if registration.event.is_online and registration.is_online:
        return settings_row.online_link
    return ""


def personal_entry(registration, settings_row=None, cancelled=False):
    """The registrant's own calendar entry: their host location's or the event's, at their
    break-out's times, with the online link if it is theirs.

    Its UID is the registration's own and its SEQUENCE the registration's revision, so
    a move to another host location or break-out replaces the entry in the person's
    calendar instead of adding one, and a cancellation removes it.
    """
    from events import feeds

    event = registration.event
    session = registration.session
    link = online_link_for(registration, settings_row) or None
    entries = feeds.calendar_entries(event, online_link=link)
    if session is not None and session.is_host_location:
        entry = next((e for e in entries if e.uid == str(session.uid)), entries[0])
    else:
        entry = entries[0]
    changes = {"uid": str(registration.calendar_uid), "sequence": registration.calendar_revision}
    if session is not None and not session.is_host_location:
        changes.update(start=session.start, end=session.end)
        if session.location_text:
            changes["location"] = ", ".join(p for p in (entry.location, session.location_text) if p)
    if cancelled and not entry.cancelled:
        changes.update(
            cancelled=True,
            summary=gettext("Cancelled: ") + entry.summary,
            last_modified=timezone.now(),
        )
    return dataclasses.replace(entry, **changes)


def personal_calendar(registration, settings_row=None, cancelled=False):
    """The registrant's own .ics (``METHOD:PUBLISH``; ``METHOD:CANCEL`` once cancelled)."""
    from events import feeds

    with translation.override(settings.LANGUAGE_CODE):
        entry = personal_entry(registration, settings_row, cancelled=cancelled)
        if not cancelled:
            return feeds.single_entry_calendar(registration.event.title, entry).to_ical()
        organizer = parseaddr(settings.DEFAULT_FROM_EMAIL)
        calendar = feeds.single_entry_calendar(
            registration.event.title, entry, method="CANCEL", organizer=organizer
        )
        return calendar.to_ical()


def _site_context():
    from wagtail.models import Site

    from website.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    return {
        "site_name": site_settings.organisation_name if site_settings else "Samenspel",
        "contact_email": site_settings.contact_email if site_settings else "",
    }


def place_of(event, session):
    """Where a registrant goes: the host location's address, or the event's."""
    if session is not None and session.is_host_location and session.address:
        return ", ".join(part for part in (session.room, session.address) if part)
    parts = [event.venue, event.address]
    if session is not None and not session.is_host_location and session.room:
        parts.append(session.room)
    return ", ".join(part for part in parts if part)


def mail_context(registration, settings_row=None):
    settings_row = settings_row or get_settings(registration.event)
    event = registration.event
    session = registration.session
    questions = {
        str(question.pk): question
        for question in RegistrationQuestion.objects.filter(event_id=event.pk)
    }
    return {
        "registration": registration,
        "event": event,
        "session": session,
        "settings_row": settings_row,
        "event_url": page_url(event),
        "manage_url": registration.manage_url(),
        "online_link": online_link_for(registration, settings_row),
        "on_site": not registration.is_online,
        "place": place_of(event, session),
        "has_questions": bool(questions),
        **_site_context(),
    }


#: ``send_mail(..., calendar=CANCEL_ENTRY)``: attach the removal of the person's entry.
CANCEL_ENTRY = "cancel"

# What a registration mail describes as it was when the mail was queued. The worker
# renders the mail later (website.mail.queue_deferred_mail), when the registration may
# have moved on: a confirmation sent after a quick cancellation still says "you are
# registered", with the calendar entry's SEQUENCE of that moment, so the cancellation's
# higher SEQUENCE wins in the person's calendar whichever mail arrives first; two quick
# moves each describe their own break-out. What the event itself says (title, times,
# address) is read when the mail is sent: the newest is what the person needs.
MAIL_STATE = ("status", "session_id", "attendance", "lunch", "calendar_revision")
MAIL_RENDERER = "registrations.registration"


def _plain(value):
    """A value for the mail's JSON params: model instances by reference."""
    from django.db.models import Model

    if isinstance(value, Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if hasattr(value, "isoformat"):
        return {"moment": value.isoformat()}
    return value


def _unplain(value):
    from datetime import datetime

    from django.apps import apps

    if isinstance(value, dict) and set(value) == {"model", "pk"}:
        model = apps.get_model(value["model"])
        return model.objects.filter(pk=value["pk"]).first()
    if isinstance(value, dict) and set(value) == {"moment"}:
        return datetime.fromisoformat(value["moment"])
    return value


def send_mail(registration, template, key_suffix, *, calendar=False, extra=None, new=False):
    """Queue one mail about ``registration`` (sent after commit, once per key).

    ``calendar``: attach the person's calendar entry (``True``) or its removal
    (``CANCEL_ENTRY``). ``new``: the registration was made in this transaction, so no
    mail has its key yet (stored without the savepoint a clash would need). The mail is
    stored as what to render (the registration's id and its state now, see MAIL_STATE);
    the worker renders text and calendar file when it sends it, outside the locks the
    caller holds.
    """
    state = {name: getattr(registration, name) for name in MAIL_STATE}
    state["offer_expires_at"] = _plain(registration.offer_expires_at)
    return queue_deferred_mail(
        to=registration.email,
        template=template,
        renderer=MAIL_RENDERER,
        params={
            "registration": registration.pk,
            "state": state,
            "calendar": calendar,
            "extra": {name: _plain(value) for name, value in (extra or {}).items()},
        },
        key=f"registration:{registration.pk}:{key_suffix}",
        purpose=f"registrations.{template.removeprefix('registration_')}",
        new_key=new,
    )


@mail_renderer(MAIL_RENDERER)
def render_registration_mail(params):
    """The context and calendar file of a mail queued by :func:`send_mail`."""
    registration = Registration.objects.select_related("event", "registered_by").get(
        pk=params["registration"]
    )
    state = dict(params["state"])
    session_id = state.pop("session_id")
    for name, value in state.items():
        setattr(registration, name, _unplain(value))
    # The break-out or host location the mail is about, as when queued (gone: none).
    registration.session = (
        EventSession.objects.filter(pk=session_id).first() if session_id is not None else None
    )
    settings_row = get_settings(registration.event)
    context = mail_context(registration, settings_row)
    context.update({name: _unplain(value) for name, value in params["extra"].items()})
    attachments = []
    if params["calendar"]:
        cancelled = params["calendar"] == CANCEL_ENTRY
        ics = personal_calendar(registration, settings_row, cancelled=cancelled)
        attachments.append(attachment(f"{registration.event.slug}.ics", ics, "text/calendar"))
    return context, attachments
