"""The public form pages: validation in Dutch, storage first, honeypot and rate limit."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission

from website.models import ArticlePage, FormField

from .factories import add_article_index, add_question_form

GOOD = {"naam": "Fatima de Vries", "e_mail": "fatima@school.nl", "vraag": "Hoe meld ik mij aan?"}


@pytest.fixture
def form_page(home):
    return add_question_form(home)


def test_form_shows_labels_privacy_notice_and_hidden_honeypot(client, form_page):
    html = client.get(form_page.url).content.decode()
    assert '<label for="id_naam">Naam' in html
    assert "We gebruiken uw gegevens alleen om te antwoorden." in html
    assert 'name="website_url"' in html and 'tabindex="-1"' in html
    assert "(verplicht)" in html


def test_empty_form_gives_dutch_errors_and_stores_nothing(client, form_page):
    response = client.post(form_page.url, {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Controleer het formulier" in html
    assert html.count("Dit is een verplicht veld.") >= 3
    assert FormSubmission.objects.count() == 0


def test_invalid_email_is_refused_and_typed_text_is_kept(client, form_page):
    response = client.post(form_page.url, {**GOOD, "e_mail": "geen-adres"})
    html = response.content.decode()
    assert "Voer een geldig e-mailadres in." in html
    assert "Hoe meld ik mij aan?" in html  # nothing typed is lost
    assert FormSubmission.objects.count() == 0


def test_good_submission_is_stored_then_mailed_to_the_editors(
    client, form_page, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, GOOD)
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    submission = FormSubmission.objects.get()
    assert submission.get_data()["naam"] == "Fatima de Vries"
    (to_editors,) = [m for m in mail.outbox if m.to == [settings.EDITORS_EMAIL]]
    assert "Vraag: Hoe meld ik mij aan?" in to_editors.body
    # The other mail is the asker's confirmation (tests/website/test_form_mails.py).
    assert [m.to for m in mail.outbox if m is not to_editors] == [["fatima@school.nl"]]


def test_submission_is_kept_when_mail_fails(
    client, form_page, django_capture_on_commit_callbacks, settings
):
    # A mail server that refuses connections: the submission must still stand.
    settings.MAILERS = {
        "delivery": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_page.url, GOOD)
    assert response.status_code == 200
    assert FormSubmission.objects.count() == 1


def test_honeypot_refuses_bots_with_a_dutch_message(client, form_page):
    response = client.post(form_page.url, {**GOOD, "website_url": "http://spam.example"})
    assert response.status_code == 400
    assert "kon niet worden verwerkt" in response.content.decode()
    assert FormSubmission.objects.count() == 0


@override_settings(FORM_RATE_LIMIT=3, FORM_RATE_WINDOW=600)
def test_rate_limit_counts_only_successful_submissions(client, form_page):
    # Someone correcting mistakes is never blocked...
    for _ in range(6):
        assert client.post(form_page.url, {}).status_code == 200
    # ...but a flood of real submissions from one address is.
    for _ in range(3):
        assert client.post(form_page.url, GOOD).status_code == 200
    response = client.post(form_page.url, GOOD)
    assert response.status_code == 429
    assert "Probeer het over 10 minuten opnieuw" in response.content.decode()
    assert response["Retry-After"] == "600"
    assert FormSubmission.objects.count() == 3
    # Another address is not affected.
    other = client.post(form_page.url, GOOD, REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 200


def test_rate_limit_lasts_the_whole_window_on_productions_database_cache(
    client, form_page, settings
):
    # All through the settings fixture: mixed with @override_settings, its restore
    # would bring back the decorator's values for every later test.
    settings.FORM_RATE_LIMIT = 2
    settings.FORM_RATE_WINDOW = 600
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "samenspel_test_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(2):
            assert client.post(form_page.url, GOOD).status_code == 200
    # Later than the cache's default timeout (300 s), still inside the window.
    with time_machine.travel(start + timedelta(seconds=450), tick=False):
        assert client.post(form_page.url, GOOD).status_code == 429
    with time_machine.travel(start + timedelta(seconds=700), tick=False):
        assert client.post(form_page.url, GOOD).status_code == 200


def test_submitted_practice_example_becomes_an_unpublished_draft(
    client, home, django_capture_on_commit_callbacks
):
    index = add_article_index(home)
    form_page = add_question_form(
        home, title="Praktijkvoorbeeld insturen", slug="praktijkvoorbeeld", draft_parent=index
    )
    FormField.objects.create(page=form_page, label="Titel", field_type="singleline", required=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_page.url, {**GOOD, "titel": "Schakelklas in Nijmegen <b>"})
    draft = ArticlePage.objects.get(title="Schakelklas in Nijmegen <b>")
    assert draft.live is False
    assert draft.kind == ArticlePage.Kind.PRAKTIJKVOORBEELD
    assert draft.get_latest_revision() is not None
    assert "&lt;b&gt;" in str(draft.body)  # visitor input is escaped, never raw HTML
    assert client.get(index.url).context["articles"].paginator.count == 0


@pytest.mark.parametrize("title", ["???", "😀", "  -- !! --  "])
def test_practice_example_titled_without_letters_is_kept_as_a_draft(
    client, home, django_capture_on_commit_callbacks, title, settings
):
    """A title that gives no slug must not lose the submission (it used to give a 500)."""
    index = add_article_index(home)
    form_page = add_question_form(
        home, title="Praktijkvoorbeeld insturen", slug="praktijkvoorbeeld", draft_parent=index
    )
    FormField.objects.create(page=form_page, label="Titel", field_type="singleline", required=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(form_page.url, {**GOOD, "titel": title})
        second = client.post(form_page.url, {**GOOD, "titel": title})
    for response in (first, second):
        assert response.status_code == 200
        assert "Bedankt" in response.content.decode()
    assert FormSubmission.objects.filter(page=form_page).count() == 2
    drafts = ArticlePage.objects.child_of(index).order_by("pk")
    assert [draft.slug for draft in drafts] == [
        "ingestuurd-praktijkvoorbeeld",
        "ingestuurd-praktijkvoorbeeld-2",
    ]
    assert all(not draft.live and draft.get_latest_revision() for draft in drafts)
    assert [m.to for m in mail.outbox].count([settings.EDITORS_EMAIL]) == 2
