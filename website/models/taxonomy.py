"""Themes, regions, audiences and organisations: the network's shared vocabulary.

They are snippets, so editors manage them in the admin and every page type
(articles, events, reports, communities) tags itself with the same rows.
"""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index


class SlugNamedModel(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=150,
        unique=True,
        blank=True,
        help_text=_("Used in web addresses, e.g. /agenda/?thema=thuiszitters. Filled in for you."),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:150]
        super().save(*args, **kwargs)


class Theme(SlugNamedModel):
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(SlugNamedModel.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Audience(SlugNamedModel):
    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(SlugNamedModel.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Region(SlugNamedModel):
    class Kind(models.TextChoices):
        JEUGDZORGREGIO = "jeugdzorgregio", _("youth care region")
        SAMENWERKINGSVERBAND = "samenwerkingsverband", _("school partnership (SWV)")
        GEMEENTE = "gemeente", _("municipality")
        INSPIRATIEREGIO = "inspiratieregio", _("inspiration region")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("parent")]

    class Meta(SlugNamedModel.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Organisation(SlugNamedModel):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("school")
        SAMENWERKINGSVERBAND = "samenwerkingsverband", _("school partnership (SWV)")
        GEMEENTE = "gemeente", _("municipality")
        JEUGDHULP = "jeugdhulp", _("youth care organisation")
        OVERIG = "overig", _("other")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.OVERIG)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )

    search_fields = [*SlugNamedModel.search_fields, index.SearchField("city")]

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city")],
            heading=_("Address"),
        ),
        FieldPanel("website"),
        FieldPanel("region"),
    ]

    class Meta(SlugNamedModel.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    @property
    def address(self):
        """One line, as it goes into a calendar entry or a map search."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)
