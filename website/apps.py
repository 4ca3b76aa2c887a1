from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using, **kwargs):
    """`migrate` also makes the table of a database cache (production's default).

    `createcachetable` does nothing for other cache backends or when the table exists.
    """
    call_command("createcachetable", database=using, verbosity=0)


class WebsiteConfig(AppConfig):
    name = "website"
    verbose_name = _("Website")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self)
