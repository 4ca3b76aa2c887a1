"""Nieuwsbrief issues (Wagtail pages, also the web archive) and their sends.

A send is one :class:`IssueSend` per issue plus one :class:`Delivery` row per
recipient, written when the send starts. The delivery rows, not the worker's
tasks, are the truth: a worker claims a batch, renders each recipient's mail at
that moment and marks each row sent with the ESP's message id (see
newsletter.sending).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from newsletter.blocks import NewsletterBlock
from website.models import BasePage, Theme, paginate


class NewsletterIndexPage(BasePage):
    """/nieuwsbrief/: the subscribe form and the archive of issues."""

    template = "pages/newsletter_index_page.html"
    max_count = 1
    subpage_types = ["samenspel_newsletter.NewsletterIssuePage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("newsletter page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The archive is what went out: a published issue waiting for its send is not listed.
        issues = (
            NewsletterIssuePage.objects.live()
            .public()
            .child_of(self)
            .filter(send__started_at__isnull=False)
            .select_related("send")
            .order_by("-send__started_at", "-pk")
        )
        context["issues"] = paginate(request, issues, 12)
        return context


class NewsletterIssuePage(BasePage):
    """One issue: composed from blocks, previewed as mail, sent once to its recipients."""

    class Audience(models.TextChoices):
        ALL = "all", _("All subscribers")
        THEMES = "themes", _("Only subscribers who chose one of this issue's themes")

    template = "pages/newsletter_issue_page.html"
    parent_page_types = ["samenspel_newsletter.NewsletterIndexPage"]
    subpage_types = []

    preheader = models.CharField(
        _("preview text"),
        max_length=150,
        blank=True,
        help_text=_("Shown by many mail programs after the subject line."),
    )
    body = StreamField(NewsletterBlock(), verbose_name=_("content"))
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="newsletter_issues"
    )
    audience = models.CharField(
        _("recipients"), max_length=10, choices=Audience.choices, default=Audience.ALL
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("preheader"),
        FieldPanel("body"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("themes")],
            heading=_("Recipients and themes"),
        ),
        *Page.settings_panels,
    ]
    preview_modes = [
        ("", _("Web page")),
        ("mail_html", _("E-mail (HTML)")),
        ("mail_text", _("E-mail (plain text)")),
    ]

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def get_sitemap_urls(self, request=None):
        """Only issues that went out; the link in the mail works for the others too."""
        if not IssueSend.objects.filter(issue=self, started_at__isnull=False).exists():
            return []
        return super().get_sitemap_urls(request)

    def get_context(self, request, *args, **kwargs):
        from newsletter import rendering

        context = super().get_context(request, *args, **kwargs)
        context.update(rendering.issue_context(self))
        context["send"] = IssueSend.objects.filter(issue=self).first()
        return context

    def serve_preview(self, request, mode_name):
        from newsletter import rendering

        if mode_name in ("mail_html", "mail_text"):
            return rendering.preview_response(self, request, mode_name)
        return super().serve_preview(request, mode_name)


class IssueSend(models.Model):
    """The send of one issue: when, by whom, how far. One per issue, so it goes out once."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        DONE = "done", _("sent")
        CANCELLED = "cancelled", _("cancelled")

    issue = models.OneToOneField(
        NewsletterIssuePage,
        on_delete=models.CASCADE,
        related_name="send",
        verbose_name=_("newsletter issue"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    scheduled_for = models.DateTimeField(_("send at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The "upcoming meetings" block, resolved when the send started and frozen since.
    upcoming_event_ids = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")

    def __str__(self):
        return f"{self.issue} ({self.get_status_display()})"


class Delivery(models.Model):
    """One issue to one subscriber. Nothing rendered is stored: the worker renders at send."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped (unsubscribed meanwhile)")

    send = models.ForeignKey(IssueSend, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        "samenspel_newsletter.Subscriber", on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    # A random value per claim: the worker sends exactly the rows that carry its own.
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    esp_message_id = models.CharField(_("ESP message id"), max_length=255, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="one_delivery_per_send")
        ]
        indexes = [
            models.Index(fields=["send", "status"]),
            models.Index(fields=["esp_message_id"]),
        ]

    def __str__(self):
        return f"{self.send_id} → {self.subscriber_id} ({self.status})"


class TrackingEvent(models.Model):
    """A delivery event reported by the ESP's webhook, stored once per event id."""

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(_("event"), max_length=30)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    recipient = models.EmailField(_("recipient"), blank=True, db_index=True)
    at = models.DateTimeField(_("when"))
    description = models.CharField(_("description"), max_length=500, blank=True)

    PERSONAL_FIELDS = ("recipient", "description")

    class Meta:
        verbose_name = _("delivery event")
        verbose_name_plural = _("delivery events")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.event_type} {self.recipient}"
