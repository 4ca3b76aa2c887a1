"""Scheduled publishing: the worker's job makes a planned change live, and calendars follow."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from events.models import EventPage
from website.tasks import publish_scheduled_pages

from .conftest import days_from_now
from .test_feeds import get_feed, vevents


def test_a_scheduled_move_goes_live_by_the_worker_job_and_raises_the_sequence(client, make_event):
    event = make_event(title="Werksessie", start=days_from_now(30))
    old_start = event.start
    page = event.get_latest_revision_as_object()
    page.start += timedelta(days=7)
    page.end += timedelta(days=7)
    page.go_live_at = timezone.now() + timedelta(hours=2)
    page.save_revision().publish()

    event.refresh_from_db()
    assert event.start == old_start  # nothing changes before the moment
    assert event.ical_sequence == 0
    assert event.get_latest_revision().approved_go_live_at is not None

    publish_scheduled_pages.call()
    event.refresh_from_db()
    assert event.start == old_start  # too early: still planned

    with time_machine.travel(timezone.now() + timedelta(hours=3)):
        publish_scheduled_pages.call()
    event = EventPage.objects.get(pk=event.pk)
    assert event.start == old_start + timedelta(days=7)
    assert event.ical_sequence == 1
    [entry] = vevents(get_feed(client).content)[1]
    assert entry.value("SEQUENCE") == "1"
