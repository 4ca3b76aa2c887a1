"""A member's private calendar feed and a group's public one (RFC 5545, via events.feeds).

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

# Extra event sources for the private feed: ``f(user) -> (members_only_ok, public)``
# querysets of event ids; the groups part registers one (see communities.group_feeds).
EVENT_SOURCES = []


def register_event_source(function):
    if function not in EVENT_SOURCES:
        EVENT_SOURCES.append(function)
    return function


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


def followed_event_ids(user, profile=None):
    """Ids of the events the person's follows and groups bring into their feed."""
    profile = profile or following.profile_for(user)
    ids = set(following.matching_events(profile).values_list("pk", flat=True))
    for source in EVENT_SOURCES:
        ids |= set(source(user))
    return ids


def private_entries(user, now=None, profile=None):
    now = now or timezone.now()
    registrations = _registrations(user, now)
    entries = [_registration_entry(registration) for registration in registrations]
    registered = {
        registration.event_id
        for registration in registrations
        if registration.status == Registration.Status.CONFIRMED
    }
    ids = followed_event_ids(user, profile) - registered
    if ids:
        events = feeds.feed_events(EventPage.objects.live().filter(pk__in=ids), now=now)
        entries += [
            entry for event in events for entry in feeds.calendar_entries(event, withdrawn=True)
        ]
    return entries


def private_calendar(user, now=None, profile=None):
    description = gettext("Your registrations and the meetings that match what you follow.")
    entries = private_entries(user, now, profile)
    return feeds.entries_calendar(entries, private_name(), description)
