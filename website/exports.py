"""Spreadsheet cells that are safe to open (OWASP "CSV injection").

Whatever a visitor or participant typed ends up in the files editors and organisers
export, so every text cell that a spreadsheet would read as a formula is neutralised:
a value starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
feed gets a leading apostrophe, which spreadsheets take as "this is text". Control
characters that the XLSX format cannot hold are dropped before that check.

Used by the registrations export and by Wagtail's form-submission export
(:class:`FormSubmissionsListView`, set on ``website.models.FormPage``).
"""

from django.utils.translation import gettext
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.contrib.forms.views import SubmissionsListView

# What a spreadsheet may take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """The text of one cell, never read as a formula.

    Control characters a cell cannot hold go first: dropped after the check,
    ``"\x01=cmd"`` would have become a bare ``=cmd``.
    """
    text = "" if value is None else ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def yes_no(value):
    return gettext("Yes") if value else gettext("No")


class FormSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions listing, whose CSV and XLSX exports neutralise text cells.

    Dates and numbers stay as they are (the XLSX file keeps them typed); every text,
    the column headings (field labels) included, goes through :func:`neutralise`. A
    tick box's answer reads "Ja" or "Nee", in the listing and in the files.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context.get("data_rows", ()):
            row["fields"] = [yes_no(v) if isinstance(v, bool) else v for v in row["fields"]]
        return context

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, bool):
            return yes_no(value)
        value = super().preprocess_field_value(field, value, export_format)
        return neutralise(value) if isinstance(value, str) else value

    def get_heading(self, queryset, field):
        return neutralise(super().get_heading(queryset, field))
