"""Members sign up and sign in with their e-mail address and a code they type.

The code comes from the mail in the outbox, as the person reads it in their mailbox;
nothing in the mail is a link that signs anyone in (Safe Links scanners open links).
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail as django_mail
from django.urls import reverse

from website.models import OutgoingMail

from .conftest import INFORMAL, code_in, last_mail, visible_text

User = get_user_model()


def signed_in_user(client):
    """Who the site thinks the browser is, as the profile page shows it (None: nobody)."""
    response = client.get(reverse("communities:profile"))
    if response.status_code != 200:
        assert response["Location"].startswith(reverse("account_login"))
        return None
    return response.context["user"]


def assert_dutch_code_mail(mail, purpose):
    assert mail.purpose == purpose
    assert mail.status == OutgoingMail.Status.SENT  # sent right after the commit
    text = mail.body_text
    assert INFORMAL.findall(mail.subject + " " + text) == []
    assert "Samenspel" in text
    # A code to type, never a link that would do it for the person.
    assert "/account/" not in text and "http" not in text.split("Samenspel")[0]
    return text


def test_a_new_member_signs_up_with_a_code_typed_from_the_mail(client, home):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Account aanmaken" in text and "E-mail" in text

    response = client.post(reverse("account_signup"), {"email": "Fatima@School.nl"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="fatima@school.nl").exists()

    mail = last_mail("fatima@school.nl")
    text = assert_dutch_code_mail(mail, "account.email_confirmation_signup")
    assert "Bevestig" in mail.subject or "bevestig" in text
    (sent,) = django_mail.outbox
    assert sent.to == ["fatima@school.nl"] and sent.subject == mail.subject

    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert INFORMAL.findall(visible_text(page)) == []
    response = client.post(reverse("account_email_verification_sent"), {"code": code_in(mail)})
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:profile")
    user = signed_in_user(client)
    assert user.email == "fatima@school.nl"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified


def test_a_wrong_code_signs_nobody_in(client, home):
    client.post(reverse("account_signup"), {"email": "fatima@school.nl"})
    response = client.post(reverse("account_email_verification_sent"), {"code": "BCD-FGH"})
    assert response.status_code == 200
    assert "Ongeldige code" in visible_text(response.content.decode())
    assert not EmailAddress.objects.get(email="fatima@school.nl").verified
    response = client.get(reverse("communities:profile"))
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_a_member_may_choose_a_password_at_sign_up_and_sign_in_with_it(client, home):
    client.post(
        reverse("account_signup"),
        {"email": "bram@gemeente.nl", "password1": "lange-zin-als-wachtwoord"},
    )
    code = code_in(last_mail("bram@gemeente.nl"))
    client.post(reverse("account_email_verification_sent"), {"code": code})
    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None

    response = client.post(
        reverse("account_login"),
        {"login": "Bram@Gemeente.nl", "password": "lange-zin-als-wachtwoord"},
    )
    assert response.status_code == 302
    assert signed_in_user(client).email == "bram@gemeente.nl"


def test_a_member_without_a_password_can_set_one_later(client, member, home):
    client.force_login(member)
    response = client.post(
        reverse("account_set_password"),
        {"password1": "lange-zin-als-wachtwoord", "password2": "lange-zin-als-wachtwoord"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("lange-zin-als-wachtwoord")


def test_a_member_signs_in_with_a_code(client, member, home):
    response = client.get(reverse("account_login"))
    assert "Stuur mij een inlogcode" in visible_text(response.content.decode())
    response = client.post(reverse("account_request_login_code"), {"email": "lid@example.nl"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")
    mail = last_mail("lid@example.nl")
    assert_dutch_code_mail(mail, "account.login_code")
    page = client.get(reverse("account_confirm_login_code")).content.decode()
    assert INFORMAL.findall(visible_text(page)) == []

    response = client.post(reverse("account_confirm_login_code"), {"code": code_in(mail)})
    assert response.status_code == 302
    assert signed_in_user(client) == member


def test_the_code_mail_jumps_the_queue(client, member, home, settings):
    """The delivery task of a code goes before nieuwsbrief batches and reminders."""
    from django.tasks import default_task_backend

    from website.mail import URGENT

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    client.post(reverse("account_request_login_code"), {"email": "lid@example.nl"})
    mail = last_mail("lid@example.nl")
    (result,) = default_task_backend.results
    assert result.kwargs == {"mail_id": mail.pk}
    assert result.task.priority == URGENT > 0
    assert mail.status == OutgoingMail.Status.QUEUED  # the dummy backend runs nothing
