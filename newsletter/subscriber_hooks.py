"""Wagtail hooks for subscribers; ``newsletter/wagtail_hooks.py`` imports this module.

* the subscribe form in every page's footer (the ``register_footer_panel`` hook that
  ``website``'s footer looks up by name, so ``website`` never imports the newsletter);
* the subscribers' admin (``newsletter.subscriber_admin``).
"""

from django.template.loader import render_to_string
from wagtail import hooks

from newsletter import subscriber_admin  # noqa: F401  (registers the viewset and its hooks)


@hooks.register("register_footer_panel")
def newsletter_footer_panel(request):
    from newsletter.views import subscribe_context

    context = {"nb": subscribe_context(request, full=False, id_prefix="footer-nb")}
    return render_to_string("includes/newsletter_footer.html", context, request=request)


def _footer_key(request):
    """The footer form is the same for every visitor of a page but for its source, the path."""
    from newsletter.views import source_of

    return (request.get_host(), source_of(request))


newsletter_footer_panel.fragment_key = _footer_key
