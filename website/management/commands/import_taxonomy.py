"""Import the network's taxonomy (regions, organisations, themes, audiences) from CSV.

The column names are the Dutch words people use in their spreadsheets; see HELP.
Every row is checked before anything is written, so a bad row is reported with its
line number and skipped while the good rows are imported.
"""

import argparse
import csv
import io
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from website.models import Audience, Organisation, Region, Theme

# One msgid per line, so each line is translated on its own and the layout survives.
HELP_LINES = (
    gettext_noop("Import regions, organisations, themes or audiences from a CSV file."),
    "",
    gettext_noop(
        'The first row names the columns, in any order. Rows are matched on the name ("naam", '
        "not case-sensitive): an existing row is updated, a new row is created."
    ),
    gettext_noop(
        "A row with an error is skipped with a message that gives its line number; the other "
        "rows are still imported."
    ),
    gettext_noop(
        'The file is UTF-8, with or without BOM; columns are separated by ";" or "," '
        "(detected automatically)."
    ),
    "",
    gettext_noop("regions:        naam, soort, onderdeel_van"),
    gettext_noop(
        "                soort: jeugdzorgregio, samenwerkingsverband, gemeente or inspiratieregio"
    ),
    gettext_noop("                onderdeel_van: the name of another region (optional)"),
    gettext_noop("organisations:  naam, soort, straat, postcode, plaats, website, regio"),
    gettext_noop(
        "                soort: school, samenwerkingsverband, gemeente, jeugdhulp or overig"
    ),
    gettext_noop("                postcode as 1234 AB; regio: the name of an existing region"),
    gettext_noop("themes:         naam, omschrijving"),
    gettext_noop("audiences:      naam"),
    "",
    gettext_noop(
        "Only naam (and soort for regions) is required. A column that is present but empty "
        "clears that field; a column that is left out keeps what is there."
    ),
    gettext_noop(
        "Without --kind the kind follows from the file name: regions.csv, organisations.csv, "
        "themes.csv or audiences.csv (or regios, organisaties, themas, doelgroepen)."
    ),
)

POSTCODE_RE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})\s*$")


class RowError(Exception):
    """A problem with one row; the row is skipped."""


@dataclass
class ImportResult:
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)

    @property
    def skipped(self):
        return len(self.errors)


@dataclass
class Row:
    line: int
    values: dict
    cleaned: dict = field(default_factory=dict)
    error: str = ""


def normalise(value):
    return " ".join((value or "").split())


def unique_slug(model, name, exclude_pk=None):
    base = slugify(name)[:140] or "item"
    slug, number = base, 2
    taken = model.objects.exclude(pk=exclude_pk).filter(slug=slug).exists
    while taken():
        slug = f"{base}-{number}"
        number += 1
        taken = model.objects.exclude(pk=exclude_pk).filter(slug=slug).exists
    return slug


def choice_lookup(choices, extra=None):
    """Map values, English labels and Dutch labels (lower case) to a choice value."""
    lookup = {}
    for value, label in choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
    lookup.update(extra or {})
    return lookup


class Kind:
    """What one kind of taxonomy row looks like in a CSV file."""

    model = None
    key = ""
    required = ("naam",)
    optional = ()

    def __init__(self):
        self.seen = {}

    @property
    def columns(self):
        return (*self.required, *self.optional)

    def label(self):
        return str(self.model._meta.verbose_name_plural).capitalize()

    def clean(self, row, header):
        """Turn a row's raw values into model field values, or raise RowError."""
        name = normalise(row.values.get("naam"))
        if not name:
            raise RowError(_("the name (naam) is empty."))
        if len(name) > 150:
            raise RowError(_("the name is longer than 150 characters."))
        earlier = self.seen.get(name.lower())
        if earlier:
            raise RowError(
                _('"%(name)s" already appears on line %(line)d.') % {"name": name, "line": earlier}
            )
        self.seen[name.lower()] = row.line
        return {"name": name}

    def prepare(self, rows):
        """Hook for checks that look at the whole file (e.g. region parents)."""

    def save(self, values):
        """Create or update one row; return "created", "updated" or "unchanged"."""
        name = values["name"]
        instance = self.model.objects.filter(name__iexact=name).first()
        if instance is None:
            instance = self.model(**values)
            instance.slug = unique_slug(self.model, name)
            instance.save()
            return "created", instance
        changed = [key for key, value in values.items() if getattr(instance, key) != value]
        if not changed:
            return "unchanged", instance
        for key in changed:
            setattr(instance, key, values[key])
        instance.save()
        return "updated", instance


class ThemeKind(Kind):
    model = Theme
    key = "themes"
    optional = ("omschrijving",)

    def clean(self, row, header):
        values = super().clean(row, header)
        if "omschrijving" in header:
            values["description"] = (row.values.get("omschrijving") or "").strip()
        return values


