"""Staff sign in on allauth's pages, and reach the admin only with a second factor."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from .conftest import visible_text

PASSWORD = "geheim-wachtwoord"  # noqa: S105  (the staff fixture's)


def totp_code(secret):
    """What the authenticator app on the phone shows now (RFC 6238, 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, email, password=PASSWORD, next_url="/admin/"):
    return client.post(
        f"{reverse('account_login')}?next={next_url}", {"login": email, "password": password}
    )


def test_the_admin_login_is_allauths(client, home):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/pages/"
    response = client.get("/admin/")
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"
    # Wagtail's own form is never served, not even to a POST.
    response = client.post("/admin/login/", {"username": "x@example.nl", "password": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_staff_sign_in_with_their_password_and_land_in_the_admin(client, staff, home):
    response = sign_in(client, "Redacteur@Example.nl", next_url="")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Uitloggen" in client.get("/admin/").content.decode()


@pytest.fixture
def mfa_required(settings):
    settings.SAMENSPEL_ADMIN_MFA_REQUIRED = True


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client, staff, home, mfa_required):
    sign_in(client, staff.email)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    text = visible_text(client.get(response["Location"]).content.decode())
    assert "Stel eerst tweestapsverificatie in voordat u in het beheer werkt" in text
    assert "Authenticator-app" in text and "Beveiligingssleutels" in text
    # Every admin view, not only the dashboard.
    assert client.get("/admin/outbox/").status_code == 302
    assert client.get(reverse("wagtailadmin_home"))["Location"] == reverse("mfa_index")


def test_members_are_not_sent_to_the_second_factor(client, member, home, mfa_required):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(reverse("communities:profile")).status_code == 200


def test_staff_set_up_an_authenticator_app_and_reach_the_admin(client, staff, home, mfa_required):
    sign_in(client, staff.email)
    # allauth asks for the password again before a second factor is changed.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("mfa_activate_totp")
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert "Scan de QR-code hieronder met de authenticator-app" in text
    secret = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    # Recovery codes come with it, for a lost phone.
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    response = client.get("/admin/")
    assert response.status_code == 200 and "Uitloggen" in response.content.decode()

    # Next time the password alone is not enough: the app's code is asked for.
    client.post(reverse("account_logout"))
    response = sign_in(client, staff.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not in yet
    page = visible_text(client.get(reverse("mfa_authenticate")).content.decode())
    assert "Vul de code uit uw authenticator-app in" in page
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_make_runs_dev_admin_signs_in_with_the_printed_password(client, home, settings):
    """`make run` prints admin@samenspel.test / samenspel-admin; on a fresh database that
    signs in at once (address verified, no second factor in development)."""
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    out = StringIO()
    call_command("ensure_dev_admin", stdout=out)
    assert "admin@samenspel.test" in out.getvalue() and "samenspel-admin" in out.getvalue()
    response = sign_in(client, "admin@samenspel.test", "samenspel-admin")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert "Uitloggen" in client.get("/admin/").content.decode()
