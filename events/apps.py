from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from website import pagecache

        pagecache.register_boundary(next_event_moment)

        from wagtail.signals import page_unpublished

        from events.models import EventPage

        page_unpublished.connect(
            withdraw_unpublished_event, sender=EventPage, dispatch_uid="events.withdraw"
        )


def withdraw_unpublished_event(sender, instance, **kwargs):
    """An event unpublished (by an editor, by expiry) or deleted (Wagtail unpublishes it
    first): its entries stay in the feeds, cancelled (``events/models/withdrawn.py``)."""
    from events.models import WithdrawnCalendarEntry

    WithdrawnCalendarEntry.withdraw_event(instance)


def next_event_moment(now):
    """The next moment a live event starts or ends: "upcoming" and "past" change then."""
    from django.db.models import Min, Q

    from events.models import EventPage

    moments = EventPage.objects.filter(live=True).aggregate(
        start=Min("start", filter=Q(start__gt=now)), end=Min("end", filter=Q(end__gt=now))
    )
    upcoming = [moment for moment in moments.values() if moment is not None]
    return min(upcoming) if upcoming else None
