"""``{% footer_panels %}``: what higher apps add to the footer, without website importing them.

An app registers a function with the Wagtail hook ``register_footer_panel``; it gets the
request and returns HTML (or nothing). The footer shows the panels in the order of their
``order`` attribute (default 100). The nieuwsbrief adds its subscribe form this way.
"""

from django import template
from django.utils.html import format_html_join
from wagtail import hooks

register = template.Library()

HOOK = "register_footer_panel"


@register.simple_tag(takes_context=True)
def footer_panels(context):
    request = context.get("request")
    if request is None:
        return ""
    panels = sorted(hooks.get_hooks(HOOK), key=lambda fn: getattr(fn, "order", 100))
    rendered = [html for html in (panel(request) for panel in panels) if html]
    return format_html_join("", "{}", ((html,) for html in rendered))
