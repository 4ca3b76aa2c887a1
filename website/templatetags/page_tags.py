"""``{{ page|ancestors }}``: the breadcrumb trail, remembered with the route when it was."""

from django import template

register = template.Library()


@register.filter
def ancestors(page):
    """The page's ancestors, root first; from :meth:`HomePage.route`'s memo when it has them."""
    remembered = getattr(page, "_memo_ancestors", None)
    if remembered is not None:
        return remembered
    return page.get_ancestors()
