"""manage.py import_taxonomy: regions, organisations, themes and audiences from CSV."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from website.management.commands.import_taxonomy import Command
from website.models import Audience, Organisation, Region, Theme

pytestmark = pytest.mark.django_db


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_taxonomy", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_regions_are_created_with_parents_from_a_semicolon_file_with_bom(tmp_path):
    # The municipality comes before its region: the parent must still be found.
    path = write(
        tmp_path,
        "regions.csv",
        "naam;soort;onderdeel_van\n"
        "Dronten;gemeente;Flevoland\n"
        "Flevoland;jeugdzorgregio;\n"
        "Inspiratieregio Flevoland;Inspiratieregio;Flevoland\n",
        encoding="utf-8-sig",
    )

    out, err = run(path)

    assert err == ""
    assert "3 aangemaakt" in out
    dronten = Region.objects.get(name="Dronten")
    assert dronten.kind == Region.Kind.GEMEENTE
    assert dronten.parent == Region.objects.get(name="Flevoland")
    assert dronten.slug == "dronten"
    assert Region.objects.get(name="Inspiratieregio Flevoland").kind == "inspiratieregio"


def test_existing_rows_are_updated_by_name_and_unchanged_rows_counted(tmp_path):
    flevoland = Region.objects.create(name="Flevoland", kind=Region.Kind.JEUGDZORGREGIO)
    Region.objects.create(name="Dronten", kind=Region.Kind.JEUGDZORGREGIO, slug="dronten")
    path = write(
        tmp_path,
        "regios.csv",
        "naam,soort,onderdeel_van\nflevoland,jeugdzorgregio,\nDronten,gemeente,Flevoland\n",
    )

    out, err = run(path)

    assert err == ""
    assert "0 aangemaakt, 2 bijgewerkt" in out
    assert Region.objects.count() == 2
    dronten = Region.objects.get(slug="dronten")
    assert dronten.kind == Region.Kind.GEMEENTE
    assert dronten.parent == flevoland
    # The name follows the file's spelling; the slug (used in links) stays.
    assert Region.objects.get(pk=flevoland.pk).name == "flevoland"

    out, _ = run(path)
    assert "0 aangemaakt, 0 bijgewerkt, 2 ongewijzigd, 0 overgeslagen" in out


def test_a_bad_row_is_skipped_with_its_line_number_and_the_rest_is_imported(tmp_path):
    path = write(
        tmp_path,
        "regions.csv",
        "naam;soort;onderdeel_van\n"
        "Flevoland;jeugdzorgregio;\n"
        "Atlantis;provincie;\n"
        "\n"
        "Almere;gemeente;Nergensland\n"
        ";gemeente;\n"
        "Dronten;gemeente;Flevoland\n",
    )

    out, err = run(path)

    assert "Traceback" not in err
    assert 'regel 3: onbekende soort "provincie"' in err
    assert 'regel 5: de regio "Nergensland" (onderdeel_van) bestaat niet' in err
    assert "regel 6: de naam (naam) is leeg" in err
    assert "2 aangemaakt, 0 bijgewerkt, 0 ongewijzigd, 3 overgeslagen" in out
    assert set(Region.objects.values_list("name", flat=True)) == {"Flevoland", "Dronten"}


def test_regions_that_would_be_part_of_each_other_are_refused(tmp_path):
    path = write(
        tmp_path,
        "regions.csv",
        "naam;soort;onderdeel_van\nNoord;jeugdzorgregio;Zuid\nZuid;jeugdzorgregio;Noord\n",
    )

    out, err = run(path)

    assert "regel 2:" in err
    assert "regel 3:" in err
    assert Region.objects.count() == 0


def test_a_name_twice_in_one_file_is_reported(tmp_path):
    path = write(tmp_path, "themas.csv", "naam\nVerzuim\nverzuim\n")

    out, err = run(path)

    assert 'regel 3: "verzuim" staat al op regel 2' in err
    assert Theme.objects.count() == 1


def test_organisations_are_cleaned_and_linked_to_their_region(tmp_path):
    Region.objects.create(name="Amsterdam", kind=Region.Kind.GEMEENTE)
    path = write(
        tmp_path,
        "organisations.csv",
        "naam,soort,straat,postcode,plaats,website,regio\n"
        'Van Koetsveldschool,school,"Archimedesplantsoen 98",1098kb,Amsterdam,'
        "www.example.nl,Amsterdam\n"
        "Cordaan Jeugd,Jeugdhulp,,,Amsterdam,,\n"
        "Nergensschool,school,,12345,Amsterdam,,\n"
        "Spookschool,school,,,Amsterdam,,Atlantis\n"
        "Rare school,kerk,,,,,\n"
        "Foute site,school,,,,http://,\n",
    )

    out, err = run(path)

    school = Organisation.objects.get(name="Van Koetsveldschool")
    assert school.kind == Organisation.Kind.SCHOOL
    assert school.postcode == "1098 KB"
    assert school.website == "https://www.example.nl"
    assert school.region.name == "Amsterdam"
    assert school.address == "Archimedesplantsoen 98, 1098 KB Amsterdam"
    assert Organisation.objects.get(name="Cordaan Jeugd").kind == Organisation.Kind.JEUGDHULP
    assert 'regel 4: "12345" is geen Nederlandse postcode' in err
    assert 'regel 5: de regio "Atlantis" (regio) bestaat niet' in err
    assert 'regel 6: onbekende soort "kerk"' in err
    assert 'regel 7: "http://" is geen geldig webadres' in err
    assert "2 aangemaakt, 0 bijgewerkt, 0 ongewijzigd, 4 overgeslagen" in out


def test_an_empty_cell_clears_a_field_but_a_missing_column_keeps_it(tmp_path):
    Organisation.objects.create(name="Entrea", city="Nijmegen", street="Oude weg 1")
    path = write(tmp_path, "organisaties.csv", "naam;straat\nEntrea;\n")

    run(path)

    entrea = Organisation.objects.get(name="Entrea")
    assert entrea.street == ""
    assert entrea.city == "Nijmegen"


def test_themes_and_audiences(tmp_path):
    themes = write(tmp_path, "thema.csv", "naam;omschrijving\nVroegsignalering;Vroeg zien.\n")
    audiences = write(tmp_path, "lijst.csv", "naam\nSchoolleiders\n")

    run(themes)
    run(audiences, "--kind", "audiences")

    assert Theme.objects.get(slug="vroegsignalering").description == "Vroeg zien."
    assert Audience.objects.get().name == "Schoolleiders"


def test_a_file_that_is_not_utf8_gets_a_clear_error(tmp_path):
    path = write(tmp_path, "regions.csv", "naam;soort\nRégio;gemeente\n", encoding="latin-1")

    with pytest.raises(CommandError, match="geen UTF-8"):
        run(path)
    assert Region.objects.count() == 0


def test_a_missing_required_column_stops_the_import(tmp_path):
    path = write(tmp_path, "regions.csv", "naam;onderdeel_van\nFlevoland;\n")

    with pytest.raises(CommandError, match="soort"):
        run(path)


def test_the_kind_must_be_clear(tmp_path):
    path = write(tmp_path, "lijst.csv", "naam\nIets\n")

    with pytest.raises(CommandError, match="--kind"):
        run(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Kan"):
        run(tmp_path / "regions.csv")


def test_the_help_documents_the_format():
    help_text = Command().create_parser("manage.py", "import_taxonomy").format_help()

    for column in ("onderdeel_van", "postcode", "omschrijving", "jeugdzorgregio", "BOM"):
        assert column in help_text
