"""The organisers' screens: per event a listing with filters, counts, exports, a
presence list, attendance, adding and moving registrations, and messages; and the
privacy (AVG) screen for site admins.

Every event screen checks :func:`registrations.permissions.can_view_registrations`
before it reads anything: an admin user who is not a superuser and not an organiser
of the event gets a 403 page, on every screen and for every method. Anonymous
visitors never get here: Wagtail sends them to the admin login first.
"""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from events.formatting import format_span
from events.models import EventPage
from registrations import exports, organiser, permissions, services
from registrations.admin.forms import (
    AddRegistrationForm,
    FilterForm,
    MessageForm,
    MoveForm,
    PrivacyForm,
)
from registrations.models import Registration, RegistrationQuestion
from website import privacy

Status = Registration.Status


def forbidden(request):
    return TemplateResponse(
        request,
        "registrations/admin/forbidden.html",
        {"page_title": _("No access")},
        status=403,
    )


def index_url():
    return reverse("registrations_admin:index")


def event_url(event, name="event", **kwargs):
    return reverse(f"registrations_admin:{name}", kwargs={"event_id": event.pk, **kwargs})


class AdminView(WagtailAdminTemplateMixin, View):
    header_icon = "group"

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": index_url(), "label": _("Registrations")},
        ]

    def render(self, **context):
        return self.render_to_response(self.get_context_data(**context))


class EventIndexView(AdminView):
    """The events whose registrations this user may see, upcoming first."""

    template_name = "registrations/admin/index.html"
    page_title = gettext_lazy("Registrations")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items()[:-1], {"url": "", "label": self.page_title}]

    def get(self, request):
        from django.utils import timezone

        now = timezone.now()
        events = list(
            permissions.visible_events(request.user)
            .prefetch_related("sessions")
            .order_by("-start", "-pk")
        )
        ids = [event.pk for event in events]
        places = services.place_counts(ids)
        statuses = organiser.status_counts(ids)
        settings_rows = {
            row.event_id: row
            for row in services.RegistrationSettings.objects.filter(event_id__in=ids)
        }
        rows = []
        for event in events:
            counts = organiser.session_counts(
                event,
                event.ordered_sessions,
                settings_rows.get(event.pk),
                places[event.pk],
                statuses[event.pk],
            )
            rows.append({"event": event, "total": counts[-1], "url": event_url(event)})
        upcoming = sorted(
            (row for row in rows if row["event"].end >= now), key=lambda r: r["event"].start
        )
        past = [row for row in rows if row["event"].end < now]
        return self.render(upcoming=upcoming, past=past)


class EventView(AdminView):
    """Base for the screens of one event: loads it and checks who asks."""

    def dispatch(self, request, event_id, *args, **kwargs):
        self.event = EventPage.objects.filter(pk=event_id).first()
        if self.event is None:
            raise Http404
        if not permissions.can_view_registrations(request.user, self.event):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def settings_row(self):
        return services.get_settings(self.event)

    @cached_property
    def sessions(self):
        return services.sessions_for_registration(self.event)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.page_title:
            items.append({"url": event_url(self.event), "label": self.event.title})
            items.append({"url": "", "label": self.get_page_title()})
        else:
            items.append({"url": "", "label": self.event.title})
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            event=self.event,
            settings_row=self.settings_row,
            sessions=self.sessions,
            event_admin_url=event_url(self.event),
        )
        return context

    def registration(self, registration_id):
        registration = (
            Registration.objects.filter(event_id=self.event.pk, pk=registration_id)
            .exclude(anonymised_at__isnull=False)
            .select_related("event", "session", "region")
            .first()
        )
        if registration is None:
            raise Http404
        return registration


