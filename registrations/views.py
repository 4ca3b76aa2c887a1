"""Public views: register, the "received" page, the personal manage page, invitations.

The registration form also shows on the event page (``{% registration_panel page %}``)
and posts here; with errors, this view shows the form again on its own page with
everything that was typed.
"""

import copy

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from events.models import EventPage
from registrations import services, tokens
from registrations.forms import (
    INVITATION_FOR_ANOTHER_ADDRESS,
    AnswersForm,
    ChangeSessionForm,
    ColleagueFormSet,
    RegistrationForm,
    check_colleague_addresses,
    places_text,
)
from registrations.models import (
    Invitation,
    Registration,
    RegistrationQuestion,
    RegistrationSettings,
)
from website import memo, spam

RATE_LIMIT_SCOPE = "registrations"
RECEIVED_SALT = "samenspel.registrations.received"
RECEIVED_MAX_AGE = 60 * 60


def private(response):
    """Personal pages: not cached, not indexed, the token never leaks as a referrer."""
    response["Cache-Control"] = "private, no-store"
    # same-origin: the token never leaks to other sites, and our own forms keep
    # their Origin header (with no-referrer, browsers send "Origin: null" and the
    # CSRF check refuses the form).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def get_event(event_id, request=None):
    """A live event the request may see: a public one, or one behind view restrictions
    that all let this request in (a community's members-only event lets its members in
    through Wagtail's group restriction; see communities.services).

    The event and its restrictions are held per process until the content version
    changes (a publish, unpublish or new restriction raises it); each request gets its
    own copy of the event."""
    found = memo.remembered(("live_event", event_id), lambda: _live_event(event_id))
    if found is None:
        raise Http404
    event, restrictions = found
    if restrictions and (
        request is None or not all(item.accept_request(request) for item in restrictions)
    ):
        raise Http404
    return copy.copy(event)


def _live_event(event_id):
    event = EventPage.objects.live().filter(pk=event_id).first()
    if event is None:
        return None
    return event, list(event.get_view_restrictions())


def form_kwargs(event, settings_row, invitation=None):
    # What the form offers is the same for every visitor until a publish (sessions,
    # questions) or a place taken or freed (counts): held per process on those versions.
    hybrid = {event.pk} if event.attendance == EventPage.Attendance.HYBRID else set()
    return {
        "event": event,
        "settings_row": settings_row,
        "sessions": [
            copy.copy(session)
            for session in memo.remembered(
                ("registration_sessions", event.pk),
                lambda: services.sessions_for_registration(event),
            )
        ],
        "questions": memo.remembered(
            ("registration_questions", event.pk),
            lambda: list(
                RegistrationQuestion.objects.filter(event_id=event.pk).order_by("sort_order", "pk")
            ),
        ),
        "counts": memo.with_places(
            ("place_counts", event.pk),
            lambda: services.place_counts([event.pk], hybrid=hybrid)[event.pk],
        ),
        "invitation": invitation,
    }


def event_settings(event):
    """The event's registration settings (``None``: it takes none), held per process
    until the content version changes (saving them raises it); a copy per request."""
    row = memo.remembered(
        ("registration_settings", event.pk),
        lambda: RegistrationSettings.objects.filter(event_id=event.pk).first(),
    )
    if row is not None:
        row = copy.copy(row)
        row.event = event
    return row


def build_forms(event, settings_row, data=None, invitation=None):
    form = RegistrationForm(data, **form_kwargs(event, settings_row, invitation))
    colleagues = None
    sent_colleagues = data is None or "collega-TOTAL_FORMS" in data
    if settings_row.allow_colleagues and invitation is None and sent_colleagues:
        colleagues = ColleagueFormSet(data, prefix="collega")
    return form, colleagues


def registration_state(event, settings_row, invitation=None, now=None):
    """What the panel says instead of (or above) the form; ``None``: show the form."""
    if settings_row is None:
        return None
    now = now or timezone.now()
    if event.is_cancelled:
        return "cancelled"
    if settings_row.opens_at and now < settings_row.opens_at:
        return "not_yet"
    if now >= settings_row.closes():
        return "closed"
    if settings_row.invitation_only and invitation is None:
        return "invitation_only"
    availability = services.availability(event, settings_row)
    if availability.full and not settings_row.waitlist:
        return "full"
    return "open"


def render_form_page(request, event, settings_row, form, colleagues, invitation=None, status=200):
    context = {
        "event": event,
        "page_title": _("Register: %(event)s") % {"event": event.title},
        "settings_row": settings_row,
        "form": form,
        "colleagues": colleagues,
        "invitation": invitation,
        "invitation_token": tokens.invitation_token(invitation) if invitation else "",
        "state": registration_state(event, settings_row, invitation),
        "availability": services.availability(event, settings_row),
    }
    return render(request, "registrations/register_page.html", context, status=status)


