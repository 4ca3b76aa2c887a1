"""``{% newsletter_subscribe_form %}``: the full subscribe form, for the nieuwsbrief page."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def newsletter_subscribe_form(context, full=True):
    from newsletter.views import subscribe_context

    request = context["request"]
    return render_to_string(
        "includes/newsletter_subscribe.html",
        {"nb": subscribe_context(request, full=full, id_prefix="nb")},
        request=request,
    )
