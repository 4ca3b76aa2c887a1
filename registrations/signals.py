"""React to editors: a published event may have moved, been cancelled or got more places;
a published report goes to the attendees who asked for it."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage, ReportPage


@receiver(page_published, sender=EventPage, dispatch_uid="registrations.event_published")
def event_published(sender, instance, **kwargs):
    from registrations import services

    with transaction.atomic():
        services.event_published(instance)


@receiver(page_published, sender=ReportPage, dispatch_uid="registrations.report_published")
def report_published(sender, instance, **kwargs):
    from registrations import services

    with transaction.atomic():
        services.notify_report(instance)
