"""What every public page looks up, held per process on the shared content version.

The site for a host, Wagtail's site root paths, the site settings, the header menu, the
view restrictions and the route from a URL to its page change only when something is
published, moved, deleted or edited in settings, and each of those raises the content
version (:mod:`website.pagecache`). So a process keeps them in memory under the version
it read (at most once a second): when the version moves, everything here is dropped and
read again. Nothing here depends on who asks (no user, no session, no preview): a
preview renders the revision it is given, not what :func:`remembered` holds.

Pieces of pages rendered for every visitor alike are kept the same way, also keyed on the
next moment a page changes by itself (:func:`fragment`, used by ``{% fragment %}``).

``CONTENT_MEMO_ENABLED`` (default on) switches it off for the tests, which change content
inside a transaction that never commits, so the version never moves for them.
"""

import copy
import threading
from collections import OrderedDict

from django.conf import settings

# At most this many values per process. When full, the least recently used tenth goes, so a
# flood of addresses nobody else asks for (each with its route and pieces) pushes out only
# what is not in use, never the site, its settings or the pages people are reading.
MAX_ENTRIES = 5000
_lock = threading.Lock()
_store = {"version": None, "places": None, "values": OrderedDict()}
_MISSING = object()


def enabled():
    return getattr(settings, "CONTENT_MEMO_ENABLED", True)


def clear():
    with _lock:
        _store.update(version=None, places=None, values=OrderedDict())


def remembered(key, compute):
    """``compute()``, kept in this process until the content version changes."""
    if not enabled():
        return compute()
    from website.pagecache import current_versions

    version, places = current_versions()
    with _lock:
        if _store["version"] != version:
            _store.update(version=version, places=places, values=OrderedDict())
        elif _store.get("places") != places:
            # Places left changed: drop what shows them, keep the lookups.
            _store["places"] = places
            _store["values"] = OrderedDict(
                (k, v) for k, v in _store["values"].items() if not _shows_places(k)
            )
        value = _store["values"].get(key, _MISSING)
        if value is not _MISSING:
            _store["values"].move_to_end(key)
    if value is not _MISSING:
        return value
    value = compute()
    with _lock:
        if _store["version"] == version and _store.get("places") == places:
            values = _store["values"]
            if len(values) >= MAX_ENTRIES:
                for _unused in range(max(1, MAX_ENTRIES // 10)):
                    values.popitem(last=False)
            values[key] = value
    return value


def _shows_places(key):
    return isinstance(key, tuple) and bool(key) and key[0] in ("fragment", "places")


def with_places(key, compute):
    """Like :func:`remembered`, and also dropped when only the places left change (a
    registration taking or freeing a place raises the places version, not the content
    version): for whatever shows places, counts or registration state."""
    return remembered(("places", *key), compute)


def _put(key, value):
    from website.pagecache import current_versions

    version, places = current_versions()
    with _lock:
        if _store["version"] == version and _store.get("places") == places:
            _store["values"][key] = value


def forget_fragments():
    """Drop the rendered pieces but keep the lookups (to count what rendering costs)."""
    with _lock:
        _store["values"] = OrderedDict(
            (key, value)
            for key, value in _store["values"].items()
            if not (isinstance(key, tuple) and key and key[0] == "fragment")
        )


def next_change(now=None):
    """The next moment a public page changes by itself (an event starts or ends, a
    registration opens or closes: the boundaries registered with :mod:`website.pagecache`).

    :func:`website.pagecache.next_boundary`, asked once per content version and again
    only when that moment has passed: nothing else moves it without raising the version.
    """
    from django.utils import timezone

    from website.pagecache import next_boundary

    now = now or timezone.now()
    if not enabled():
        return next_boundary(now)
    moment = remembered("next_change", lambda: next_boundary(now))
    if moment is not None and moment <= now:
        moment = next_boundary(now)
        _put("next_change", moment)
    return moment


def fragment(key, compute):
    """``compute()`` (a rendered piece of a page), kept until the version or the moment moves.

    Like :func:`remembered`, and also keyed on :func:`next_change`: an event that starts or
    ends changes listings and places left without an edit, so what was rendered before
    that moment is not used after it.
    """
    if not enabled():
        return compute()
    moment = next_change()
    return remembered(("fragment", moment, *key), compute)


# -- what the middleware puts on each public request ---------------------------------------


def _site_for(host, port):
    from django.http import HttpRequest
    from wagtail.models import Site

    def find():
        probe = HttpRequest()
        probe.META = {"HTTP_HOST": host, "SERVER_PORT": port}
        site = Site._find_for_request(probe)
        if site is not None:
            site.root_page  # noqa: B018  (loaded once, shared read-only)
        return site

    return remembered(("site", host, port), find)


def site_root_paths():
    from wagtail.models import Site

    return remembered("site_root_paths", Site.get_site_root_paths)


def site_settings(site):
    from website.models import SiteSettings

    def load():
        loaded = SiteSettings.for_site(site)
        for field in loaded._meta.concrete_fields:
            if field.is_relation and getattr(loaded, field.attname) is not None:
                getattr(loaded, field.name)  # the footer's pages, copied with the settings
        return loaded

    return remembered(("site_settings", site.pk), load)


def menu_pages(site):
    """The header's menu: live top-level pages marked 'show in menus'."""
    root = site.root_page
    return remembered(
        ("menu", site.pk),
        lambda: list(root.get_children().live().in_menu().only("title", "url_path", "path")),
    )


def view_restrictions():
    """Every page view restriction, with its page (for ``public()`` and the served page)."""
    from wagtail.models import PageViewRestriction

    return remembered(
        "view_restrictions",
        lambda: list(PageViewRestriction.objects.select_related("page").order_by("pk")),
    )


def restrictions_for(page):
    """The restrictions on ``page`` and its ancestors (not for alias pages)."""
    return [
        restriction
        for restriction in view_restrictions()
        if page.path.startswith(restriction.page.path)
    ]


def is_public_request(request):
    return enabled() and not request.path.startswith(("/admin/", "/documenten/"))


class ContentMemoMiddleware:
    """Give a public request the site, root paths and settings this process holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_public_request(request):
            self.prepare(request)
        return self.get_response(request)

    def prepare(self, request):
        from django.http.request import split_domain_port

        from website.models import SiteSettings

        host = split_domain_port(request._get_raw_host())[0]
        site = _site_for(host, str(request.get_port()))
        request._wagtail_site = site
        request._wagtail_cached_site_root_paths = site_root_paths()
        if site is not None:
            # A copy per request: Wagtail keeps the request on it for page URLs.
            site_settings_copy = copy.copy(site_settings(site))
            site_settings_copy._request = request
            setattr(request, SiteSettings.get_cache_attr_name(), site_settings_copy)
