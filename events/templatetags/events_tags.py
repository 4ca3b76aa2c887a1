from django import template

from events import formatting, links
from events.models.calendar import local_day

register = template.Library()


@register.filter
def event_when(event):
    """ "vrijdag 18 mei 2018, 11.00–14.00 uur"."""
    return formatting.format_span(event.start, event.end, all_day=event.all_day)


@register.filter
def session_when(session):
    """A session's times; with the date too when the event spans several days."""
    event = session.page
    if event.all_day:
        return ""
    if local_day(event.start) == local_day(event.end):
        return formatting.format_times(session.start, session.end)
    return formatting.format_span(session.start, session.end)


@register.filter
def entry_when(entry):
    return formatting.format_span(entry.start, entry.end, all_day=entry.all_day)


@register.filter
def map_url(address):
    return links.openstreetmap_url(address)


@register.filter
def points(text):
    """Lines of a text block as list items; empty lines and leading dashes dropped."""
    return [
        line.strip().lstrip("-•* ").strip() for line in (text or "").splitlines() if line.strip()
    ]
