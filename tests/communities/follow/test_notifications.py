"""Mails about new posts and replies: at once, a daily summary, or never (issue 8, point 7)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import TestCase
from django.utils import timezone

from communities import notifications, services, signals
from communities.models import Membership, Post
from website.models import OutgoingMail

from .conftest import add_member

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def committed(function, *args):
    """Call a groups service as a view does: the signal goes out after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return function(*args)


def mails(purpose):
    return list(OutgoingMail.objects.filter(purpose=purpose).order_by("to", "pk"))


def recipients(purpose):
    return sorted(mail.to for mail in mails(purpose))


@pytest.fixture
def crowd(django_user_model, group, people):
    """Besides the trekker and the member: one per setting, and one still waiting."""
    from tests.communities.groups.conftest import make_person

    extra = {}
    for notify in ("daily", "never"):
        user = make_person(django_user_model, f"{notify}@example.nl", f"Lid {notify}")
        membership = add_member(group, user)
        membership.notify = notify
        membership.save()
        extra[notify] = user
    waiting = make_person(django_user_model, "wacht@example.nl", "Wacht Nog")
    Membership.objects.create(community=group, user=waiting)
    extra["waiting"] = waiting
    return extra


def test_a_new_post_mails_the_members_who_want_it_at_once(group, people, crowd):
    post = committed(
        services.create_post, group, people["member"], "Doorbraakoverleg", "<p>Wie doet mee?</p>"
    )
    # The trekker (at once, the default); not the author, not "daily" or "never", not the
    # one still waiting, not the trekker of another group, not an outsider.
    assert recipients("communities.post") == ["trekker@example.nl"]
    (mail,) = mails("communities.post")
    assert mail.subject == f"[{group.title}] Doorbraakoverleg"
    assert "Mirjam Lid" in mail.body_text and "Wie doet mee?" in mail.body_text
    link = f"{settings.WAGTAILADMIN_BASE_URL}{group.url}berichten/{post.pk}/"
    assert link in mail.body_text and f'href="{link}"' in mail.body_html
    assert f"{settings.WAGTAILADMIN_BASE_URL}{group.url}instellingen/" in mail.body_text
    assert " je " not in f" {mail.body_text} "


