"""The subscriber's forms: subscribe (footer and nieuwsbrief page), preferences, CSV import."""

import csv
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsletter.subscriptions import ImportRow, normalise_email
from website.models import Audience, Theme


class ChoicesMixin:
    def add_choice_fields(self):
        self.fields["themes"] = forms.ModelMultipleChoiceField(
            label=gettext_lazy("Themes"),
            queryset=Theme.objects.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=gettext_lazy("Choose nothing to receive everything."),
        )
        self.fields["audiences"] = forms.ModelMultipleChoiceField(
            label=gettext_lazy("I work in"),
            queryset=Audience.objects.order_by("name"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )


class SubscribeForm(ChoicesMixin, forms.Form):
    """E-mail and name; with ``full=True`` (the nieuwsbrief page) also themes and audiences."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # The path of the page the form was on, stored as evidence (source_detail).
    bron = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def __init__(self, *args, full=True, **kwargs):
        super().__init__(*args, **kwargs)
        if full:
            self.add_choice_fields()

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_bron(self):
        value = self.cleaned_data.get("bron") or ""
        return value if value.startswith("/") else ""


class PreferencesForm(ChoicesMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_choice_fields()


EMAIL_HEADERS = {"email", "e-mail", "e-mailadres", "emailadres", "mail"}
NAME_HEADERS = {"name", "naam"}
THEME_HEADERS = {"themes", "thema's", "themas", "thema"}
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ImportForm(forms.Form):
    """A CSV file (``e-mail``, optional ``naam`` and ``thema's``) plus how they consented."""

    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "A first line with the column names: e-mail (required), naam and thema's "
            "(optional; theme names or slugs separated by |). Comma or semicolon."
        ),
    )
    consent_source = forms.CharField(
        label=gettext_lazy("How did these people give their consent?"),
        max_length=255,
        help_text=gettext_lazy(
            "Stored with every address as evidence, e.g. “signed up on the attendance list "
            "of the network meeting of 12 March 2026”."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
        self.rows, errors = parse_import(text)
        if errors:
            raise ValidationError(errors)
        return upload


def _themes_by_key():
    themes = {}
    for theme in Theme.objects.all():
        themes[theme.slug.lower()] = theme
        themes[theme.name.lower()] = theme
    return themes


def parse_import(text):
    """(rows, errors): every line checked, with Dutch messages naming the line."""
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    columns = {}
    for index, cell in enumerate(header):
        for key, names in (("email", EMAIL_HEADERS), ("name", NAME_HEADERS)):
            if cell in names:
                columns.setdefault(key, index)
        if cell in THEME_HEADERS:
            columns.setdefault("themes", index)
    if "email" not in columns:
        return [], [_("The first line must name the columns, with one called “e-mail”.")]
    themes = _themes_by_key()
    rows, errors, seen = [], [], set()

    def cell(values, key):
        index = columns.get(key)
        return values[index].strip() if index is not None and index < len(values) else ""

    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        email = normalise_email(cell(values, "email"))
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                _("Line %(line)s: “%(value)s” is not a valid e-mail address.")
                % {"line": line, "value": email[:80]}
            )
            continue
        if email in seen:
            errors.append(
                _("Line %(line)s: %(email)s appears twice in the file.")
                % {"line": line, "email": email}
            )
            continue
        seen.add(email)
        row = ImportRow(line=line, email=email, name=cell(values, "name")[:150])
        for key in filter(
            None, (part.strip().lower() for part in cell(values, "themes").split("|"))
        ):
            if key not in themes:
                errors.append(
                    _("Line %(line)s: unknown theme “%(theme)s”.") % {"line": line, "theme": key}
                )
            else:
                row.themes.append(themes[key])
        rows.append(row)
    if not rows and not errors:
        errors.append(_("The file holds no addresses."))
    return rows, errors
