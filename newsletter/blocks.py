"""The blocks a nieuwsbrief issue is made of. Each renders for the web archive and for mail."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks

from website.blocks import CallToActionBlock, CaptionedImageBlock


class ChosenPagesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=150)

    class Meta:
        abstract = True


class ChosenArticlesBlock(ChosenPagesBlock):
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="website.ArticlePage"), label=_("Articles")
    )

    class Meta:
        icon = "doc-full"
        label = _("Chosen articles")


class ChosenReportsBlock(ChosenPagesBlock):
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="events.ReportPage"),
        label=pgettext_lazy("event reports", "Reports"),
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Chosen reports")


class ChosenEventsBlock(ChosenPagesBlock):
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="events.EventPage"), label=_("Meetings")
    )

    class Meta:
        icon = "date"
        label = _("Chosen meetings")


class UpcomingEventsBlock(blocks.StructBlock):
    """The next meetings matching the issue's themes, looked up when the send starts.

    From then on the issue shows the frozen list (see NewsletterIssuePage.upcoming_snapshot),
    so the archive shows what was sent.
    """

    title = blocks.CharBlock(
        label=_("Title"), required=False, max_length=150, default=_("Upcoming meetings")
    )
    count = blocks.IntegerBlock(label=_("Number of meetings"), min_value=1, max_value=12, default=4)

    class Meta:
        icon = "calendar-alt"
        label = _("Upcoming meetings (automatic)")


class NewsletterBlock(blocks.StreamBlock):
    intro = blocks.TextBlock(label=_("Introduction"))
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    image = CaptionedImageBlock()
    call_to_action = CallToActionBlock()
    articles = ChosenArticlesBlock()
    reports = ChosenReportsBlock()
    events = ChosenEventsBlock()
    upcoming = UpcomingEventsBlock()

    class Meta:
        block_counts = {"upcoming": {"max_num": 1}}
