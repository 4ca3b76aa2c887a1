"""The organisers' tools in the Wagtail admin.

* "Registrations" in the main menu: the events whose registrations the user may see
  (shown only to superusers and to users who organise at least one event);
* a "Registrations" button on an event page's header and in its "more" menu in the
  page listing, for the same users;
* a dashboard panel with the upcoming events' places and the registrations received;
* "Privacy requests" in the settings menu, for site admins;
* audit log actions, and the permission for privacy requests in the group editor;
* before an event with registrations is unpublished or deleted, the question whether to
  cancel them and mail the registrants (``registrations/withdrawal.py``).
"""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import LogFormatter

from events.models import EventPage
from registrations import dashboard, organiser, permissions
from registrations.admin import urls as admin_urls


@hooks.register("before_unpublish_page")
def ask_before_unpublishing(request, page):
    from registrations import withdrawal

    return withdrawal.ask(request, page, "unpublish")


@hooks.register("before_delete_page")
def ask_before_deleting(request, page):
    from registrations import withdrawal

    return withdrawal.ask(request, page, "delete")


@hooks.register("before_bulk_action")
def ask_before_bulk_withdrawal(request, action_type, objects, action):
    from registrations import withdrawal

    return withdrawal.ask_in_bulk(request, action_type, objects, action)


@hooks.register("register_admin_urls")
def register_registration_urls():
    return [path("aanmeldingen/", include(admin_urls, namespace="registrations_admin"))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.has_any_event(request.user)


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Registrations"),
        reverse("registrations_admin:index"),
        name="registrations",
        icon_name="group",
        order=250,
    )


class PrivacyMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_handle_privacy_requests(request.user)


@hooks.register("register_settings_menu_item")
def register_privacy_menu_item():
    return PrivacyMenuItem(
        _("Privacy requests"),
        reverse("registrations_admin:privacy"),
        name="privacy-requests",
        icon_name="lock",
        order=900,
    )


class RegistrationsButton(PageMenuItem):
    label = _("Registrations")
    icon_name = "group"

    def is_shown(self, user):
        return permissions.can_view_registrations(user, self.page)

    @property
    def url(self):
        return reverse("registrations_admin:event", kwargs={"event_id": self.page.pk})


def _is_event(page):
    return issubclass(page.specific_class or type(page), EventPage)


@hooks.register("register_page_header_buttons")
def registrations_header_button(page, user, view_name=None, next_url=None):
    if _is_event(page):
        yield RegistrationsButton(page=page, priority=12)


@hooks.register("register_page_listing_more_buttons")
def registrations_listing_button(page, user, next_url=None):
    if _is_event(page):
        yield RegistrationsButton(page=page, priority=5)


@hooks.register("construct_homepage_panels")
def add_registrations_panel(request, panels):
    panel = dashboard.panel_for(request)
    if panel is not None:
        panels.append(panel)


@hooks.register("register_permissions")
def register_privacy_permission():
    return Permission.objects.filter(
        content_type__app_label="registrations",
        codename__in=["delete_registration", "assign_organisers"],
    )


@hooks.register("register_log_actions")
def register_registration_log_actions(actions):
    actions.register_action(
        organiser.ADDED, _("Registration added"), _("Registration added by an organiser")
    )
    actions.register_action(organiser.MOVED, _("Registration moved"), _("Moved to another session"))
    actions.register_action(
        organiser.CANCELLED, _("Registration cancelled"), _("Cancelled by an organiser")
    )

    @actions.register_action(organiser.ATTENDANCE)
    class AttendanceFormatter(LogFormatter):
        label = _("Attendance marked")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return _("Attendance marked: %(present)s present, %(absent)s absent") % {
                "present": data.get("present", 0),
                "absent": data.get("absent", 0),
            }

    @actions.register_action(organiser.MESSAGE)
    class MessageFormatter(LogFormatter):
        label = _("Message to registrants")

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return ngettext(
                "Message “%(subject)s” sent to %(count)s registrant",
                "Message “%(subject)s” sent to %(count)s registrants",
                data.get("recipients", 0),
            ) % {"subject": data.get("subject", ""), "count": data.get("recipients", 0)}

    actions.register_action(
        organiser.PRIVACY_EXPORT,
        _("Personal data exported"),
        _("Exported everything held about one e-mail address"),
    )
    actions.register_action(
        organiser.PRIVACY_ERASE,
        _("Personal data erased"),
        _("Erased everything held about one e-mail address"),
    )


@hooks.register("event_structured_data")
def registration_offers(event, request):
    """The event's registration availability as a schema.org Offer (events.structured_data)."""
    from registrations.structured_data import event_offers

    return event_offers(event, request)
