"""The nieuwsbrief in the Wagtail admin: a "Versturen" button on each issue, the send
screen with its progress, and the subscribers."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from newsletter import (
    admin_views,
    subscriber_hooks,  # noqa: F401  (footer form, subscribers in the admin)
)
from newsletter.models import NewsletterIssuePage

admin_urls = (
    [
        path("<int:page_id>/versturen/", admin_views.send_view, name="send"),
        path("verzending/<int:send_id>/voortgang/", admin_views.progress, name="progress"),
    ],
    "newsletter_admin",
)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [path("nieuwsbrief/", include(admin_urls, namespace="newsletter_admin"))]


class SendButton(PageMenuItem):
    label = _("Send")
    icon_name = "mail"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_publish()

    @property
    def url(self):
        return reverse("newsletter_admin:send", kwargs={"page_id": self.page.pk})


def _is_issue(page):
    return issubclass(page.specific_class or type(page), NewsletterIssuePage)


@hooks.register("register_page_header_buttons")
def send_header_button(page, user, view_name=None, next_url=None):
    if _is_issue(page):
        yield SendButton(page=page, priority=10)


@hooks.register("register_page_listing_more_buttons")
def send_listing_button(page, user, next_url=None):
    if _is_issue(page):
        yield SendButton(page=page, priority=5)
