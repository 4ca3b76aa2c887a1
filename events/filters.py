"""The agenda's filters, read from and written to the URL.

The agenda page, its calendar feed (``/agenda.ics?…``) and the feed link on a
filtered page all use this one class, so a shared filtered address gives the same
events in the browser and in a calendar.
"""

import re
from dataclasses import dataclass, fields

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

SLUG = re.compile(r"^[-\w]{1,150}$")
ONLINE = "online"
ON_SITE = "op-locatie"


@dataclass(frozen=True)
class AgendaFilters:
    soort: str = ""
    thema: str = ""
    regio: str = ""
    doelgroep: str = ""
    vorm: str = ""

    ATTENDANCE_CHOICES = ((ONLINE, _("online")), (ON_SITE, _("on site")))

    @classmethod
    def from_query(cls, query):
        """Valid values from a QueryDict; anything else is quietly dropped."""
        from events.models import EventPage

        values = {}
        for field in fields(cls):
            value = str(query.get(field.name, "")).strip()
            values[field.name] = value if SLUG.match(value) else ""
        if values["soort"] not in EventPage.Kind.values:
            values["soort"] = ""
        if values["vorm"] not in (ONLINE, ON_SITE):
            values["vorm"] = ""
        return cls(**values)

    def __bool__(self):
        return any(getattr(self, field.name) for field in fields(self))

    def as_query(self):
        """The filters as a query string, in a fixed order (stable feed URLs)."""
        return urlencode(
            [
                (field.name, getattr(self, field.name))
                for field in fields(self)
                if getattr(self, field.name)
            ]
        )

    def apply(self, events):
        from events.models import EventPage

        if self.soort:
            events = events.filter(kind=self.soort)
        if self.vorm == ONLINE:
            events = events.filter(
                attendance__in=[EventPage.Attendance.ONLINE, EventPage.Attendance.HYBRID]
            )
        elif self.vorm == ON_SITE:
            events = events.filter(
                attendance__in=[EventPage.Attendance.ON_SITE, EventPage.Attendance.HYBRID]
            )
        # Many-to-many and session matches go through a subquery, so the listing
        # needs no DISTINCT and keeps its ordering and prefetches.
        matching = EventPage.objects.all()
        if self.thema:
            matching = matching.filter(
                Q(themes__slug=self.thema) | Q(sessions__theme__slug=self.thema)
            )
        if self.regio:
            # The region and the regions in it, as ids: the events are then found through
            # the index on the link table's region, not by joining every region twice.
            matching = matching.filter(regions__in=region_ids(self.regio))
        if self.doelgroep:
            matching = matching.filter(audiences__slug=self.doelgroep)
        if self.thema or self.regio or self.doelgroep:
            events = events.filter(pk__in=matching.values("pk"))
        return events

    def matches(self, listed):
        """Whether an event listed as ``listed`` (see :func:`listing`) passes these filters."""
        from events.models import EventPage

        attendance = listed.get("attendance")
        if self.soort and listed.get("kind") != self.soort:
            return False
        if self.vorm == ONLINE and attendance not in (
            EventPage.Attendance.ONLINE,
            EventPage.Attendance.HYBRID,
        ):
            return False
        if self.vorm == ON_SITE and attendance not in (
            EventPage.Attendance.ON_SITE,
            EventPage.Attendance.HYBRID,
        ):
            return False
        for value, key in ((self.thema, "themes"), (self.regio, "regions")):
            if value and value not in listed.get(key, ()):
                return False
        return not self.doelgroep or self.doelgroep in listed.get("audiences", ())

    def describe(self):
        """The active filters in words, for the calendar's name."""
        from events.models import EventPage
        from website.models import Audience, Region, Theme

        words = []
        if self.soort:
            words.append(str(EventPage.Kind(self.soort).label))
        for value, model in ((self.thema, Theme), (self.regio, Region), (self.doelgroep, Audience)):
            if value:
                words.append(
                    model.objects.filter(slug=value).values_list("name", flat=True).first() or value
                )
        if self.vorm:
            words.append(str(dict(self.ATTENDANCE_CHOICES)[self.vorm]))
        return ", ".join(words)


def listing(event):
    """What the filters look at in ``event``, as stored values (see ``apply``, ``matches``)."""
    themes = {theme.slug for theme in event.themes.all()}
    themes |= {session.theme.slug for session in event.sessions.all() if session.theme_id}
    regions = set()
    for region in event.regions.all():
        regions.add(region.slug)
        if region.parent_id:
            regions.add(region.parent.slug)
    return {
        "kind": event.kind,
        "attendance": event.attendance,
        "themes": sorted(themes),
        "regions": sorted(regions),
        "audiences": sorted(audience.slug for audience in event.audiences.all()),
    }


def region_ids(slug):
    """Ids of the region with this slug and of the regions in it (held per content version)."""
    from website import memo
    from website.models import Region

    def read():
        return sorted(
            Region.objects.filter(Q(slug=slug) | Q(parent__slug=slug)).values_list("pk", flat=True)
        )

    return memo.remembered(("region_ids", slug), read)
