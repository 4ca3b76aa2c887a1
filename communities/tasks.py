"""Background work of the communities: mail about new messages, and the daily digest."""

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


@task()
def notify_members(kind, pk):
    """Mail the members who want every message at once about a new post or reply; the
    mails are keyed per message and member, so running this twice mails nobody twice."""
    from communities import notifications

    if kind == "post":
        notifications.mail_about_post(pk)
    elif kind == "reply":
        notifications.mail_about_reply(pk)
