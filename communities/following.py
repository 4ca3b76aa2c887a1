"""One follow, three effects.

A signed-in person chooses on one page ("Volgen") the themes, regions and groups they
follow. That choice drives:

1. "Voor u": the upcoming events matching it, first on their home page and agenda
   (:func:`for_you_events`, shown through ``website``'s personal-section hook);
2. the themes of their nieuwsbrief subscription, when they have a confirmed one under an
   address they verified (:func:`sync_newsletter`, recorded in the subscriber's history
   like any change on the preferences page);
3. their private calendar feed (``communities.feeds.private_calendar``).
"""

import secrets

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from communities.accounts.services import verified_addresses
from communities.models import Profile
from events.models import EventPage
from newsletter import subscriptions
from newsletter.models import Subscriber

FOR_YOU_COUNT = 4


def profile_for(user):
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def followed(profile):
    """(themes, regions) the profile follows, as lists of ids."""
    return (
        list(profile.followed_themes.values_list("pk", flat=True)),
        list(profile.followed_regions.values_list("pk", flat=True)),
    )


def matching_q(theme_ids, region_ids):
    """Events on a followed theme, in a followed region or in a region inside one."""
    q = Q(pk__in=[])
    if theme_ids:
        q |= Q(themes__in=theme_ids)
    if region_ids:
        q |= Q(regions__in=region_ids) | Q(regions__parent__in=region_ids)
    return q


def matching_events(profile):
    """Live, public events matching what the profile follows (any date)."""
    theme_ids, region_ids = followed(profile)
    if not theme_ids and not region_ids:
        return EventPage.objects.none()
    chosen = EventPage.objects.filter(matching_q(theme_ids, region_ids)).values("pk")
    return EventPage.objects.live().public().filter(pk__in=chosen)


def for_you_events(user, count=FOR_YOU_COUNT):
    """The next ``count`` upcoming events matching what ``user`` follows, with card data."""
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    events = list(matching_events(profile).upcoming()[:count])
    return EventPage.prefetch_for_cards(events)


def confirmed_subscriptions(user):
    """Confirmed nieuwsbrief subscriptions under an address the person verified."""
    addresses = verified_addresses(user)
    if not addresses:
        return Subscriber.objects.none()
    return Subscriber.objects.filter(email__in=addresses, status=Subscriber.Status.CONFIRMED)


def sync_newsletter(user, themes):
    """Give the person's confirmed subscriptions the themes they follow.

    Only a subscription confirmed by the double opt-in, and only under an address the
    person proved is theirs (typed the code sent there): a pending request or someone
    else's address is never changed. Each change is one "preferences changed" line in
    the subscriber's history, as on the preferences page. Returns the subscribers changed.
    """
    wanted = {theme.pk for theme in themes}
    changed = []
    for subscriber in confirmed_subscriptions(user).prefetch_related("themes", "audiences"):
        if {theme.pk for theme in subscriber.themes.all()} == wanted:
            continue
        subscriptions.update_preferences(
            subscriber,
            name=subscriber.name,
            themes=list(themes),
            audiences=list(subscriber.audiences.all()),
            source=_("from the account's Follow page"),
        )
        changed.append(subscriber)
    return changed


def save_follows(user, *, themes, regions, communities=None):
    """Store what the person follows and carry the themes over to their nieuwsbrief."""
    with transaction.atomic():
        profile = profile_for(user)
        profile.followed_themes.set(themes)
        profile.followed_regions.set(regions)
        if communities is not None:
            profile.followed_communities.set(communities)
        profile.save(update_fields=["updated_at"])
        changed = sync_newsletter(user, themes)
    return profile, changed


def new_calendar_token():
    return secrets.token_urlsafe(32)


def reset_calendar_token(user):
    """A new secret address for the private feed; the old one stops working at once."""
    with transaction.atomic():
        profile = profile_for(user)
        profile.calendar_token = new_calendar_token()
        profile.save(update_fields=["calendar_token", "updated_at"])
    return profile


def stop_calendar(user):
    """No private feed any more: its address stops working."""
    Profile.objects.filter(user=user).update(calendar_token=None)
