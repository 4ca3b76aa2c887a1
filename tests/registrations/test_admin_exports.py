"""Exports to CSV and XLSX (point 11): the organiser's data, safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from registrations import exports, services
from registrations.models import Registration, RegistrationQuestion

from .admin_support import *  # noqa: F403  (fixtures)
from .admin_support import assign
from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db

# OWASP's list of characters that make a spreadsheet read a cell as a formula.
DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\n"]
PAYLOAD = "cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", DANGEROUS)
def test_neutralise_prefixes_every_formula_start(start):
    assert exports.neutralise(start + PAYLOAD) == "'" + start + PAYLOAD


@pytest.mark.parametrize(
    "value", ["Anna de Vries", "", "'al geciteerd", " =met spatie", "3 = drie", "a+b", None]
)
def test_neutralise_leaves_ordinary_text_alone(value):
    assert exports.neutralise(value) == ("" if value is None else value)


def export(client, event, file_format, query=""):
    url = reverse(f"registrations_admin:export_{file_format}", kwargs={"event_id": event.pk})
    response = client.get(url + query)
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    return response


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel needs the BOM to read UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response):
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [[cell.value or "" for cell in row] for row in sheet.iter_rows()]


def cell(rows, header, name):
    column = rows[0].index(header)
    return next(row[column] for row in rows[1:] if row[0] == name)


# Where each dangerous value goes: (registrant's e-mail, field, column header).
PLACES = [
    ("deelnemer1@example.nl", "remarks", "Opmerkingen"),
    ("deelnemer1@example.nl", "job_title", "Functie"),
    ("deelnemer1@example.nl", "accessibility", "Toegankelijkheidswensen"),
    ("deelnemer2@example.nl", "remarks", "Opmerkingen"),
    ("deelnemer2@example.nl", "job_title", "Functie"),
    ("deelnemer2@example.nl", "organisation", "Organisatie"),
    ("deelnemer3@example.nl", "remarks", "Opmerkingen"),
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_each_formula_start_is_neutralised_in_both_files(
    client, full_estafette, organiser, file_format
):
    # Whatever path a value took into the database, the export neutralises it.
    for start, (email, field, _header) in zip(DANGEROUS, PLACES, strict=True):
        Registration.objects.filter(email=email).update(**{field: start + PAYLOAD})
    client.force_login(organiser)
    response = export(client, full_estafette, file_format)
    if file_format == "csv":
        rows = read_csv(response)
    else:
        sheet, rows = read_xlsx(response)
        assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row if c.value)
    emails = {row[rows[0].index("E-mail")]: row[0] for row in rows[1:]}
    for start, (email, _field, header) in zip(DANGEROUS, PLACES, strict=True):
        expected = "'" + start + PAYLOAD
        value = cell(rows, header, emails[email])
        if file_format == "xlsx":
            # Some XML readers (openpyxl without lxml) turn a carriage return into a line
            # feed, others keep it; either way the apostrophe stays first.
            expected, value = expected.replace("\r", "\n"), value.replace("\r", "\n")
        assert value == expected, repr(start)


def test_csv_export_has_dutch_headers_every_column_and_neutralised_answers(
    client, full_estafette, organiser
):
    client.force_login(organiser)
    rows = read_csv(export(client, full_estafette, "csv"))
    header = rows[0]
    for column in ("Naam", "E-mail", "Organisatie", "Onderdeel", "Status", "Lunch"):
        assert column in header
    assert "Dieetwensen" in header
    names = [row[0] for row in rows[1:]]
    # Default filter: the active registrations (three confirmed, one waiting).
    assert sorted(names) == ["Anna de Vries", "Bram Bakker", "Chris Jansen", "Dewi Pinas"]
    assert cell(rows, "Organisatie", "Dewi Pinas") == '\'=HYPERLINK("x")'
    assert cell(rows, "Status", "Chris Jansen") == "op de wachtlijst"
    assert cell(rows, "Dieetwensen", "Anna de Vries") == "vegetarisch"
    assert cell(rows, "Onderdeel", "Dewi Pinas") == "Jeugdhulp De Brug"


def test_exports_follow_the_listing_filters(client, full_estafette, organiser):
    client.force_login(organiser)
    rows = read_csv(export(client, full_estafette, "csv", "?status=wachtlijst"))
    assert [row[0] for row in rows[1:]] == ["Chris Jansen"]
    second = sessions_of(full_estafette)[1]
    _, rows = read_xlsx(export(client, full_estafette, "xlsx", f"?onderdeel={second.pk}"))
    assert [row[0] for row in rows[1:]] == ["Dewi Pinas"]


def test_extra_questions_become_columns(client, make_event, organiser):
    event = make_event(
        registration={},
        questions=[
            {"label": "Eerder deelgenomen?", "kind": RegistrationQuestion.Kind.YES_NO},
            {"label": "Wat wil je leren?", "kind": RegistrationQuestion.Kind.TEXT},
        ],
    )
    questions = list(RegistrationQuestion.objects.filter(event_id=event.pk).order_by("pk"))
    answers = {
        str(questions[0].pk): {"label": questions[0].label, "value": "ja", "sensitive": False},
        str(questions[1].pk): {
            "label": questions[1].label,
            "value": "@SUM(A1)",
            "sensitive": False,
        },
    }
    services.register(event, person(7, name="Gijs Mulder", answers=answers))
    assign(event, organiser)
    client.force_login(organiser)
    _, rows = read_xlsx(export(client, event, "xlsx"))
    assert cell(rows, "Eerder deelgenomen?", "Gijs Mulder") == "ja"
    assert cell(rows, "Wat wil je leren?", "Gijs Mulder") == "'@SUM(A1)"


def test_xlsx_drops_characters_the_format_cannot_hold(client, full_estafette, organiser):
    Registration.objects.filter(email="deelnemer2@example.nl").update(remarks="bel\x07 mij")
    client.force_login(organiser)
    _, rows = read_xlsx(export(client, full_estafette, "xlsx"))
    assert cell(rows, "Opmerkingen", "Bram Bakker") == "bel mij"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_control_character_cannot_hide_a_formula(client, full_estafette, organiser, file_format):
    Registration.objects.filter(email="deelnemer2@example.nl").update(
        remarks='\x01\x02=HYPERLINK("http://evil.example")'
    )
    client.force_login(organiser)
    response = export(client, full_estafette, file_format)
    rows = read_csv(response) if file_format == "csv" else read_xlsx(response)[1]
    assert cell(rows, "Opmerkingen", "Bram Bakker") == '\'=HYPERLINK("http://evil.example")'


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_question_label_cannot_put_a_formula_in_the_header(
    client, make_event, organiser, file_format
):
    # An editor's question label becomes a column header: it is neutralised like any cell.
    label = '=HYPERLINK("http://evil.example")'
    event = make_event(registration={}, questions=[{"label": label}])
    services.register(event, person(8, name="Hanna Smit"))
    assign(event, organiser)
    client.force_login(organiser)
    response = export(client, event, file_format)
    header = (read_csv(response) if file_format == "csv" else read_xlsx(response)[1])[0]
    after_remarks = header.index("Opmerkingen") + 1
    assert header[after_remarks : after_remarks + 2] == ["'" + label, "Wil het verslag"]