def invitation_from(request):
    token = request.POST.get("uitnodiging") or ""
    if not token:
        return None
    return tokens.read_token("invitation", Invitation, token)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@spam.same_origin
def register(request, event_id):
    event = get_event(event_id, request)
    settings_row = event_settings(event)
    if settings_row is None:
        raise Http404
    if request.method != "POST":
        form, colleagues = build_forms(event, settings_row)
        return render_form_page(request, event, settings_row, form, colleagues)

    if spam.honeypot_filled(request):
        return spam.refuse(request, "honeypot")
    invitation = invitation_from(request)
    if invitation is not None and invitation.event_id != event.pk:
        invitation = None
    form, colleagues = build_forms(event, settings_row, request.POST, invitation)
    valid = form.is_valid()
    if colleagues is not None:
        valid = colleagues.is_valid() and valid
        valid = check_colleague_addresses(form, colleagues) and valid
    if not valid:
        return render_form_page(request, event, settings_row, form, colleagues, invitation)

    people = [form.registrant()]
    if colleagues is not None:
        people += form.colleague_registrants(colleagues)
    from website.models import SiteSettings

    privacy_version = SiteSettings.for_request(request).privacy_statement_version
    # Each person registered counts: one post for six people uses six submissions.
    # Decided and counted in one step, before registering, so simultaneous posts from
    # one address cannot all slip under the limit; given back when nothing came of it.
    taken = spam.take_submissions(request, RATE_LIMIT_SCOPE, len(people))
    if taken is None:
        return spam.refuse(request, "rate_limit")
    try:
        outcomes = services.register_group(
            event,
            people,
            invitation=invitation,
            privacy_version=privacy_version,
            settings_row=settings_row,
            has_sessions=bool(form.sessions),
        )
    except services.SessionRequired:
        taken.give_back()
        form.add_error("session", _("Choose one of the options."))
        return render_form_page(request, event, settings_row, form, colleagues, invitation)
    except services.InvitationForAnotherAddress:
        form.add_error("email", INVITATION_FOR_ANOTHER_ADDRESS)
        return render_form_page(request, event, settings_row, form, colleagues, invitation)
    except services.RegistrationError as error:
        taken.give_back()
        form.add_error(None, closed_message(error))
        return render_form_page(
            request, event, settings_row, form, colleagues, invitation, status=409
        )
    session = people[0].session
    payload = {"r": [outcome.shown for outcome in outcomes], "s": session.pk if session else None}
    signed = signing.dumps(payload, salt=RECEIVED_SALT, compress=True)
    return redirect(f"{reverse('registrations:received', args=[event.pk])}?r={signed}")


def closed_message(error):
    if isinstance(error, services.InvitationRequired):
        return _("Taking part is by invitation only. Use the personal link in your invitation.")
    return _("Registration for this meeting is closed.")


@never_cache
@require_safe
def received(request, event_id):
    event = get_event(event_id, request)
    try:
        payload = signing.loads(
            request.GET.get("r", ""), salt=RECEIVED_SALT, max_age=RECEIVED_MAX_AGE
        )
    except signing.BadSignature:
        return redirect(event.url)
    results = payload.get("r") or []
    session = event.sessions.filter(pk=payload.get("s")).first() if payload.get("s") else None
    context = {
        "event": event,
        "page_title": _("Registration received"),
        "session": session,
        "results": results,
        "first": results[0] if results else None,
        "colleagues": results[1:],
        "confirmed_count": results.count(services.SHOWN_CONFIRMED),
        "waitlisted_count": results.count(services.SHOWN_WAITLISTED),
        "full_count": results.count(services.SHOWN_FULL),
    }
    return private(render(request, "registrations/received.html", context))


# -- the personal manage page ------------------------------------------------------------------


def registration_from(token):
    registration = tokens.read_token(
        "manage",
        Registration,
        token,
        Registration.objects.select_related("event", "session", "region", "registered_by"),
    )
    if registration is None or registration.anonymised_at is not None:
        return None
    return registration


def invalid_link(request):
    response = render(
        request,
        "registrations/invalid_link.html",
        {"page_title": _("This link does not work")},
        status=404,
    )
    return private(response)


