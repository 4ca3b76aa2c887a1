"""Calendar entries that no longer exist, or left a filtered feed, keep being sent, as cancelled.

A subscribed calendar only removes an entry it is told about. So an entry that
disappears is kept here with what it last showed, and the feeds send it with
``STATUS:CANCELLED`` and a higher ``SEQUENCE`` for as long as a feed's clients need to
see it (until the feeds' retention has passed its end):

* a host location taken out of an estafette, or an event's own entry replaced by its
  host locations' (``REMOVED``, with the event still live): in every feed and download
  the event is in;
* an event unpublished or deleted (``REMOVED``; ``event`` is then not live, or empty):
  in the site feed, and in every filtered feed it was in (``listings``);
* an event that leaves a filtered feed, e.g. another kind or theme (``LEFT``): in the
  filtered feeds it was in and is not in any more; it stays in the site feed.

``listings`` holds what the filters look at (kind, attendance, themes, regions,
audiences: ``events.filters.listing``), as it was each time the entry was live in a
different way. Should a UID come back (the host locations are removed again, the event
is published again), its removal record goes and the entry's own sequence continues
above the cancellation.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import entry_sources


class WithdrawnCalendarEntry(models.Model):
    class Reason(models.TextChoices):
        REMOVED = "removed", _("no longer takes place")
        LEFT = "left", _("left filtered feeds")

    event = models.ForeignKey(
        "events.EventPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="withdrawn_entries",
    )
    reason = models.CharField(
        _("reason"), max_length=10, choices=Reason.choices, default=Reason.REMOVED
    )
    listings = models.JSONField(_("filter values it was listed under"), default=list, blank=True)
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
        indexes = [models.Index(fields=["end"], name="events_withdrawn_end")]

    def __str__(self):
        return self.summary

    @classmethod
    def _withdraw(cls, event, gone, reason, listings, sequence=None):
        existing = cls.objects.filter(uid=gone.uid).first()
        known = list(existing.listings) if existing else []
        known += [listing for listing in listings if listing not in known]
        if existing and existing.reason == cls.Reason.REMOVED:
            reason = cls.Reason.REMOVED
        cls.objects.update_or_create(
            uid=gone.uid,
            defaults={
                "event": event,
                "reason": reason,
                "listings": known,
                "sequence": gone.sequence + 1 if sequence is None else sequence,
                "summary": gone.summary[:500],
                "start": gone.start,
                "end": gone.end,
                "all_day": gone.all_day,
                "location": gone.location[:1000],
                "withdrawn_at": timezone.now(),
            },
        )

    @classmethod
    def record_changes(cls, event, before, before_listing=None):
        """After a live save of ``event``: withdraw the UIDs it no longer gives, and note the
        filtered feeds it left.

        ``before`` is :func:`~events.models.calendar.entry_sources` of the live version
        before the save (``None`` if it was not live), ``before_listing`` its
        :func:`events.filters.listing`.
        """
        from events.filters import listing

        from .pages import EventPage

        fresh = EventPage.objects.get(pk=event.pk)
        after = entry_sources(fresh)
        if before is not None:
            listings = [before_listing] if before_listing else []
            for uid in before.keys() - after.keys():
                cls._withdraw(fresh, before[uid], cls.Reason.REMOVED, listings)
            if before_listing and before_listing != listing(fresh):
                for uid in before.keys() & after.keys():
                    cls._withdraw(fresh, before[uid], cls.Reason.LEFT, listings)
        cls._returned(event, fresh, after)

    @classmethod
    def _returned(cls, event, fresh, after):
        from events.filters import listing

        from .pages import EventPage
        from .sessions import EventSession

        returned = cls.objects.filter(uid__in=list(after), reason=cls.Reason.REMOVED)
        current = listing(fresh) if returned else None
        for row in returned:
            # Calendars saw it cancelled: its next version must outrank that.
            sequence = max(after[str(row.uid)].sequence, row.sequence + 1)
            if str(row.uid) == str(fresh.ical_uid):
                EventPage.objects.filter(pk=fresh.pk).update(ical_sequence=sequence)
                event.ical_sequence = sequence
            else:
                EventSession.objects.filter(uid=row.uid).update(ical_sequence=sequence)
            left = [listed for listed in row.listings if listed != current]
            if left:  # filtered feeds it is no longer in still need to hear it
                row.reason, row.event, row.listings = cls.Reason.LEFT, fresh, left
                row.save(update_fields=["reason", "event", "listings"])
            else:
                row.delete()

    @classmethod
    def withdraw_event(cls, event):
        """``event`` is being unpublished or deleted: every entry it gave is cancelled, in the
        site feed and in the filtered feeds it was in."""
        from events.filters import listing

        from .pages import EventPage

        published = EventPage.objects.filter(pk=event.pk).first()
        if published is None:
            return
        current = listing(published)
        for gone in entry_sources(published).values():
            cls._withdraw(published, gone, cls.Reason.REMOVED, [current])
        for row in cls.objects.filter(event=published):
            if current not in row.listings:
                row.listings = [*row.listings, current]
                row.save(update_fields=["listings"])
