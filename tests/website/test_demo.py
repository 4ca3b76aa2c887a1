"""manage.py load_demo: the demo site, built once, whatever how often it runs."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Revision, Site

from website.demo import builder, content
from website.demo.builder import period_text
from website.management.commands.load_demo import find_demo_module
from website.models import (
    ArticleIndexPage,
    ArticlePage,
    Audience,
    FormField,
    FormPage,
    HomePage,
    Organisation,
    Region,
    SiteSettings,
    StandardPage,
    Theme,
)

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "documents": Document.objects.count(),
        "collections": Collection.objects.count(),
        "form fields": FormField.objects.count(),
        "sites": Site.objects.count(),
        "site settings": SiteSettings.objects.count(),
        "themes": Theme.objects.count(),
        "audiences": Audience.objects.count(),
        "regions": Region.objects.count(),
        "organisations": Organisation.objects.count(),
    }


@pytest.fixture
def demo():
    """The website's own demo content (what load_demo builds before other apps add theirs)."""
    summary, home = builder.build()
    builder.order_menu(home)
    return summary


def test_running_it_twice_duplicates_nothing():
    output_first = load_demo()
    first = counts()

    output = load_demo()

    assert counts() == first
    assert first["pages"] >= 1 + 1 + len(content.PAGES) + len(content.ARTICLES)
    assert first["images"] >= len(content.IMAGES)
    assert first["themes"] >= 8 and first["regions"] >= 20 and first["organisations"] >= 15
    assert "Democontent geladen" in output_first
    assert "pagina's 0 (nieuw 0)" not in output_first
    assert "(nieuw 0)" in output


def test_the_home_page_replaces_wagtails_welcome_page(demo):
    site = Site.objects.get(is_default_site=True)

    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.title == "Samenspel"
    # Wagtail's localhost:80 becomes the public address (WAGTAILADMIN_BASE_URL; tests: testserver).
    assert (site.site_name, site.hostname, site.port) == ("Samenspel", "testserver", 80)
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()
    assert HomePage.objects.count() == 1


PAGES = [
    ("/", HomePage, "Samenspel"),
    ("/actueel/", ArticleIndexPage, "Actueel"),
    ("/over-ons/", StandardPage, "Over het netwerk"),
    ("/privacy/", StandardPage, "Privacyverklaring"),
    ("/toegankelijkheid/", StandardPage, "Toegankelijkheidsverklaring"),
    ("/stel-uw-vraag/", FormPage, "Stel uw vraag"),
    ("/praktijkvoorbeeld-insturen/", FormPage, "Praktijkvoorbeeld insturen"),
]


def test_pages_are_published_at_their_addresses(client, demo):
    for url, model, title in PAGES:
        response = client.get(url)

        assert response.status_code == 200, url
        page = response.context["page"]
        assert isinstance(page.specific, model), url
        assert page.live and page.live_revision is not None, url
        if url == "/":
            # The home page's heading says what the network is, not the site's name.
            title = "Scholen, gemeenten en jeugdhulp leren van elkaar"
        assert f">{title}</h1>".encode() in response.content, url


def test_the_main_menu(client, demo):
    home = Site.objects.get(is_default_site=True).root_page
    in_menu = [page.slug for page in home.get_children().live().in_menu()]

    assert in_menu == ["actueel", "over-ons", "stel-uw-vraag"]  # the agenda comes with events
    assert "privacy" not in in_menu and "toegankelijkheid" not in in_menu
    nav = client.get("/").content.decode().split('class="site-nav"')[1].split("</nav>")[0]
    assert "Over het netwerk" in nav and "Privacyverklaring" not in nav


def test_practice_examples_of_nijmegen_and_dronten(client, demo):
    for slug, region, jeugdzorgregio in [
        ("nijmegen-school-als-vindplaats", "Nijmegen", "Rijk van Nijmegen"),
        ("dronten-ieder-in-de-eigen-rol", "Dronten", "Flevoland"),
    ]:
        article = ArticlePage.objects.get(slug=slug)

        assert article.live
        assert article.kind == ArticlePage.Kind.PRAKTIJKVOORBEELD
        assert {r.name for r in article.regions.all()} == {region, jeugdzorgregio}
        assert Region.objects.get(name=region).parent.name == jeugdzorgregio
        assert "Onderwijs-jeugdhulp" in {theme.name for theme in article.themes.all()}
        assert article.image is not None
        assert article.image_alt.startswith("Abstracte illustratie")
        assert article.image.collection.name == "Demo"

        response = client.get(f"/actueel/?regio={Region.objects.get(name=region).slug}")
        assert article.title.encode() in response.content
        page = client.get(article.url).content.decode()
        assert f'alt="{article.image_alt}"' in page


def test_the_column_has_the_themes_of_its_subject(demo):
    column = ArticlePage.objects.get(kind=ArticlePage.Kind.COLUMN)

    assert {theme.name for theme in column.themes.all()} >= {
        "Verzuim",
        "Inclusief onderwijs",
        "Onderwijs-jeugdhulp",
    }
    assert ArticlePage.objects.filter(kind=ArticlePage.Kind.NIEUWS).count() >= 2


def test_every_image_in_a_body_has_alt_text(demo):
    for page in ArticlePage.objects.all():
        assert page.image_alt
        for block in page.body:
            if block.block_type == "image":
                assert block.value["alt_text"].strip()


