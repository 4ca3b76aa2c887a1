"""AVG: consent, retention, erasing sensitive answers, export and erase per address (point 17)."""

import base64
import json
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from registrations import services, tasks
from registrations.models import Invitation, Registration
from website.models import OutgoingMail, SiteSettings

from .conftest import outbox, person, sessions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_event(estafette):
    """The estafette with three registrations, as it is after the event."""
    school, brug = sessions_of(estafette)
    registrations = [
        services.register(
            estafette,
            person(
                1,
                session=school,
                lunch=True,
                dietary="Halal",
                accessibility="Rolstoel",
                job_title="Intern begeleider",
                remarks="Ik kom iets later, na de ouderavond",
                answers={
                    "1": {"label": "Gebedsruimte?", "value": "ja", "sensitive": True},
                    "2": {"label": "Wat wilt u leren?", "value": "Veel", "sensitive": False},
                },
            ),
            privacy_version="2026-1",
        ).registration,
        services.register(estafette, person(2, session=school)).registration,
        services.register(estafette, person(3, session=brug)).registration,
    ]
    return estafette, registrations


# What the first registrant of ``past_event`` gave: none of it may be left after erasure.
TRACES = (
    "Deelnemer 1",
    "deelnemer1@example.nl",
    "Intern begeleider",
    "Rolstoel",
    "Halal",
    "Ik kom iets later",
    "Gebedsruimte",
)


@pytest.mark.parametrize("model", [Registration, Invitation, OutgoingMail])
def test_every_field_is_marked_personal_or_not(model):
    """A new field fails here until it is put in PERSONAL_FIELDS or NOT_PERSONAL."""
    fields = sorted(field.name for field in model._meta.concrete_fields)
    assert sorted(model.PERSONAL_FIELDS + model.NOT_PERSONAL) == fields


def blank(model, name):
    return model._meta.get_field(name).get_default()


def personal_values(row):
    """The personal fields of ``row`` as text, attachments decoded."""
    values = {}
    for name in type(row).PERSONAL_FIELDS:
        value = getattr(row, name)
        if name == "attachments":
            value = [
                [item.get("filename", ""), base64.b64decode(item.get("content", "")).decode()]
                for item in value
            ]
        values[name] = json.dumps(value, ensure_ascii=False, default=str)
    return values


def traces_left():
    """(model, pk, field, trace) for every personal field anywhere still holding a trace."""
    return [
        (type(row).__name__, row.pk, name, trace)
        for model in (Registration, Invitation, OutgoingMail)
        for row in model.objects.all()
        for name, text in personal_values(row).items()
        for trace in TRACES
        if trace in text
    ]


def assert_anonymised(registration):
    registration.refresh_from_db()
    assert {name: getattr(registration, name) for name in Registration.PERSONAL_FIELDS} == {
        name: blank(Registration, name) for name in Registration.PERSONAL_FIELDS
    }
    assert registration.anonymised_at is not None
    # Its mails are gone, or emptied when a worker was sending one at that moment.
    for mail in OutgoingMail.objects.filter(key__startswith=f"registration:{registration.pk}:"):
        assert mail.status == OutgoingMail.Status.SENDING
        assert_emptied(mail)


def assert_emptied(mail):
    assert {name: getattr(mail, name) for name in OutgoingMail.PERSONAL_FIELDS} == {
        name: blank(OutgoingMail, name) for name in OutgoingMail.PERSONAL_FIELDS
    }


def test_the_fixture_fills_every_personal_field(past_event):
    """The erasure tests below only prove something for fields that held data."""
    _, (first, *_) = past_event
    for name in Registration.PERSONAL_FIELDS:
        assert getattr(first, name) != blank(Registration, name), name
    assert {trace for *_, trace in traces_left()} == set(TRACES)


def test_anonymising_blanks_every_personal_field_and_removes_the_mails(past_event, settings):
    event, (first, *_) = past_event
    token = first.token_nonce
    settings.REGISTRATION_RETENTION_DAYS = 30

    services.anonymise_past_registrations(now=event.end + timedelta(days=31))

    assert_anonymised(first)
    assert first.token_nonce != token
    assert first.lunch is True  # kept for the counts
    assert traces_left() == []


