"""The public form: fields per event, Dutch errors, nothing lost, confirmation (points 1–4, 16)."""

import re
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import EventPage
from registrations.models import Registration, RegistrationSettings
from website.models import SiteSettings, StandardPage

from .conftest import days_from_now, publish, sent_to, sessions_of

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DUTCH_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def form_data(event, **overrides):
    data = {
        "name": "Fatima el Amrani",
        "email": "Fatima@Example.nl",
        "organisation": "Samenwerkingsverband Amsterdam-Diemen",
        "job_title": "Beleidsmedewerker",
        "remarks": "",
        "consent": "on",
        "collega-TOTAL_FORMS": "5",
        "collega-INITIAL_FORMS": "0",
        "collega-MIN_NUM_FORMS": "0",
        "collega-MAX_NUM_FORMS": "5",
    }
    sessions = sessions_of(event)
    if sessions:
        data["session"] = str(sessions[0].pk)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post(client, event, **overrides):
    return client.post(
        reverse("registrations:register", args=[event.pk]), form_data(event, **overrides)
    )


def test_event_page_shows_the_form_with_sessions_places_and_privacy_link(client, estafette, home):
    privacy = home.add_child(instance=StandardPage(title="Privacyverklaring", slug="privacy"))
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.privacy_page = privacy
    site_settings.save()

    html = client.get(estafette.url).content.decode()

    assert f'action="/aanmelden/{estafette.pk}/"' in html
    assert "Van Koetsveldschool (Amsterdam), met lunch – nog 2 plaatsen" in html
    assert "Jeugdhulp De Brug (Alkmaar) – nog 10 plaatsen" in html
    assert 'name="lunch"' in html and 'name="dietary"' in html
    assert f'<a href="{privacy.url}">privacyverklaring</a>' in html
    assert "Aanmelden" in html
    # No CSRF cookie: the form is guarded by where the POST comes from (website.spam).
    assert 'name="csrfmiddlewaretoken"' not in html


def test_registering_stores_the_person_and_shows_the_confirmation(client, estafette, region):
    school, _ = sessions_of(estafette)
    response = post(
        client,
        estafette,
        region=str(region.pk),
        lunch="on",
        dietary="Vegetarisch",
        accessibility="Rolstoeltoegankelijk",
        wants_report="on",
    )

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.email == "fatima@example.nl"
    assert registration.session == school
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.region == region
    assert (registration.lunch, registration.dietary) == (True, "Vegetarisch")
    assert registration.accessibility == "Rolstoeltoegankelijk"
    assert registration.wants_report is True
    assert registration.consent_at is not None
    assert registration.privacy_version == "2026-1"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<h1>Aanmelding ontvangen</h1>" in html
    assert "Er was plaats voor deze keuze." in html
    assert "Van Koetsveldschool" in html
    assert "no-store" in page["Cache-Control"]


def test_lunch_is_ignored_for_a_location_without_lunch(client, estafette):
    _, brug = sessions_of(estafette)
    post(client, estafette, session=str(brug.pk), lunch="on", dietary="Halal")
    registration = Registration.objects.get()
    assert (registration.lunch, registration.dietary) == (False, "")