def test_generated_images_and_documents_are_real_files(demo):
    for image in Image.objects.filter(collection__name="Demo"):
        assert (image.width, image.height) == (1200, 675)
        assert image.description
    pdf = Document.objects.get(file__endswith=".pdf")
    with pdf.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert b"/Type /Catalog" in data
    csv_document = Document.objects.get(file__endswith=".csv")
    with csv_document.open_file() as handle:
        assert handle.read().startswith("\ufeffdatum;".encode())


def test_site_settings_point_at_the_statements(client, demo):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)

    assert site_settings.organisation_name == "Samenspel"
    assert site_settings.contact_email
    assert site_settings.privacy_page.slug == "privacy"
    assert site_settings.accessibility_page.slug == "toegankelijkheid"
    footer = client.get("/").content.decode().split("<footer")[1]
    assert 'href="/privacy/"' in footer


def test_the_statements_say_what_they_must(client, demo):
    privacy = client.get("/privacy/").content.decode()
    accessibility = client.get("/toegankelijkheid/").content.decode()

    for words in ("Welke gegevens", "Hoe lang", "Uw rechten", "Autoriteit Persoonsgegevens"):
        assert words in privacy
    for words in ("WCAG", "2.1", "AA", "Hoe we dit controleren", "Wat nog niet goed is"):
        assert words in accessibility
    assert 'href="/stel-uw-vraag/"' in accessibility
    retention = getattr(settings, "REGISTRATION_RETENTION_DAYS", 365)
    assert f"tot {period_text(retention)} na afloop" in privacy


def test_retention_periods_read_as_dutch():
    assert period_text(365) == "een jaar"
    assert period_text(730) == "2 jaar"
    assert period_text(180) == "6 maanden"
    assert period_text(7) == "7 dagen"
    assert period_text(1) == "een dag"


def test_the_forms_mail_the_editors_and_link_to_the_privacy_statement(client, demo):
    question = FormPage.objects.get(slug="stel-uw-vraag")
    practice = FormPage.objects.get(slug="praktijkvoorbeeld-insturen")

    assert question.to_address == practice.to_address == settings.EDITORS_EMAIL
    assert [field.clean_name for field in question.get_form_fields()] == [
        "naam",
        "e_mailadres",
        "organisatie",
        "vraag",
    ]
    assert not question.get_form_fields().get(clean_name="organisatie").required
    assert [field.clean_name for field in practice.get_form_fields()] == [
        "naam",
        "e_mailadres",
        "organisatie",
        "regio",
        "titel",
        "beschrijving",
    ]
    assert practice.draft_parent.specific == ArticleIndexPage.objects.get(slug="actueel")
    for page in (question, practice):
        html = client.get(page.url).content.decode()
        assert 'href="/privacy/"' in html
        assert page.thank_you_text


def test_a_submitted_practice_example_becomes_an_unpublished_draft(client, demo):
    before = ArticlePage.objects.count()

    response = client.post(
        "/praktijkvoorbeeld-insturen/",
        {
            "naam": "Fatima de Vries",
            "e_mailadres": "fatima@example.nl",
            "organisatie": "SWV Voorbeeld",
            "regio": "Flevoland",
            "titel": "Een jeugdhulpverlener in elke school",
            "beschrijving": "Wat we doen en wat het oplevert.",
        },
    )

    assert response.status_code == 200
    assert FormSubmission.objects.filter(page__slug="praktijkvoorbeeld-insturen").count() == 1
    assert ArticlePage.objects.count() == before + 1
    draft = ArticlePage.objects.get(title="Een jeugdhulpverlener in elke school")
    assert not draft.live
    assert draft.get_parent().slug == "actueel"


def test_it_builds_on_an_existing_home_page_and_keeps_editor_changes(home):
    builder.build()
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.title = "Privacy bij Samenspel"
    privacy.save_revision().publish()

    builder.build()

    assert HomePage.objects.count() == 1
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert StandardPage.objects.get(slug="privacy").title == "Privacy bij Samenspel"
    assert HomePage.objects.get().body  # the empty home page got its content


def test_other_apps_demo_modules_are_optional():
    assert find_demo_module("website.no_such_module") is None
    assert find_demo_module("no_such_app.demo") is None
    assert find_demo_module("website.demo.content") is None  # exists, but has no load()


def test_an_agenda_added_by_another_app_is_put_first_in_the_menu(demo):
    """load_demo runs the other apps' demos (the events app adds the Agenda), then orders."""
    home = HomePage.objects.get()
    load_demo()
    agenda = home.get_children().filter(slug="agenda").first()
    if agenda is None:  # no events demo (yet): stand in for it
        agenda = StandardPage(title="Agenda", slug="agenda", show_in_menus=True)
        home.add_child(instance=agenda)
    in_menu = [page.slug for page in home.get_children().live().in_menu()]
    assert in_menu[:4] == ["agenda", "actueel", "over-ons", "stel-uw-vraag"]

    # Added after the others, it still goes to the front.
    Page.objects.get(pk=agenda.pk).move(home, pos="last-child")
    assert builder.order_menu(HomePage.objects.get())
    assert not builder.order_menu(HomePage.objects.get())  # nothing left to move

    in_menu = [page.slug for page in home.get_children().live().in_menu()]
    assert in_menu[:4] == ["agenda", "actueel", "over-ons", "stel-uw-vraag"]
    assert Page.objects.get(slug="agenda").url_path == f"{home.url_path}agenda/"
