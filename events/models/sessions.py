"""Sessions (onderdelen) of an event: host locations and break-out groups."""

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from website.models import Organisation, Theme

from .calendar import AMSTERDAM, CALENDAR_FIELDS, fingerprint, local_day, next_sequence


class EventSession(Orderable):
    """A host location (praktijk) of an estafette, or a break-out group (deelsessie).

    A host location has its own organisation, address and times, so it is its own
    calendar entry with its own ``uid``. ``capacity`` (empty: unlimited) is what
    registrations are counted against; the primary key and ``uid`` never change.
    """

    class Kind(models.TextChoices):
        HOST_LOCATION = "gastlocatie", _("host location")
        BREAKOUT = "deelsessie", _("break-out group")

    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.HOST_LOCATION
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the organisation's name."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_sessions",
    )
    street = models.CharField(
        _("street and number"),
        max_length=200,
        blank=True,
        help_text=_("Leave the address empty to use the organisation's address."),
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Empty: the event's start.")
    )
    end_time = models.TimeField(
        _("end time"), null=True, blank=True, help_text=_("Empty: the event's end.")
    )
    lunch = models.BooleanField(_("lunch included"), default=False)
    text = models.TextField(_("short description"), blank=True, max_length=1000)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_sessions",
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    ical_fingerprint = models.CharField(max_length=40, blank=True, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldPanel("organisation"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")])],
            heading=_("Address"),
        ),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("room"), FieldPanel("online")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("lunch")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return self.display_title

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self._restore_calendar_identity()
        super().save(*args, **kwargs)

    def _restore_calendar_identity(self):
        stored = None
        if self.pk is not None:
            stored = (
                EventSession.objects.filter(pk=self.pk).values_list("uid", *CALENDAR_FIELDS).first()
            )
        if stored:
            self.uid, self.ical_sequence, self.ical_fingerprint = stored
        elif EventSession.objects.filter(uid=self.uid).exists():
            # A copy of another session (page copy, copied revision): a new identity.
            self.uid = uuid.uuid4()
            self.ical_sequence = 0
            self.ical_fingerprint = ""

    @classmethod
    def sync_calendar_sequences(cls, event):
        """After a live save of ``event``: raise the sequence of every changed session."""
        for session in cls.objects.filter(page_id=event.pk).select_related("organisation"):
            session.page = event
            new = session.calendar_fingerprint()
            if new == session.ical_fingerprint:
                continue
            sequence = next_sequence(session.ical_fingerprint, session.ical_sequence, new)
            cls.objects.filter(pk=session.pk).update(ical_sequence=sequence, ical_fingerprint=new)

    def calendar_fingerprint(self):
        return fingerprint(
            self.start,
            self.end,
            self.page.all_day,
            self.location_text,
            self.page.status,
        )

    # -- what the page and the feeds show ---------------------------------------------

    @property
    def is_host_location(self):
        return self.kind == self.Kind.HOST_LOCATION

    @property
    def display_title(self):
        if self.title:
            return self.title
        if self.organisation_id:
            return self.organisation.name
        if self.theme_id:
            return self.theme.name
        return str(self.get_kind_display()).capitalize()

    def _uses_own_address(self):
        return bool(self.street or self.postcode or self.city) or not self.organisation_id

    @property
    def effective_street(self):
        return self.street if self._uses_own_address() else self.organisation.street

    @property
    def effective_postcode(self):
        return self.postcode if self._uses_own_address() else self.organisation.postcode

    @property
    def effective_city(self):
        return self.city if self._uses_own_address() else self.organisation.city

    @property
    def address(self):
        place = " ".join(part for part in (self.effective_postcode, self.effective_city) if part)
        return ", ".join(part for part in (self.effective_street, place) if part)

    @property
    def location_text(self):
        if self.is_host_location:
            parts = [self.display_title, self.address]
            if self.room:
                parts.insert(1, self.room)
            return ", ".join(part for part in parts if part)
        if self.online:
            return str(_("online"))
        return self.room

    @property
    def has_own_times(self):
        return bool(self.start_time or self.end_time)

    def _on_event_day(self, clock):
        return datetime.combine(local_day(self.page.start), clock, tzinfo=AMSTERDAM)

    @property
    def start(self):
        if self.start_time and not self.page.all_day:
            return self._on_event_day(self.start_time)
        return self.page.start

    @property
    def end(self):
        if self.end_time and not self.page.all_day:
            return self._on_event_day(self.end_time)
        return self.page.end
