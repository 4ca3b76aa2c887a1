"""The subscribers in the Wagtail admin: listing, CSV import and export, history.

Subscribers are personal data: only superusers and groups given one of the model's
permissions (*Instellingen → Groepen*, "Abonnee": view, add, change, delete) see them.
Viewing (listing, export, history) takes any of those; importing takes "add". Wagtail
sends anonymous visitors to the admin login first.

Registered through ``newsletter.subscriber_hooks`` (imported by ``wagtail_hooks.py``).
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from newsletter import subscriptions
from newsletter.forms import ImportForm
from newsletter.models import Delivery, Subscriber
from registrations.exports import CSV_CONTENT_TYPE, neutralise

policy = ModelPermissionPolicy(Subscriber)


def can_view(user):
    return policy.user_has_any_permission(user, ["add", "change", "delete", "view"])


def can_import(user):
    return policy.user_has_permission(user, "add")


class SubscriberIndexView(generic.IndexView):
    def get_add_url(self):
        # "Add" is the import: an address only comes in with its consent evidence.
        if can_import(self.request.user):
            return reverse("newsletter_subscribers:add")
        return None

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.add_url:
            buttons.append(HeaderButton(_("Import (CSV)"), url=self.add_url, icon_name="upload"))
        query = self.request.GET.urlencode()
        export_url = reverse("newsletter_subscribers:export") + (f"?{query}" if query else "")
        buttons.append(HeaderButton(_("Export (CSV)"), url=export_url, icon_name="download"))
        return buttons

    def get_list_more_buttons(self, instance):
        return [
            MenuItem(
                _("History"),
                url=reverse("newsletter_subscribers:subscriber_history", args=[instance.pk]),
                icon_name="history",
                priority=5,
            ),
            *super().get_list_more_buttons(instance),
        ]


class AdminView(WagtailAdminTemplateMixin, View):
    header_icon = "mail"
    permission_check = staticmethod(can_view)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_check(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("newsletter_subscribers:index"), "label": _("Subscribers")},
            {"url": "", "label": self.get_page_title()},
        ]

    def render(self, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context))


class ImportView(AdminView):
    template_name = "newsletter/admin/import.html"
    page_title = gettext_lazy("Import subscribers")
    permission_check = staticmethod(can_import)

    def get(self, request):
        return self.render(form=ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            response = self.render(form=form)
            response.status_code = 400
            return response
        result = subscriptions.import_subscribers(
            form.rows, consent_source=form.cleaned_data["consent_source"]
        )
        messages.success(
            request,
            _(
                "Imported: %(added)s new, %(confirmed)s confirmed, %(already)s already "
                "subscribed, %(skipped)s not added because they unsubscribed earlier."
            )
            % {
                "added": result.added,
                "confirmed": result.confirmed,
                "already": result.already,
                "skipped": result.skipped_unsubscribed,
            },
        )
        return redirect("newsletter_subscribers:index")


def filtered(queryset, params):
    """The listing's filters and search, for the export of what the editor sees."""
    if statuses := params.getlist("status"):
        queryset = queryset.filter(status__in=statuses)
    if sources := params.getlist("source"):
        queryset = queryset.filter(source__in=sources)
    if themes := [value for value in params.getlist("themes") if value.isdigit()]:
        queryset = queryset.filter(themes__in=themes).distinct()
    if term := params.get("q", "").strip():
        queryset = queryset.filter(Q(email__icontains=term) | Q(name__icontains=term))
    return queryset


def _moment(value):
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else ""


class ExportView(AdminView):
    """All (or the filtered) subscribers as CSV, every cell safe in a spreadsheet."""

    def get(self, request):
        rows = filtered(Subscriber.objects.all(), request.GET).prefetch_related(
            "themes", "audiences"
        )
        headers = [
            _("E-mail address"),
            _("Name"),
            _("Status"),
            _("Themes"),
            _("Audiences"),
            _("Source"),
            _("Source detail"),
            _("Privacy statement version"),
            _("Requested"),
            _("Confirmed"),
            _("Unsubscribed"),
        ]
        output = io.StringIO()
        output.write("\ufeff")
        writer = csv.writer(output, delimiter=";")
        writer.writerow(headers)
        for subscriber in rows.order_by("email"):
            writer.writerow(
                neutralise(value)
                for value in (
                    subscriber.email,
                    subscriber.name,
                    subscriber.get_status_display(),
                    ", ".join(theme.name for theme in subscriber.themes.all()),
                    ", ".join(audience.name for audience in subscriber.audiences.all()),
                    subscriber.get_source_display(),
                    subscriber.source_detail,
                    subscriber.privacy_version,
                    _moment(subscriber.requested_at),
                    _moment(subscriber.confirmed_at),
                    _moment(subscriber.unsubscribed_at),
                )
            )
        response = HttpResponse(output.getvalue(), content_type=CSV_CONTENT_TYPE)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="abonnees-{stamp}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


class HistoryView(AdminView):
    """What happened to one subscriber: requests, confirmation, preferences, each issue
    sent (from its delivery rows), bounces and unsubscribing; newest first."""

    template_name = "newsletter/admin/history.html"
    page_title = gettext_lazy("Subscriber history")

    def get(self, request, pk):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        lines = [
            {"at": event.at, "what": event.get_kind_display(), "detail": event.detail}
            for event in subscriber.history.all()
        ]
        deliveries = Delivery.objects.filter(
            subscriber=subscriber, status=Delivery.Status.SENT, sent_at__isnull=False
        ).select_related("send__issue")
        lines += [
            {
                "at": delivery.sent_at,
                "what": _("newsletter sent"),
                "detail": delivery.send.issue.title,
            }
            for delivery in deliveries
        ]
        lines.sort(key=lambda line: line["at"], reverse=True)
        self.subscriber = subscriber
        return self.render(subscriber=subscriber, lines=lines)

    def get_page_subtitle(self):
        return getattr(self, "subscriber", "")


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = gettext_lazy("Subscribers")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "nieuwsbrief/abonnees"
    url_namespace = "newsletter_subscribers"
    index_view_class = SubscriberIndexView
    list_display = ["email", "name", "status", "source", "requested_at", "confirmed_at"]
    list_filter = ["status", "themes", "source"]
    search_fields = ["email", "name"]
    form_fields = ["name", "themes", "audiences"]
    copy_view_enabled = False

    def get_urlpatterns(self):
        patterns = [
            pattern
            for pattern in super().get_urlpatterns()
            if getattr(pattern, "name", "") != "add"
        ]
        return [
            *patterns,
            path("new/", ImportView.as_view(), name="add"),
            path("export/", ExportView.as_view(), name="export"),
            path("geschiedenis/<int:pk>/", HistoryView.as_view(), name="subscriber_history"),
        ]


@hooks.register("register_admin_viewset")
def register_subscriber_viewset():
    return SubscriberViewSet("newsletter_subscribers")
