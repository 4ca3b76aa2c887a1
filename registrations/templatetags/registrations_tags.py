"""Registration on the event page and places left on cards, in a fixed number of queries.

``{% registration_panel page %}`` shows the form (or why there is none) on the event
page. ``{% event_places event %}`` and ``{% session_places session %}`` show "nog 3
plaatsen" / "vol – wachtlijst". The first of these tags in a request loads settings
and counts for every event the template context already holds (a listing's page of
events), so a listing costs the same few queries whatever its length.
"""

import copy
import re

from django import template
from django.core.paginator import Page as PaginatorPage
from django.db.models.query import QuerySet
from django.utils import dateformat, timezone
from django.utils.functional import LazyObject, Promise
from django.utils.translation import gettext as _

from events import formatting
from events.archive import ArchivePage
from events.models import EventPage
from registrations import services
from registrations.forms import places_text
from registrations.models import RegistrationSettings
from website import memo

register = template.Library()


def _store(context):
    return _store_for(context.get("request"))


def _store_for(request):
    store = getattr(request, "_registration_places", None) if request is not None else None
    if store is None:
        store = {"settings": {}, "counts": {}}
        if request is not None:
            request._registration_places = store
    return store


def _events_in(value):
    # A lazy value (the CSRF token, the CSP nonce) is never an event: looking at it with
    # isinstance() would create it, and a CSRF token sets a cookie on every page.
    if issubclass(type(value), LazyObject | Promise):
        return []
    if isinstance(value, EventPage):
        return [value]
    if isinstance(value, PaginatorPage | ArchivePage):
        value = value.object_list
    if isinstance(value, QuerySet):
        if value._result_cache is None:
            return []
        value = value._result_cache
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, EventPage)]
    return []


def _load(context, event):
    store = _store(context)
    if event.pk in store["counts"]:
        return store
    others = [item for value in context.flatten().values() for item in _events_in(value)]
    return _load_events(store, event, others)


def _load_events(store, event, others):
    events = {event.pk: event}
    for item in others:
        events.setdefault(item.pk, item)
    ids = [pk for pk in events if pk not in store["counts"]]
    hybrid = frozenset(pk for pk in ids if events[pk].attendance == EventPage.Attendance.HYBRID)
    # Settings and counts change only with a registration or a publish: a publish raises
    # the content version, a place taken or freed the places version (website.memo).
    rows, counts = memo.with_places(
        ("registration_places", tuple(sorted(ids)), hybrid), lambda: _read(ids, hybrid)
    )
    for pk in ids:
        store["settings"][pk] = None
    for pk, settings_row in rows.items():
        settings_row = copy.copy(settings_row)  # each request sets its own event on it
        settings_row.event = events[pk]
        store["settings"][pk] = settings_row
    store["counts"].update(counts)
    return store


def _read(ids, hybrid):
    rows = {row.event_id: row for row in RegistrationSettings.objects.filter(event_id__in=ids)}
    return rows, services.place_counts(ids, hybrid=hybrid)


def request_availability(request, event):
    """(settings, availability) of one event, shared with this request's tags."""
    store = _store_for(request)
    if event.pk not in store["counts"]:
        _load_events(store, event, [])
    return _availability(store, event)


def event_availability(context, event):
    return _availability(_load(context, event), event)


def _availability(store, event):
    settings_row = store["settings"].get(event.pk)
    if settings_row is None:
        return None, None
    counts = store["counts"][event.pk]
    return settings_row, services.availability(event, settings_row, counts)


@register.inclusion_tag("registrations/includes/places.html", takes_context=True)
def event_places(context, event):
    """ "nog 3 plaatsen", "vol – wachtlijst" for an event card (nothing when unlimited)."""
    settings_row, availability = event_availability(context, event)
    text = ""
    if availability is not None and not event.is_cancelled and event.end > timezone.now():
        text = places_text(availability.left, availability.waitlist)
        if settings_row.invitation_only:
            text = str(_("by invitation"))
    return {
        "text": text,
        "full": bool(availability and availability.full),
        "invitation_only": bool(settings_row and settings_row.invitation_only),
    }


@register.inclusion_tag("registrations/includes/places.html", takes_context=True)
def session_places(context, session):
    """Places left in one session of the event page."""
    event = session.page
    store = _load(context, event)
    settings_row = store["settings"].get(event.pk)
    text = ""
    left = None
    if settings_row is not None and not event.is_cancelled and event.end > timezone.now():
        left = services.session_availability(
            event, settings_row, session, store["counts"][event.pk]
        )
        text = places_text(left, settings_row.waitlist)
    return {"text": text, "full": left == 0, "invitation_only": False}


@register.inclusion_tag("registrations/includes/panel.html", takes_context=True)
def registration_panel(context, event):
    """The registration section of the event page: the form, or why there is none."""
    from registrations.views import build_forms, registration_state

    request = context.get("request")
    settings_row, availability = event_availability(context, event)
    result = {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "event": event,
        "settings_row": settings_row,
    }
    if settings_row is None:
        return result
    state = registration_state(event, settings_row)
    result.update(state=state, availability=availability)
    if state == "open":
        form, colleagues = build_forms(event, settings_row)
        result.update(form=form, colleagues=colleagues)
    return result


@register.filter
def registration_when(registration):
    """Date and time of what this person registered for."""
    return chosen_when(registration.event, registration.session)


@register.filter
def chosen_when(event, session=None):
    """Date and time of ``session`` (a host location or break-out has its own), else the event's."""
    if session is not None and not event.all_day:
        return formatting.format_span(session.start, session.end)
    return formatting.format_span(event.start, event.end, all_day=event.all_day)


@register.filter
def chosen_start(event, session=None):
    """The start of ``session`` or the event, for ``<time datetime>``."""
    return session.start if session is not None else event.start


@register.filter
def title_says_when(event):
    """Whether the event's title already names its month ("Inspiratie-estafette 26 maart
    2027: Almere"), so a subject that adds the date would say it twice."""
    month = dateformat.format(timezone.localtime(event.start), "F")
    return bool(re.search(rf"\b{re.escape(month)}\b", event.title, flags=re.IGNORECASE))


@register.filter
def when(value):
    """A moment as people read it: "vrijdag 18 mei 2018, 11.00 uur"."""
    return formatting.format_span(value, None)


@register.inclusion_tag("registrations/includes/jump_link.html", takes_context=True)
def registration_jump_link(context, event):
    """An "Aanmelden" button near the top of the event page that jumps to the form."""
    from registrations.views import registration_state

    settings_row, _availability = event_availability(context, event)
    state = registration_state(event, settings_row) if settings_row is not None else None
    return {"show": state == "open"}
