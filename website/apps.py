from django.apps import AppConfig
from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_migrate, pre_save
from django.utils.translation import gettext_lazy as _


def create_cache_table(using, **kwargs):
    """`migrate` also makes the table of a database cache (production's default).

    `createcachetable` does nothing for other cache backends or when the table exists.
    """
    call_command("createcachetable", database=using, verbosity=0)


def keep_time_zone_dutch(instance, **kwargs):
    """An editor's profile never holds a time zone the site does not offer.

    Wagtail would run the admin in it, reading the times editors type for events in
    that zone (see website/migrations/0005 for profiles from before).
    """
    allowed = getattr(settings, "WAGTAIL_USER_TIME_ZONES", None)
    if allowed and instance.current_time_zone not in allowed:
        instance.current_time_zone = ""


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)
        pre_save.connect(keep_time_zone_dutch, sender="wagtailusers.UserProfile")
        from website import pagecache

        pagecache.connect_signals()
