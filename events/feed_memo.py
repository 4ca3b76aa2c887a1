"""Finished agenda feeds, per process, for the current content version.

An unchanged feed is answered from memory: its bytes, its gzip bytes (compressed once),
its ETag (hashed once) and its Last-Modified, kept under the site's content version
(``website.pagecache.content_version()``: feeds show no places left, so a registration
keeps them) and what selects the feed (host, address,
language, filters). Every publish, unpublish, move or setting change raises the version
after commit, so each process drops its feeds at once or within
``PAGE_CACHE_VERSION_SECONDS`` (1 s). A finished feed is also dropped after
``EVENTS_FEED_CACHE_SECONDS`` (the bound for changes that raise no version, such as an
event ending while the upcoming cap is full) and at the turn of the day (the retention
window moves).

A hit costs no query and never finds the page: ``FeedMemoMiddleware`` looks here before
sessions, CSRF and authentication run (none of which a feed uses), and the view looks here
too, before finding the page. Like the page
cache it is off with ``PAGE_CACHE_ENABLED`` (the test settings), since tests change
content inside one transaction, where the version never rises.
"""

import gzip
import hashlib
import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers, quote_etag
from django.utils.http import http_date

from website import pagecache

#: Most finished feeds a process keeps (filter combinations; made-up values add entries).
MAX_FEEDS = 64
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
#: A calendar file's address, as in ``events/urls.py``.
FEED_PATH = re.compile(r"/((?:[\w-]+/)*[\w-]+)\.ics")


@dataclass(frozen=True)
class FinishedFeed:
    body: bytes
    gzipped: bytes
    etag: str  # quoted, of the plain body
    gzip_etag: str  # quoted: another encoding is another representation
    last_modified: int  # a timestamp in whole seconds
    filename: str
    made_at: float  # time.monotonic()


_lock = threading.Lock()
_feeds = {"version": None, "entries": {}}


def enabled():
    from events import feeds

    return getattr(settings, "PAGE_CACHE_ENABLED", True) and feeds.cache_seconds() > 0


def key(request, page_path, query):
    return (
        request.scheme,
        request.get_host(),
        page_path,
        request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else settings.LANGUAGE_CODE,
        query,
        timezone.localdate().isoformat(),
    )


def lookup(version, feed_key):
    from events import feeds

    with _lock:
        if _feeds["version"] != version:
            return None
        feed = _feeds["entries"].get(feed_key)
    if feed is None or time.monotonic() - feed.made_at >= feeds.cache_seconds():
        return None
    return feed


def store(version, feed_key, feed):
    with _lock:
        if _feeds["version"] != version:
            _feeds.update(version=version, entries={})
        entries = _feeds["entries"]
        entries.pop(feed_key, None)
        while len(entries) >= MAX_FEEDS:
            del entries[next(iter(entries))]
        entries[feed_key] = feed


def forget():
    with _lock:
        _feeds.update(version=None, entries={})


def finish(body, filename, last_modified):
    """Compress and hash ``body`` once; ``last_modified(etag)`` gives its timestamp."""
    digest = hashlib.sha256(body).hexdigest()[:40]
    return FinishedFeed(
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag=quote_etag(digest),
        gzip_etag=quote_etag(f"{digest}-gzip"),
        last_modified=last_modified(digest),
        filename=filename,
        made_at=time.monotonic(),
    )


def respond(request, feed):
    """The feed, gzip-compressed if the client takes it; ``304`` if the client is current."""
    from events import feeds

    compressed = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    response = HttpResponse(
        feed.gzipped if compressed else feed.body, content_type=feeds.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    response["ETag"] = feed.gzip_etag if compressed else feed.etag
    response["Cache-Control"] = "public, max-age=900"
    response["Last-Modified"] = http_date(feed.last_modified)
    response["Content-Length"] = str(len(response.content))
    if compressed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    conditional = get_conditional_response(
        request, etag=response["ETag"], last_modified=feed.last_modified, response=response
    )
    return conditional or response


class FeedMemoMiddleware:
    """Answer an unchanged agenda feed (or its ``304``) before the rest of the stack runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.endswith(".ics") and enabled():
            match = FEED_PATH.fullmatch(request.path)
            if match:
                from events.filters import AgendaFilters

                query = AgendaFilters.from_query(request.GET).as_query()
                feed = lookup(pagecache.content_version(), key(request, match[1], query))
                if feed is not None:
                    return respond(request, feed)
        return self.get_response(request)
