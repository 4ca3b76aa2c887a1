from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Page

from website.mail import absolute_url
from website.models import paginate

# Enough for any real question; ranking them all keeps ties in a predictable order.
MAX_RESULTS = 200


def ranked_results(query):
    """Live public pages for ``query``, best first; among equals, upcoming events first.

    On PostgreSQL the backend uses the Dutch text configuration (settings), so
    "thuiszitter" finds "thuiszitters".
    """
    found = list(
        Page.objects.live().public().specific().search(query).annotate_score("_score")[:MAX_RESULTS]
    )
    now = timezone.now()

    def upcoming(page):
        end = getattr(page, "end", None)
        return bool(page.search_kind and end is not None and end >= now)

    # sorted() is stable: pages the search ranked equally keep their order otherwise.
    return sorted(found, key=lambda page: (-round(page._score or 0, 6), not upcoming(page)))


def search(request):
    # Control characters (a NUL byte breaks full-text search) are never part of a real query.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable()).strip()[:200]
    # Double quotes would ask for a phrase, but SQLite's full-text search refuses many
    # quoted strings ("e-health", an unclosed quote) outright; the words are enough.
    query = " ".join(query.replace('"', " ").split())
    results = None
    if query:
        results = paginate(request, ranked_results(query), per_page=20)
    return render(
        request,
        "pages/search.html",
        {"query": query, "results": results, "page_title": _("Search")},
    )


# Kept out of search engines: the admin, registration forms and personal links (manage
# and cancel links, personal calendar feeds, invitations all carry a token), search results.
ROBOTS_DISALLOW = [
    "/admin/",
    "/aanmelden/",
    "/aanmelding/",
    "/uitnodiging/",
    "/zoeken/",
    "/account/agenda/",  # private calendar feeds
]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Programs that ask for /favicon.ico (feed readers, chat previews) get the real icon."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
