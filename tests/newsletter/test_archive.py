"""The nieuwsbrief page is the public archive, and shows each issue as it was sent."""

import pytest
from django.core import mail as django_mail
from django.utils import timezone

from newsletter import sending
from newsletter.models import IssueSend
from tests.events.conftest import agenda, days_from_now, make_event  # noqa: F401
from website.models import Theme

from .builders import make_issue, newsletter_page, subscribers

pytestmark = pytest.mark.django_db

UPCOMING = [
    {"type": "intro", "value": "Wat er binnenkort gebeurt."},
    {"type": "upcoming", "value": {"title": "Komende bijeenkomsten", "count": 2}},
]


def test_upcoming_meetings_are_frozen_when_the_send_starts(client, home, make_event):  # noqa: F811
    oza = Theme.objects.create(name="Onderwijszorgarrangementen")
    make_event(title="Werksessie OZA", start=days_from_now(10), themes=[oza])
    make_event(title="Werksessie verzuim", start=days_from_now(5))
    make_event(title="Vervolgbijeenkomst OZA", start=days_from_now(20), themes=[oza])
    make_event(title="Afgelopen OZA", start=days_from_now(-10), themes=[oza])
    issue = make_issue(home, body=UPCOMING, themes=[oza])
    subscribers(1)

    send, _ = sending.schedule_send(issue)
    sending.start_send(send.pk)
    # A sooner meeting published after the send started does not change the issue.
    make_event(title="Extra werksessie OZA", start=days_from_now(2), themes=[oza])
    sending.send_batches(send.pk)

    html = client.get(issue.url).content.decode()
    assert html.index("Werksessie OZA") < html.index("Vervolgbijeenkomst OZA")
    for absent in ("Extra werksessie OZA", "Werksessie verzuim", "Afgelopen OZA"):
        assert absent not in html
    (message,) = django_mail.outbox
    assert "Werksessie OZA" in message.body
    assert "Extra werksessie OZA" not in message.body


def test_before_a_send_the_issue_shows_the_current_upcoming_meetings(
    client,
    home,
    make_event,  # noqa: F811
):
    make_event(title="Werksessie thuiszitters", start=days_from_now(4))
    issue = make_issue(home, body=UPCOMING)
    make_event(title="Inspiratie-estafette mei", start=days_from_now(3))

    html = client.get(issue.url).content.decode()
    assert html.index("Inspiratie-estafette mei") < html.index("Werksessie thuiszitters")


def test_the_archive_lists_the_issues_that_went_out_newest_first(client, home):
    older = make_issue(home, title="Nieuwsbrief januari")
    newer = make_issue(home, title="Nieuwsbrief februari")
    waiting = make_issue(home, title="Nieuwsbrief maart, nog niet verstuurd")
    make_issue(home, title="Concept april", live=False)
    for issue, days_ago in ((older, 30), (newer, 2)):
        moment = timezone.now() - timezone.timedelta(days=days_ago)
        IssueSend.objects.create(
            issue=issue, status=IssueSend.Status.DONE, scheduled_for=moment, started_at=moment
        )

    html = client.get(newsletter_page(home).url).content.decode()
    assert html.index(newer.title) < html.index(older.title)
    assert waiting.title not in html  # published, but its send has not started
    assert "Concept april" not in html
    assert "Eerdere nieuwsbrieven" in html
    # Its own address works (the mail's "bekijk in uw browser" link), the sitemap skips it.
    assert client.get(waiting.url).status_code == 200
    sitemap = client.get("/sitemap.xml").content.decode()
    assert newer.slug in sitemap and waiting.slug not in sitemap
