"""Timed work for registrations; ``manage.py run_worker`` runs it (see website.scheduler)."""

from datetime import timedelta

from django.tasks import task

from registrations import services
from website.scheduler import periodic


@periodic(every=timedelta(minutes=15))
@task()
def send_reminders():
    """Remind confirmed registrants the configured number of days before the event."""
    return services.send_reminders()


@periodic(every=timedelta(minutes=5))
@task()
def lapse_offers():
    """Offered places whose deadline passed go to the next person waiting."""
    return len(services.lapse_offers())


@periodic(every=timedelta(hours=6))
@task()
def erase_sensitive_answers():
    """Dietary requirements, accessibility needs and sensitive answers, shortly after the event."""
    return services.erase_sensitive_answers()


@periodic(every=timedelta(hours=24))
@task()
def anonymise_past_registrations():
    """Personal data of registrations, the retention time after the event; counts stay."""
    return services.anonymise_past_registrations()
