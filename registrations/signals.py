"""React to editors: a published event may have moved, been cancelled or got more places;
a published report goes to the attendees who asked for it.

The work runs once the publication is committed (at once when there is no transaction),
so it never holds session rows locked while Wagtail is still saving the page.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from events.models import EventPage, ReportPage
from registrations.models import Registration, RegistrationSettings
from website import pagecache


def _event_published(event_id):
    from registrations import services

    event = EventPage.objects.filter(pk=event_id).first()
    if event is not None:
        with transaction.atomic():
            services.event_published(event)


def _report_published(report_id):
    from registrations import services

    report = ReportPage.objects.filter(pk=report_id).first()
    if report is not None:
        with transaction.atomic():
            services.notify_report(report)


@receiver(page_published, sender=EventPage, dispatch_uid="registrations.event_published")
def event_published(sender, instance, **kwargs):
    event_id = instance.pk
    transaction.on_commit(lambda: _event_published(event_id))


@receiver(page_published, sender=ReportPage, dispatch_uid="registrations.report_published")
def report_published(sender, instance, **kwargs):
    report_id = instance.pk
    transaction.on_commit(lambda: _report_published(report_id))


# Places left show on event pages and cards: a registration that changes them, or new
# registration settings, make the cached pages stale.
for _model in (Registration, RegistrationSettings):
    post_delete.connect(
        pagecache.content_changed,
        sender=_model,
        dispatch_uid=f"registrations.pagecache.{_model.__name__}",
    )
post_save.connect(
    pagecache.content_changed,
    sender=RegistrationSettings,
    dispatch_uid="registrations.pagecache.RegistrationSettings",
)


@receiver(post_save, sender=Registration, dispatch_uid="registrations.pagecache.Registration")
def registration_saved(sender, instance, created, **kwargs):
    """A new registration on the waitlist changes no public page: pages show the places
    left, which only places held count. Skipping it keeps the cached pages, and each
    process's memo of sites and settings, through a rush once the places are gone."""
    if created and instance.status not in Registration.HOLDING:
        return
    pagecache.content_changed()
