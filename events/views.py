"""Calendar files: ``/agenda.ics`` (the agenda, with its filters) and ``/agenda/<event>.ics``.

A page's calendar address is its own address with ``.ics`` instead of the final
slash. Wagtail's page URLs cannot carry a dot, so this view finds the page itself.
"""

from django.http import Http404
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from events import feeds
from events.filters import AgendaFilters
from events.models import AgendaPage, EventPage


def find_page(request, page_path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = f"{site.root_page.url_path}{page_path}/"
    page = Page.objects.live().filter(url_path=url_path).specific().first()
    if page is None or page.get_view_restrictions().exists():
        raise Http404
    return page


@require_safe
def calendar_file(request, page_path):
    page = find_page(request, page_path)
    if isinstance(page, AgendaPage):
        filters = AgendaFilters.from_query(request.GET)
        events = list(feeds.feed_events(filters.apply(page.events())))
        name = feeds.agenda_name(filters.describe() if filters else "")
        calendar = feeds.build_calendar(events, request=request, name=name)
        filename = f"{slugify(feeds.site_name())}-{page.slug}.ics"
    elif isinstance(page, EventPage):
        events = [page]
        calendar = feeds.event_calendar(page, request=request)
        filename = f"{page.slug}.ics"
    else:
        raise Http404
    return feeds.calendar_response(
        request, calendar, filename, modified=feeds.last_modified(events)
    )
