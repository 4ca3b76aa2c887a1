"""Checks that run before a page version goes live, whichever way it is published.

Editors publish through the edit form, by approving a workflow, in bulk, or by
scheduling a version that the worker publishes later (``website.tasks``); code
publishes with ``revision.publish()``. All of these end in :meth:`BasePage.publish`,
which asks the checks registered here first. A check gets the version about to go
live (``revision.as_object()``) and returns Dutch sentences saying what would break;
any sentence refuses the publication before anything changes.

Higher apps register their checks (``registrations`` refuses a version that drops a
session with registrations), so this module never imports them.

A page can also go offline by itself, at its expiry date (*Verloopt op*). Checks
registered with :func:`register_expiry_check` may keep it online then
(``registrations`` keeps an event that has not ended and still has registrations: its
people would not be told); :func:`keep_refused_expiries` clears such a page's expiry
date before Wagtail's ``publish_scheduled`` runs and mails the editors why.
"""

import logging

logger = logging.getLogger("samenspel.publishing")

_checks = []
_expiry_checks = []


class PublishRefused(Exception):
    """A version was not published; ``messages`` say why, in Dutch, for the editor."""

    def __init__(self, page, messages):
        super().__init__(" ".join(str(message) for message in messages))
        self.page_id = page.pk
        self.page_title = str(page.title)
        self.messages = [str(message) for message in messages]


def register_check(model, check):
    """Run ``check(page, revision)`` before a version of a ``model`` page goes live."""
    _checks.append((model, check))


def register_expiry_check(model, check):
    """Run ``check(page)`` before a live ``model`` page goes offline at its expiry date;
    Dutch sentences returned keep it online."""
    _expiry_checks.append((model, check))


def refusals(page, revision):
    """What speaks against publishing ``page`` (a version from ``revision``)."""
    messages = []
    for model, check in _checks:
        if isinstance(page, model):
            messages += check(page, revision)
    return messages


def check(revision):
    """Raise :class:`PublishRefused` when a registered check objects to ``revision``."""
    page = revision.as_object()
    messages = refusals(page, revision)
    if messages:
        logger.warning("Publication of %r (revision %s) refused: %s", page, revision.pk, messages)
        raise PublishRefused(page, messages)


def _mail_context(page, messages, moment):
    """What the editors' mail about a refused publication or expiry says."""
    from website.mail import absolute_url
    from website.models.forms import local_moment

    return {
        "page_title": str(page.title),
        "reasons": [str(message) for message in messages],
        "moment": local_moment(moment),
        "edit_url": absolute_url(f"/admin/pages/{page.pk}/edit/"),
    }


def unschedule_refused(now=None):
    """Take scheduled versions that a check refuses off the schedule; tell the editors.

    Runs before Wagtail's ``publish_scheduled``. The version stays in the page's
    history; the editors (and whoever scheduled it) get one mail per version saying why
    it did not go live, so they can fix the page and schedule it again.
    """
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Revision

    from website.mail import absolute_url, queue_mail

    now = now or timezone.now()
    due = Revision.page_revisions.filter(approved_go_live_at__lte=now).order_by("pk")
    refused = 0
    for revision in due:
        page = revision.as_object()
        messages = refusals(page, revision)
        if not messages:
            continue
        refused += 1
        logger.warning("Scheduled publication of %r refused: %s", page, messages)
        context = _mail_context(page, messages, revision.approved_go_live_at)
        context["history_url"] = absolute_url(f"/admin/pages/{page.pk}/history/")
        recipients = [settings.EDITORS_EMAIL]
        if revision.user and revision.user.email and revision.user.email not in recipients:
            recipients.append(revision.user.email)
        with transaction.atomic():
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            for address in recipients:
                queue_mail(
                    to=address,
                    template="publish_refused",
                    context=context,
                    key=f"publish-refused:{revision.pk}:{address}",
                    purpose="publishing.refused",
                )
    return refused


def keep_refused_expiries(now=None):
    """Keep online the pages due to expire that a check objects to; tell the editors.

    Runs before Wagtail's ``publish_scheduled``: each such page loses its expiry date
    (so it stays live and is not asked about again every minute), and the editors get
    one mail saying why and what to do instead.
    """
    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from website.mail import queue_mail

    now = now or timezone.now()
    kept = 0
    for page in Page.objects.live().filter(expire_at__lt=now).order_by("pk").specific():
        messages = [
            message
            for model, check in _expiry_checks
            if isinstance(page, model)
            for message in check(page)
        ]
        if not messages:
            continue
        kept += 1
        logger.warning("Expiry of %r refused: %s", page, messages)
        context = _mail_context(page, messages, page.expire_at)
        with transaction.atomic():
            Page.objects.filter(pk=page.pk).update(expire_at=None)
            queue_mail(
                to=settings.EDITORS_EMAIL,
                template="expiry_refused",
                context=context,
                key=f"expiry-refused:{page.pk}:{page.expire_at.isoformat()}",
                purpose="publishing.expiry_refused",
            )
    return kept