class AudienceKind(Kind):
    model = Audience
    key = "audiences"


class RegionKind(Kind):
    model = Region
    key = "regions"
    required = ("naam", "soort")
    optional = ("onderdeel_van",)

    def __init__(self):
        super().__init__()
        self.kinds = choice_lookup(
            Region.Kind.choices,
            {"swv": Region.Kind.SAMENWERKINGSVERBAND, "jeugdregio": Region.Kind.JEUGDZORGREGIO},
        )

    def clean(self, row, header):
        values = super().clean(row, header)
        raw_kind = normalise(row.values.get("soort"))
        kind = self.kinds.get(raw_kind.lower())
        if kind is None:
            raise RowError(
                _('unknown kind (soort) "%(value)s"; use one of: %(choices)s.')
                % {"value": raw_kind, "choices": ", ".join(Region.Kind.values)}
            )
        values["kind"] = kind
        if "onderdeel_van" in header:
            parent = normalise(row.values.get("onderdeel_van"))
            if parent.lower() == values["name"].lower():
                raise RowError(_("a region cannot be part of itself."))
            values["parent"] = parent
        return values

    def prepare(self, rows):
        """Check that each parent exists (in the database or the file) and makes no loop."""
        parents = {
            name.lower(): (parent or "").lower()
            for name, parent in Region.objects.values_list("name", "parent__name")
        }
        known = set(parents)
        for row in rows:
            known.add(row.cleaned["name"].lower())
            if "parent" in row.cleaned:
                parents[row.cleaned["name"].lower()] = row.cleaned["parent"].lower()
        for row in rows:
            parent = row.cleaned.get("parent", "")
            if not parent:
                continue
            if parent.lower() not in known:
                row.error = _('the region "%(name)s" (onderdeel_van) does not exist.') % {
                    "name": parent
                }
                continue
            name, steps = parent.lower(), 0
            while name and steps < 1000:
                if name == row.cleaned["name"].lower():
                    row.error = _(
                        'onderdeel_van "%(name)s" would make a loop of regions that are '
                        "part of each other."
                    ) % {"name": parent}
                    break
                name, steps = parents.get(name, ""), steps + 1
        # Parents before their parts, so each part finds its parent when it is saved.
        depth = {}

        def depth_of(name, seen=()):
            if name not in depth:
                parent = parents.get(name, "")
                depth[name] = (
                    0 if not parent or parent in seen else 1 + depth_of(parent, (*seen, name))
                )
            return depth[name]

        rows.sort(key=lambda row: depth_of(row.cleaned["name"].lower()))

    def save(self, values):
        values = dict(values)
        parent_name = values.pop("parent", None)
        if parent_name is not None:
            values["parent"] = (
                Region.objects.filter(name__iexact=parent_name).first() if parent_name else None
            )
        return super().save(values)


class OrganisationKind(Kind):
    model = Organisation
    key = "organisations"
    optional = ("soort", "straat", "postcode", "plaats", "website", "regio")

    def __init__(self):
        super().__init__()
        self.kinds = choice_lookup(
            Organisation.Kind.choices, {"swv": Organisation.Kind.SAMENWERKINGSVERBAND}
        )
        self.url_validator = URLValidator(schemes=["http", "https"])

    def clean(self, row, header):
        values = super().clean(row, header)
        get = row.values.get
        if "soort" in header:
            raw_kind = normalise(get("soort"))
            kind = self.kinds.get(raw_kind.lower()) if raw_kind else Organisation.Kind.OVERIG
            if kind is None:
                raise RowError(
                    _('unknown kind (soort) "%(value)s"; use one of: %(choices)s.')
                    % {"value": raw_kind, "choices": ", ".join(Organisation.Kind.values)}
                )
            values["kind"] = kind
        if "straat" in header:
            values["street"] = normalise(get("straat"))[:200]
        if "plaats" in header:
            values["city"] = normalise(get("plaats"))[:100]
        if "postcode" in header:
            postcode = normalise(get("postcode"))
            if postcode:
                match = POSTCODE_RE.match(postcode)
                if not match:
                    raise RowError(
                        _('"%(value)s" is not a Dutch postcode (for example 1098 KB).')
                        % {"value": postcode}
                    )
                postcode = f"{match[1]} {match[2].upper()}"
            values["postcode"] = postcode
        if "website" in header:
            url = normalise(get("website"))
            if url and "://" not in url:
                url = f"https://{url}"
            if url:
                try:
                    self.url_validator(url)
                except ValidationError:
                    raise RowError(
                        _('"%(value)s" is not a valid web address.') % {"value": get("website")}
                    ) from None
            values["website"] = url
        if "regio" in header:
            region_name = normalise(get("regio"))
            region = None
            if region_name:
                region = Region.objects.filter(name__iexact=region_name).first()
                if region is None:
                    raise RowError(
                        _('the region "%(name)s" (regio) does not exist; import it first.')
                        % {"name": region_name}
                    )
            values["region"] = region
        return values


