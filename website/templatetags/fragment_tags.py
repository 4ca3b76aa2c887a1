"""``{% fragment "name" input … %}…{% endfragment %}``: a piece of a page rendered once per version.

The rendered HTML is kept in this process (:func:`website.memo.fragment`) under the
content version, the next moment an event starts or ends, the language, the host and
the name, plus every input given after the name (the page, the query string, …). So
the template states what the piece depends on; anything that depends on the visitor
(a form with its CSRF token, "My account", a CSP nonce) stays outside.

Nothing is kept for a preview, nor for a page that was not routed as the live page
(:meth:`website.models.HomePage.route`), nor when the memo is off (the tests): then
the piece is simply rendered.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from website import memo

register = template.Library()


def _cacheable(context):
    request = context.get("request")
    if request is None or not memo.enabled() or getattr(request, "is_preview", False):
        return None
    page = context.get("page")
    if page is not None and not getattr(page, "_memo_routed", False):
        return None
    return request


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, inputs):
        self.nodelist, self.name, self.inputs = nodelist, name, inputs

    def render(self, context):
        request = _cacheable(context)
        if request is None:
            return self.nodelist.render(context)
        key = (
            self.name.resolve(context),
            get_language(),
            request.get_host(),
            *(str(value.resolve(context)) for value in self.inputs),
        )
        return memo.fragment(key, lambda: mark_safe(self.nodelist.render(context)))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )
