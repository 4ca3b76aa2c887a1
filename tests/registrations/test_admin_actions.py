"""What organisers do per event (point 11): listing and filters, presence list, attendance,
adding and moving registrations, cancelling, and messages to registrants."""

import re

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from registrations import organiser as organiser_service
from registrations import services
from registrations.models import Registration
from website.models import OutgoingMail

from .admin_support import *  # noqa: F403  (fixtures)
from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db


def url(event, name, **kwargs):
    return reverse(f"registrations_admin:{name}", kwargs={"event_id": event.pk, **kwargs})


def by_email(email):
    return Registration.objects.get(email=email)


def listed_names(html):
    return re.findall(r'<a href="/admin/aanmeldingen/\d+/\d+/">([^<]+)</a>', html)


# -- listing -------------------------------------------------------------------------------


def test_listing_shows_counts_per_session_and_the_active_registrations(
    client, full_estafette, organiser
):
    client.force_login(organiser)
    html = client.get(url(full_estafette, "event")).content.decode()
    assert "2 van 2 plaatsen bezet" in html  # Van Koetsveldschool
    assert "1 op de wachtlijst" in html
    assert "1 van 10 plaatsen bezet" in html  # Jeugdhulp De Brug
    assert "3 van 12 plaatsen bezet" in html  # the whole event
    assert listed_names(html) == ["Anna de Vries", "Bram Bakker", "Chris Jansen", "Dewi Pinas"]
    assert "4 aanmeldingen getoond." in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=wachtlijst", ["Chris Jansen"]),
        ("?status=bevestigd", ["Anna de Vries", "Bram Bakker", "Dewi Pinas"]),
        ("?q=bakker", ["Bram Bakker"]),
        ("?q=DEELNEMER4@example", ["Dewi Pinas"]),  # e-mail, any case
        ("?q=hyperlink", ["Dewi Pinas"]),  # organisation
        ("?q=niemand", []),
    ],
)
def test_listing_filters_by_status_and_searches_name_email_and_organisation(
    client, full_estafette, organiser, query, expected
):
    client.force_login(organiser)
    html = client.get(url(full_estafette, "event") + query).content.decode()
    assert listed_names(html) == expected


def test_listing_filters_by_session_and_can_show_cancelled(client, full_estafette, organiser):
    first, second = sessions_of(full_estafette)
    services.cancel(by_email("deelnemer4@example.nl"))
    client.force_login(organiser)
    html = client.get(url(full_estafette, "event") + f"?onderdeel={first.pk}").content.decode()
    assert listed_names(html) == ["Anna de Vries", "Bram Bakker", "Chris Jansen"]
    html = client.get(url(full_estafette, "event") + f"?onderdeel={second.pk}").content.decode()
    assert listed_names(html) == []
    html = client.get(
        url(full_estafette, "event") + f"?onderdeel={second.pk}&status="
    ).content.decode()
    assert listed_names(html) == ["Dewi Pinas"]


def test_listing_escapes_what_participants_typed(client, full_estafette, organiser):
    Registration.objects.filter(email="deelnemer1@example.nl").update(
        name="<script>alert(1)</script>", organisation="<b>Vet</b>"
    )
    client.force_login(organiser)
    for name in ("event", "presence", "attendance", "message"):
        html = client.get(url(full_estafette, name)).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<b>Vet</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_listing_query_count_does_not_grow_with_registrations(
    client, full_estafette, organiser, django_assert_max_num_queries
):
    client.force_login(organiser)
    page = url(full_estafette, "event")
    client.get(page)  # warm up caches (site, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(page)
    second = sessions_of(full_estafette)[1]
    for number in range(10, 22):
        services.register(full_estafette, person(number, session=second))
    with CaptureQueriesContext(connection) as many:
        client.get(page)
    assert len(many) == len(few)


# -- presence list --------------------------------------------------------------------------


