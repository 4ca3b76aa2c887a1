"""Registrations as CSV and XLSX, safe to open in a spreadsheet.

Whatever a participant typed ends up in these files, so every cell goes through
``website.exports.neutralise`` (OWASP "CSV injection": a leading apostrophe on anything
a spreadsheet would read as a formula, control characters dropped first). In the XLSX
file the cells are also stored as text, never as formulas.

The CSV file uses a semicolon and starts with a byte-order mark, as Excel with Dutch
settings expects.
"""

import csv
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from registrations.models import RegistrationQuestion
from website.exports import neutralise

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    header: str
    value: object  # callable(registration) -> str


def _yes_no(value):
    if value is None:
        return ""
    return _("yes") if value else _("no")


def _moment(value):
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "j-n-Y H:i")


def _answer(question_id):
    def value(registration):
        answer = (registration.answers or {}).get(str(question_id))
        if not answer:
            return ""
        given = answer.get("value")
        if isinstance(given, bool):
            return _yes_no(given)
        if isinstance(given, list | tuple):
            return ", ".join(str(item) for item in given)
        return given

    return value


def columns(event, sessions=None, questions=None):
    """The columns of an export for ``event``: fixed ones, then its extra questions."""
    if sessions is None:
        sessions = list(event.sessions.all())
    if questions is None:
        questions = list(
            RegistrationQuestion.objects.filter(event_id=event.pk).order_by("sort_order", "pk")
        )
    result = [
        Column(_("Name"), lambda r: r.name),
        Column(_("E-mail"), lambda r: r.email),
        Column(_("Organisation"), lambda r: r.organisation),
        Column(_("Job title"), lambda r: r.job_title),
        Column(_("Region"), lambda r: r.region.name if r.region else ""),
    ]
    if sessions:
        result.append(Column(_("Session"), lambda r: r.session.display_title if r.session else ""))
    if event.attendance == event.Attendance.HYBRID:
        result.append(Column(_("Takes part"), lambda r: r.get_attendance_display()))
    result += [
        Column(_("Status"), lambda r: r.get_status_display()),
        Column(_("Lunch"), lambda r: _yes_no(r.lunch)),
        Column(_("Dietary requirements"), lambda r: r.dietary),
        Column(_("Accessibility needs"), lambda r: r.accessibility),
        Column(_("Remarks"), lambda r: r.remarks),
    ]
    result += [Column(question.label, _answer(question.pk)) for question in questions]
    result += [
        Column(_("Wants the report"), lambda r: _yes_no(r.wants_report)),
        Column(_("Attended"), lambda r: _yes_no(r.attended)),
        Column(_("Registered at"), lambda r: _moment(r.created_at)),
        Column(_("Registered through"), lambda r: r.get_source_display()),
        Column(_("Privacy consent given"), lambda r: _moment(r.consent_at)),
    ]
    return result


def table(event, registrations, **kwargs):
    """Header row and data rows, every cell neutralised text."""
    cols = columns(event, **kwargs)
    header = [neutralise(column.header) for column in cols]
    rows = [[neutralise(column.value(r)) for column in cols] for r in registrations]
    return header, rows


def as_csv(event, registrations, **kwargs):
    header, rows = table(event, registrations, **kwargs)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_text(text):
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def as_xlsx(event, registrations, **kwargs):
    header, rows = table(event, registrations, **kwargs)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    for row_number, values in enumerate([header, *rows], start=1):
        for column_number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = _xlsx_text(value)
            # Text, never a formula, whatever the value looks like.
            cell.data_type = "s"
            if row_number == 1:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column_number, name in enumerate(header, start=1):
        width = max([len(name), *(len(row[column_number - 1]) for row in rows[:200])])
        sheet.column_dimensions[get_column_letter(column_number)].width = min(max(width, 8), 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filename(event, extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"aanmeldingen-{event.slug}-{stamp}.{extension}"
