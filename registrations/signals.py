"""React to editors: a published event may have moved, been cancelled or got more places;
a published report goes to the attendees who asked for it.

The work runs once the publication is committed (at once when there is no transaction),
so it never holds session rows locked while Wagtail is still saving the page.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import ngettext
from wagtail.signals import page_published

from events.models import EventPage, ReportPage
from registrations.event_form import sessions_with_registrations
from registrations.models import Registration, RegistrationOrganiser, RegistrationSettings
from website import pagecache, publishing


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


# Places left show on event pages and cards: a registration that changes them raises the
# places version (pages and pieces are made again, lookups kept); new registration
# settings raise the content version.
post_save.connect(
    pagecache.content_changed,
    sender=RegistrationSettings,
    dispatch_uid="registrations.pagecache.RegistrationSettings",
)
post_delete.connect(
    pagecache.content_changed,
    sender=RegistrationSettings,
    dispatch_uid="registrations.pagecache.RegistrationSettings.deleted",
)
post_delete.connect(
    pagecache.places_changed,
    sender=Registration,
    dispatch_uid="registrations.pagecache.Registration.deleted",
)


@receiver(post_save, sender=Registration, dispatch_uid="registrations.pagecache.Registration")
def registration_saved(sender, instance, created, **kwargs):
    """A new registration on the waitlist changes no public page: pages show the places
    left, which only places held count. Skipping it keeps the cached pages and pieces
    through a rush once the places are gone."""
    if created and instance.status not in Registration.HOLDING:
        return
    pagecache.places_changed()


# -- publishing a version ------------------------------------------------------------------------


def sessions_dropped_with_registrations(page, revision):
    """A version that leaves out a session with active registrations is not published.

    Publishing would delete the session and leave its people without a place and
    without a word (their registrations would lose their session). The edit form says
    so too (:mod:`registrations.event_form`); this holds for every other way a version
    goes live: an older version published, a workflow, scheduled publishing.
    """
    kept = [session.pk for session in page.sessions.all() if session.pk]
    return [
        ngettext(
            "Not published: this version leaves out “%(session)s”, which still has "
            "%(count)s registration. Move it to another option or cancel it under "
            "Registrations first, or publish a version that keeps “%(session)s”.",
            "Not published: this version leaves out “%(session)s”, which still has "
            "%(count)s registrations. Move them to another option or cancel them under "
            "Registrations first, or publish a version that keeps “%(session)s”.",
            session.active,
        )
        % {"session": session.display_title, "count": session.active}
        for session in sessions_with_registrations(page.pk, kept)
    ]


publishing.register_check(EventPage, sessions_dropped_with_registrations)


def expiry_leaves_registrants_uninformed(page):
    """An event that has not ended and still has registrations does not go offline at its
    expiry date: its people would not be told. Unpublishing asks what to do with them
    (:mod:`registrations.withdrawal`); an expiry date cannot ask."""
    from django.utils import timezone

    if page.end and page.end <= timezone.now():
        return []
    count = Registration.objects.filter(event_id=page.pk).active().count()
    if not count:
        return []
    return [
        ngettext(
            "The meeting has not ended and %(count)s person is registered, who would not "
            "be told. To take it offline, unpublish it in the admin: you are then asked "
            "whether the registration is cancelled and the person mailed.",
            "The meeting has not ended and %(count)s people are registered, who would not "
            "be told. To take it offline, unpublish it in the admin: you are then asked "
            "whether the registrations are cancelled and everyone mailed.",
            count,
        )
        % {"count": count}
    ]


publishing.register_expiry_check(EventPage, expiry_leaves_registrants_uninformed)


@receiver(pre_save, sender=EventPage, dispatch_uid="registrations.keep_current_organisers")
def keep_current_organisers(sender, instance, raw=False, update_fields=None, **kwargs):
    """An older version going live keeps today's organisers.

    Organisers see everyone's personal data; a version saved before an organiser was
    removed must not bring them back when it is published later (from the history or
    on schedule). Only a save that writes the page's child rows (no ``update_fields``)
    of a live page publishing a version older than its newest does this; publishing the
    newest version applies the organisers chosen in it.
    """
    if raw or instance.pk is None or update_fields is not None:
        return
    if instance.live and instance.has_unpublished_changes:
        instance.registration_organisers = list(
            RegistrationOrganiser.objects.filter(event_id=instance.pk).order_by("sort_order")
        )
