"""Dates and times as people read them: "vrijdag 18 mei 2018, 11.00–14.00 uur".

The formats go through gettext (with a context), so the Dutch translation decides
the separators ("11.00", "uur") and English can follow with its own.
"""

from django.utils import dateformat, timezone
from django.utils.translation import gettext, pgettext


def date_format():
    return pgettext("long date format", "l j F Y")


def time_format():
    return pgettext("time format", "H:i")


def format_date(value):
    return dateformat.format(value, date_format())


def format_time(value):
    return dateformat.format(value, time_format())


def format_span(start, end, all_day=False):
    """The date line of an event or session, in the current time zone."""
    start = timezone.localtime(start)
    end = timezone.localtime(end) if end else None
    if all_day:
        if end is None or end.date() == start.date():
            return format_date(start)
        return gettext("%(start_date)s to %(end_date)s") % {
            "start_date": format_date(start),
            "end_date": format_date(end),
        }
    if end is None:
        return gettext("%(date)s, %(start)s") % {
            "date": format_date(start),
            "start": format_time(start),
        }
    if end.date() == start.date():
        return gettext("%(date)s, %(start)s–%(end)s") % {
            "date": format_date(start),
            "start": format_time(start),
            "end": format_time(end),
        }
    return gettext("%(start_date)s, %(start)s – %(end_date)s, %(end)s") % {
        "start_date": format_date(start),
        "start": format_time(start),
        "end_date": format_date(end),
        "end": format_time(end),
    }


def format_times(start, end):
    """Only the clock times, for a session on the event's day: "11.00–14.00 uur"."""
    start = timezone.localtime(start)
    end = timezone.localtime(end)
    return gettext("%(start)s–%(end)s") % {"start": format_time(start), "end": format_time(end)}
