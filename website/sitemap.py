"""/sitemap.xml: every live, public page (Wagtail's sitemap) on the site's public address.

Wagtail leaves out drafts and pages behind a view restriction (members only,
password); pages add their routable sub-pages through ``get_sitemap_urls`` (the
agenda's verslagen listing). Addresses use WAGTAILADMIN_BASE_URL, as the canonical
links in the pages do, whatever host the request came in on.
"""

from urllib.parse import urlsplit

from wagtail.contrib.sitemaps import Sitemap

from website.mail import absolute_url


class SiteSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))
        return urls


SITEMAPS = {"pages": SiteSitemap}
