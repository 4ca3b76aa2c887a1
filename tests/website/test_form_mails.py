"""What the forms' senders and the editors get: Reply-To, Dutch time, a confirmation, consent."""

import datetime

import pytest
import time_machine
from wagtail.contrib.forms.models import FormSubmission

from website.models import ArticlePage, FormPage, OutgoingMail

from .factories import add_article_index, add_practice_form, add_question_form

QUESTION = {
    "naam": "Fatima de Vries",
    "e_mail": "fatima@school.nl",
    "vraag": "Hoe meld ik mij aan?",
}
PRACTICE = {
    "naam": "Karel Appel",
    "e_mailadres": "karel@swv-nijmegen.nl",
    "titel": "Schakelklas in Nijmegen",
    "beschrijving": "Een klas tussen school en zorg in.",
}
# Friday 18 June 2027, 09:05 UTC: 11.05 in Amsterdam (summer time).
SUMMER_MOMENT = datetime.datetime(2027, 6, 18, 9, 5, tzinfo=datetime.UTC)


@pytest.fixture
def question_form(home):
    return add_question_form(home)


@pytest.fixture
def practice_form(home):
    return add_practice_form(home, add_article_index(home))


def post(client, page, data, capture):
    with capture(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 200
    assert "Bedankt" in response.content.decode()
    return response


def test_question_reaches_the_editors_with_reply_to_and_dutch_time_over_smtp(
    client, question_form, django_capture_on_commit_callbacks, smtp_sink, settings
):
    with time_machine.travel(SUMMER_MOMENT, tick=False):
        post(client, question_form, QUESTION, django_capture_on_commit_callbacks)

    (to_editors,) = smtp_sink.to(settings.EDITORS_EMAIL)
    assert to_editors.message["Reply-To"] == "fatima@school.nl"
    assert "Verstuurd op: vrijdag 18 juni 2027, 11.05 uur" in to_editors.text
    assert "09:05" not in to_editors.text and "+00:00" not in to_editors.text


def test_the_asker_gets_a_dutch_confirmation_once_that_repeats_nothing_they_typed(
    client, question_form, django_capture_on_commit_callbacks, smtp_sink
):
    with time_machine.travel(SUMMER_MOMENT, tick=False):
        post(client, question_form, QUESTION, django_capture_on_commit_callbacks)

    (confirmation,) = smtp_sink.to("fatima@school.nl")
    assert confirmation.message["Subject"] == "Ontvangen: Stel uw vraag"
    assert "We hebben uw bericht via het formulier “Stel uw vraag” ontvangen" in (confirmation.text)
    assert "vrijdag 18 juni 2027, 11.05 uur" in confirmation.text
    # Anyone can type any address: the mail carries nothing of what was typed.
    assert "Hoe meld ik mij aan?" not in confirmation.text + confirmation.html
    assert "Fatima" not in confirmation.text + confirmation.html

    # Queued once: the key holds when the same submission is handled again.
    page = FormPage.objects.get(pk=question_form.pk)
    page.queue_confirmation(FormSubmission.objects.get())
    assert OutgoingMail.objects.filter(purpose="form.received").count() == 1


def test_a_form_without_an_address_field_sends_no_confirmation(
    client, question_form, django_capture_on_commit_callbacks
):
    question_form.form_fields.filter(clean_name="e_mail").delete()
    post(client, question_form, QUESTION, django_capture_on_commit_callbacks)
    assert OutgoingMail.objects.filter(purpose="form.received").count() == 0
    assert OutgoingMail.objects.get(purpose="form.submission").reply_to == ""


def test_practice_form_asks_consent_for_the_name_without_a_tick(client, practice_form):
    html = client.get(practice_form.url).content.decode()
    assert "Mijn naam mag bij het praktijkvoorbeeld op de website staan" in html
    assert 'type="checkbox" name="naam_online"' in html
    checkbox = html[html.index('name="naam_online"') - 200 : html.index('name="naam_online"') + 200]
    assert "checked" not in checkbox


def draft_text():
    draft = ArticlePage.objects.get(title="Schakelklas in Nijmegen")
    assert draft.live is False
    return str(draft.get_latest_revision_as_object().body)


def test_without_consent_the_draft_example_holds_no_name_and_no_address(
    client, practice_form, django_capture_on_commit_callbacks
):
    post(client, practice_form, PRACTICE, django_capture_on_commit_callbacks)

    assert FormSubmission.objects.get().get_data()["naam_online"] is False
    body = draft_text()
    assert "Een klas tussen school en zorg in." in body
    assert "Karel Appel" not in body
    assert "karel@swv-nijmegen.nl" not in body
    to_editors = OutgoingMail.objects.get(purpose="form.submission")
    assert "Naam mag online: nee" in to_editors.body_text
    assert "Naam: Karel Appel" in to_editors.body_text  # the editors still know who sent it


def test_with_consent_the_draft_example_names_the_sender(
    client, practice_form, django_capture_on_commit_callbacks
):
    post(
        client, practice_form, {**PRACTICE, "naam_online": "on"}, django_capture_on_commit_callbacks
    )

    assert FormSubmission.objects.get().get_data()["naam_online"] is True
    body = draft_text()
    assert "Karel Appel" in body
    assert "karel@swv-nijmegen.nl" not in body
    assert "Naam mag online: ja" in OutgoingMail.objects.get(purpose="form.submission").body_text


def test_consent_is_a_column_of_the_submissions_list(practice_form):
    assert ("naam_online", "Naam online") in FormPage.objects.get(
        pk=practice_form.pk
    ).get_data_fields()


def test_the_submissions_list_and_export_say_ja_or_nee_for_the_consent(
    client, practice_form, superuser, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    post(client, practice_form, PRACTICE, django_capture_on_commit_callbacks)
    post(
        client, practice_form, {**PRACTICE, "naam_online": "on"}, django_capture_on_commit_callbacks
    )
    client.force_login(superuser)
    url = reverse("wagtailforms:list_submissions", args=[practice_form.pk])
    listing = client.get(url).content.decode()
    assert ">Ja<" in listing.replace(" ", "").replace("\n", "")
    assert ">Nee<" in listing.replace(" ", "").replace("\n", "")
    assert "True" not in listing and "False" not in listing
    export = b"".join(client.get(url + "?export=csv").streaming_content).decode()
    assert "Ja" in export and "Nee" in export
    assert "True" not in export and "False" not in export
