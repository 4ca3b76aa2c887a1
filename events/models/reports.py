"""Reports (verslagen) of events, with the agreements made there."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from events.blocks import ReportBodyBlock
from website import seo
from website.models import BasePage, Region, Theme
from website.models.pages import SamenspelPageQuerySet


class ReportPageQuerySet(SamenspelPageQuerySet):
    def listing(self):
        """Live, public reports, newest first."""
        return self.live().public().order_by("-date", "-first_published_at", "-pk")


class ReportPage(BasePage):
    """A report of one or more events: verslag, sfeerimpressie or samenvatting.

    Reports are children of the agenda page (/agenda/<slug>/), next to the events
    they belong to; ``ReportEventLink`` rows tie them to those events, and the
    event pages show their live reports.
    """

    template = "pages/report_page.html"
    parent_page_types = ["events.AgendaPage"]
    subpage_types = []

    class Kind(models.TextChoices):
        VERSLAG = "verslag", _("report")
        SFEERIMPRESSIE = "sfeerimpressie", _("impression")
        SAMENVATTING = "samenvatting", _("summary")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.VERSLAG)
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=150, blank=True)
    body = StreamField(ReportBodyBlock(), blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="reports"
    )
    regions = ParentalManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="reports"
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]), FieldPanel("author")],
            heading=_("About the report"),
        ),
        InlinePanel("event_links", heading=_("Events"), label=_("Event"), min_num=1),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "agreements",
            heading=_("Agreements"),
            label=_("Agreement"),
            help_text=_("Agreements with a follow-up date also show on the follow-up meeting."),
        ),
        MultiFieldPanel([FieldPanel("themes"), FieldPanel("regions")], heading=_("Tags")),
    ]

    objects = PageManager.from_queryset(ReportPageQuerySet)()

    og_type = "article"

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    @property
    def search_kind(self):
        return self.get_kind_display()

    @property
    def search_date(self):
        return self.date

    def share_image(self):
        return seo.first_image_in(self.body)

    def structured_data(self, request=None):
        return seo.article_data(
            self, request, section=self.get_kind_display(), date=self.date, author=self.author
        )

    def events(self):
        """The linked events that are live, in date order."""
        from .pages import EventPage

        return (
            EventPage.objects.live()
            .public()
            .filter(report_links__report=self)
            .order_by("start")
            .distinct()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["events"] = self.events()
        from .pages import EventPage

        agreements = list(self.agreements.select_related("follow_up_event"))
        visible = set(
            EventPage.objects.live()
            .public()
            .filter(pk__in=[a.follow_up_event_id for a in agreements if a.follow_up_event_id])
            .values_list("pk", flat=True)
        )
        for agreement in agreements:
            # A draft or members-only follow-up meeting is not linked for visitors.
            if agreement.follow_up_event_id not in visible:
                agreement.follow_up_event = None
        context["agreement_list"] = agreements
        return context


class ReportEventLink(Orderable):
    report = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="event_links")
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )

    panels = [FieldPanel("event")]

    class Meta(Orderable.Meta):
        verbose_name = _("linked event")
        verbose_name_plural = _("linked events")
        constraints = [
            models.UniqueConstraint(fields=["report", "event"], name="unique_report_event")
        ]


class ReportAgreement(Orderable):
    """An agreement (afspraak) made at the meeting: what, who pulls it, when we look back."""

    report = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="agreements")
    text = models.TextField(_("agreement"), max_length=1000)
    trekker = models.CharField(
        _("owner (trekker)"), max_length=200, blank=True, help_text=_("Who pulls this.")
    )
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("follow-up meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_up_agreements",
        help_text=_(
            "Optional. Without it the agreement shows on every event that is a "
            "follow-up of this report's events."
        ),
    )

    panels = [
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("trekker"), FieldPanel("follow_up_date")]),
        FieldPanel("follow_up_event"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return self.text[:80]