class RegistrationListView(EventView):
    template_name = "registrations/admin/event.html"

    def get_header_title(self):
        return _("Registrations: %(event)s") % {"event": self.event.title}

    def get(self, request):
        form = FilterForm(request.GET, self.sessions)
        values = form.values()
        rows = organiser.filter_registrations(organiser.registrations_of(self.event), **values)
        counts = organiser.session_counts(self.event, self.sessions, self.settings_row)
        query = request.GET.urlencode()
        return self.render(
            filter_form=form,
            registrations=list(rows),
            filtered=values != {"status": "actief", "session_id": None, "query": ""},
            session_counts=counts[:-1],
            total=counts[-1],
            export_csv_url=event_url(self.event, "export_csv") + (f"?{query}" if query else ""),
            export_xlsx_url=event_url(self.event, "export_xlsx") + (f"?{query}" if query else ""),
            presence_url=event_url(self.event, "presence"),
            attendance_url=event_url(self.event, "attendance"),
            add_url=event_url(self.event, "add"),
            message_url=event_url(self.event, "message"),
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
            invitations_url=self.invitations_url(),
        )

    def invitations_url(self):
        """The invitation screen (registrations.invitations), for invitation-only events."""
        if self.settings_row is None or not self.settings_row.invitation_only:
            return ""
        try:
            return reverse("registrations_invitations", kwargs={"event_id": self.event.pk})
        except NoReverseMatch:
            return ""


class ExportView(EventView):
    """The (filtered) listing as a CSV or XLSX file."""

    file_format = "csv"

    def get(self, request):
        values = FilterForm(request.GET, self.sessions).values()
        rows = organiser.filter_registrations(organiser.registrations_of(self.event), **values)
        questions = list(
            RegistrationQuestion.objects.filter(event_id=self.event.pk).order_by("sort_order", "pk")
        )
        kwargs = {"sessions": self.sessions, "questions": questions}
        if self.file_format == "xlsx":
            content = exports.as_xlsx(self.event, rows, **kwargs)
            content_type = exports.XLSX_CONTENT_TYPE
        else:
            content = exports.as_csv(self.event, rows, **kwargs)
            content_type = exports.CSV_CONTENT_TYPE
        response = HttpResponse(content, content_type=content_type)
        name = exports.filename(self.event, self.file_format)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "private, no-store"
        return response


class PresenceListView(EventView):
    """A printable list per session: name, organisation and room to sign."""

    template_name = "registrations/admin/presence_list.html"

    def get(self, request):
        wanted = request.GET.get("onderdeel")
        sessions = self.sessions
        if wanted:
            sessions = [s for s in sessions if str(s.pk) == wanted]
            if not sessions:
                raise Http404
        rows = organiser.presence_list(self.event)
        hybrid = self.event.attendance == EventPage.Attendance.HYBRID
        online = [r for r in rows if r.is_online] if hybrid else []
        if hybrid:
            rows = [r for r in rows if not r.is_online]
        event = self.event
        if sessions:
            lists = [
                {
                    "session": s,
                    "registrations": [r for r in rows if r.session_id == s.pk],
                    "when": format_span(s.start, s.end, event.all_day),
                    "where": services.place_of(event, s),
                }
                for s in sessions
            ]
        else:
            lists = [
                {
                    "session": None,
                    "registrations": rows,
                    "when": format_span(event.start, event.end, event.all_day),
                    "where": services.place_of(event, None),
                }
            ]
        return TemplateResponse(
            request,
            self.template_name,
            {
                "event": self.event,
                "lists": lists,
                "online_count": len(online),
                "back_url": event_url(self.event),
                "page_title": _("Presence list: %(event)s") % {"event": self.event.title},
            },
        )


class AttendanceView(EventView):
    """Tick who came; one post saves the whole list."""

    template_name = "registrations/admin/attendance.html"
    page_title = gettext_lazy("Attendance")

    def groups(self):
        rows = organiser.presence_list(self.event)
        if not self.sessions:
            return [{"session": None, "registrations": rows}]
        return [
            {"session": s, "registrations": [r for r in rows if r.session_id == s.pk]}
            for s in self.sessions
        ]

    def get(self, request):
        return self.render(groups=self.groups())

    def post(self, request):
        shown = _ids(request.POST.getlist("getoond"))
        present = _ids(request.POST.getlist("aanwezig"))
        marked, absent = organiser.mark_attendance(self.event, shown, present)
        messages.success(
            request,
            _("Attendance saved: %(present)s present, %(absent)s absent.")
            % {"present": marked, "absent": absent},
        )
        return redirect(event_url(self.event, "attendance"))


