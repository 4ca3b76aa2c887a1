"""StreamField blocks of a report (verslag): outcomes per break-out, photos."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from website.blocks import BodyBlock

POINTS_HELP = _("One point per line.")


class BreakoutOutcomeBlock(blocks.StructBlock):
    """What one break-out group found: what goes well, what can improve, building blocks."""

    theme = SnippetChooserBlock("website.Theme", label=_("Theme"), required=False)
    title = blocks.CharBlock(label=_("Break-out group or question"), max_length=250)
    goes_well = blocks.TextBlock(label=_("What goes well"), required=False, help_text=POINTS_HELP)
    can_improve = blocks.TextBlock(
        label=_("What can improve"), required=False, help_text=POINTS_HELP
    )
    building_blocks = blocks.TextBlock(
        label=_("Building blocks"), required=False, help_text=POINTS_HELP
    )

    class Meta:
        icon = "group"
        label = _("Break-out outcome")
        template = "components/blocks/report_outcome.html"


class GalleryImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Photo"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=250,
        help_text=_("Describe what the photo shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=250)


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=150)
    photos = blocks.ListBlock(GalleryImageBlock(), label=_("Photos"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Photo gallery")
        template = "components/blocks/report_gallery.html"


class ReportBodyBlock(BodyBlock):
    """The shared body blocks (text, quotes, downloads, …) plus outcomes and a gallery."""

    outcome = BreakoutOutcomeBlock()
    gallery = GalleryBlock()