def test_erasing_an_address_blanks_every_personal_field_everywhere(past_event, make_event):
    _, (first, *_) = past_event
    workshop = make_event(registration={"invitation_only": True})
    services.invite(
        workshop, ["deelnemer1@example.nl"], message="Graag tot dan, Rolstoel staat klaar"
    )
    (confirmation,) = outbox(first.email, "confirmation")
    # A worker is sending the confirmation right now: it cannot be called back, only emptied.
    OutgoingMail.objects.filter(pk=confirmation.pk).update(status=OutgoingMail.Status.SENDING)

    services.erase_person("deelnemer1@example.nl")

    assert_anonymised(first)
    assert not Invitation.objects.filter(event=workshop).exists()
    (emptied,) = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENDING)
    assert emptied.pk == confirmation.pk
    assert_emptied(emptied)
    assert traces_left() == []


def test_consent_stores_the_moment_and_the_current_statement_version(client, estafette, home):
    """Consent given on the form, with the version the site's settings name, and
    colleagues registered along get no consent they never gave."""
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.privacy_statement_version = "2026-3"
    site_settings.save()
    moment = timezone.now().replace(microsecond=0)
    with time_machine.travel(moment, tick=False):
        client.post(
            reverse("registrations:register", args=[estafette.pk]),
            {
                "name": "Fatima el Amrani",
                "email": "fatima@example.nl",
                "organisation": "SWV Amsterdam-Diemen",
                "consent": "on",
                "session": str(sessions_of(estafette)[1].pk),
                "collega-TOTAL_FORMS": "5",
                "collega-INITIAL_FORMS": "0",
                "collega-0-name": "Joost Visser",
                "collega-0-email": "joost@example.nl",
            },
        )
    main = Registration.objects.get(email="fatima@example.nl")
    colleague = Registration.objects.get(email="joost@example.nl")
    assert (main.consent_at, main.privacy_version) == (moment, "2026-3")
    assert (colleague.consent_at, colleague.privacy_version) == (None, "")
    assert colleague.registered_by == main
    assert colleague.source == Registration.Source.COLLEAGUE


def test_sensitive_answers_are_erased_a_week_after_the_event(past_event):
    event, (first, *_) = past_event
    assert services.erase_sensitive_answers(now=event.end + timedelta(days=6)) == 0
    assert services.erase_sensitive_answers(now=event.end + timedelta(days=8)) == 3
    first.refresh_from_db()
    assert (first.dietary, first.accessibility) == ("", "")
    assert first.lunch is True  # counting lunches is not sensitive
    assert list(first.answers) == ["2"]
    assert first.name == "Deelnemer 1"  # the rest stays until the retention time
    assert services.erase_sensitive_answers(now=event.end + timedelta(days=9)) == 0


def test_personal_data_is_anonymised_after_the_retention_time_keeping_counts(
    past_event, client, settings
):
    event, registrations = past_event
    link = registrations[0].manage_url().removeprefix("http://testserver")
    settings.REGISTRATION_RETENTION_DAYS = 30
    assert services.anonymise_past_registrations(now=event.end + timedelta(days=29)) == 0
    assert services.anonymise_past_registrations(now=event.end + timedelta(days=31)) == 3

    rows = Registration.objects.filter(event=event)
    assert rows.count() == 3
    assert services.place_counts([event.pk])[event.pk][None] == 3  # counts stay
    for registration in rows:
        assert (registration.name, registration.email, registration.organisation) == ("", "", "")
        assert registration.answers == {} and registration.dietary == ""
        assert registration.anonymised_at is not None
    assert client.get(link).status_code == 404  # the personal link is revoked


def test_retention_deletes_the_mails_about_the_registrations_and_invitations(
    past_event, make_event, settings
):
    event, _registrations = past_event
    services.invite(event, ["genodigde@example.nl"])
    later = make_event(registration={})
    services.register(later, person(1))  # the same person, for an event still to come
    assert OutgoingMail.objects.filter(to="deelnemer1@example.nl").count() == 2
    OutgoingMail.objects.update(status=OutgoingMail.Status.SENT)
    assert OutgoingMail.objects.filter(to__startswith="deelnemer").count() == 4
    settings.REGISTRATION_RETENTION_DAYS = 30

    services.anonymise_past_registrations(now=event.end + timedelta(days=31))

    # Only the mail about the registration for the coming event is left.
    (left,) = OutgoingMail.objects.all()
    assert left.to == "deelnemer1@example.nl"
    assert left.key.startswith(f"registration:{later.registrations.get().pk}:")


