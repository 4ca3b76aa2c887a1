"""iCalendar (RFC 5545) output: the agenda feed and per-event files.

Reusable outside the web views: registration mails attach
``event_calendar(event, online_link=…)`` as an .ics file.

Each event is one ``VEVENT``, except that every host location of an estafette
(a session with its own place and times) is its own ``VEVENT`` with its own UID.
UIDs come from the database and never change; ``SEQUENCE`` is maintained by the
models (see ``events/models/calendar.py``). A cancelled event keeps its entries,
with ``STATUS:CANCELLED``, so subscribed calendars take it out.

Feeds and downloads carry no ``METHOD``, so by RFC 5545 their DTSTAMP is the
time the event was last revised (published), not the time of the request: an
unchanged agenda then gives byte-identical output, which is what makes the ETag
(a hash of the body) and ``304 Not Modified`` work. A file attached to a mail is
``METHOD:PUBLISH``, and then DTSTAMP is the moment the file was made.
"""

import calendar as _calendar_maths
import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache as memoise

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.http import http_date
from django.utils.translation import gettext
from icalendar import Calendar, Event, Timezone, vDuration

from website import mail

from .models.calendar import AMSTERDAM, entry_sources

TZID = "Europe/Amsterdam"
PRODID = "-//Samenspel//Agenda//NL"
REFRESH = timedelta(hours=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"
FIRST_SERVED_SECONDS = 60 * 60 * 24 * 30


def retention():
    """How long after its end an event stays in the site feed (default 12 months)."""
    return timedelta(days=getattr(settings, "EVENTS_FEED_RETENTION_DAYS", 365))


def feed_limits():
    """At most this many upcoming and past entries in a feed, to stay far below 1 MB.

    Google Calendar refuses feeds over 1 MB; an entry takes about 700 bytes and an
    estafette has one per host location. Entries, not events, are counted: counting
    events let a feed of estafettes (three or more entries each) grow past the site
    feed, and with enough host locations past 1 MB.
    """
    return (
        getattr(settings, "EVENTS_FEED_MAX_UPCOMING", 600),
        getattr(settings, "EVENTS_FEED_MAX_PAST", 400),
    )


def cache_seconds():
    """How long a generated feed is reused while nothing was published (0: never)."""
    return getattr(settings, "EVENTS_FEED_CACHE_SECONDS", 3600)


@dataclass
class CalendarEntry:
    """One VEVENT, also the source of the Google and Outlook links."""

    uid: str
    sequence: int
    summary: str
    start: datetime
    end: datetime
    all_day: bool
    location: str
    description: str
    url: str
    cancelled: bool
    last_modified: datetime
    categories: list = field(default_factory=list)
    label: str = ""  # a host location's name, to tell its links apart on the page
    session: object = None  # the host location this entry is for


def page_url(page, request=None):
    """The page's public address (``WAGTAILADMIN_BASE_URL``), whoever asks and how.

    Not the request's host: a feed is cached and shared, and a calendar keeps the
    link long after; not the Wagtail ``Site`` record either (``localhost:80`` in a
    fresh install). ``request`` is accepted for callers that have one.
    """
    return mail.page_url(page)


def _changed_at(event):
    return event.last_published_at or event.latest_revision_created_at or timezone.now()


def calendar_entries(event, request=None, online_link=None, withdrawn=False):
    """The calendar entries of one event: one per host location, or one for the event.

    With ``withdrawn``, also the entries the event no longer has, as cancelled
    (see ``events/models/withdrawn.py``): feeds send them so calendars drop them.
    """
    entries = _current_entries(event, request, online_link)
    if withdrawn:
        entries += _withdrawn_entries(event, entries[0].url if entries else "")
    return entries


def _withdrawn_entries(event, url):
    if not event.withdrawn_entries.all():
        return []
    prefix = gettext("Cancelled: ")
    note = gettext("This part of the meeting no longer takes place. The current programme:")
    return [
        CalendarEntry(
            uid=str(gone.uid),
            sequence=gone.sequence,
            summary=prefix + gone.summary,
            start=gone.start,
            end=gone.end,
            all_day=gone.all_day,
            location=gone.location,
            description=f"{note} {url}",
            url=url,
            cancelled=True,
            last_modified=gone.withdrawn_at,
        )
        for gone in event.withdrawn_entries.all()
        if gone.reason == gone.Reason.REMOVED
    ]


def departed_entries(filters, present, now=None):
    """Cancelled entries of events a feed no longer lists, for that feed.

    The site feed (no ``filters``) gets the entries of unpublished and deleted events;
    a filtered feed also those of events that left it (another kind, theme, …), each as
    long as its end lies within ``retention()``. ``present`` are the UIDs the feed
    already has (live entries win). Returns the entries, and per UID of a live entry that
    left a filtered feed the sequence its return there must outrank.
    """
    from .models import WithdrawnCalendarEntry

    now = now or timezone.now()
    rows = WithdrawnCalendarEntry.objects.filter(end__gte=now - retention())
    if not filters:
        rows = rows.filter(reason=WithdrawnCalendarEntry.Reason.REMOVED).filter(
            Q(event__isnull=True) | Q(event__live=False)
        )
    rows = rows.order_by("-end", "pk")[: sum(feed_limits())]
    prefix = gettext("Cancelled: ")
    note = gettext("This meeting no longer takes place in this calendar.")
    entries, outranked = [], {}
    for row in rows:
        if filters and not any(filters.matches(listed) for listed in row.listings):
            continue
        uid = str(row.uid)
        if uid in present:
            outranked[uid] = row.sequence
            continue
        entries.append(
            CalendarEntry(
                uid=uid,
                sequence=row.sequence,
                summary=prefix + row.summary,
                start=row.start,
                end=row.end,
                all_day=row.all_day,
                location=row.location,
                description=note,
                url=agenda_url(),
                cancelled=True,
                last_modified=row.withdrawn_at,
            )
        )
    entries.sort(key=lambda entry: (entry.start, entry.uid))
    return entries, outranked


def agenda_url():
    """The agenda's public address, for entries whose event page is gone."""
    from .models import AgendaPage

    agenda = AgendaPage.objects.live().first()
    return page_url(agenda) if agenda else mail.absolute_url("/")


def _current_entries(event, request, online_link):
    url = page_url(event, request)
    cancelled = event.is_cancelled
    prefix = gettext("Cancelled: ") if cancelled else ""
    categories = [str(event.get_kind_display()).capitalize()]
    categories += [theme.name for theme in event.themes.all()]
    common = {
        "all_day": event.all_day,
        "url": url,
        "cancelled": cancelled,
        "last_modified": _changed_at(event),
        "categories": categories,
    }
    return [
        CalendarEntry(
            uid=source.uid,
            sequence=source.sequence,
            summary=prefix + source.summary,
            start=source.start,
            end=source.end,
            location=source.location,
            description=_description(event, url, online_link, session=source.session),
            label=source.session.display_title if source.session else "",
            session=source.session,
            **common,
        )
        for source in entry_sources(event).values()
    ]


def _description(event, url, online_link=None, session=None):
    lines = []
    if event.is_cancelled:
        lines.append(gettext("This meeting has been cancelled."))
    elif event.status == event.Status.MOVED:
        lines.append(gettext("This meeting has been moved."))
    if event.status_note:
        lines.append(event.status_note)
    if lines:
        lines.append("")
    if event.intro:
        lines += [event.intro, ""]
    if session is not None:
        if session.organisation_id and session.display_title != session.organisation.name:
            lines.append(gettext("Organisation: %(name)s") % {"name": session.organisation.name})
        if session.text:
            lines.append(session.text)
        if session.lunch:
            lines.append(gettext("Lunch included."))
        if len(lines) and lines[-1] != "":
            lines.append("")
    breakouts = event.breakout_sessions
    if breakouts:
        lines.append(gettext("Break-out groups:"))
        lines += [f"- {breakout.display_title}" for breakout in breakouts]
        lines.append("")
    if online_link:
        lines.append(gettext("Join online: %(link)s") % {"link": online_link})
    lines.append(gettext("More information and registration: %(url)s") % {"url": url})
    return "\n".join(lines)


def _vevent(entry, stamp=None):
    if entry.all_day:
        start = timezone.localtime(entry.start, AMSTERDAM).date()
        end = timezone.localtime(entry.end, AMSTERDAM).date() + timedelta(days=1)
    else:
        start = entry.start.astimezone(AMSTERDAM)
        end = entry.end.astimezone(AMSTERDAM)
    changed = entry.last_modified.astimezone(UTC).replace(microsecond=0)
    vevent = Event()
    vevent.add("UID", entry.uid)
    vevent.add("DTSTAMP", stamp or changed)
    vevent.add("LAST-MODIFIED", changed)
    vevent.add("SEQUENCE", entry.sequence)
    vevent.add("DTSTART", start)
    vevent.add("DTEND", end)
    vevent.add("SUMMARY", entry.summary)
    vevent.add("DESCRIPTION", entry.description)
    if entry.location:
        vevent.add("LOCATION", entry.location)
    vevent.add("URL", entry.url)
    if entry.categories:
        vevent.add("CATEGORIES", entry.categories)
    vevent.add("STATUS", "CANCELLED" if entry.cancelled else "CONFIRMED")
    vevent.add("TRANSP", "TRANSPARENT" if entry.cancelled else "OPAQUE")
    return vevent


def _new_calendar(name, description="", method=None):
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if method:
        calendar.add("METHOD", method)
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    if description:
        calendar.add("DESCRIPTION", description)
        calendar.add("X-WR-CALDESC", description)
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add("REFRESH-INTERVAL", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    return calendar


#: Europe/Amsterdam as the EU has kept it since 1996: summer time from the last Sunday of
#: March, 01:00 UTC, to the last Sunday of October, 01:00 UTC. Written as yearly rules
#: (RRULE), the form Outlook, Google, Apple and Thunderbird themselves write. A first
#: change given only as DTSTART, with later years as RDATE (``Timezone.from_tzid``), is
#: misread by ical.js 2.x (Thunderbird, Nextcloud): summer times in the first year come
#: out an hour late (issue 9, point 11).
VTIMEZONE_RULES = """BEGIN:VTIMEZONE
TZID:Europe/Amsterdam
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19960331T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19961027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def _last_sunday(year, month):
    last = _calendar_maths.monthrange(year, month)[1]
    day = date(year, month, last)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def _eu_rules_hold(year):
    """Whether the time zone database changes Amsterdam's clocks in ``year`` as the rules say."""
    one_hour, two_hours = timedelta(hours=1), timedelta(hours=2)
    for month, before, after in ((3, one_hour, two_hours), (10, two_hours, one_hour)):
        change = datetime.combine(_last_sunday(year, month), datetime.min.time(), UTC)
        change += timedelta(hours=1)
        second = timedelta(seconds=1)
        if (change - second).astimezone(AMSTERDAM).utcoffset() != before:
            return False
        if change.astimezone(AMSTERDAM).utcoffset() != after:
            return False
    return True


@memoise
def vtimezone(first, last):
    """The VTIMEZONE for entries from year ``first`` to ``last``.

    The yearly rules while the time zone database agrees with them for those years;
    should the EU ever change them, the database's own changes, with each part's first
    change repeated as an RDATE (which every common client, ical.js too, reads right).
    """
    if all(_eu_rules_hold(year) for year in range(first, last + 2)):
        return Timezone.from_ical(VTIMEZONE_RULES)
    component = Timezone.from_tzid(
        TZID, first_date=date(first, 1, 1), last_date=date(last + 2, 1, 1)
    )
    for part in component.subcomponents:
        rdates = part.get("RDATE")
        rdates = rdates if isinstance(rdates, list) else [rdates] if rdates else []
        starts = [part.decoded("DTSTART")]
        starts += [item.dt for rdate in rdates for item in rdate.dts]
        part.pop("RDATE", None)
        for start in starts:
            part.add("RDATE", start)
    return component


def _finish(calendar, entries, stamp=None, with_entries=True):
    """Add the VTIMEZONE, covering the years the entries fall in, and the entries."""
    years = [entry.start.astimezone(AMSTERDAM).year for entry in entries]
    years += [entry.end.astimezone(AMSTERDAM).year for entry in entries]
    this_year = timezone.localdate().year
    first = min(years, default=this_year)
    last = max(years, default=this_year)
    calendar.add_component(vtimezone(first, last))
    if with_entries:
        for entry in entries:
            calendar.add_component(_vevent(entry, stamp))
    return calendar


def site_name():
    return getattr(settings, "WAGTAIL_SITE_NAME", "Samenspel")


def agenda_name(filter_description=""):
    """The calendar's name as clients show it: "Agenda Samenspel: Werksessie"."""
    name = gettext("%(site)s calendar") % {"site": site_name()}
    return f"{name}: {filter_description}" if filter_description else name


def build_calendar(events, request=None, name=None, description="", filters=None):
    """A calendar with every entry of ``events`` (use ``for_listing()`` to prefetch).

    For an agenda feed, ``filters`` (its ``AgendaFilters``, empty for the site feed)
    adds the cancelled entries of the events that left it (see ``departed_entries``).
    """
    name = name or agenda_name()
    entries = _feed_entries(events, request, filters)
    return _finish(_new_calendar(name, description), entries)


def build_feed(events, request=None, name=None, description="", filters=None):
    """The same calendar as ``build_calendar``, as bytes, byte for byte.

    Each VEVENT's text is kept per process under everything it shows
    (:class:`VeventMemo`), so a feed built again after a change serialises only the
    entries that changed; the calendar's header, its VTIMEZONE and the entries are
    joined as icalendar would write them.
    """
    name = name or agenda_name()
    entries = _feed_entries(events, request, filters)
    head = _finish(_new_calendar(name, description), entries, with_entries=False).to_ical()
    end = b"END:VCALENDAR\r\n"
    if not head.endswith(end):
        raise ValueError("icalendar no longer ends a calendar as expected")
    return b"".join([head[: -len(end)], *map(VEVENTS.text, entries), end])


class VeventMemo:
    """The serialised VEVENTs of this process, by what they show (least recently used go).

    The key holds every field ``_vevent`` writes, so a changed entry (or a new
    organisation name in its description) is simply another key; nothing is invalidated.
    """

    def __init__(self, size):
        self.size = size
        self._texts = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(entry):
        return (
            entry.uid,
            entry.sequence,
            entry.summary,
            entry.start,
            entry.end,
            entry.all_day,
            entry.location,
            entry.description,
            entry.url,
            entry.cancelled,
            entry.last_modified,
            tuple(entry.categories),
        )

    def text(self, entry):
        key = self.key(entry)
        with self._lock:
            text = self._texts.pop(key, None)
            if text is not None:
                self._texts[key] = text  # most recently used last
                return text
        text = _vevent(entry).to_ical()
        with self._lock:
            self._texts[key] = text
            while len(self._texts) > self.size:
                del self._texts[next(iter(self._texts))]
        return text

    def clear(self):
        with self._lock:
            self._texts.clear()


#: Room for a few full feeds and their filtered variants (an entry is about 700 bytes).
VEVENTS = VeventMemo(size=5000)


def _feed_entries(events, request, filters):
    entries = [
        entry for event in events for entry in calendar_entries(event, request, withdrawn=True)
    ]
    if filters is not None:
        departed, outranked = departed_entries(filters, {entry.uid for entry in entries})
        if filters:
            # Back in a filtered feed that sent it as cancelled: above that cancellation.
            for entry in entries:
                if entry.uid in outranked:
                    entry.sequence = max(entry.sequence, outranked[entry.uid] + 1)
        entries += departed
    return entries


def entries_calendar(entries, name, description=""):
    """A feed of ready-made entries (a person's own feed mixes events and registrations)."""
    entries = sorted(entries, key=lambda entry: (entry.start, entry.uid))
    return _finish(_new_calendar(name, description), entries)


def event_calendar(event, online_link=None, request=None, for_mail=True, session=None):
    """The calendar file of one event, to attach to a mail (``METHOD:PUBLISH``).

    ``online_link`` (for registrants only) goes into the description. With
    ``for_mail=False`` it is the page's download: no METHOD, and the same bytes
    until the event is published again. With a host location as ``session``, only
    that location's entry: an estafette's locations overlap in time, and who imports
    the file goes to one of them.
    """
    if session is not None:
        entries = [
            entry
            for entry in calendar_entries(event, request, online_link=online_link)
            if entry.uid == str(session.uid)
        ]
        name = f"{event.title}: {session.display_title}"
        return _finish(_new_calendar(name), entries)
    entries = calendar_entries(event, request, online_link=online_link, withdrawn=not for_mail)
    if not for_mail:
        return _finish(_new_calendar(event.title), entries)
    now = timezone.now().astimezone(UTC).replace(microsecond=0)
    return _finish(_new_calendar(event.title, method="PUBLISH"), entries, stamp=now)


def single_entry_calendar(name, entry, method="PUBLISH", organizer=None):
    """One entry to attach to a mail, e.g. a registrant's own (``METHOD:PUBLISH``), or its
    cancellation (``METHOD:CANCEL``; RFC 5546 wants an ORGANIZER there: ``(name, email)``)."""
    now = timezone.now().astimezone(UTC).replace(microsecond=0)
    calendar = _finish(_new_calendar(name, method=method), [entry], stamp=now)
    if organizer:
        (vevent,) = calendar.walk("VEVENT")
        vevent.add("ORGANIZER", f"mailto:{organizer[1]}", parameters={"CN": organizer[0]})
    return calendar


def feed_events(events, now=None):
    """The events that belong in a feed, in date order.

    Not ended longer ago than ``retention()``; the soonest upcoming and the most recent
    past events whose entries (one per host location, else one) fit ``feed_limits()``.
    """
    from .models import EventSession

    now = now or timezone.now()
    max_upcoming, max_past = feed_limits()
    recent = events.filter(end__gte=now - retention()).annotate(
        hosts=Count("sessions", filter=Q(sessions__kind=EventSession.Kind.HOST_LOCATION))
    )
    upcoming = recent.filter(end__gte=now).order_by("start", "pk")
    past = recent.filter(end__lt=now).order_by("-start", "-pk")
    chosen = _fitting(upcoming, max_upcoming) + _fitting(past, max_past)
    # What the entries show, no more: a card's regions and audiences are not in a feed.
    return (
        events.model.objects.filter(pk__in=chosen)
        .order_by("start", "pk")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=EventSession.objects.select_related("organisation", "theme"),
            ),
            "themes",
            "withdrawn_entries",
        )
    )


