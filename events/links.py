"""Plain links to other services, built on the server: no scripts, no embeds."""

from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.http import urlencode

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/action/compose"
OPENSTREETMAP_SEARCH = "https://www.openstreetmap.org/search"

# Long descriptions make links too long for some browsers; the page has the rest.
MAX_DETAILS = 1000


def _utc(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(entry):
    """ "Add to Google Calendar" for one calendar entry."""
    if entry.all_day:
        first = timezone.localtime(entry.start).date()
        after = timezone.localtime(entry.end).date() + timedelta(days=1)
        dates = f"{first:%Y%m%d}/{after:%Y%m%d}"
    else:
        dates = f"{_utc(entry.start)}/{_utc(entry.end)}"
    params = {
        "action": "TEMPLATE",
        "text": entry.summary,
        "dates": dates,
        "details": entry.description[:MAX_DETAILS],
        "location": entry.location,
        "ctz": "Europe/Amsterdam",
    }
    return f"{GOOGLE_CALENDAR}?{urlencode(params)}"


def outlook_url(entry):
    """ "Add to Outlook.com" for one calendar entry."""
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": entry.summary,
        "body": entry.description[:MAX_DETAILS],
        "location": entry.location,
    }
    if entry.all_day:
        first = timezone.localtime(entry.start).date()
        after = timezone.localtime(entry.end).date() + timedelta(days=1)
        params.update(startdt=first.isoformat(), enddt=after.isoformat(), allday="true")
    else:
        params.update(
            startdt=entry.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            enddt=entry.end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            allday="false",
        )
    return f"{OUTLOOK_COM}?{urlencode(params)}"


def openstreetmap_url(address):
    """A search on OpenStreetMap for an address (a plain link, no embedded map)."""
    return f"{OPENSTREETMAP_SEARCH}?{urlencode({'query': address})}"
