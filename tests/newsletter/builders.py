"""Nieuwsbrief issues and subscribers, built as editors and visitors build them."""

import itertools

from django.test import TestCase
from django.utils import timezone

from newsletter.models import NewsletterIndexPage, NewsletterIssuePage, Subscriber

_numbers = itertools.count(1)


def publish(page):
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def newsletter_page(home):
    existing = NewsletterIndexPage.objects.first()
    if existing:
        return existing
    page = NewsletterIndexPage(title="Nieuwsbrief", slug="nieuwsbrief")
    home.add_child(instance=page)
    return publish(page)


def make_issue(home, title=None, body=None, themes=(), audience="all", live=True):
    number = next(_numbers)
    issue = NewsletterIssuePage(
        title=title or f"Nieuwsbrief {number}",
        slug=f"nieuwsbrief-{number}",
        preheader="Terugblik en vooruitblik",
        audience=audience,
        live=False,
        body=body
        or [
            {"type": "intro", "value": "Dit is de nieuwsbrief van het netwerk."},
            {
                "type": "text",
                "value": '<p>Lees ook <a href="/agenda/">de agenda</a>.</p>',
            },
        ],
    )
    newsletter_page(home).add_child(instance=issue)
    issue.themes.set(themes)
    issue.save()
    if live:
        return publish(issue)
    return issue


def subscribers(count, status=Subscriber.Status.CONFIRMED, themes=(), prefix="lezer"):
    now = timezone.now()
    rows = Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{number}@example.nl",
            name=f"Lezer {number}",
            status=status,
            source=Subscriber.Source.FORM,
            requested_at=now,
            confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
        )
        for number in range(1, count + 1)
    )
    for subscriber in rows:
        if themes:
            subscriber.themes.set(themes)
    return rows
