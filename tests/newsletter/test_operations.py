"""The operator's command, the ESP's webhooks, real SMTP and anymail's batch sending."""

import base64
import json
from io import StringIO

import pytest
from django.core import mail as django_mail
from django.core.management import CommandError, call_command

from newsletter.models import Delivery, IssueSend, Subscriber, SubscriberEvent, TrackingEvent
from website.models import OutgoingMail

from .builders import make_issue, subscribers

pytestmark = pytest.mark.django_db


def command(*args):
    out = StringIO()
    call_command("send_newsletter", *args, stdout=out)
    return out.getvalue()


def test_the_command_sends_once_and_a_second_call_sends_nothing(home):
    issue = make_issue(home, title="Nieuwsbrief mei")
    subscribers(3)

    output = command(issue.slug, "--now")
    assert "3 sent" in output
    assert len(django_mail.outbox) == 3

    output = command(issue.slug, "--now")
    assert "already sent" in output
    assert len(django_mail.outbox) == 3
    assert IssueSend.objects.get().status == IssueSend.Status.DONE


def test_the_command_finds_the_latest_issue_and_sends_tests_only_to_test_addresses(home):
    make_issue(home, title="Oud nummer")
    latest = make_issue(home, title="Nieuw nummer")
    subscribers(2)

    command("--latest", "--test", "redactie@example.nl")

    (row,) = OutgoingMail.objects.all()
    assert row.to == "redactie@example.nl"
    assert row.subject == "[Test] Nieuw nummer"
    assert not IssueSend.objects.exists()
    assert not Delivery.objects.exists()
    with pytest.raises(CommandError, match="No published issue"):
        command("bestaat-niet")
    with pytest.raises(CommandError, match="Not an e-mail address"):
        command(latest.slug, "--test", "geen-adres")


def test_a_send_over_smtp_arrives_with_both_parts_and_the_unsubscribe_headers(home, smtp_sink):
    make_issue(home, title="Nieuwsbrief via SMTP")
    (reader,) = subscribers(1)

    command("--latest", "--now")

    (received,) = smtp_sink.to(reader.email)
    message = received.message
    assert message["Subject"] == "Nieuwsbrief via SMTP"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://testserver/nieuwsbrief/afmelden/")
    assert message["Message-ID"] == Delivery.objects.get().esp_message_id
    assert "Beste Lezer 1," in received.text
    assert "Beste Lezer 1," in received.html
    assert "Bekijk in uw browser" in received.html
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_batch_sending_hands_each_recipient_their_own_merge_data(home, settings):
    settings.MAILERS = {
        **settings.MAILERS,
        "newsletter": {"BACKEND": "anymail.backends.test.EmailBackend"},
    }
    settings.NEWSLETTER_MERGE_FIELD_FORMAT = "{{{{{}}}}}"
    make_issue(home, title="Nieuwsbrief in batches")
    readers = subscribers(3)

    command("--latest", "--now")

    (message,) = django_mail.outbox  # one API call for the batch
    assert sorted(message.to) == sorted(r.email for r in readers)
    assert set(message.merge_data) == {r.email for r in readers}
    data = message.merge_data[readers[0].email]
    assert data["name"] == "Lezer 1"
    assert "/nieuwsbrief/afmelden/" in data["unsubscribe"]
    assert "{{unsubscribe}}" in message.body
    headers = message.merge_headers[readers[1].email]
    assert headers["List-Unsubscribe"] == f"<{message.merge_data[readers[1].email]['unsubscribe']}>"
    assert message.track_opens is False and message.track_clicks is False
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3


POSTMARK_BOUNCE = {
    "RecordType": "Bounce",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "Name": "Hard bounce",
    "Tag": "",
    "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
    "ServerID": 23,
    "MessageStream": "broadcast",
    "Description": "The server was unable to deliver your message "
    "(ex: unknown user, mailbox not found).",
    "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "Email": "lezer1@example.nl",
    "From": "noreply@samenspel.nl",
    "BouncedAt": "2026-11-05T16:33:54.9070259Z",
    "DumpAvailable": True,
    "Inactive": True,
    "CanActivate": True,
    "Subject": "Nieuwsbrief",
}


WEBHOOK_SECRET = "anymail:geheim-webhook"


def post_webhook(client, payload, secret=WEBHOOK_SECRET):
    auth = base64.b64encode(secret.encode()).decode()
    return client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {auth}",
    )


def test_a_hard_bounce_from_the_esp_suppresses_the_address_once(client, home, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "anymail:geheim-webhook"}
    bounced, other = subscribers(2)

    assert post_webhook(client, POSTMARK_BOUNCE).status_code == 200
    assert post_webhook(client, POSTMARK_BOUNCE).status_code == 200  # delivered twice

    bounced.refresh_from_db()
    other.refresh_from_db()
    assert bounced.status == Subscriber.Status.SUPPRESSED
    assert other.status == Subscriber.Status.CONFIRMED
    assert TrackingEvent.objects.count() == 1
    assert SubscriberEvent.objects.filter(subscriber=bounced).count() == 1

    # Suppressed for good: the next issue does not go there.
    make_issue(home)
    command("--latest", "--now")
    assert [m.to for m in django_mail.outbox] == [[other.email]]


def test_the_webhook_refuses_a_caller_without_the_secret(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "anymail:geheim-webhook"}
    (reader,) = subscribers(1)
    response = post_webhook(client, POSTMARK_BOUNCE, secret="anymail:geraden")
    assert response.status_code in (400, 401, 403)
    reader.refresh_from_db()
    assert reader.status == Subscriber.Status.CONFIRMED
    assert not TrackingEvent.objects.exists()


def test_a_refused_message_goes_back_to_the_queue_and_everyone_gets_it_once(home, smtp_sink):
    from newsletter import sending

    issue = make_issue(home, title="Nieuwsbrief met een hapering")
    readers = subscribers(4)
    smtp_sink.refuse_next = 1
    send, _created = sending.schedule_send(issue)
    sending.start_send(send.pk)
    sending.send_batches(send.pk)

    refused = Delivery.objects.get(send=send, attempts=1, status=Delivery.Status.QUEUED)
    assert "451" in refused.error
    assert smtp_sink.count_per_recipient() == {}  # the batch stops at the first refusal

    sending.sweep()
    assert smtp_sink.count_per_recipient() == {reader.email: 1 for reader in readers}
    send.refresh_from_db()
    assert send.status == IssueSend.Status.DONE
