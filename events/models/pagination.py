from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, queryset, per_page, page_param="pagina"):
    """A page of ``queryset``; a bad or too high number falls back quietly.

    Like ``website.models.paginate``, with the parameter name as an argument so the
    agenda can page its upcoming events and its archive independently.
    """
    paginator = Paginator(queryset, per_page)
    number = request.GET.get(page_param, 1)
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.page_param = page_param
    return page
