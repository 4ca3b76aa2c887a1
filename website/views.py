from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

from website.models import paginate


def search(request):
    query = request.GET.get("q", "").strip()[:200]
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