def _ids(values):
    """The ids among ``values``; anything else ("²", "abc", "-1") is left out."""
    return [int(value) for value in values if str(value).isascii() and str(value).isdigit()]


class AddView(EventView):
    template_name = "registrations/admin/add.html"
    page_title = gettext_lazy("Add a registration")

    def form(self, data=None):
        return AddRegistrationForm(
            data,
            event=self.event,
            settings_row=self.settings_row,
            sessions=self.sessions,
            questions=RegistrationQuestion.objects.filter(event_id=self.event.pk).order_by(
                "sort_order", "pk"
            ),
            counts=services.place_counts([self.event.pk])[self.event.pk],
        )

    def get(self, request):
        if self.settings_row is None:
            return self.render(form=None)
        return self.render(form=self.form())

    def post(self, request):
        if self.settings_row is None:
            return self.render(form=None)
        form = self.form(request.POST)
        if not form.is_valid():
            response = self.render(form=form)
            response.status_code = 400
            return response
        try:
            outcome = organiser.add_by_hand(self.event, form.registrant())
        except organiser.AlreadyRegistered:
            form.add_error("email", _("This address is already registered for this event."))
        except services.SessionRequired:
            form.add_error("session", _("Choose one of the options."))
        except services.RegistrationError:
            form.add_error(None, _("This event takes no registrations (any more)."))
        else:
            name = outcome.registrant.name
            if outcome.shown == services.SHOWN_CONFIRMED:
                messages.success(request, _("%(name)s is registered.") % {"name": name})
            elif outcome.shown == services.SHOWN_WAITLISTED:
                messages.warning(request, _("Full: %(name)s is on the waitlist.") % {"name": name})
            else:
                messages.error(
                    request,
                    _("Full and no waitlist: %(name)s was not registered.") % {"name": name},
                )
                return self.render(form=form)
            return redirect(event_url(self.event))
        response = self.render(form=form)
        response.status_code = 400
        return response


class RegistrationDetailView(EventView):
    template_name = "registrations/admin/registration.html"

    def get_page_title(self):
        return self.current.name

    def dispatch(self, request, event_id, registration_id, *args, **kwargs):
        self.registration_id = registration_id
        return super().dispatch(request, event_id, *args, **kwargs)

    @cached_property
    def current(self):
        return self.registration(self.registration_id)

    def move_form(self, data=None):
        return MoveForm(data, sessions=self.sessions, current=self.current.session_id)

    def get(self, request):
        return self.render(
            registration=self.current,
            answers=list((self.current.answers or {}).values()),
            move_form=self.move_form() if len(self.sessions) > 1 else None,
            move_url=event_url(self.event, "move", registration_id=self.current.pk),
            cancel_url=event_url(self.event, "cancel", registration_id=self.current.pk),
        )


class MoveView(RegistrationDetailView):
    """Move to another session; when it is full the organiser must confirm overbooking."""

    template_name = "registrations/admin/move_confirm.html"
    page_title = gettext_lazy("Move")

    def get_page_title(self):
        return self.page_title

    def get(self, request):
        return redirect(event_url(self.event, "registration", registration_id=self.current.pk))

    def post(self, request):
        registration = self.current
        detail_url = event_url(self.event, "registration", registration_id=registration.pk)
        form = self.move_form(request.POST)
        if not form.is_valid() or form.chosen is None:
            messages.error(request, _("Choose one of the sessions."))
            return redirect(detail_url)
        session = form.chosen
        force = form.cleaned_data.get("force") and request.POST.get("bevestigd") == "ja"
        try:
            organiser.move(registration, session, force=bool(force))
        except services.NoPlace:
            counts = organiser.session_counts(self.event, self.sessions, self.settings_row)
            target = next(c for c in counts if c.session and c.session.pk == session.pk)
            return self.render(
                registration=registration, session=session, count=target, move_url=request.path
            )
        except services.RegistrationError:
            messages.error(request, _("This registration can no longer be moved."))
            return redirect(detail_url)
        messages.success(
            request,
            _("%(name)s moved to %(session)s.")
            % {"name": registration.name, "session": session.display_title},
        )
        return redirect(detail_url)