def manage_context(registration):
    event = registration.event
    settings_row = services.get_settings(event)
    now = timezone.now()
    sessions = services.sessions_for_registration(event)
    counts = services.place_counts([event.pk])[event.pk]
    can_change = registration.is_active and event.start > now and not event.is_cancelled
    choices = []
    if can_change and len(sessions) > 1:
        for session in sessions:
            if session.pk == registration.session_id:
                continue
            left = services.session_availability(event, settings_row, session, counts)
            if left is None or left > 0:
                choices.append({"session": session, "places": places_text(left, False)})
    position = None
    if registration.status == Registration.Status.WAITLISTED:
        position = (
            Registration.objects.filter(event_id=event.pk)
            .waiting()
            .filter(waitlisted_at__lte=registration.waitlisted_at)
            .exclude(pk=registration.pk)
            .filter(session_id=registration.session_id)
            .count()
            + 1
        )
    answers = list((registration.answers or {}).values())
    questions = RegistrationQuestion.objects.filter(event_id=event.pk).order_by("sort_order", "pk")
    return {
        "answers_form": AnswersForm(registration=registration, questions=questions)
        if can_change
        else None,
        "registration": registration,
        "event": event,
        "session": registration.session,
        "settings_row": settings_row,
        "page_title": _("Your registration"),
        "can_cancel": registration.is_active and event.end > now,
        "can_change": can_change,
        "session_choices": choices,
        "position": position,
        "answers": answers,
        "online_link": services.online_link_for(registration, settings_row),
    }


@never_cache
@require_safe
def manage(request, token):
    registration = registration_from(token)
    if registration is None:
        return invalid_link(request)
    context = manage_context(registration)
    context["token"] = token
    return private(render(request, "registrations/manage.html", context))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    registration = registration_from(token)
    if registration is None:
        return invalid_link(request)
    if request.method == "POST":
        if registration.event.end <= timezone.now():
            messages.error(
                request, _("This meeting is over: the registration can no longer be cancelled.")
            )
            return redirect("registrations:manage", token=token)
        if services.cancel(registration):
            messages.success(request, _("Your registration has been cancelled."))
        return redirect("registrations:manage", token=token)
    context = manage_context(registration)
    context.update(token=token, page_title=_("Cancel your registration"))
    return private(render(request, "registrations/cancel.html", context))


@never_cache
@require_POST
def change_session(request, token):
    registration = registration_from(token)
    if registration is None:
        return invalid_link(request)
    form = ChangeSessionForm(request.POST, event=registration.event)
    if not form.is_valid():
        messages.error(request, _("Choose one of the options."))
        return redirect("registrations:manage", token=token)
    session = form.cleaned_data["session"]
    if registration.event.start <= timezone.now() or registration.event.is_cancelled:
        messages.error(request, _("This registration can no longer be changed."))
        return redirect("registrations:manage", token=token)
    try:
        services.change_session(registration, session)
    except services.NoPlace:
        messages.error(request, _("Sorry, that one has just filled up. Choose another."))
    except services.RegistrationError:
        messages.error(request, _("This registration can no longer be changed."))
    else:
        messages.success(
            request,
            _("Changed: you are now registered for %(session)s.")
            % {"session": session.display_title},
        )
    return redirect("registrations:manage", token=token)


@never_cache
@require_POST
def change_answers(request, token):
    registration = registration_from(token)
    if registration is None:
        return invalid_link(request)
    context = manage_context(registration)
    if not context["can_change"]:
        messages.error(request, _("This registration can no longer be changed."))
        return redirect("registrations:manage", token=token)
    questions = RegistrationQuestion.objects.filter(event_id=registration.event_id).order_by(
        "sort_order", "pk"
    )
    form = AnswersForm(request.POST, registration=registration, questions=questions)
    if not form.is_valid():
        # Shown again on the personal page, with what was typed and the errors.
        context.update(token=token, answers_form=form)
        return private(render(request, "registrations/manage.html", context))
    try:
        services.change_answers(registration, **form.changes())
    except services.RegistrationError:
        messages.error(request, _("This registration can no longer be changed."))
    else:
        messages.success(request, _("Your answers have been saved."))
    return redirect("registrations:manage", token=token)


@never_cache
@require_POST
def claim(request, token):
    registration = registration_from(token)
    if registration is None:
        return invalid_link(request)
    try:
        services.claim_offer(registration)
    except services.OfferLapsed:
        messages.error(request, _("Sorry, the time to claim this place has passed."))
    else:
        messages.success(request, _("The place is yours. See you there!"))
    return redirect("registrations:manage", token=token)


@require_safe
def calendar_file(request, token):
    registration = registration_from(token)
    if registration is None or not registration.holds_place:
        return invalid_link(request)
    response = HttpResponse(
        services.personal_calendar(registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug}.ics"'
    return private(response)


# -- invitations ----------------------------------------------------------------------------


@never_cache
@require_safe
def invitation(request, token):
    invitation = tokens.read_token(
        "invitation", Invitation, token, Invitation.objects.select_related("event")
    )
    if invitation is None:
        return invalid_link(request)
    event = get_event(invitation.event_id, request)
    settings_row = services.get_settings(event)
    if settings_row is None:
        raise Http404
    form, colleagues = build_forms(event, settings_row, invitation=invitation)
    response = render_form_page(request, event, settings_row, form, colleagues, invitation)
    return private(response)
