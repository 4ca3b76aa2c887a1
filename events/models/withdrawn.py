"""Calendar entries that no longer exist keep being sent, as cancelled.

A subscribed calendar only removes an entry it is told about. When a host
location is taken out of an estafette, or an event with one entry gets host
locations (its own entry is then replaced by theirs), the UID that disappears is
kept here with what it last showed, and the feeds send it with
``STATUS:CANCELLED`` and a higher ``SEQUENCE`` for as long as the event is in
them. Should the UID come back (the host locations are removed again), the
record goes and the entry's own sequence continues above the cancellation.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import entry_sources


class WithdrawnCalendarEntry(models.Model):
    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="withdrawn_entries"
    )
    uid = models.UUIDField(_("calendar UID"), unique=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"))
    summary = models.CharField(_("title"), max_length=500)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    all_day = models.BooleanField(_("all day"), default=False)
    location = models.CharField(_("location"), max_length=1000, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), default=timezone.now)

    class Meta:
        verbose_name = _("withdrawn calendar entry")
        verbose_name_plural = _("withdrawn calendar entries")
        ordering = ["start", "pk"]

    def __str__(self):
        return self.summary

    @classmethod
    def record_changes(cls, event, before):
        """After a live save of ``event``: withdraw the UIDs it no longer gives.

        ``before`` is :func:`~events.models.calendar.entry_sources` of the live
        version before the save.
        """
        from .pages import EventPage
        from .sessions import EventSession

        fresh = EventPage.objects.get(pk=event.pk)
        after = entry_sources(fresh)
        for uid in before.keys() - after.keys():
            gone = before[uid]
            cls.objects.update_or_create(
                uid=uid,
                defaults={
                    "event": fresh,
                    "sequence": gone.sequence + 1,
                    "summary": gone.summary[:500],
                    "start": gone.start,
                    "end": gone.end,
                    "all_day": gone.all_day,
                    "location": gone.location[:1000],
                    "withdrawn_at": timezone.now(),
                },
            )
        for returned in cls.objects.filter(event=fresh, uid__in=list(after)):
            # Calendars saw it cancelled: its next version must outrank that.
            sequence = max(after[str(returned.uid)].sequence, returned.sequence + 1)
            if str(returned.uid) == str(fresh.ical_uid):
                EventPage.objects.filter(pk=fresh.pk).update(ical_sequence=sequence)
                event.ical_sequence = sequence
            else:
                EventSession.objects.filter(uid=returned.uid).update(ical_sequence=sequence)
            returned.delete()
