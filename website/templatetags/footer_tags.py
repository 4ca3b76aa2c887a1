"""``{% footer_panels %}``: what higher apps add to the footer, without website importing them.

An app registers a function with the Wagtail hook ``register_footer_panel``; it gets the
request and returns HTML (or nothing). The footer shows the panels in the order of their
``order`` attribute (default 100). The nieuwsbrief adds its subscribe form this way.

A panel that shows the same to every visitor of an address may say so with a
``fragment_key`` attribute: a function of the request giving what its HTML depends on
besides the content (e.g. the path). Its HTML is then rendered once per content version
and key in this process (:func:`website.memo.fragment`); a panel without one is rendered
on every request.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from wagtail import hooks

from website import memo

register = template.Library()

HOOK = "register_footer_panel"


@register.simple_tag(takes_context=True)
def footer_panels(context):
    request = context.get("request")
    if request is None:
        return ""
    panels = sorted(hooks.get_hooks(HOOK), key=lambda fn: getattr(fn, "order", 100))
    rendered = [html for html in (_render(panel, request) for panel in panels) if html]
    return format_html_join("", "{}", ((html,) for html in rendered))


def _render(panel, request):
    key_for = getattr(panel, "fragment_key", None)
    if key_for is None or getattr(request, "is_preview", False):
        return panel(request)
    key = ("footer_panel", panel.__module__, panel.__qualname__, get_language(), key_for(request))
    return memo.fragment(key, lambda: mark_safe(panel(request) or ""))
