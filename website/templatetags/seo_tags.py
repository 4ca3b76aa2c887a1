"""The document title, link-preview tags and JSON-LD of every public page.

``{% document_title %}`` gives the ``<title>``; ``{% page_meta %}`` the canonical
address, description, Open Graph and Twitter-card tags; ``{% structured_data %}`` the
page's schema.org JSON-LD (see :mod:`website.seo`). Views that are not Wagtail pages
set ``page_title`` (and optionally ``meta_description``) in their context.
"""

from django import template
from django.utils.translation import gettext as _

from website import memo, seo
from website.mail import absolute_url

register = template.Library()


def _site_name(context):
    settings = context.get("settings")
    try:
        name = settings["website"]["SiteSettings"].organisation_name
    except (KeyError, TypeError, AttributeError):
        name = ""
    return name or "Samenspel"


def _is_home(page):
    return page is not None and getattr(page, "depth", None) == 2


def _has_errors(context):
    form = context.get("form")
    if form is not None and getattr(form, "is_bound", False) and form.errors:
        return True
    colleagues = context.get("colleagues")
    # A formset on the registration form (elsewhere "colleagues" may be a plain list).
    if not (getattr(colleagues, "is_bound", False) and hasattr(colleagues, "total_error_count")):
        return False
    return colleagues.total_error_count() > 0


def share_title(context):
    """The page's own title, without the site name (``og:title``)."""
    page = context.get("page")
    page_title = context.get("page_title")
    if page_title:
        return str(page_title)
    if _is_home(page):
        return page.seo_title or _(
            "%(site)s: schools, municipalities and youth care learn together"
        ) % {"site": _site_name(context)}
    if page is not None:
        return page.seo_title or page.title
    return _site_name(context)


@register.simple_tag(takes_context=True)
def document_title(context, title=""):
    """``Fout: Stel uw vraag | Samenspel``; the home page's title stands alone."""
    page = context.get("page")
    title = str(title) or share_title(context)
    if not (_is_home(page) and not context.get("page_title")) and title != _site_name(context):
        title = f"{title} | {_site_name(context)}"
    if _has_errors(context):
        title = _("Error: %(title)s") % {"title": title}
    return title


@register.inclusion_tag("includes/meta.html", takes_context=True)
def page_meta(context):
    page = context.get("page")
    request = context.get("request")
    description = context.get("meta_description") or seo.description_for(page)
    canonical = absolute_url(request.path) if request is not None else absolute_url("/")
    kind = getattr(page, "og_type", "website")
    return {
        "canonical": canonical,
        "description": description,
        "title": share_title(context),
        "site_name": _site_name(context),
        "og_type": kind,
        "image": seo.share_image_for(page),
    }


@register.simple_tag(takes_context=True)
def structured_data(context):
    page = context.get("page")
    method = getattr(page, "structured_data", None)
    if method is None or context.get("view") == "reports":
        return ""
    request = context.get("request")
    if (
        request is not None
        and getattr(page, "_memo_routed", False)
        and not getattr(request, "is_preview", False)
    ):
        # The live page's data changes with the content, or when an event or its
        # registration opens, closes, starts or ends (website.memo.fragment).
        key = ("structured_data", page.pk, request.get_host())
        data = memo.fragment(key, lambda: method(request))
    else:
        data = method(request)
    if not data:
        return ""
    return seo.json_ld(data, nonce=str(context.get("csp_nonce") or ""))
