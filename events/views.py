"""Calendar files: ``/agenda.ics`` (the agenda, with its filters) and ``/agenda/<event>.ics``.

A page's calendar address is its own address with ``.ics`` instead of the final
slash. Wagtail's page URLs cannot carry a dot, so this view finds the page itself.
"""

import hashlib

from django.core.cache import cache
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from events import feed_memo, feeds
from events.filters import AgendaFilters
from events.models import AgendaPage, EventPage
from website import pagecache


def find_page(request, page_path):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    url_path = f"{site.root_page.url_path}{page_path}/"
    page = Page.objects.live().filter(url_path=url_path).specific().first()
    if page is None or page.get_view_restrictions().exists():
        raise Http404
    return page


#: Page types of higher apps that serve a calendar file at their own address + ".ics":
#: ``{model: view(request, page)}``. The communities app registers its groups' feed, so
#: this module never imports it.
CALENDAR_VIEWS = {}


def register_calendar_view(model, view):
    CALENDAR_VIEWS[model] = view


@require_safe
def calendar_file(request, page_path):
    # An unchanged agenda feed is answered from this process's memory, before any page
    # or site is looked up (see ``events.feed_memo``).
    filters = AgendaFilters.from_query(request.GET)
    query = filters.as_query()
    memo = feed_memo.enabled()
    if memo:
        version = pagecache.content_version()  # feeds show no places left
        feed_key = feed_memo.key(request, page_path, query)
        feed = feed_memo.lookup(version, feed_key)
        if feed is not None:
            return feed_memo.respond(request, feed)
    page = find_page(request, page_path)
    if isinstance(page, AgendaPage):
        body = agenda_feed(request, page, filters)
        feed = feed_memo.finish(
            body,
            f"{slugify(feeds.site_name())}-{page.slug}.ics",
            lambda etag: int(feeds.first_served(request, etag, query).timestamp()),
        )
        if memo:
            feed_memo.store(version, feed_key, feed)
        return feed_memo.respond(request, feed)
    if isinstance(page, EventPage):
        location = request.GET.get(LOCATION_PARAM)
        if location is not None:
            return location_file(request, page, location)
        return feeds.calendar_response(
            request,
            feeds.event_calendar(page, request=request, for_mail=False),
            f"{page.slug}.ics",
        )
    for model, view in CALENDAR_VIEWS.items():
        if isinstance(page, model):
            return view(request, page)
    raise Http404


#: ``/agenda/<event>.ics?locatie=<id>``: one host location's entry (see ``event_calendar``).
LOCATION_PARAM = "locatie"


def location_file(request, event, location):
    session = None
    if location.isascii() and location.isdigit():
        session = next((s for s in event.host_sessions if s.pk == int(location)), None)
    if session is None:
        raise Http404
    return feeds.calendar_response(
        request,
        feeds.event_calendar(event, request=request, for_mail=False, session=session),
        f"{event.slug}-{slugify(session.display_title)}.ics",
        query=f"{LOCATION_PARAM}={session.pk}",
    )


def agenda_feed(request, agenda, filters):
    """The agenda's feed as bytes.

    Generating a large feed takes a while, so the result is cached under a key that
    changes whenever something in it is published (see ``feeds.feed_version``);
    ``EVENTS_FEED_CACHE_SECONDS`` bounds how long changes that publish nothing
    (an organisation's new address) take to show.
    """
    events = filters.apply(agenda.events())
    seconds = feeds.cache_seconds()
    key = None
    if seconds:
        version = feeds.feed_version(events)
        identity = (request.scheme, request.get_host(), get_language(), agenda.pk)
        digest = hashlib.sha256(repr((identity, filters.as_query(), version)).encode())
        key = f"events:feed:{digest.hexdigest()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
    listed = list(feeds.feed_events(events))
    name = feeds.agenda_name(filters.describe() if filters else "")
    body = feeds.build_feed(listed, request=request, name=name, filters=filters)
    if key:
        cache.set(key, body, seconds)
    return body