class CancelView(RegistrationDetailView):
    template_name = "registrations/admin/cancel.html"
    page_title = gettext_lazy("Cancel registration")

    def get_page_title(self):
        return self.page_title

    def get(self, request):
        return self.render(registration=self.current)

    def post(self, request):
        registration = self.current
        if organiser.cancel(registration):
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.") % {"name": registration.name},
            )
        else:
            messages.warning(request, _("This registration was no longer active."))
        return redirect(event_url(self.event))


class MessageView(EventView):
    template_name = "registrations/admin/message.html"
    page_title = gettext_lazy("Send a message")

    def active(self):
        return list(
            Registration.objects.filter(event_id=self.event.pk)
            .active()
            .select_related("event", "session")
            .order_by("name", "pk")
        )

    def form(self, active, data=None, initial=None):
        counts = {
            "all": len(active),
            "confirmed": sum(1 for r in active if r.status == Status.CONFIRMED),
            "waiting": sum(1 for r in active if r.status != Status.CONFIRMED),
        }
        return MessageForm(data, initial=initial, active=active, counts=counts)

    def get(self, request):
        active = self.active()
        selected = _ids(request.GET.getlist("aanmelding"))
        initial = {
            "message_id": organiser.new_message_id(),
            "recipients": MessageForm.SELECTED if selected else MessageForm.ALL,
            "selected": selected,
        }
        return self.render(form=self.form(active, initial=initial))

    def post(self, request):
        active = self.active()
        form = self.form(active, data=request.POST)
        if not form.is_valid():
            response = self.render(form=form)
            response.status_code = 400
            return response
        result = organiser.send_message(
            self.event,
            form.chosen(),
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            message_id=form.cleaned_data["message_id"],
            sender=request.user,
        )
        if result.queued:
            messages.success(
                request,
                ngettext(
                    "%(count)s message queued for sending.",
                    "%(count)s messages queued for sending.",
                    result.queued,
                )
                % {"count": result.queued},
            )
        if result.already:
            messages.info(
                request,
                ngettext(
                    "%(count)s person already had this message; it was not sent again.",
                    "%(count)s people already had this message; it was not sent again.",
                    result.already,
                )
                % {"count": result.already},
            )
        return redirect(event_url(self.event))


class PrivacyView(AdminView):
    """Export or erase everything held about one e-mail address (AVG requests)."""

    template_name = "registrations/admin/privacy.html"
    page_title = gettext_lazy("Privacy requests")

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items()[:-1], {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_handle_privacy_requests(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(form=PrivacyForm())

    def post(self, request):
        form = PrivacyForm(request.POST)
        if not form.is_valid():
            response = self.render(form=form)
            response.status_code = 400
            return response
        email = services.normalise_email(form.cleaned_data["email"])
        action = request.POST.get("actie")
        if action == "exporteren":
            data = organiser.privacy_export(email, request.user)
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = 'attachment; filename="gegevens.json"'
            response["Cache-Control"] = "private, no-store"
            return response
        held = services.export_person(email)
        held["elsewhere"] = privacy.describe_all(held)
        if action == "wissen" and request.POST.get("bevestigd") == "ja":
            count = organiser.privacy_erase(email, request.user)
            messages.success(
                request,
                ngettext(
                    "Erased: %(count)s registration anonymised.",
                    "Erased: %(count)s registrations anonymised.",
                    count,
                )
                % {"count": count},
            )
            return redirect("registrations_admin:privacy")
        if action == "wissen":
            return self.render(form=form, confirm=True, email=email, held=held)
        return self.render(form=form, held=held, email=email, looked_up=True)
