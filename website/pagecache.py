"""Anonymous pages at cache speed, dropped within a second of any change.

Every cached page is stored under the site's two versions (:class:`ContentVersion`, one
database row every host reads). A publish, unpublish, move or delete, a setting or a
taxonomy change raises the content version; a registration that changes the places left
raises the places version, which drops pages and rendered pieces but not the lookups
:mod:`website.memo` holds on the content version alone. Either is raised after commit, so
each host's cached
pages stop being used: this process at once, other processes and hosts within
``PAGE_CACHE_VERSION_SECONDS`` (1 s), the time they keep the number in memory. A page
also stops being used at the next moment an event starts or ends, since "upcoming" and
"past" change then.

Only what is the same for every visitor is stored: GET or HEAD of a Wagtail page for a
request without a session cookie (so nobody signed in), with status 200, no cookie set,
no CSP nonce used, no private or no-store cache header. The cache is per process
(local memory, alias ``pages``), so a hit costs no query at all.

A response that shows something of one person (a higher app's "Voor u" section, through
``website.templatetags.personal_tags``) calls :func:`mark_personal` while it renders: it
is then never stored, whoever asked, and leaves with ``Cache-Control: private``, so no
shared cache on the way keeps it either. A stored page tells shared caches they may keep
it but must ask first (``public, no-cache`` with an ETag, answered 304 while unchanged), or
may answer alone for ``PAGE_CACHE_PROXY_SECONDS``; every other HTML answer is ``private``.
"""

import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

from website.models import ContentVersion

CACHE_ALIAS = "pages"
_memo = threading.local()
_shared = {"version": None, "read_at": 0.0}
_lock = threading.Lock()


def version_seconds():
    return getattr(settings, "PAGE_CACHE_VERSION_SECONDS", 1.0)


def page_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def current_versions():
    """(content, places): the two versions, read from the database at most once a second
    per process (one query for both)."""
    now = time.monotonic()
    with _lock:
        if _shared["version"] is not None and now - _shared["read_at"] < version_seconds():
            return _shared["version"]
    row = ContentVersion.objects.filter(pk=1).values_list("version", "places").first()
    if row is None:
        ContentVersion.objects.get_or_create(pk=1)
        row = (1, 1)
    versions = tuple(row)
    with _lock:
        _shared.update(version=versions, read_at=now)
    return versions


def current_version():
    """The key for whatever shows places left (whole pages, rendered pieces): both versions."""
    return current_versions()


def content_version():
    """The key for what only a publish or an edit changes (sites, settings, routes, feeds)."""
    return current_versions()[0]


def forget_version():
    from website import memo

    with _lock:
        _shared.update(version=None, read_at=0.0)
    memo.clear()


def _bump_now():
    updated = ContentVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 2})
    forget_version()


def _bump_places_now():
    updated = ContentVersion.objects.filter(pk=1).update(
        places=F("places") + 1, changed_at=timezone.now()
    )
    if not updated:
        ContentVersion.objects.get_or_create(pk=1, defaults={"places": 2})
    with _lock:  # read again at once here; the memo drops only what shows places
        _shared.update(version=None, read_at=0.0)


def places_changed(*args, **kwargs):
    """Raise the places version once the current transaction commits: pages and pieces
    are made again, the lookups every request needs are kept (a signal receiver)."""
    transaction.on_commit(_bump_places_now)


def content_changed(*args, **kwargs):
    """Raise the content version once the current transaction commits (a signal receiver)."""
    transaction.on_commit(_bump_now)


def page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def connect_signals():
    """What changes public pages, in this app and Wagtail; higher apps connect their own."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from website.models import Audience, Organisation, Region, SiteSettings, Theme

    uid = "website.pagecache"
    page_published.connect(content_changed, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(content_changed, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(content_changed, dispatch_uid=f"{uid}.moved")
    post_delete.connect(page_deleted, dispatch_uid=f"{uid}.page_deleted")
    models = (SiteSettings, Theme, Region, Audience, Organisation, Site, PageViewRestriction)
    for model in (*models, get_image_model()):
        for signal in (post_save, post_delete):
            signal.connect(content_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}")


# Functions ``f(now) -> datetime | None`` giving the next moment a public page changes
# by itself (an event starting or ending); higher apps register theirs (events does).
BOUNDARIES = []


def register_boundary(function):
    if function not in BOUNDARIES:
        BOUNDARIES.append(function)
    return function


def next_boundary(now):
    """The next moment a page changes without an edit: until then a cached page stays true."""
    moments = [moment for function in BOUNDARIES if (moment := function(now)) is not None]
    return min(moments) if moments else None


def mark_personal(request):
    """This response shows one person's data: never store it, and say so to other caches."""
    request._samenspel_personal = True


def is_personal(request):
    return getattr(request, "_samenspel_personal", False)


def _keep_private(request, response):
    """Every HTML answer says who may keep it: a page that was not stored here (signed
    in, personal, a form with errors, a nonce, an error page) only the browser."""
    html = response.get("Content-Type", "").startswith("text/html")
    if is_personal(request) or (html and "Cache-Control" not in response):
        patch_cache_control(response, private=True)
    return response


def _share(response):
    """What a stored page tells shared caches on the way: store it, but ask again each
    time (or after ``PAGE_CACHE_PROXY_SECONDS``), with an ETag that makes asking cheap."""
    set_response_etag(response)
    seconds = getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 0)
    if seconds > 0:
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, public=True, no_cache=True)


def _key(request, versions):
    return f"page:{versions[0]}.{versions[1]}:{request.get_host()}:{request.get_full_path()}"


def _eligible(request):
    return (
        getattr(settings, "PAGE_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(("/admin/", "/documenten/"))
    )


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous Wagtail pages; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    @property
    def cache(self):
        return caches[CACHE_ALIAS]

    def __call__(self, request):
        if not _eligible(request):
            return _keep_private(request, self.get_response(request))
        version = current_version()
        key = _key(request, version)
        stored = self.cache.get(key)
        if stored is not None:
            response, valid_until = stored
            if valid_until is None or timezone.now() < valid_until:
                response["X-Page-Cache"] = "hit"
                # A proxy or browser asking whether its copy is current gets 304.
                return get_conditional_response(request, etag=response["ETag"], response=response)
        response = self.get_response(request)
        if self._storable(request, response):
            from website import memo

            now = timezone.now()
            boundary = memo.next_change(now)  # asked once per version, not per page
            timeout = page_seconds()
            if boundary is not None:
                timeout = max(1, min(timeout, int((boundary - now).total_seconds()) + 1))
            _share(response)
            self.cache.set(key, (response, boundary), timeout)
            response["X-Page-Cache"] = "miss"
        return _keep_private(request, response)

    def _storable(self, request, response):
        if not getattr(request, "_samenspel_page_served", False) or is_personal(request):
            return False
        if response.status_code != 200 or response.cookies or response.streaming:
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False  # feeds have their own cache and answer conditional requests
        nonce = getattr(request, "_csp_nonce", None)
        if nonce:  # a nonce must be new on every response
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))