def test_posting_in_a_large_group_leaves_the_mails_to_the_worker(
    group, people, django_user_model, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.communities.groups.conftest import make_person

    # A queue that keeps what is handed to it, as the database queue does until a worker
    # takes it: what the post's request itself costs.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    for number in range(40):
        add_member(group, make_person(django_user_model, f"lid{number}@example.nl", "Lid"))
    with CaptureQueriesContext(connection) as request_queries:
        post = committed(services.create_post, group, people["member"], "Oproep", "<p>Wie?</p>")
    assert mails("communities.post") == []
    assert len(request_queries) < 20  # not one or more per member

    from django.tasks import task_backends

    (handed,) = task_backends["default"].results
    assert handed.args == [] and handed.kwargs == {"kind": "post", "pk": post.pk}
    from communities.tasks import notify_members

    notify_members.call(**handed.kwargs)  # the worker
    assert len(mails("communities.post")) == 41  # the trekker and the 40, not the author


def test_a_signal_delivered_twice_mails_nobody_twice(group, people):
    post = committed(services.create_post, group, people["trekker"], "Agenda", "<p>Punten?</p>")
    signals.post_created.send(sender=Post, post=post)
    assert recipients("communities.post") == ["lid@example.nl"]


def test_a_reply_mails_the_members_but_not_its_author(group, people, post, crowd):
    committed(services.create_reply, post, people["trekker"], "<p>Wij hebben dat in Almere.</p>")
    assert recipients("communities.reply") == ["lid@example.nl"]
    (mail,) = mails("communities.reply")
    assert mail.subject == f"[{group.title}] Nieuwe reactie: Thuiszitters in Almere"
    assert "Tineke Trekker" in mail.body_text


def test_a_hidden_post_is_mailed_to_nobody(group, people):
    with TestCase.captureOnCommitCallbacks(execute=True):
        post = services.create_post(group, people["member"], "Verkeerd", "<p>Oeps</p>")
        services.hide(post, people["trekker"])
    assert mails("communities.post") == []


def test_members_of_another_group_hear_nothing(group, other_group, people):
    committed(services.create_post, other_group, people["other_trekker"], "OZA", "<p>Nieuws</p>")
    assert recipients("communities.post") == []


# -- the daily digest ----------------------------------------------------------------------


def at(day, hour):
    return datetime.combine(day, datetime.min.time(), tzinfo=AMSTERDAM).replace(hour=hour)


@pytest.fixture
def yesterday():
    return timezone.localdate() - timedelta(days=1)


def digests():
    return list(OutgoingMail.objects.filter(purpose="communities.digest").order_by("to", "key"))


def test_daily_members_get_one_summary_a_day(group, people, crowd, yesterday):
    daily = crowd["daily"]
    with time_machine.travel(at(yesterday, 9)):
        post = committed(
            services.create_post, group, people["member"], "Thuiszitters", "<p>Ervaringen?</p>"
        )
    with time_machine.travel(at(yesterday, 15)):
        committed(services.create_reply, post, people["trekker"], "<p>Wij wel.</p>")
        own = committed(services.create_post, group, daily, "Mijn eigen vraag", "<p>Hoi</p>")
        hidden = committed(services.create_post, group, people["member"], "Weg", "<p>x</p>")
        services.hide(hidden, people["trekker"])
    with time_machine.travel(at(yesterday + timedelta(days=1), 6)):
        assert notifications.send_digests() == 0, "not before the digest hour"
    with time_machine.travel(at(yesterday + timedelta(days=1), 8)):
        later = committed(services.create_post, group, people["member"], "Vandaag", "<p>y</p>")
        assert notifications.send_digests() == 1
        assert notifications.send_digests() == 0, "a second run sends nothing"
    (mail,) = digests()
    assert mail.to == daily.email
    today = yesterday + timedelta(days=1)
    assert mail.key == f"communities:digest:{daily.pk}:{today.isoformat()}"
    assert "Thuiszitters" in mail.body_text and "Wij wel." in mail.body_text
    assert "Mirjam Lid" in mail.body_text and "Tineke Trekker" in mail.body_text
    assert own.title not in mail.body_text, "nobody hears about their own message"
    assert "Weg" not in mail.body_text, "a hidden message is left out"
    assert later.title not in mail.body_text, "today's messages wait for tomorrow"
    assert f"{settings.WAGTAILADMIN_BASE_URL}{group.url}berichten/{post.pk}/" in mail.body_text
    assert mail.subject == "Samenspel: 1 gesprek met nieuws in uw groepen"
    # The next day: today's message, once; nothing twice.
    with time_machine.travel(at(yesterday + timedelta(days=2), 9)):
        assert notifications.send_digests() == 1
    second = digests()[1]
    assert later.title in second.body_text and "Thuiszitters" not in second.body_text
    # Nothing new: no mail at all.
    with time_machine.travel(at(yesterday + timedelta(days=3), 9)):
        assert notifications.send_digests() == 0
    assert len(digests()) == 2


def test_after_a_pause_the_digest_catches_up_in_one_mail(group, people, crowd, yesterday):
    first = yesterday - timedelta(days=2)
    with time_machine.travel(at(first, 9)):
        committed(services.create_post, group, people["member"], "Eerste", "<p>a</p>")
    with time_machine.travel(at(first + timedelta(days=1), 9)):
        assert notifications.send_digests() == 1
        committed(services.create_post, group, people["member"], "Tweede", "<p>b</p>")
    with time_machine.travel(at(first + timedelta(days=2), 9)):
        committed(services.create_post, group, people["member"], "Derde", "<p>c</p>")
    # No run on the day after "Tweede" (the worker was down); the next run has both.
    with time_machine.travel(at(first + timedelta(days=3), 9)):
        assert notifications.send_digests() == 1
    texts = [mail.body_text for mail in digests()]
    assert len(texts) == 2
    assert "Eerste" in texts[0] and "Tweede" not in texts[0]
    assert "Tweede" in texts[1] and "Derde" in texts[1] and "Eerste" not in texts[1]


def test_a_member_who_left_or_chose_never_gets_no_digest(group, people, crowd, yesterday):
    Membership.objects.filter(user=crowd["daily"]).delete()
    with time_machine.travel(at(yesterday, 9)):
        committed(services.create_post, group, people["member"], "Nieuws", "<p>z</p>")
    with time_machine.travel(at(yesterday + timedelta(days=1), 9)):
        assert notifications.send_digests() == 0
    assert digests() == []
