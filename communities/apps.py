from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from communities.models import Membership
        from website import pagecache

        # The public group pages show the number of members and the trekkers' names.
        post_save.connect(pagecache.content_changed, sender=Membership)
        post_delete.connect(pagecache.content_changed, sender=Membership)

        from wagtail.signals import page_published

        page_published.connect(sync_members_only_events)

        # A group's public calendar feed at its own address + ".ics" (events serves those).
        from communities.feeds import group_calendar_view
        from communities.models import CommunityPage
        from events.views import register_calendar_view

        register_calendar_view(CommunityPage, group_calendar_view)

        # Mails about new posts and replies, per member's setting (communities.notifications).
        from communities import notifications

        notifications.connect()


def sync_members_only_events(sender, instance, **kwargs):
    """A group page published: its members-only events get (or lose) their restriction."""
    from communities.models import CommunityPage

    if isinstance(instance.specific_deferred, CommunityPage):
        from communities import services

        services.sync_event_restrictions()
