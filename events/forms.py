"""The admin form of an event: checks that span the event and its sessions."""

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .models.calendar import AMSTERDAM, local_day

SESSION_ENDS_BEFORE_IT_STARTS = _(
    "With the event's times this session would end before it starts. "
    "Fill in both its start and end time."
)


class EventPageForm(WagtailAdminPageForm):
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
        sessions.is_valid()  # cleans the session forms; the result is cached
        day = local_day(start)
        for form in sessions.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE"):
                continue
            start_time, end_time = data.get("start_time"), data.get("end_time")
            if bool(start_time) == bool(end_time):
                continue  # both or neither: the model's own check covers it
            own_start = datetime.combine(day, start_time, AMSTERDAM) if start_time else start
            own_end = datetime.combine(day, end_time, AMSTERDAM) if end_time else end
            if own_end <= own_start:
                form.add_error(
                    "end_time" if end_time else "start_time", SESSION_ENDS_BEFORE_IT_STARTS
                )
