"""The editor's side: the mail in the preview panel, a test, the confirmed send, progress."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from newsletter.models import IssueSend
from website.models import OutgoingMail

from .builders import make_issue, subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(home):
    return make_issue(home, title="Nieuwsbrief september")


def send_url(issue):
    return reverse("newsletter_admin:send", args=[issue.pk])


def test_the_preview_panel_shows_the_mail_as_it_arrives(issue):
    html = issue.make_preview_request(preview_mode="mail_html").content.decode()
    text = issue.make_preview_request(preview_mode="mail_text").content.decode()
    assert '<html lang="nl">' in html
    assert "Beste Voorbeeldlezer," in html
    assert 'style="' in html
    assert "Beste Voorbeeldlezer," in text
    assert "Dit is de nieuwsbrief van het netwerk." in text
    assert "<p>" not in text


def test_only_who_may_publish_the_issue_reaches_the_send_screen(client, issue, editor, superuser):
    response = client.get(send_url(issue))
    assert response.status_code == 302
    assert "/login/" in response["Location"]

    # An editor with admin access but no publish right on the page.
    editor.groups.add(Group.objects.get(name="Auteurs"))
    client.force_login(editor)
    refused = client.get(send_url(issue))
    # Wagtail answers a refused admin view with a redirect to the dashboard.
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")

    client.force_login(superuser)
    page = client.get(send_url(issue)).content.decode()
    assert "Nieuwsbrief september" in page


def test_a_send_needs_a_confirmation_that_shows_the_number_of_recipients(
    client, issue, superuser, django_capture_on_commit_callbacks
):
    subscribers(3)
    client.force_login(superuser)

    first = client.post(send_url(issue), {"action": "send", "send-when": "now"})
    assert first.status_code == 200
    assert "Deze nieuwsbrief gaat naar 3 abonnees" in first.content.decode()
    assert not IssueSend.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            send_url(issue), {"action": "send", "send-when": "now", "send-confirmed": "True"}
        )
    assert response.status_code == 302
    assert len(django_mail.outbox) == 3
    send = IssueSend.objects.get()
    assert send.requested_by == superuser

    progress = client.get(reverse("newsletter_admin:progress", args=[send.pk])).json()
    assert progress["sent"] == 3
    assert progress["percent"] == 100
    assert progress["status"] == "done"
    page = client.get(send_url(issue)).content.decode()
    assert 'value="100"' in page


def test_a_scheduled_send_waits_for_its_moment_and_can_be_cancelled(client, issue, superuser):
    subscribers(2)
    client.force_login(superuser)
    past = client.post(
        send_url(issue),
        {"action": "send", "send-when": "later", "send-moment": "2020-01-01T09:00"},
    )
    assert "Kies een moment in de toekomst." in past.content.decode()

    moment = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        send_url(issue),
        {"action": "send", "send-when": "later", "send-moment": moment, "send-confirmed": "True"},
    )
    send = IssueSend.objects.get()
    assert send.status == IssueSend.Status.SCHEDULED
    assert django_mail.outbox == []

    client.post(send_url(issue), {"action": "cancel"})
    send.refresh_from_db()
    assert send.status == IssueSend.Status.CANCELLED


def test_a_test_goes_only_to_the_given_addresses(client, issue, superuser):
    subscribers(2)
    client.force_login(superuser)
    bad = client.post(send_url(issue), {"action": "test", "test-addresses": "geen adres"})
    assert "“geen adres” is geen e-mailadres." in bad.content.decode()

    client.post(send_url(issue), {"action": "test", "test-addresses": "a@example.nl, b@example.nl"})
    rows = OutgoingMail.objects.order_by("to")
    assert [row.to for row in rows] == ["a@example.nl", "b@example.nl"]
    assert rows[0].subject == "[Test] Nieuwsbrief september"
    assert not IssueSend.objects.exists()


def test_progress_is_not_shown_to_who_may_not_send(client, issue, editor, superuser):
    send = IssueSend.objects.create(issue=issue, scheduled_for=timezone.now())
    url = reverse("newsletter_admin:progress", args=[send.pk])
    editor.groups.add(Group.objects.get(name="Auteurs"))
    client.force_login(editor)
    refused = client.get(url)
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    group = Group.objects.create(name="Nieuwsbrief")
    GroupPagePermission.objects.create(
        group=group,
        page=issue.get_parent(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    GroupPagePermission.objects.create(
        group=group,
        page=issue.get_parent(),
        permission=Permission.objects.get(codename="change_page"),
    )
    editor.groups.add(group)
    assert client.get(url).json()["status"] == "scheduled"
