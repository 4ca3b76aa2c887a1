"""A member's private calendar feed and a group's public one (RFC 5545, via events.feeds).

A group's feed (``/communities/<group>.ics``, the group page's address with ``.ics``,
served through ``events.views.register_calendar_view``) holds the group's public events:
never a members-only one, which only its members see, in their private feed.

The private feed, at a secret address (``Profile.calendar_token``), holds:

- every registration made with an address the person verified: their own entry (their
  host location or break-out, the online link if it is theirs), with the registration's
  UID and revision, as in the calendar file of their confirmation mail; a registration
  they cancelled stays as a cancelled entry while the event is in the feed's window, so
  their calendar drops it;
- the events of the groups they are a member of, members-only ones included, and the
  public events of the groups they follow;
- the events matching the themes and regions they follow.

Same rules as the site's feeds: the ``VTIMEZONE``, stable UIDs, ``SEQUENCE`` and
cancelled entries come from ``events.feeds``; the window (how long ago, how many) is
``events.feeds.feed_events``'s.
"""

import dataclasses

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from communities import following
from communities.accounts.services import verified_addresses
from events import feeds
from events.models import EventPage
from registrations.models import Registration
from registrations.services import personal_entry

#: Most registrations in one person's feed (the most recent events first).
MAX_REGISTRATIONS = 200


def private_name():
    return gettext("%(site)s: my calendar") % {"site": feeds.site_name()}


def _registrations(user, now):
    addresses = verified_addresses(user)
    if not addresses:
        return []
    in_calendar = Q(status=Registration.Status.CONFIRMED) | Q(
        status=Registration.Status.CANCELLED, calendar_revision__gt=0
    )
    window = EventPage.objects.live().filter(end__gte=now - feeds.retention()).values("pk")
    return list(
        Registration.objects.filter(in_calendar, email__in=addresses, event__in=window)
        .select_related("event", "session", "session__organisation")
        .prefetch_related(
            "event__sessions__organisation",
            "event__themes",
            "event__withdrawn_entries",
        )
        .order_by("-event__start", "pk")[:MAX_REGISTRATIONS]
    )


def _registration_entry(registration):
    cancelled = registration.status == Registration.Status.CANCELLED
    entry = personal_entry(registration, cancelled=cancelled)
    if cancelled and registration.cancelled_at:
        # The same bytes on every request, so ETags and 304s work.
        entry = dataclasses.replace(entry, last_modified=registration.cancelled_at)
    return entry


def private_entries(user, now=None, profile=None):
    now = now or timezone.now()
    registrations = _registrations(user, now)
    entries = [_registration_entry(registration) for registration in registrations]
    registered = {
        registration.event_id
        for registration in registrations
        if registration.status == Registration.Status.CONFIRMED
    }
    chosen = following.events_for(user, profile).exclude(pk__in=registered)
    events = feeds.feed_events(chosen, now=now)
    entries += [
        entry for event in events for entry in feeds.calendar_entries(event, withdrawn=True)
    ]
    return entries


def private_calendar(user, now=None, profile=None):
    description = gettext("Your registrations and the meetings that match what you follow.")
    entries = private_entries(user, now, profile)
    return feeds.entries_calendar(entries, private_name(), description)


def group_events(community):
    """The live, public events on a group's agenda (never a members-only one)."""
    linked = community.community_events.filter(members_only=False).values("event")
    return EventPage.objects.live().public().filter(pk__in=linked)


def group_calendar_view(request, community):
    events = list(feeds.feed_events(group_events(community)))
    name = f"{feeds.site_name()}: {community.title}"
    description = gettext("The public meetings of the group %(group)s.") % {
        "group": community.title
    }
    calendar = feeds.build_calendar(events, request=request, name=name, description=description)
    return feeds.calendar_response(request, calendar, f"{community.slug}.ics")
