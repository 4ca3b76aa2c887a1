"""The organisers' invitation screen: paste addresses, each gets a personal link (point 7).

It lives beside the organisers' other screens (``/admin/aanmeldingen/<event>/uitnodigen/``)
and uses their permission check: superusers and the event's organisers only. The
admin URL and a header button on invitation-only event pages are registered here,
from :meth:`registrations.apps.RegistrationsConfig.ready`.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from events.models import EventPage
from registrations import permissions, services
from registrations.admin.views import EventView
from registrations.forms import InviteForm
from registrations.models import Invitation


class InvitationsView(EventView):
    template_name = "registrations/invitations_admin.html"
    page_title = gettext_lazy("Invitations")
    header_icon = "mail"

    def invitations(self):
        rows = Invitation.objects.filter(event_id=self.event.pk).order_by("email")
        registered = set(
            self.event.registrations.active()
            .filter(invitation__isnull=False)
            .values_list("invitation_id", flat=True)
        )
        return [{"invitation": row, "registered": row.pk in registered} for row in rows]

    def get(self, request):
        return self.render(form=InviteForm(), invitations=self.invitations())

    def post(self, request):
        form = InviteForm(request.POST)
        if not form.is_valid():
            response = self.render(form=form, invitations=self.invitations())
            response.status_code = 400
            return response
        invited, already = services.invite(
            self.event,
            form.cleaned_data["addresses"],
            invited_by=request.user,
            message=form.cleaned_data["message"],
            transferable=form.cleaned_data["transferable"],
        )
        if invited:
            messages.success(
                request,
                ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(invited))
                % {"count": len(invited)},
            )
        if already:
            messages.info(
                request,
                ngettext(
                    "%(count)s address was invited before; it was not sent again.",
                    "%(count)s addresses were invited before; they were not sent again.",
                    len(already),
                )
                % {"count": len(already)},
            )
        return redirect(invitations_url(self.event))


def invitations_url(event):
    return reverse("registrations_invitations", kwargs={"event_id": event.pk})


class InvitationsButton(PageMenuItem):
    label = gettext_lazy("Invitations")
    icon_name = "mail"

    def is_shown(self, user):
        return permissions.can_view_registrations(user, self.page)

    @property
    def url(self):
        return invitations_url(self.page)


def register_hooks():
    @hooks.register("register_admin_urls")
    def register_invitation_urls():
        return [
            path(
                "aanmeldingen/<int:event_id>/uitnodigen/",
                InvitationsView.as_view(),
                name="registrations_invitations",
            )
        ]

    @hooks.register("register_page_header_buttons")
    def invitations_header_button(page, user, view_name=None, next_url=None):
        if not issubclass(page.specific_class or type(page), EventPage):
            return
        settings_row = services.get_settings(page)
        if settings_row is not None and settings_row.invitation_only:
            yield InvitationsButton(page=page, priority=13)
