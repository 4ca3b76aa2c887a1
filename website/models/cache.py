"""One number every host reads: the version of the site's public content."""

from django.db import models


class ContentVersion(models.Model):
    """A single row; its number goes up whenever something public changes.

    Cached pages are stored under the version they were made for, so raising it drops
    every cached page on every host at once (see website.pagecache).
    """

    version = models.BigIntegerField(default=1)
    # Raised when only the places left change (a registration taking or freeing a place):
    # cached pages and rendered pieces go, the process's lookups (site, settings, routes,
    # pages) stay, since nothing they hold changed.
    places = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return str(self.version)
