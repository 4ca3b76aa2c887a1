"""The admin form of an event: checks that span the event and its sessions."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from registrations.event_form import EventRegistrationsFormMixin

SESSION_ENDS_BEFORE_IT_STARTS = _(
    "With the event's times this session would end before it starts. "
    "Fill in both its start and end time."
)


class EventPageForm(EventRegistrationsFormMixin, WagtailAdminPageForm):
    """With the registrations app's checks (removed sessions, who picks organisers)."""

    def clean(self):
        cleaned_data = super().clean()
        self._check_session_spans(cleaned_data)
        return cleaned_data

    def _check_session_spans(self, cleaned_data):
        """A session with one time of its own takes the other from the event.

        Together they must still make a span, or calendars get an entry that ends
        before it starts.
        """
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        sessions = self.formsets.get("sessions")
        if not (start and end) or cleaned_data.get("all_day") or sessions is None:
            return
        from events.models import EventPage, EventSession

        sessions.is_valid()  # cleans the session forms; the result is cached
        event = EventPage(start=start, end=end, all_day=False)  # the times as entered
        for form in sessions.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            start_time, end_time = data.get("start_time"), data.get("end_time")
            if bool(start_time) == bool(end_time):
                continue  # both or neither: the model's own check covers it
            session = EventSession(page=event, start_time=start_time, end_time=end_time)
            if session.end <= session.start:
                form.add_error(
                    "end_time" if end_time else "start_time", SESSION_ENDS_BEFORE_IT_STARTS
                )
