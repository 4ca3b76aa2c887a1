from datetime import timedelta

from django.core.management import call_command
from django.tasks import task

from website import mail
from website.scheduler import periodic


@task()
def deliver_mail(mail_id):
    """Send one stored outgoing mail (see website.mail)."""
    mail.deliver(mail_id)


@periodic(every=timedelta(minutes=1))
@task()
def sweep_outbox():
    """Retry mails that are due and recover mails whose worker stopped."""
    return mail.sweep()


@periodic(every=timedelta(minutes=1))
@task()
def publish_scheduled_pages():
    """Wagtail's scheduled publishing and unpublishing."""
    call_command("publish_scheduled", verbosity=0)
