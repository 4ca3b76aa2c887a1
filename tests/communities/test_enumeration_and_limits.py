"""The sign-in and sign-up pages never tell whether an address has an account, and
guessing passwords or codes is cut off by allauth's rate limits (members and staff)."""

import pytest
from django.urls import reverse

from website.models import OutgoingMail

from .conftest import visible_text

KNOWN, UNKNOWN = "lid@example.nl", "nieuw@example.nl"


def page_text(client, response):
    """What the person sees after the answer (following the redirect), address masked."""
    if response.status_code == 302:
        response = client.get(response["Location"])
    text = visible_text(response.content.decode())
    return response.status_code, text.replace(KNOWN, "ADRES").replace(UNKNOWN, "ADRES")


def answer(client_factory, url, data):
    client = client_factory()
    response = client.post(url, data)
    return response.status_code, response.get("Location"), page_text(client, response)


@pytest.fixture
def fresh_client(client):
    return type(client)


@pytest.mark.parametrize(
    "url_name, data, then",
    [
        ("account_signup", {"email": "{}"}, "account_email_verification_sent"),
        ("account_request_login_code", {"email": "{}"}, "account_confirm_login_code"),
        ("account_reset_password", {"email": "{}"}, "account_confirm_password_reset_code"),
        ("account_login", {"login": "{}", "password": "niet-het-wachtwoord"}, None),
    ],
)
def test_known_and_unknown_addresses_get_the_same_answer(
    fresh_client, member, home, url_name, data, then
):
    url = reverse(url_name)
    known = answer(fresh_client, url, {k: v.format(KNOWN) for k, v in data.items()})
    unknown = answer(fresh_client, url, {k: v.format(UNKNOWN) for k, v in data.items()})
    assert known == unknown
    status, location, (_shown_status, text) = known
    if then:
        assert (status, location) == (302, reverse(then))
        assert "ADRES" in text  # "we sent a code to …", for either address
    else:
        assert status == 200
        assert "Het e-mailadres en/of wachtwoord dat u opgaf is niet juist." in text


def test_a_known_address_learns_it_has_an_account_only_in_its_own_mailbox(client, member, home):
    client.post(reverse("account_signup"), {"email": KNOWN})
    mail = OutgoingMail.objects.get(to=KNOWN)
    assert mail.purpose == "account.account_already_exists"
    assert "Er bestaat al een account met dit e-mailadres" in mail.body_text


def test_guessing_a_staff_password_is_cut_off(client, staff, home):
    """The admin's sign-in is allauth's. Before, Wagtail's form took 30 wrong passwords in a
    row without delay; now after 5 wrong ones for an address even the right password is
    refused for a while (Dutch message), and the 31st attempt from one IP address in a
    minute is refused outright (429)."""
    login = client.get("/admin/login/", follow=True).request["PATH_INFO"]
    assert login == reverse("account_login")

    def attempt(password):
        response = client.post(login, {"login": staff.email, "password": password})
        return response.status_code, visible_text(response.content.decode())

    for _ in range(5):
        status, text = attempt("raden-123")
        assert (
            status == 200 and "Het e-mailadres en/of wachtwoord dat u opgaf is niet juist" in text
        )
    status, text = attempt("geheim-wachtwoord")  # the right one, 6th attempt
    assert status == 200 and "Te veel inlogpogingen. Probeer het later nogmaals." in text
    assert "_auth_user_id" not in client.session
    for _ in range(24):
        status, text = attempt("raden-123")
        assert status == 200 and "Te veel inlogpogingen" in text
    status, text = attempt("raden-123")  # the 31st in this minute
    assert status == 429 and "U hebt dit te vaak geprobeerd in korte tijd" in text
    assert client.get("/admin/").status_code == 302


def test_asking_for_codes_again_and_again_is_cut_off(client, member, home):
    """Each from a new browser, as a bot would: the fourth in a minute sends nothing."""
    url = reverse("account_request_login_code")
    for _attempt in range(3):
        assert type(client)().post(url, {"email": KNOWN}).status_code == 302
    response = type(client)().post(url, {"email": KNOWN})
    assert response.status_code == 200
    assert "Te veel inlogpogingen" in visible_text(response.content.decode())
    assert OutgoingMail.objects.filter(to=KNOWN, purpose="account.login_code").count() == 3


def test_the_outbox_never_shows_a_sign_in_code_to_an_admin(client, member, home, superuser):
    import re

    assert client.post(reverse("account_request_login_code"), {"email": KNOWN}).status_code == 302
    code_mail = OutgoingMail.objects.get(to=KNOWN, purpose="account.login_code")
    code = re.search(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b", code_mail.body_text)
    assert code, code_mail.body_text  # the mail itself holds the code
    ordinary = OutgoingMail.objects.create(
        to="iemand@example.nl", subject="Bevestiging", body_text="Tot dinsdag in Almere."
    )
    admin = type(client)()
    admin.force_login(superuser)
    shown = admin.get(reverse("outbox:inspect", args=[code_mail.pk])).content.decode()
    assert code.group(0) not in shown
    assert "Niet getoond" in shown
    other = admin.get(reverse("outbox:inspect", args=[ordinary.pk])).content.decode()
    assert "Tot dinsdag in Almere." in other
