"""load_demo gives the nieuwsbrief an archive, an issue ready to send and subscribers."""

from io import StringIO

import pytest
from django.core import mail as django_mail
from django.core.management import call_command

from events import demo as events_demo
from newsletter import demo
from newsletter.models import IssueSend, NewsletterIssuePage, Subscriber
from website.demo import builder

pytestmark = pytest.mark.django_db


def test_demo_has_an_archive_an_unsent_issue_and_subscribers_and_runs_twice(client, db):
    builder.build()
    events_demo.load()
    first = demo.load()
    assert first == {"issues": 3, "subscribers": 7}
    assert demo.load() == {"issues": 0, "subscribers": 0}

    archive = client.get("/nieuwsbrief/").content.decode()
    assert archive.index("Nieuwsbrief juli 2021") < archive.index("Nieuwsbrief december 2020")
    sent = IssueSend.objects.filter(status=IssueSend.Status.DONE)
    assert sent.count() == 2
    waiting = NewsletterIssuePage.objects.live().exclude(send__isnull=False).get()
    page = client.get(waiting.url).content.decode()
    assert "Komende bijeenkomsten" in page

    assert Subscriber.objects.confirmed().count() == 5
    call_command("send_newsletter", waiting.slug, "--now", stdout=StringIO())
    assert len(django_mail.outbox) == 5
