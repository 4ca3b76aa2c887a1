"""Who may see what of registrations in the admin.

* An event's registrations (listing, exports, presence list, attendance, adding,
  moving, messages): superusers, and the users listed as the event's organisers
  (:class:`~registrations.models.RegistrationOrganiser`, the "Organisers" rows of the
  event's registration settings). Editing rights on the page are not enough: an
  editor who is not an organiser of the event sees none of its personal data.
* Privacy requests (export or erase everything held about one address, across all
  events): superusers, and users with the permission to delete registrations
  ("Registrations | registration | Can delete"), which site admins give to a group.

Every admin user still needs Wagtail's "Can access Wagtail admin" permission to log in.
"""

from django.db.models import Q

from events.models import EventPage
from registrations.models import Registration, RegistrationOrganiser, RegistrationSettings

PRIVACY_PERMISSION = "registrations.delete_registration"


def _usable(user):
    return user is not None and user.is_authenticated and user.is_active


def organised_event_ids(user):
    """Ids of the events ``user`` organises; fetched once per user object (one query)."""
    if not _usable(user):
        return frozenset()
    cached = getattr(user, "_organised_event_ids", None)
    if cached is None:
        cached = frozenset(
            RegistrationOrganiser.objects.filter(user_id=user.pk).values_list("event_id", flat=True)
        )
        user._organised_event_ids = cached
    return cached


def can_view_registrations(user, event):
    """Whether ``user`` may see (and work with) the registrations of ``event``."""
    if not _usable(user):
        return False
    if user.is_superuser:
        return True
    return event.pk in organised_event_ids(user)


def has_any_event(user):
    """Whether the "Registrations" menu item is any use to ``user``."""
    return _usable(user) and (user.is_superuser or bool(organised_event_ids(user)))


def visible_events(user):
    """The events whose registrations ``user`` may see: those taking registrations
    (or holding some), limited to the ones they organise unless they are a superuser."""
    if not _usable(user):
        return EventPage.objects.none()
    events = EventPage.objects.filter(
        Q(pk__in=RegistrationSettings.objects.values("event_id"))
        | Q(pk__in=Registration.objects.values("event_id"))
    )
    if not user.is_superuser:
        events = events.filter(pk__in=organised_event_ids(user))
    return events


def can_handle_privacy_requests(user):
    """Whether ``user`` may export and erase everything held about one address."""
    return _usable(user) and (user.is_superuser or user.has_perm(PRIVACY_PERMISSION))