def test_retention_tasks_use_the_settings(past_event, settings):
    event, _ = past_event
    settings.REGISTRATION_SENSITIVE_RETENTION_DAYS = 0
    settings.REGISTRATION_RETENTION_DAYS = 0
    assert tasks.erase_sensitive_answers.call() == 0
    event.__class__.objects.filter(pk=event.pk).update(
        start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
    )
    assert tasks.erase_sensitive_answers.call() == 3
    assert tasks.anonymise_past_registrations.call() == 3


def test_export_and_erase_everything_about_one_address(past_event):
    event, (first, second, _) = past_event
    data = services.export_person("Deelnemer1@example.nl ")
    (row,) = data["registrations"]
    assert row["name"] == "Deelnemer 1"
    assert row["dietary"] == "Halal"
    assert row["answers"] == {"Gebedsruimte?": "ja", "Wat wilt u leren?": "Veel"}
    assert row["privacy_version"] == "2026-1"

    # Someone waits for the school; erasing the first person frees their place.
    waiting = services.register(event, person(4, session=first.session)).registration
    assert waiting.status == "wachtlijst"
    assert services.erase_person("deelnemer1@example.nl") == 1
    assert services.export_person("deelnemer1@example.nl")["registrations"] == []
    first.refresh_from_db()
    assert first.status == "geannuleerd" and first.email == ""
    waiting.refresh_from_db()
    assert waiting.status in ("aangeboden", "bevestigd")
    assert outbox("deelnemer1@example.nl", "cancelled") == []


def test_erasing_removes_every_mail_to_the_address_and_cancels_waiting_ones(past_event, make_event):
    from django.core import mail as django_mail

    from website.mail import deliver

    event, (first, *_) = past_event
    invitation_only = make_event(registration={"invitation_only": True})
    services.invite(invitation_only, ["deelnemer1@example.nl"])
    OutgoingMail.objects.update(status=OutgoingMail.Status.SENT)
    # A mail still waiting to go out (a reminder, say) when the person asks to be erased.
    waiting = services.send_mail(first, "registration_reminder", "reminder")
    assert waiting.status == OutgoingMail.Status.QUEUED
    assert {m.purpose for m in OutgoingMail.objects.filter(to="deelnemer1@example.nl")} == {
        "registrations.confirmation",
        "registrations.invitation",
        "registrations.reminder",
    }

    data = services.export_person("deelnemer1@example.nl")
    statuses = sorted(str(m["status"]) for m in data["mails"])
    labels = OutgoingMail.Status
    assert statuses == sorted([str(labels.SENT.label)] * 2 + [str(labels.QUEUED.label)])
    assert any("Deelnemer 1" in m["text"] for m in data["mails"])
    assert any(name.endswith(".ics") for m in data["mails"] for name in m["attachments"])

    services.erase_person("deelnemer1@example.nl")

    assert not OutgoingMail.objects.filter(to="deelnemer1@example.nl").exists()
    assert deliver(waiting.pk) is None  # the waiting mail is never sent
    assert django_mail.outbox == []
    assert OutgoingMail.objects.filter(to="deelnemer2@example.nl").exists()
    assert services.export_person("deelnemer1@example.nl")["mails"] == []


def test_a_mail_being_sent_during_erasure_keeps_nothing_personal(past_event):
    _, (first, *_) = past_event
    (mail,) = outbox(first.email, "confirmation")
    # A worker has claimed the row and is talking to the mail service right now.
    OutgoingMail.objects.filter(pk=mail.pk).update(status=OutgoingMail.Status.SENDING)
    in_flight = OutgoingMail.objects.get(pk=mail.pk)

    services.erase_person(first.email)

    row = OutgoingMail.objects.get(pk=mail.pk)
    assert (row.to, row.subject, row.body_text, row.body_html, row.attachments) == (
        "",
        "",
        "",
        "",
        [],
    )
    # The worker finishes as website.mail.deliver does: it records only the outcome.
    in_flight.status = OutgoingMail.Status.SENT
    in_flight.save(update_fields=["status", "sent_at", "last_error"])
    row.refresh_from_db()
    assert row.status == "sent" and row.to == "" and row.body_text == ""
    # The next erasure (or retention run) deletes the empty row.
    services.erase_person("iemand.anders@example.nl")
    assert not OutgoingMail.objects.filter(pk=mail.pk).exists()
