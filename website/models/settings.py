from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the footer shows, and which privacy statement a consent refers to."""

    organisation_name = models.CharField(
        _("organisation name"), max_length=150, default="Samenspel"
    )
    contact_email = models.EmailField(_("contact e-mail"), default="info@samenspel.nl")
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_statement_version = models.CharField(
        _("privacy statement version"),
        max_length=30,
        default="2026-1",
        help_text=_("Stored with every consent; change it when the statement changes."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("privacy_statement_version"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Statements"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