def test_presence_list_per_session_sorted_by_name_with_a_signature_column(
    client, full_estafette, organiser
):
    first, _second = sessions_of(full_estafette)
    services.register(full_estafette, person(9, name="Ällen Aalders", session=first))  # waitlist
    Registration.objects.filter(email="deelnemer2@example.nl").update(name="bram bakker")
    client.force_login(organiser)
    response = client.get(url(full_estafette, "presence") + f"?onderdeel={first.pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html and html.count("<h1>") == 1
    assert "registrations/presence_list.css" in html
    assert "Handtekening" in html and "Organisatie" in html
    assert "Van Koetsveldschool" in html and "Jeugdhulp De Brug" not in html
    rows = re.findall(r"<td>([^<]+)</td>\s*<td>([^<]*)</td>\s*<td class=\"signature\">", html)
    # Only confirmed people, by name whatever the case; the waitlist is not on it.
    assert rows == [
        ("Anna de Vries", "Basisschool De Regenboog"),
        ("bram bakker", "Basisschool De Regenboog"),
    ]
    assert re.search(r"\b\w+dag \d{1,2} \w+ \d{4}, 11\.00–14\.00 uur", html)  # the Dutch date


def test_presence_list_without_session_has_one_page_per_session(client, full_estafette, organiser):
    client.force_login(organiser)
    html = client.get(url(full_estafette, "presence")).content.decode()
    assert html.count('class="sheet"') == 2
    assert "Dewi Pinas" in html and "Anna de Vries" in html
    css = (
        __import__("pathlib")
        .Path("registrations/static/registrations/presence_list.css")
        .read_text()
    )
    assert "@media print" in css and "break-before: page" in css


def test_presence_list_of_an_unknown_session_is_404(client, full_estafette, organiser):
    client.force_login(organiser)
    response = client.get(url(full_estafette, "presence") + "?onderdeel=987654")
    assert response.status_code == 404


# -- attendance -----------------------------------------------------------------------------


def test_attendance_is_saved_in_one_post(client, full_estafette, organiser, make_event):
    anna, bram, dewi = (by_email(f"deelnemer{n}@example.nl") for n in (1, 2, 4))
    chris = by_email("deelnemer3@example.nl")  # waitlisted: never on the list
    elsewhere = make_event(registration={})
    stranger = services.register(elsewhere, person(8)).registration
    client.force_login(organiser)
    html = client.get(url(full_estafette, "attendance")).content.decode()
    assert f'value="{chris.pk}"' not in html
    response = client.post(
        url(full_estafette, "attendance"),
        {
            "getoond": [anna.pk, bram.pk, dewi.pk, stranger.pk, chris.pk],
            "aanwezig": [anna.pk, dewi.pk, stranger.pk, chris.pk],
        },
        follow=True,
    )
    assert "Aanwezigheid opgeslagen: 2 aanwezig, 1 afwezig." in response.content.decode()
    attended = dict(Registration.objects.values_list("email", "attended"))
    assert attended["deelnemer1@example.nl"] is True
    assert attended["deelnemer2@example.nl"] is False
    assert attended["deelnemer4@example.nl"] is True
    assert attended["deelnemer3@example.nl"] is None  # not confirmed
    assert attended["deelnemer8@example.nl"] is None  # another event's registration
    log = PageLogEntry.objects.get(page=full_estafette, action="registrations.attendance")
    assert log.user == organiser
    assert log.message == "Aanwezigheid bijgehouden: 2 aanwezig, 1 afwezig"


# -- adding by hand -------------------------------------------------------------------------


def add_data(event, **fields):
    _first, second = sessions_of(event)
    data = {
        "name": "Hanneke Bos",
        "email": "Hanneke@Example.nl",
        "organisation": "",
        "session": str(second.pk),
    }
    data.update(fields)
    return data


def test_organiser_adds_a_registration_through_the_services(
    client, full_estafette, organiser, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    assert client.get(url(full_estafette, "add")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(full_estafette, "add"), add_data(full_estafette))
    assert response.status_code == 302
    added = by_email("hanneke@example.nl")
    assert added.status == Registration.Status.CONFIRMED
    assert added.source == Registration.Source.ADMIN
    assert added.consent_at is None  # the organiser added them: no consent was asked
    log = ModelLogEntry.objects.get(action="registrations.added", object_id=str(added.pk))
    assert log.user == organiser
    assert "Hanneke" not in log.label  # no personal data in the log
    confirmation = [m for m in django_mail.outbox if "hanneke@example.nl" in m.to]
    assert len(confirmation) == 1
    messages = client.get(url(full_estafette, "event")).content.decode()
    assert "Hanneke Bos is aangemeld." in messages


def test_adding_to_a_full_session_puts_the_person_on_the_waitlist(
    client, full_estafette, organiser
):
    first, _second = sessions_of(full_estafette)
    client.force_login(organiser)
    response = client.post(
        url(full_estafette, "add"), add_data(full_estafette, session=str(first.pk)), follow=True
    )
    assert by_email("hanneke@example.nl").status == Registration.Status.WAITLISTED
    assert "Vol: Hanneke Bos staat op de wachtlijst." in response.content.decode()


def test_adding_an_address_that_is_registered_gives_an_error(client, full_estafette, organiser):
    client.force_login(organiser)
    response = client.post(
        url(full_estafette, "add"), add_data(full_estafette, email="Deelnemer1@example.nl")
    )
    assert response.status_code == 400
    assert "Dit adres is al aangemeld voor deze bijeenkomst." in response.content.decode()
    assert Registration.objects.filter(email="deelnemer1@example.nl").count() == 1
    # Nothing typed is lost.
    assert 'value="Hanneke Bos"' in response.content.decode()


def test_adding_needs_a_name_and_a_session(client, full_estafette, organiser):
    client.force_login(organiser)
    response = client.post(url(full_estafette, "add"), {"name": "", "email": "x@example.nl"})
    assert response.status_code == 400
    assert not Registration.objects.filter(email="x@example.nl").exists()


# -- moving ---------------------------------------------------------------------------------


def test_move_to_a_session_with_room(client, full_estafette, organiser):
    first, second = sessions_of(full_estafette)
    anna = by_email("deelnemer1@example.nl")
    client.force_login(organiser)
    detail = client.get(url(full_estafette, "registration", registration_id=anna.pk))
    assert "vegetarisch" in detail.content.decode()
    response = client.post(
        url(full_estafette, "move", registration_id=anna.pk), {"session": second.pk}
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.session_id == second.pk
    # Anna's place at the first location went to Chris, who was waiting.
    assert by_email("deelnemer3@example.nl").status in (
        Registration.Status.CONFIRMED,
        Registration.Status.OFFERED,
    )
    assert ModelLogEntry.objects.filter(
        action="registrations.moved", object_id=str(anna.pk), user=organiser
    ).exists()


def test_moving_into_a_full_session_asks_for_explicit_confirmation(
    client, full_estafette, organiser
):
    first, _second = sessions_of(full_estafette)
    dewi = by_email("deelnemer4@example.nl")
    move = url(full_estafette, "move", registration_id=dewi.pk)
    client.force_login(organiser)

    response = client.post(move, {"session": first.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Van Koetsveldschool is vol: 2 van 2 plaatsen zijn bezet." in html
    assert 'name="bevestigd"' in html
    dewi.refresh_from_db()
    assert dewi.session_id != first.pk

    # "force" alone is not enough: the confirmation box must be ticked.
    client.post(move, {"session": first.pk, "force": "on"})
    dewi.refresh_from_db()
    assert dewi.session_id != first.pk

    response = client.post(move, {"session": first.pk, "force": "on", "bevestigd": "ja"})
    assert response.status_code == 302
    dewi.refresh_from_db()
    assert dewi.session_id == first.pk
    counts = organiser_service.session_counts(
        full_estafette, sessions_of(full_estafette), services.get_settings(full_estafette)
    )
    assert counts[0].taken == 3 and counts[0].overbooked
    log = ModelLogEntry.objects.get(action="registrations.moved", object_id=str(dewi.pk))
    assert log.data["forced"] is True


# -- cancelling -----------------------------------------------------------------------------


def test_organiser_cancels_and_the_place_goes_to_the_waitlist(
    client, full_estafette, organiser, django_capture_on_commit_callbacks
):
    bram = by_email("deelnemer2@example.nl")
    client.force_login(organiser)
    page = url(full_estafette, "cancel", registration_id=bram.pk)
    assert "annuleren?" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page).status_code == 302
    assert by_email("deelnemer2@example.nl").status == Registration.Status.CANCELLED
    assert by_email("deelnemer3@example.nl").status != Registration.Status.WAITLISTED
    cancelled = [m for m in django_mail.outbox if "deelnemer2@example.nl" in m.to]
    assert cancelled and "organisatie" in cancelled[-1].body


# -- messages -------------------------------------------------------------------------------


def message_form(client, event, query=""):
    html = client.get(url(event, "message") + query).content.decode()
    return html, re.search(r'name="message_id" value="([^"]+)"', html).group(1)


def test_message_to_everyone_is_queued_once_per_person(
    client, full_estafette, organiser, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    html, message_id = message_form(client, full_estafette)
    assert "Iedereen die is aangemeld (4)" in html
    data = {
        "recipients": "alle",
        "subject": "Route naar de school",
        "body": "Parkeren kan achter de school.\n<b>Tot vrijdag!</b>",
        "message_id": message_id,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(full_estafette, "message"), data, follow=True)
    assert "4 berichten klaargezet om te versturen." in response.content.decode()
    rows = OutgoingMail.objects.filter(purpose="registrations.organiser_message")
    assert rows.count() == 4
    assert {row.to for row in rows} == {f"deelnemer{n}@example.nl" for n in (1, 2, 3, 4)}
    anna = rows.get(to="deelnemer1@example.nl")
    assert anna.key == f"registration:{by_email(anna.to).pk}:message:{message_id}"
    assert "Parkeren kan achter de school." in anna.body_text
    assert "&lt;b&gt;Tot vrijdag!&lt;/b&gt;" in anna.body_html  # escaped in HTML
    assert "/aanmelding/" in anna.body_text  # their own manage link
    sent = [m for m in django_mail.outbox if m.subject == "Route naar de school"]
    assert len(sent) == 4

    # The same form posted again (a double click, a reload) sends nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(full_estafette, "message"), data, follow=True)
    assert "4 personen hadden dit bericht al" in response.content.decode()
    assert rows.count() == 4
    assert len([m for m in django_mail.outbox if m.subject == "Route naar de school"]) == 4
    log = PageLogEntry.objects.get(page=full_estafette, action="registrations.message")
    assert log.data["recipients"] == 4 and log.user == organiser
    assert log.message == "Bericht “Route naar de school” verstuurd aan 4 deelnemers"


def test_message_to_selected_people_only(client, full_estafette, organiser):
    anna, dewi = by_email("deelnemer1@example.nl"), by_email("deelnemer4@example.nl")
    client.force_login(organiser)
    html, message_id = message_form(client, full_estafette, f"?aanmelding={anna.pk}")
    assert re.search(rf'value="{anna.pk}"[^>]*checked', html)
    response = client.post(
        url(full_estafette, "message"),
        {
            "recipients": "selectie",
            "selected": [anna.pk, dewi.pk],
            "subject": "Vraag",
            "body": "Kunnen jullie iets eerder komen?",
            "message_id": message_id,
        },
        follow=True,
    )
    assert "2 berichten klaargezet om te versturen." in response.content.decode()
    rows = OutgoingMail.objects.filter(purpose="registrations.organiser_message")
    assert sorted(rows.values_list("to", flat=True)) == [anna.email, dewi.email]


def test_message_to_the_waitlist_and_validation(client, full_estafette, organiser):
    client.force_login(organiser)
    _html, message_id = message_form(client, full_estafette)
    base = {"subject": "Wachtlijst", "body": "Nog even geduld.", "message_id": message_id}
    response = client.post(url(full_estafette, "message"), {**base, "recipients": "selectie"})
    assert response.status_code == 400
    assert "Vink minstens één persoon aan." in response.content.decode()
    response = client.post(url(full_estafette, "message"), {**base, "recipients": "wachtlijst"})
    assert response.status_code == 302
    rows = OutgoingMail.objects.filter(purpose="registrations.organiser_message")
    assert list(rows.values_list("to", flat=True)) == ["deelnemer3@example.nl"]


def test_erasing_a_person_removes_their_sent_messages(client, full_estafette, organiser):
    client.force_login(organiser)
    _html, message_id = message_form(client, full_estafette)
    client.post(
        url(full_estafette, "message"),
        {"recipients": "alle", "subject": "Hoi", "body": "Tekst", "message_id": message_id},
    )
    OutgoingMail.objects.update(status=OutgoingMail.Status.SENT)
    services.erase_person("deelnemer1@example.nl")
    assert not OutgoingMail.objects.filter(to="deelnemer1@example.nl").exists()
    assert OutgoingMail.objects.filter(to="deelnemer2@example.nl").exists()


def test_presence_list_of_a_hybrid_event_lists_only_people_on_site(client, make_event, organiser):
    from events.models import EventPage

    from .admin_support import assign

    event = make_event(
        attendance=EventPage.Attendance.HYBRID,
        registration={"online_link": "https://meet.example.nl/oza"},
    )
    services.register(event, person(1, name="Op Locatie"))
    services.register(event, person(2, name="Van Thuis", attendance=Registration.Attendance.ONLINE))
    assign(event, organiser)
    client.force_login(organiser)
    html = client.get(url(event, "presence")).content.decode()
    assert "Op Locatie" in html and "Van Thuis" not in html
    assert "Niet op deze lijst: 1 persoon die online meedoet." in html
    assert "meet.example.nl" not in html


def test_invitation_only_events_link_to_the_invitation_screen(client, make_event, organiser):
    from .admin_support import assign

    closed = assign(make_event(registration={"invitation_only": True}), organiser)
    open_event = assign(make_event(registration={}), organiser)
    client.force_login(organiser)
    invitations = f"/admin/aanmeldingen/{closed.pk}/uitnodigen/"
    assert invitations in client.get(url(closed, "event")).content.decode()
    assert "/uitnodigen/" not in client.get(url(open_event, "event")).content.decode()
