"""The subscribers' admin (issue 7, point 3): who sees it, listing, import, export, history."""

import csv
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Site

from newsletter import subscriptions
from newsletter.models import (
    Delivery,
    IssueSend,
    NewsletterIndexPage,
    NewsletterIssuePage,
    Subscriber,
)

from .conftest import make_subscriber

pytestmark = pytest.mark.django_db

INDEX = "/admin/nieuwsbrief/abonnees/"
IMPORT = INDEX + "new/"
EXPORT = INDEX + "export/"


def history_url(subscriber):
    return f"{INDEX}geschiedenis/{subscriber.pk}/"


@pytest.fixture
def subscribers(site_with_privacy, themes):
    lotte = make_subscriber("lotte@example.nl", themes=[themes[0]])
    make_subscriber("wacht@example.nl", confirmed=False, name="Wachtend Persoon")
    gone = make_subscriber("weg@example.nl", name='=HYPERLINK("http://evil")')
    subscriptions.unsubscribe(gone)
    return lotte


@pytest.fixture
def admin_access(db):
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


@pytest.fixture
def editor_with_access(editor, admin_access):
    editor.user_permissions.add(admin_access)
    return editor


@pytest.fixture
def subscriber_manager(editor_with_access):
    group = Group.objects.create(name="Nieuwsbrief")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="samenspel_newsletter",
            codename__in=["view_subscriber", "add_subscriber"],
        )
    )
    editor_with_access.groups.add(group)
    return editor_with_access


def test_anonymous_visitors_are_sent_to_the_login(client, subscribers):
    for url in (INDEX, IMPORT, EXPORT, history_url(subscribers)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/account/login/?next="
        ), url


def test_an_editor_without_the_permission_sees_no_subscriber(
    client, subscribers, editor_with_access
):
    client.force_login(editor_with_access)
    for url in (INDEX, IMPORT, EXPORT, history_url(subscribers)):
        response = client.get(url, follow=True)
        assert b"lotte@example.nl" not in response.content, url
        assert response.status_code in (200, 403), url
        assert response.redirect_chain or response.status_code == 403, url
    menu = client.get("/admin/").content.decode()
    assert INDEX not in menu


def test_the_group_permission_opens_listing_filters_and_search(
    client, subscribers, subscriber_manager, themes
):
    client.force_login(subscriber_manager)
    html = client.get(INDEX).content.decode()
    assert "lotte@example.nl" in html and "wacht@example.nl" in html
    html = client.get(INDEX, {"status": "pending"}).content.decode()
    assert "wacht@example.nl" in html and "lotte@example.nl" not in html
    html = client.get(INDEX, {"themes": themes[0].pk}).content.decode()
    assert "lotte@example.nl" in html and "wacht@example.nl" not in html
    html = client.get(INDEX, {"source": "import"}).content.decode()
    assert "lotte@example.nl" not in html
    html = client.get(INDEX, {"q": "Wachtend"}).content.decode()
    assert "wacht@example.nl" in html and "lotte@example.nl" not in html


def test_the_export_neutralises_formulas(client, subscribers, superuser):
    client.force_login(superuser)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["E-mailadres", "Naam", "Status"]
    by_email = {row[0]: row for row in rows[1:]}
    assert by_email["weg@example.nl"][1] == '\'=HYPERLINK("http://evil")'
    assert by_email["lotte@example.nl"][2] == "aangemeld"
    assert by_email["lotte@example.nl"][3] == "Thuiszitters"
    filtered = client.get(EXPORT, {"status": "pending"}).content.decode("utf-8-sig")
    assert "wacht@example.nl" in filtered and "lotte@example.nl" not in filtered


def upload(text):
    return SimpleUploadedFile("adressen.csv", text.encode("utf-8"), content_type="text/csv")


