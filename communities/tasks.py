"""Background work of the communities: the daily digest of new messages."""

from datetime import timedelta

from django.tasks import task

from website.scheduler import periodic


@periodic(every=timedelta(hours=1))
@task()
def send_daily_digests():
    """Each member who chose "once a day" gets at most one summary a day (see
    communities.notifications.send_digests); hourly, so a missed hour is caught up."""
    from communities.notifications import send_digests

    send_digests()
