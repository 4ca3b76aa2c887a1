"""One follow, three effects.

A signed-in person chooses on one page ("Volgen") the themes, regions and groups they
follow. That choice drives:

1. "Voor u": the upcoming events matching it and the public events of their groups, first on
   their home page and agenda (:func:`for_you_events`, shown through ``website``'s
   personal-section hook);
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
from communities.models import CommunityEvent, Membership, Profile
from events.models import EventPage
from newsletter import subscriptions
from newsletter.models import Subscriber

FOR_YOU_COUNT = 4


def profile_for(user):
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


def followed(profile):
    """(themes, regions, groups) the profile follows, as lists of ids."""
    if profile is None or profile.pk is None:
        return [], [], []
    return (
        list(profile.followed_themes.values_list("pk", flat=True)),
        list(profile.followed_regions.values_list("pk", flat=True)),
        list(profile.followed_communities.values_list("pk", flat=True)),
    )


def matching_q(theme_ids, region_ids, community_ids=()):
    """Events on a followed theme, in a followed region (or a region inside one), or on
    the agenda of a followed group (its public events only)."""
    q = Q(pk__in=[])
    if theme_ids:
        q |= Q(themes__in=theme_ids)
    if region_ids:
        q |= Q(regions__in=region_ids) | Q(regions__parent__in=region_ids)
    if community_ids:
        q |= Q(community_links__community__in=community_ids, community_links__members_only=False)
    return q


def member_event_ids(user):
    """Events on the agendas of the live groups ``user`` is an active member of,
    members-only ones included."""
    return CommunityEvent.objects.filter(
        community__live=True,
        community__memberships__user=user,
        community__memberships__status=Membership.Status.ACTIVE,
    ).values("event")


def is_member_anywhere(user):
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).exists()


def events_for(user, profile=None, members_only=True):
    """Live events for this person: public ones matching what they follow, and every
    event of their groups (members-only ones too, unless ``members_only`` is false).
    Any date; a queryset."""
    profile = profile or Profile.objects.filter(user=user).first()
    theme_ids, region_ids, community_ids = followed(profile)
    own_groups = EventPage.objects.filter(pk__in=member_event_ids(user))
    if not members_only:
        own_groups = own_groups.public()
    chosen = Q(pk__in=own_groups.values("pk"))
    if theme_ids or region_ids or community_ids:
        matching = EventPage.objects.filter(matching_q(theme_ids, region_ids, community_ids))
        public = EventPage.objects.live().public().filter(pk__in=matching.values("pk"))
        chosen |= Q(pk__in=public.values("pk"))
    return EventPage.objects.live().filter(chosen)


def for_you_events(user, count=FOR_YOU_COUNT, profile=None):
    """The next ``count`` upcoming events for ``user`` (see ``events_for``), with card data.

    Public events only: the site's pages (agenda, home) never list a members-only event,
    not even to its members, who find it on the group's agenda and in their private feed.
    """
    events = list(events_for(user, profile, members_only=False).upcoming()[:count])
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