KINDS = {kind.key: kind for kind in (RegionKind, OrganisationKind, ThemeKind, AudienceKind)}

FILE_NAME_HINTS = (
    ("regio", "regions"),
    ("region", "regions"),
    ("organisat", "organisations"),
    ("organizat", "organisations"),
    ("thema", "themes"),
    ("theme", "themes"),
    ("doelgroep", "audiences"),
    ("audience", "audiences"),
)


def kind_from_file_name(path):
    stem = Path(path).stem.lower()
    for hint, kind in FILE_NAME_HINTS:
        if hint in stem:
            return kind
    return None


def read_text(path):
    try:
        raw = Path(path).read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror}
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(
            _(
                "%(path)s is not a UTF-8 file. In Excel choose “Save as” and then "
                "“CSV UTF-8 (comma delimited)”."
            )
            % {"path": path}
        ) from None


def sniff_delimiter(text):
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,").delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        return ";" if header.count(";") > header.count(",") else ","


def import_csv(path, kind_key):
    """Import one CSV file; returns an ImportResult. Raises CommandError for a bad file."""
    kind = KINDS[kind_key]()
    text = read_text(path)
    if not text.strip():
        raise CommandError(_("%(path)s is empty.") % {"path": path})
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = [normalise(cell).lower() for cell in next(reader)]
    except csv.Error as error:
        raise CommandError(_("Line 1: %(error)s") % {"error": error}) from None
    missing = [column for column in kind.required if column not in header]
    if missing:
        raise CommandError(
            _("The first line must name the columns; missing: %(missing)s (expected: %(all)s).")
            % {"missing": ", ".join(missing), "all": ", ".join(kind.columns)}
        )
    unknown = [column for column in header if column and column not in kind.columns]

    result = ImportResult(kind=kind.label())
    rows = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append((reader.line_num, str(error)))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        row = Row(line=reader.line_num, values=dict(zip(header, cells, strict=False)))
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            result.errors.append(
                (row.line, _("this row has more cells than the first line has columns."))
            )
            continue
        try:
            row.cleaned = kind.clean(row, header)
        except RowError as error:
            result.errors.append((row.line, str(error)))
            continue
        rows.append(row)

    kind.prepare(rows)
    for row in rows:
        if row.error:
            result.errors.append((row.line, row.error))
            continue
        try:
            with transaction.atomic():
                outcome, _instance = kind.save(row.cleaned)
        except DatabaseError as error:
            result.errors.append(
                (row.line, _("could not be saved (%(error)s).") % {"error": error})
            )
            continue
        setattr(result, outcome, getattr(result, outcome) + 1)
    result.errors.sort()
    result.unknown_columns = unknown
    return result


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keep the line breaks of the format description."""


class Command(BaseCommand):
    @property
    def help(self):
        lines = (_(line) if line else "" for line in HELP_LINES)
        # Wrap the prose; keep the indented column lists as they are.
        return "\n".join(
            line if line.startswith(" ") else textwrap.fill(line, width=79) for line in lines
        )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = HelpFormatter
        return parser

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="file.csv", help=_("CSV file(s)"))
        parser.add_argument(
            "--kind",
            choices=sorted(KINDS),
            help=_("What the file holds; by default taken from the file name."),
        )

    def handle(self, *args, files, kind=None, **options):
        for path in files:
            kind_key = kind or kind_from_file_name(path)
            if kind_key is None:
                raise CommandError(
                    _(
                        "Cannot tell what %(path)s holds from its name; "
                        "add --kind regions, organisations, themes or audiences."
                    )
                    % {"path": path}
                )
            result = import_csv(path, kind_key)
            self.report(path, result)

    def report(self, path, result):
        if result.unknown_columns:
            self.stderr.write(
                _("%(path)s: unknown column(s) ignored: %(columns)s")
                % {"path": path, "columns": ", ".join(result.unknown_columns)}
            )
        for line, message in result.errors:
            self.stderr.write(
                _("%(path)s, line %(line)d: %(message)s Row skipped.")
                % {"path": path, "line": line, "message": message}
            )
        summary = _(
            "%(kind)s from %(path)s: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(skipped)d skipped."
        ) % {
            "kind": result.kind,
            "path": path,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "skipped": result.skipped,
        }
        style = self.style.WARNING if result.skipped else self.style.SUCCESS
        self.stdout.write(style(summary))