def test_import_confirms_with_the_consent_source_and_never_re_adds_leavers(
    client, subscribers, subscriber_manager, themes
):
    client.force_login(subscriber_manager)
    text = (
        "e-mail;naam;thema's\n"
        "nieuw@example.nl;Nieuwe Collega;thuiszitters\n"
        "wacht@example.nl;;\n"
        "weg@example.nl;;\n"
        "lotte@example.nl;;\n"
    )
    source = "Presentielijst netwerkbijeenkomst 12 maart 2026"
    response = client.post(IMPORT, {"file": upload(text), "consent_source": source})
    assert response.status_code == 302
    new = Subscriber.objects.get(email="nieuw@example.nl")
    assert (new.status, new.source, new.source_detail) == ("confirmed", "import", source)
    assert new.confirmed_at is not None and list(new.themes.all()) == [themes[0]]
    assert new.history.get().kind == "imported"
    assert Subscriber.objects.get(email="wacht@example.nl").status == "confirmed"
    assert Subscriber.objects.get(email="weg@example.nl").status == "unsubscribed"
    messages = client.get(INDEX).content.decode()
    assert "1 nieuw, 1 bevestigd, 1 waren al aangemeld, 1 niet toegevoegd" in messages


def test_an_import_with_a_wrong_line_imports_nothing(client, subscribers, subscriber_manager):
    client.force_login(subscriber_manager)
    text = "email,naam\ngoed@example.nl,Goed\ngeen-adres,Fout\ngoed@example.nl,Dubbel\n"
    response = client.post(IMPORT, {"file": upload(text), "consent_source": "Lijst"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets geïmporteerd" in html
    assert "Regel 3: “geen-adres” is geen geldig e-mailadres." in html
    assert "Regel 4: goed@example.nl staat twee keer in het bestand." in html
    assert not Subscriber.objects.filter(email="goed@example.nl").exists()
    response = client.post(IMPORT, {"file": upload("naam\nIemand\n"), "consent_source": "Lijst"})
    assert "met een kolom “e-mail”" in response.content.decode()
    response = client.post(IMPORT, {"file": upload("email\na@example.nl\n")})
    assert response.status_code == 400
    assert not Subscriber.objects.filter(email="a@example.nl").exists()


def test_importing_needs_the_add_permission(client, subscribers, editor_with_access):
    group = Group.objects.create(name="Alleen lezen")
    group.permissions.add(Permission.objects.get(codename="view_subscriber"))
    editor_with_access.groups.add(group)
    client.force_login(editor_with_access)
    assert client.get(INDEX).status_code == 200
    response = client.post(IMPORT, {"file": upload("email\nx@example.nl\n"), "consent_source": "L"})
    assert not Subscriber.objects.filter(email="x@example.nl").exists()
    assert response.status_code in (302, 403)


def test_the_history_shows_every_step_and_each_issue_sent(client, subscribers, superuser):
    lotte = subscribers
    subscriptions.update_preferences(lotte, name="Lotte", themes=[], audiences=[])
    root = Site.objects.get(is_default_site=True).root_page
    newsletter = root.add_child(instance=NewsletterIndexPage(title="Nieuwsbrief", slug="nb"))
    issue = newsletter.add_child(
        instance=NewsletterIssuePage(title="Nieuwsbrief april", slug="april", body=[("text", "x")])
    )
    send = IssueSend.objects.create(issue=issue, scheduled_for=timezone.now())
    Delivery.objects.create(send=send, subscriber=lotte, status="sent", sent_at=timezone.now())
    subscriptions.unsubscribe(lotte)
    client.force_login(superuser)
    html = client.get(history_url(lotte)).content.decode()
    for text in (
        "aanmelding aangevraagd",
        "aanmelding bevestigd",
        "voorkeuren gewijzigd",
        "nieuwsbrief verstuurd",
        "Nieuwsbrief april",
        "afgemeld",
        subscriptions.consent_notice()[:40],
    ):
        assert text in html, text
    table = html[html.index("<tbody>") :]
    # Newest first.
    assert (
        table.index("<td>afgemeld</td>")
        < table.index("nieuwsbrief verstuurd")
        < table.index("aanmelding aangevraagd")
    )