def test_errors_are_dutch_beside_each_field_and_nothing_typed_is_lost(client, estafette):
    response = post(
        client,
        estafette,
        name="Jan de Vries",
        email="jan@",
        organisation="",
        session=None,
        consent=None,
        remarks="Ik kom met de trein.",
        dietary="Geen noten",
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert 'class="error-summary"' in html
    assert "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl." in html
    assert "Vul de naam van uw organisatie in." in html
    assert "Kies een gastlocatie." in html
    assert "Ga akkoord met de privacyverklaring om u aan te melden." in html
    assert 'id="id_email_error"' in html
    # What was typed is still there.
    assert 'value="Jan de Vries"' in html
    assert 'value="jan@"' in html
    assert "Ik kom met de trein.</textarea>" in html
    assert 'value="Geen noten"' in html


def test_extra_questions_are_asked_and_stored(client, make_event):
    event = make_event(
        registration={},
        questions=[
            {"label": "Wat wilt u leren?", "kind": "tekst", "required": True, "sort_order": 0},
            {
                "label": "Welke workshop?",
                "kind": "keuze",
                "choices": "Thuiszitters\nVerzuim",
                "sort_order": 1,
            },
            {"label": "Werkt u in het PO?", "kind": "ja-nee", "sort_order": 2},
            {"label": "Gebedsruimte nodig?", "kind": "ja-nee", "sensitive": True, "sort_order": 3},
        ],
    )
    questions = list(event.registration_questions.order_by("sort_order"))
    response = post(client, event)
    assert response.status_code == 200
    assert "Beantwoord deze vraag." in response.content.decode()

    answers = {
        f"vraag_{questions[0].pk}": "Samenwerken met de gemeente",
        f"vraag_{questions[1].pk}": "Verzuim",
        f"vraag_{questions[2].pk}": "ja",
        f"vraag_{questions[3].pk}": "nee",
    }
    assert post(client, event, **answers).status_code == 302
    stored = Registration.objects.get().answers
    assert stored[str(questions[0].pk)] == {
        "label": "Wat wilt u leren?",
        "value": "Samenwerken met de gemeente",
        "sensitive": False,
    }
    assert stored[str(questions[1].pk)]["value"] == "Verzuim"
    assert stored[str(questions[3].pk)]["sensitive"] is True


def test_confirmation_mail_is_dutch_with_calendar_file_and_manage_link(client, estafette):
    post(client, estafette, lunch="on")

    (message,) = sent_to("fatima@example.nl")
    date = timezone.localtime(estafette.start)
    month = DUTCH_MONTHS[date.month - 1]
    # The date once: not after a title that already names the month (issue 9, point 4).
    expected = f"Bevestiging aanmelding: Inspiratie-estafette maart, {date.day} {month} {date.year}"
    if month == "maart":
        expected = "Bevestiging aanmelding: Inspiratie-estafette maart"
    assert message.subject == expected
    assert message.body.startswith("Beste Fatima el Amrani,")
    assert "Gastlocatie: Van Koetsveldschool" in message.body
    assert "11.00–14.00 uur" in message.body
    assert "Lunch: ja" in message.body
    html = message.alternatives[0].content
    assert '<html lang="nl">' in html
    (ics,) = [a for a in message.attachments if a.filename.endswith(".ics")]
    text = ics.content.decode() if isinstance(ics.content, bytes) else ics.content
    assert "METHOD:PUBLISH" in text
    assert "Van Koetsveldschool" in text and "Jeugdhulp De Brug" not in text
    assert "ATTENDEE" not in text and "ORGANIZER" not in text and "RSVP" not in text

    link = re.search(r"http://testserver(/aanmelding/[^\s]+/)", message.body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "Fatima el Amrani" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"


def test_a_second_registration_creates_nothing_and_the_screen_says_the_same(client, estafette):
    first = post(client, estafette)
    first_page = client.get(first["Location"]).content.decode()
    second = post(client, estafette, email=" fatima@example.NL ", name="Fatima")
    second_page = client.get(second["Location"]).content.decode()

    assert Registration.objects.count() == 1
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", first_page) == strip.sub("", second_page)
    mails = sent_to("fatima@example.nl")
    assert [m.subject.split(":")[0] for m in mails] == [
        "Bevestiging aanmelding",
        "U bent al aangemeld",
    ]
    assert "/aanmelding/" in mails[1].body


def received_page(client, response):
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    return strip.sub("", client.get(response["Location"]).content.decode())


def test_registering_again_elsewhere_claims_nothing_and_looks_like_a_new_registration(
    client, estafette
):
    """Issue 9, point 2: the page must not say "U bent aangemeld – <new location>"."""
    school, brug = sessions_of(estafette)
    post(client, estafette)  # Fatima has a place at the school
    again = post(client, estafette, session=str(brug.pk))
    stranger = post(client, estafette, email="nieuw@example.nl", session=str(brug.pk))

    assert again.status_code == stranger.status_code == 302
    duplicate_page = received_page(client, again)
    assert duplicate_page == received_page(client, stranger)  # reveals nothing
    assert Registration.objects.get(email="fatima@example.nl").session == school
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", duplicate_page))
    assert "U bent aangemeld" not in text
    assert "Aanmelding ontvangen" in text
    assert "Uw keuze: Inspiratie-estafette maart" in text
    assert "Was dit e-mailadres al aangemeld voor deze bijeenkomst? Dan is er niets veranderd" in (
        text
    )
    (mail,) = sent_to("fatima@example.nl", "al aangemeld")
    assert "Gastlocatie: Van Koetsveldschool" in mail.body


def test_the_received_pages_show_the_time_of_the_chosen_location_or_breakout(
    client, estafette, make_event
):
    """Issue 9, point 3: not the whole event's 10.00–13.00 uur."""
    school, brug = sessions_of(estafette)
    pages = {}
    for number in range(3):  # the school has 2 places: the third is on the waitlist
        response = post(client, estafette, email=f"school{number}@example.nl")
        pages[number] = received_page(client, response)
    brug_page = received_page(client, post(client, estafette, session=str(brug.pk)))

    assert "11.00–14.00 uur</time> – Van Koetsveldschool" in pages[0]
    assert "een nieuwe aanmelding komt op de wachtlijst" in pages[2]
    assert "11.00–14.00 uur</time> – Van Koetsveldschool" in pages[2]
    assert "10.00–12.30 uur</time> – Jeugdhulp De Brug" in brug_page
    assert "10.00–13.00" not in pages[0] + pages[2] + brug_page

    workshop = make_event(
        sessions=[
            {
                "title": "Deelsessie Verzuim",
                "kind": "deelsessie",
                "start_time": "11:30",
                "end_time": "12:30",
            },
        ],
        registration={},
    )
    page = received_page(client, post(client, workshop))
    assert "11.30–12.30 uur</time> – Deelsessie Verzuim" in page
    assert "10.00–13.00" not in page


def test_full_session_without_waitlist_gives_a_clear_message(client, make_event):
    event = make_event(
        sessions=[
            {"title": "Deelsessie A", "kind": "deelsessie", "capacity": 1},
            {"title": "Deelsessie B", "kind": "deelsessie", "capacity": 1},
        ],
        registration={"waitlist": False},
    )
    first, second = sessions_of(event)
    assert post(client, event).status_code == 302
    html = client.get(event.url).content.decode()
    assert "Deelsessie A – vol</label>" in html

    response = post(client, event, email="tweede@example.nl")
    assert response.status_code == 200
    assert "Dit onderdeel is vol. Kies een ander." in response.content.decode()
    assert post(client, event, email="tweede@example.nl", session=str(second.pk)).status_code == 302

    html = client.get(event.url).content.decode()
    assert "Deze bijeenkomst is vol. Aanmelden is gesloten." in html
    assert 'action="/aanmelden/' not in html
    response = post(client, event, email="derde@example.nl", session=str(second.pk))
    assert "Deze bijeenkomst is vol. Aanmelden is gesloten." in response.content.decode()
    assert Registration.objects.count() == 2


def test_full_session_with_waitlist_puts_people_on_it(client, make_event):
    event = make_event(
        sessions=[{"title": "Deelsessie A", "kind": "deelsessie", "capacity": 1}],
        registration={"waitlist": True},
    )
    post(client, event)
    assert "vol – wachtlijst" in client.get(event.url).content.decode()
    response = post(client, event, email="tweede@example.nl")
    waitlist_page = client.get(response["Location"]).content.decode()
    assert "een nieuwe aanmelding komt op de wachtlijst" in waitlist_page
    assert Registration.objects.get(email="tweede@example.nl").status == "wachtlijst"
    (mail,) = sent_to("tweede@example.nl")
    assert mail.subject.startswith("Wachtlijst:")


def test_registration_opens_and_closes(client, make_event):
    later = make_event(registration={"opens_at": timezone.now() + timedelta(days=2)})
    html = client.get(later.url).content.decode()
    assert "Aanmelden kan vanaf" in html
    assert post(client, later).status_code == 409

    closed = make_event(registration={"closes_at": timezone.now() - timedelta(hours=1)})
    assert "Aanmelden voor deze bijeenkomst is gesloten." in client.get(closed.url).content.decode()
    response = post(client, closed)
    assert response.status_code == 409
    assert "Aanmelden voor deze bijeenkomst is gesloten." in response.content.decode()
    assert Registration.objects.count() == 0


def test_an_event_without_registration_settings_has_no_form(client, make_event):
    event = make_event()
    assert 'id="aanmelden"' not in client.get(event.url).content.decode()
    assert post(client, event).status_code == 404


def test_cancelled_event_takes_no_registrations(client, make_event):
    event = make_event(registration={})
    event.status = EventPage.Status.CANCELLED
    event = publish(event)
    assert "deze bijeenkomst is geannuleerd" in client.get(event.url).content.decode().lower()
    assert post(client, event).status_code == 409


def test_honeypot_and_rate_limit_refuse_in_dutch(client, estafette, settings):
    response = post(client, estafette, website_url="http://spam.example")
    assert response.status_code == 400
    assert Registration.objects.count() == 0

    settings.FORM_RATE_LIMIT = 2
    assert post(client, estafette, email="a@example.nl").status_code == 302
    assert post(client, estafette, email="b@example.nl").status_code == 302
    response = post(client, estafette, email="c@example.nl")
    assert response.status_code == 429
    assert "Probeer het over 10 minuten opnieuw" in response.content.decode()
    assert Registration.objects.count() == 2


def test_names_and_remarks_are_escaped_everywhere(client, estafette):
    evil = '<script>alert("x")</script>'
    post(client, estafette, name=evil, remarks=evil, organisation=evil)
    (message,) = sent_to("fatima@example.nl")
    assert evil not in message.alternatives[0].content
    assert "&lt;script&gt;" in message.alternatives[0].content
    assert message.body.startswith(f"Beste {evil},")  # plain text is not HTML
    link = re.search(r"http://testserver(/aanmelding/[^\s]+/)", message.body).group(1)
    html = client.get(link).content.decode()
    assert evil not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html

    response = post(client, estafette, name=evil, email="fout")
    assert evil not in response.content.decode()


def test_agenda_cards_show_places_left_in_a_fixed_number_of_queries(
    client, agenda, make_event, django_assert_max_num_queries
):
    full = make_event(
        title="Volle werksessie",
        sessions=[{"title": "Groep", "kind": "deelsessie", "capacity": 1}],
        registration={"waitlist": True},
        start=days_from_now(3),
    )
    post(client, full)
    make_event(
        title="Ruime werksessie",
        sessions=[{"title": "Groep", "kind": "deelsessie", "capacity": 3}],
        registration={},
        start=days_from_now(4),
    )
    html = client.get(agenda.url).content.decode()
    assert "vol – wachtlijst" in html
    assert "nog 3 plaatsen" in html

    client.get(agenda.url)
    with django_assert_max_num_queries(60) as few:
        client.get(agenda.url)
    for number in range(6):
        make_event(
            sessions=[{"title": "Groep", "kind": "deelsessie", "capacity": 5}],
            registration={},
            start=days_from_now(5 + number),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(agenda.url)


def test_registration_settings_are_unique_per_event(make_event):
    event = make_event(registration={})
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationSettings.objects.create(event=event, capacity=10)
    assert RegistrationSettings.objects.get(event=event).capacity is None


def test_wrong_or_forged_manage_links_show_a_dutch_404(client, estafette):
    post(client, estafette)
    registration = Registration.objects.get()
    token = registration.manage_url().rsplit("/aanmelding/", 1)[1].strip("/")
    pk, signature = token.split(".", 1)
    other = f"{registration.pk + 1}.{signature}"
    tampered = f"{pk}.{signature[:-2]}xx"
    for bad in (other, tampered, pk, "abc", "1.2.3"):
        response = client.get(f"/aanmelding/{bad}/")
        assert response.status_code == 404
        assert "Deze link werkt niet" in response.content.decode()
    page = client.get(f"/aanmelding/{token}/")
    assert page.status_code == 200
    assert "Fatima el Amrani" in page.content.decode()
    django_mail.outbox.clear()


def test_a_colleague_is_told_who_registered_them_and_gets_only_their_own_answers(client, estafette):
    """Issue 9, point 6."""
    response = post(
        client,
        estafette,
        lunch="on",
        dietary="Halal",
        accessibility="Rolstoel",
        remarks="Ik kom met de trein.",
        wants_report="on",
        **{"collega-0-name": "Pieter Jansen", "collega-0-email": "pieter@example.nl"},
    )
    assert response.status_code == 302

    colleague = Registration.objects.get(email="pieter@example.nl")
    assert (colleague.lunch, colleague.dietary, colleague.accessibility) == (False, "", "")
    assert (colleague.remarks, colleague.wants_report) == ("", False)
    (mail,) = sent_to("pieter@example.nl")
    assert mail.body.startswith("Beste Pieter Jansen,")
    assert "Fatima el Amrani heeft u voor deze bijeenkomst aangemeld." in mail.body
    assert "Lunch: nee" in mail.body
    assert "Halal" not in mail.body and "Rolstoel" not in mail.body
    assert "Fatima el Amrani heeft u voor deze bijeenkomst aangemeld." in (
        mail.alternatives[0].content
    )
    link = re.search(r"http://testserver(/aanmelding/[^\s]+/)", mail.body).group(1)
    page = client.get(link).content.decode()
    assert "<dt>Aangemeld door</dt><dd>Fatima el Amrani</dd>" in page
    assert "Halal" not in page
