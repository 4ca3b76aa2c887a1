"""Accounts: people sign up and in with a code from the outbox, as they would from a mailbox."""

import html as html_module
import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client, TestCase

from tests.registrations.conftest import agenda, make_event, publish, school  # noqa: F401
from website.models import OutgoingMail

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
CODE = re.compile(r"^\s*([A-Z0-9]{3,5}(?:-[A-Z0-9]{3,5})?|\d{6})\s*$", re.MULTILINE)


class CommittingClient(Client):
    """A test client whose requests end as production's do: committed, so what waits for
    the commit (the outbox's delivery task) runs. The test's own transaction stays open."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def client():
    return CommittingClient()


def visible_text(html):
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", html)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def last_mail(to):
    """The newest mail in the outbox for ``to`` (what the person finds in their mailbox)."""
    return OutgoingMail.objects.filter(to=to).order_by("-created_at", "-pk").first()


def code_in(mail):
    """The code as the person reads it in the mail."""
    match = CODE.search(mail.body_text)
    assert match, f"no code in the mail:\n{mail.body_text}"
    return match.group(1)


@pytest.fixture
def member(db, django_user_model):
    """A member who signed up before: verified address, no password."""
    user = django_user_model.objects.create_user(email="lid@example.nl")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff(db, django_user_model):
    """An editor with access to the admin and a password, address verified."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        email="redacteur@example.nl", password="geheim-wachtwoord", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Redactie"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
