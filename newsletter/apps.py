from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    label = "samenspel_newsletter"
    verbose_name = _("Newsletter")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from newsletter import (
            subscriptions,
            webhooks,  # noqa: F401  (connects the ESP tracking signal)
        )
        from website import privacy

        # The AVG export and erasure (in registrations) include the subscription.
        privacy.register(
            "newsletter",
            export=subscriptions.export_person,
            erase=subscriptions.erase_person,
            describe=subscriptions.describe_held,
        )
