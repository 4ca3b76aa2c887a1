"""``{% personal_sections "home" %}``: what a higher app shows one signed-in person first.

The home page and the agenda call it at the top of their content. An app registers a
function with the Wagtail hook ``register_personal_section``; it gets the request and
the place (``"home"`` or ``"agenda"``) and returns HTML, or nothing. The communities
app adds "Voor u" (the events matching what the person follows) this way, so website
and events never import it.

Only a request that carries a session cookie can be signed in; without one the hooks are
not even asked (and the session is not touched), so the anonymous page cache never sees
a personal section. A page that does show one is marked personal
(:func:`website.pagecache.mark_personal`): never stored, sent ``Cache-Control: private``.
"""

from django import template
from django.conf import settings
from django.utils.html import format_html_join
from wagtail import hooks

from website import pagecache

register = template.Library()

HOOK = "register_personal_section"


@register.simple_tag(takes_context=True)
def personal_sections(context, place):
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if getattr(request, "is_preview", False):
        return ""
    pagecache.mark_personal(request)
    sections = sorted(hooks.get_hooks(HOOK), key=lambda fn: getattr(fn, "order", 100))
    rendered = [html for html in (section(request, place) for section in sections) if html]
    return format_html_join("", "{}", ((html,) for html in rendered))
