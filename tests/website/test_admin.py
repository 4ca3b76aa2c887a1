"""Editors log in with their e-mail address and work in a Dutch Wagtail admin."""

import re

import pytest
from django.db import IntegrityError, transaction


def test_users_log_in_with_their_email_address(client, editor, home):
    """Through allauth's page (/admin/login/ redirects there). An editor made before
    accounts existed has no verified address yet: the first time, a code is mailed."""
    import re

    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Permission

    from website.models import OutgoingMail

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login = client.get("/admin/login/", follow=True)
    assert login.redirect_chain == [("/account/login/", 302)]
    response = client.post(
        "/account/login/", {"login": "Redacteur@Example.nl", "password": "geheim-wachtwoord"}
    )
    assert response["Location"] == "/account/confirm-email/"
    body = OutgoingMail.objects.get(to="redacteur@example.nl").body_text
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", body, re.MULTILINE).group(1)
    response = client.post("/account/confirm-email/", {"code": code}, follow=True)
    assert response.status_code == 200
    assert response.context["user"] == editor
    assert EmailAddress.objects.get(user=editor).verified
    html = response.content.decode()
    assert response.redirect_chain == [("/admin/", 302)]  # into the admin, not back to login
    assert '<html lang="nl"' in html
    assert "Uitloggen" in html and "Log out" not in html


def test_email_is_normalised_and_unique(django_user_model, db):
    user = django_user_model.objects.create_user(email="Fatima@School.NL", password="x")
    assert user.email == "fatima@school.nl"
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user(email="fatima@school.nl", password="y")
    assert django_user_model.objects.filter(email__iexact="fatima@school.nl").count() == 1


def test_admin_speaks_dutch(client, superuser, home):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert 'lang="nl"' in html
    assert "Pagina's" in html
    assert "Uitloggen" in html


def test_editor_can_edit_and_publish_a_page_in_the_admin(client, superuser, home):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from website.models import StandardPage

    page = home.add_child(instance=StandardPage(title="Over ons", slug="over-ons"))
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    data = nested_form_data(
        {
            "title": "Over het netwerk",
            "slug": "over-ons",
            "intro": "Wie we zijn en wat we doen.",
            "body": streamfield([("paragraph", rich_text("<p>Samen leren.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    html = client.get("/over-ons/").content.decode()
    assert "Over het netwerk" in html and "Samen leren." in html


def test_outbox_is_for_admins_only(client, editor, superuser, home):
    from django.contrib.auth.models import Permission

    from website import mail

    mail.queue_mail(to="deelnemer@example.nl", subject="Bevestiging aanmelding", text="Tot dan\n")
    assert client.get("/admin/outbox/").status_code == 302  # anonymous: to the login page
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    refused = client.get("/admin/outbox/")
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    client.force_login(superuser)
    response = client.get("/admin/outbox/")
    assert response.status_code == 200
    assert "Bevestiging aanmelding" in response.content.decode()
    assert "deelnemer@example.nl" in response.content.decode()


def test_an_admin_sets_a_failed_mail_back_to_retry_and_it_goes_out(client, superuser, home):
    """Instellingen → Uitgaande mail: a mail that failed every attempt is tried again."""
    from django.core import mail as django_mail

    from website import mail
    from website.models import OutgoingMail

    row = mail.queue_mail(
        to="deelnemer@example.nl", subject="Bevestiging aanmelding", text="Tot vrijdag!\n"
    )
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=OutgoingMail.Status.FAILED, attempts=6, last_error="SMTPServerDisconnected"
    )
    assert mail.sweep() == 0  # a failed mail is left alone
    client.force_login(superuser)
    listing = client.get("/admin/outbox/?status=failed").content.decode()
    assert "Bevestiging aanmelding" in listing and "mislukt" in listing

    edit = f"/admin/outbox/edit/{row.pk}/"
    shown = re.search(r'name="next_attempt_at" value="([^"]+)"', client.get(edit).content.decode())
    response = client.post(edit, {"status": "retry", "next_attempt_at": shown.group(1)})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == OutgoingMail.Status.RETRY

    assert mail.sweep() == 1  # what the worker runs every minute
    (sent,) = django_mail.outbox
    assert (sent.to, sent.subject) == (["deelnemer@example.nl"], "Bevestiging aanmelding")
    row.refresh_from_db()
    assert (row.status, row.last_error) == (OutgoingMail.Status.SENT, "")


def test_admin_shows_local_avatars_and_tells_no_third_party_about_editors(
    client, editor, superuser, home
):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    pages = [client.get("/admin/").content.decode()]
    client.force_login(superuser)
    pages += [client.get(url).content.decode() for url in ("/admin/", "/admin/users/")]
    for html in pages:
        assert "gravatar" not in html
        assert "default-user-avatar" in html
