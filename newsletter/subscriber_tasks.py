"""Timed work about subscribers; imported by newsletter/tasks.py so the scheduler finds it."""

from datetime import timedelta

from django.tasks import task

from newsletter import subscriptions
from website.scheduler import periodic

__all__ = ["purge_unconfirmed"]


@periodic(every=timedelta(hours=1))
@task()
def purge_unconfirmed():
    """Subscribe requests not confirmed within NEWSLETTER_UNCONFIRMED_DAYS are deleted."""
    return subscriptions.purge_unconfirmed()
