"""What the event page's admin form checks for registrations.

A mixin of :class:`events.forms.EventPageForm`, the event page's admin form:

* a host location or break-out that still has active registrations (confirmed,
  offered or waiting) cannot be removed: publishing would delete the session and
  leave those people without a place and without a word. The editor is told to
  move or cancel them first;
* only superusers and users with the permission "Can choose an event's organisers"
  (:data:`ASSIGN_ORGANISERS`) can change the "Organisers" rows; for everyone else
  the rows are left out of the form and the panel shows them read-only.
"""

from django.db.models import Count, Q
from django.utils.translation import ngettext

from registrations.models import Registration, RegistrationOrganiser

ASSIGN_ORGANISERS = "registrations.assign_organisers"
ORGANISERS = "registration_organisers"


def can_assign_organisers(user):
    return (
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(ASSIGN_ORGANISERS))
    )


def sessions_with_registrations(event_id, kept_ids):
    """The event's stored sessions outside ``kept_ids`` that still have active registrations."""
    from events.models import EventSession

    active = Q(registrations__status__in=Registration.ACTIVE) & ~Q(registrations__email="")
    return (
        EventSession.objects.filter(page_id=event_id)
        .exclude(pk__in=kept_ids)
        .annotate(active=Count("registrations", filter=active))
        .filter(active__gt=0)
        .order_by("sort_order", "pk")
    )


class EventRegistrationsFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisers_locked = ORGANISERS in self.formsets and not can_assign_organisers(
            self.for_user
        )
        if self.organisers_locked:
            # Not in the form, so not changed from it.
            del self.formsets[ORGANISERS]

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.organisers_locked and page.pk:
            # The version being edited may be an old one (restored, or a draft made before
            # an organiser was removed): the organisers stay as they are now.
            page.registration_organisers = list(
                RegistrationOrganiser.objects.filter(event_id=page.pk)
            )
        if commit:
            page.save()
            self.save_m2m()
        return page

    def clean(self):
        cleaned_data = super().clean()
        self._check_removed_sessions()
        return cleaned_data

    def _check_removed_sessions(self):
        sessions = self.formsets.get("sessions")
        if sessions is None or self.instance.pk is None or not sessions.is_valid():
            return
        deleted = set(map(id, sessions.deleted_forms))
        kept = [
            form.instance.pk
            for form in sessions.forms
            if id(form) not in deleted and form.instance.pk is not None
        ]
        for session in sessions_with_registrations(self.instance.pk, kept):
            self.add_error(
                None,
                ngettext(
                    "“%(session)s” still has %(count)s registration (confirmed, offered or "
                    "on the waitlist). Move it to another option or cancel it under "
                    "Registrations before you remove “%(session)s”.",
                    "“%(session)s” still has %(count)s registrations (confirmed, offered or "
                    "on the waitlist). Move them to another option or cancel them under "
                    "Registrations before you remove “%(session)s”.",
                    session.active,
                )
                % {"session": session.display_title, "count": session.active},
            )
