"""Counters behind the per-address limits on public forms (website.spam)."""

from django.db import models


class SubmissionCount(models.Model):
    """How many submissions one address made in one scope during one fixed window.

    ``key`` is a keyed hash of the scope and the address (never the address itself).
    The window starts with the first submission and ends at ``expires_at``; later
    submissions do not move it. Counted with one atomic statement (website.spam), so
    simultaneous submissions cannot both see room for one more.
    """

    key = models.CharField(max_length=64, primary_key=True)
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "submission count"

    def __str__(self):
        return f"{self.key}: {self.count}"
