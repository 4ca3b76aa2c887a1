from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from website.models import Audience, Organisation, OutgoingMail, Region, Theme
from website.models.forms import can_read_form_submissions


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "home"
    list_display = ["name", "kind", "city", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "city"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "tag"
    menu_order = 300
    items = (ThemeViewSet, RegionViewSet, AudienceViewSet, OrganisationViewSet)


register_snippet(TaxonomyGroup)


class OutgoingMailViewSet(ModelViewSet):
    """The mail outbox, for site admins: what was sent, what waits, what failed.

    Only users with the model's permissions (site admins) see it; it holds
    recipients' addresses. Setting a failed mail back to "waiting to retry"
    sends it again at its next attempt time. A mail the worker renders when it sends
    it shows its template until then; a failed render shows in "last error".
    """

    model = OutgoingMail
    icon = "mail"
    menu_label = _("Outbox")
    add_to_settings_menu = True
    list_display = ["subject_shown", "to", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "purpose"]
    search_fields = ["to", "subject"]
    form_fields = ["status", "next_attempt_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "to",
        "subject",
        "purpose",
        "template",
        "rendered_at",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "last_error",
        "body_shown",
    ]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingMailViewSet("outbox")


@hooks.register("filter_form_submissions_for_user")
def only_redactie_reads_form_submissions(user, editable_forms):
    """Editing a form page (Auteurs may) no longer opens its submissions and exports."""
    return editable_forms if can_read_form_submissions(user) else editable_forms.none()


@hooks.register("construct_help_menu")
def leave_out_wagtail_release_notes(request, menu_items):
    """Wagtail's "What's new in Wagtail" item links to English release notes for developers."""
    menu_items[:] = [item for item in menu_items if not item.name.startswith("whats-new")]


@hooks.register("before_serve_page")
def mark_page_served(page, request, serve_args, serve_kwargs):
    """A Wagtail page is being served: the anonymous page cache may keep the response."""
    request._samenspel_page_served = True
