"""Sending an issue in-process: who receives it, what arrives, and that it goes out once."""

import re

import pytest
from django.core import mail as django_mail

from newsletter import sending
from newsletter.models import Delivery, IssueSend, Subscriber
from website.models import Theme

from .builders import make_issue, subscribers

pytestmark = pytest.mark.django_db


def send(issue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send, created = sending.schedule_send(issue)
    send.refresh_from_db()
    return send, created


def test_an_issue_reaches_every_confirmed_subscriber_once(home, django_capture_on_commit_callbacks):
    issue = make_issue(home, title="Nieuwsbrief maart")
    confirmed = subscribers(5)
    subscribers(2, status=Subscriber.Status.PENDING, prefix="wacht")
    subscribers(2, status=Subscriber.Status.UNSUBSCRIBED, prefix="weg")

    result, created = send(issue, django_capture_on_commit_callbacks)

    assert created
    assert result.status == IssueSend.Status.DONE
    assert sorted(m.to[0] for m in django_mail.outbox) == sorted(s.email for s in confirmed)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 5

    # Asked again (a double click, a second editor): nothing goes out again.
    again, created = send(issue, django_capture_on_commit_callbacks)
    assert not created
    assert again.pk == result.pk
    assert len(django_mail.outbox) == 5


def test_the_mail_carries_personal_links_and_one_click_unsubscribe(
    home, django_capture_on_commit_callbacks
):
    issue = make_issue(home, title="Nieuwsbrief april")
    (reader,) = subscribers(1)
    send(issue, django_capture_on_commit_callbacks)

    (message,) = django_mail.outbox
    assert message.subject == "Nieuwsbrief april"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<http://testserver/nieuwsbrief/afmelden/[^>]+/>", unsubscribe)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    delivery = Delivery.objects.get()
    assert message.extra_headers["Message-ID"] == sending.message_id(delivery)

    text = message.body
    html = message.alternatives[0][0]
    assert "Beste Lezer 1," in text
    assert "http://testserver/nieuwsbrief/voorkeuren/" in text
    assert unsubscribe[1:-1] in text
    # Links in the text block are absolute; nothing of the placeholders is left.
    assert 'href="http://testserver/agenda/"' in html
    assert "%%SAMENSPEL" not in html + text
    assert '<html lang="nl">' in html
    assert 'style="' in html  # the CSS is inlined for Outlook and Gmail
    assert "Bekijk in uw browser" in html


def test_an_issue_for_themes_reaches_only_those_who_chose_one(
    home, django_capture_on_commit_callbacks
):
    thuiszitters = Theme.objects.create(name="Thuiszitters")
    verzuim = Theme.objects.create(name="Verzuim")
    other = Theme.objects.create(name="Ouderbetrokkenheid")
    issue = make_issue(home, themes=[thuiszitters, verzuim], audience="themes")
    subscribers(2, themes=[thuiszitters], prefix="thuis")
    subscribers(1, themes=[verzuim, thuiszitters], prefix="beide")
    subscribers(2, themes=[other], prefix="ouders")
    subscribers(1, prefix="geen")

    send(issue, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in django_mail.outbox) == [
        "beide1@example.nl",
        "thuis1@example.nl",
        "thuis2@example.nl",
    ]


def test_who_leaves_after_the_start_is_skipped_and_an_erased_person_gets_nothing(
    home, django_capture_on_commit_callbacks
):
    issue = make_issue(home)
    first, second, third = subscribers(3)
    send_row, _ = sending.schedule_send(issue)
    sending.start_send(send_row.pk)
    Subscriber.objects.filter(pk=first.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    third.delete()  # erased on an AVG request

    sending.send_batches(send_row.pk)

    assert [m.to for m in django_mail.outbox] == [[second.email]]
    assert Delivery.objects.get(subscriber=first).status == Delivery.Status.SKIPPED
    send_row.refresh_from_db()
    assert send_row.status == IssueSend.Status.DONE


def test_an_unpublished_issue_cannot_be_sent(home):
    issue = make_issue(home, live=False)
    with pytest.raises(sending.NotSendable):
        sending.schedule_send(issue)
    assert not IssueSend.objects.exists()


def test_a_failing_esp_delays_the_send_and_the_sweep_resumes_it(home, settings):
    issue = make_issue(home)
    subscribers(3)
    working = settings.MAILERS["newsletter"]
    settings.MAILERS = {
        **settings.MAILERS,
        "newsletter": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        },
    }
    send, _ = sending.schedule_send(issue)
    sending.start_send(send.pk)
    sending.send_batches(send.pk)

    assert django_mail.outbox == []
    rows = Delivery.objects.filter(send=send)
    # Nothing was claimed while the server could not be reached: all wait in the queue.
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.QUEUED}
    send.refresh_from_db()
    assert send.status == IssueSend.Status.SENDING

    settings.MAILERS = {**settings.MAILERS, "newsletter": working}
    sending.sweep()  # the periodic job, a minute later

    assert sorted(m.to[0] for m in django_mail.outbox) == sorted(
        rows.values_list("subscriber__email", flat=True)
    )
    send.refresh_from_db()
    assert send.status == IssueSend.Status.DONE