def _fitting(events, limit):
    """The first of ``events`` (annotated with ``hosts``) whose entries fit in ``limit``."""
    chosen, total = [], 0
    for pk, hosts in events.values_list("pk", "hosts")[:limit]:
        total += max(hosts, 1)
        if total > limit:
            break
        chosen.append(pk)
    return chosen


def feed_version(events, now=None):
    """A cheap fingerprint of what ``feed_events(events)`` would contain.

    It changes when an event in the window is published, added, removed or
    unpublished, and every day (the retention window moves).
    """
    now = now or timezone.now()
    from .models import WithdrawnCalendarEntry

    summary = events.filter(end__gte=now - retention()).aggregate(
        count=Count("pk"),
        published=Max("last_published_at"),
        sequence=Sum("ical_sequence"),
    )
    withdrawn = WithdrawnCalendarEntry.objects.aggregate(
        count=Count("pk"), latest=Max("withdrawn_at"), sequence=Sum("sequence")
    )
    return (
        summary["count"],
        summary["published"].isoformat() if summary["published"] else "",
        summary["sequence"] or 0,
        tuple(str(value) for value in withdrawn.values()),
        timezone.localdate(now).isoformat(),
        retention().days,
        feed_limits(),
    )


def calendar_response(request, calendar, filename, query="", private=False):
    """An .ics response with ETag and Last-Modified; ``304`` when the client is current.

    ``calendar`` is an ``icalendar.Calendar`` or its serialised bytes; ``query`` is
    the part of the query string that selects what is in it (the agenda's filters).
    A ``private`` feed (one person's) may be kept by that person's own calendar
    program only, never by a shared cache, and is kept out of search engines.
    """
    body = calendar if isinstance(calendar, bytes) else calendar.to_ical()
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    etag = hashlib.sha256(body).hexdigest()[:40]
    response["ETag"] = quote_etag(etag)
    if private:
        response["Cache-Control"] = "private, max-age=900"
        response["X-Robots-Tag"] = "noindex, nofollow"
    else:
        response["Cache-Control"] = "public, max-age=900"
    timestamp = int(first_served(request, etag, query).timestamp())
    response["Last-Modified"] = http_date(timestamp)
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=timestamp, response=response
    )
    return conditional or response


def first_served(request, etag, query=""):
    """When this file first answered with this body: an honest Last-Modified.

    Publication times alone are not enough: unpublishing an event or a new address
    of a host organisation changes the file without a newer publication time, and a
    client asking only with If-Modified-Since would wrongly get ``304``. Keyed on
    what selects the file, so made-up query strings add nothing to the cache.
    """
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    key = "events:feed-served:" + hashlib.sha256(url.encode()).hexdigest()
    seen = cache.get(key)
    if seen and seen[0] == etag:
        return seen[1]
    stamp = timezone.now().replace(microsecond=0)
    if seen:  # HTTP dates have whole seconds: a change must look later than the old copy
        stamp = max(stamp, seen[1] + timedelta(seconds=1))
    cache.set(key, (etag, stamp), FIRST_SERVED_SECONDS)
    return stamp
