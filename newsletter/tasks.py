from datetime import timedelta

from django.tasks import task

from newsletter import sending
from newsletter.subscriber_tasks import *  # noqa: F403  (purge_unconfirmed)
from website.scheduler import periodic


@task()
def start_newsletter_send(send_id):
    """Write the delivery rows of a send whose moment has come, then start sending."""
    sending.start_send(send_id)


@task()
def send_newsletter_batches(send_id):
    """Claim and send batches of one send until none is left."""
    return sending.send_batches(send_id)


@periodic(every=timedelta(minutes=1))
@task()
def sweep_newsletter():
    """Start scheduled sends, recover batches of workers that died, close finished sends."""
    sending.sweep()
