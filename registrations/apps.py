from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from registrations import invitations, signals  # noqa: F401  (signals connects receivers)
        from website import pagecache

        invitations.register_hooks()
        pagecache.register_boundary(next_registration_moment)


def next_registration_moment(now):
    """The next moment a registration opens or closes: the form and the offer change then.

    An event's start (the default closing moment) is already one of the events app's.
    """
    from django.db.models import Min, Q

    from registrations.models import RegistrationSettings

    moments = RegistrationSettings.objects.filter(event__live=True).aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    return min(upcoming) if upcoming else None
