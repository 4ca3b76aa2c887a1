from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

from website.models import paginate


def search(request):
    # Control characters (a NUL byte breaks full-text search) are never part of a real query.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable()).strip()[:200]
    # Double quotes would ask for a phrase, but SQLite's full-text search refuses many
    # quoted strings ("e-health", an unclosed quote) outright; the words are enough.
    query = " ".join(query.replace('"', " ").split())
    results = None
    if query:
        results = paginate(
            request, Page.objects.live().public().specific().search(query), per_page=20
        )
    return render(
        request,
        "pages/search.html",
        {"query": query, "results": results, "page_title": _("Search")},
    )
