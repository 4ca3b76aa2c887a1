"""``{% public_url path %}``: a path on the site's public address (``WAGTAILADMIN_BASE_URL``)."""

from django import template

from website.mail import absolute_url

register = template.Library()


@register.simple_tag
def public_url(path):
    return absolute_url(path)
