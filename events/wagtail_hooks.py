from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet

from events.models import ReportPage


class ReportPageListingViewSet(PageListingViewSet):
    """The admin menu item "Verslagen": every event report in one listing.

    Wagtail's own Reports menu (locked pages, workflows, site history) is called
    "Rapportages" (locale_overrides/), so the two never share a name.
    """

    model = ReportPage
    icon = "doc-full"
    menu_label = pgettext_lazy("event reports", "Reports")
    menu_order = 150  # right after Pagina's
    add_to_admin_menu = True


@hooks.register("register_admin_viewset")
def register_report_listing():
    return ReportPageListingViewSet("event_reports")
