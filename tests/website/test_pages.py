import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from website.models import ArticlePage, Region, StandardPage, Theme

from .factories import add_article, add_article_index, add_question_form


@pytest.fixture
def themes(db):
    return {
        "verzuim": Theme.objects.create(name="Verzuim"),
        "thuiszitters": Theme.objects.create(name="Thuiszitters"),
    }


@pytest.fixture
def regions(db):
    return {
        "nijmegen": Region.objects.create(name="Nijmegen", kind=Region.Kind.GEMEENTE),
        "dronten": Region.objects.create(name="Dronten", kind=Region.Kind.GEMEENTE),
    }


@pytest.fixture
def articles(home, themes, regions):
    index = add_article_index(home)
    return index, {
        "news": add_article(
            index,
            "Nieuw schooljaar, nieuwe estafettes",
            kind=ArticlePage.Kind.NIEUWS,
            date=datetime.date(2026, 9, 1),
            themes=[themes["verzuim"]],
        ),
        "column": add_article(
            index,
            "Gemeente en school: samen of naast elkaar?",
            kind=ArticlePage.Kind.COLUMN,
            date=datetime.date(2026, 10, 1),
            author="Een wethouder",
            themes=[themes["verzuim"], themes["thuiszitters"]],
            regions=[regions["nijmegen"]],
        ),
        "example": add_article(
            index,
            "Thuisnabij onderwijs in Dronten",
            kind=ArticlePage.Kind.PRAKTIJKVOORBEELD,
            date=datetime.date(2026, 8, 1),
            themes=[themes["thuiszitters"]],
            regions=[regions["dronten"]],
        ),
    }


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_home_page_shows_the_latest_articles_newest_first(client, articles):
    response = client.get("/")
    assert response.status_code == 200
    assert [a.title for a in response.context["latest_articles"]] == [
        "Gemeente en school: samen of naast elkaar?",
        "Nieuw schooljaar, nieuwe estafettes",
        "Thuisnabij onderwijs in Dronten",
    ]
    assert response.content.count(b"<h1") == 1


def test_every_page_type_renders_for_a_visitor(client, home, articles):
    index, items = articles
    standard = home.add_child(
        instance=StandardPage(
            title="Over het netwerk",
            intro="Wie we zijn.",
            body=[("heading", {"text": "Ons doel", "level": "h2"}), ("paragraph", "<p>Samen.</p>")],
        )
    )
    form_page = add_question_form(home)
    for page in [home, standard, index, *items.values(), form_page]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert html.count("<h1") == 1, page.url
        assert 'lang="nl"' in html
        assert 'href="#inhoud"' in html  # skip link
        assert "<main" in html and "<footer" in html and "<nav" in html


def test_article_page_shows_dutch_date_author_themes_and_share_links(client, articles):
    _, items = articles
    html = client.get(items["column"].url).content.decode()
    assert "donderdag 1 oktober 2026" in html
    assert "door Een wethouder" in html
    assert "Thuiszitters" in html
    assert "Delen" in html
    assert "linkedin.com/sharing/share-offsite/?url=" in html
    assert "mailto:?subject=" in html
    assert '<script src="http' not in html  # no third-party script


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["column", "news", "example"]),
        ("?soort=column", ["column"]),
        ("?soort=praktijkvoorbeeld", ["example"]),
        ("?thema=thuiszitters", ["column", "example"]),
        ("?regio=dronten", ["example"]),
        ("?thema=verzuim&regio=nijmegen", ["column"]),
        ("?thema=verzuim&soort=praktijkvoorbeeld", []),
        ("?soort=onzin", ["column", "news", "example"]),
    ],
)
def test_article_index_filters_by_kind_theme_and_region_in_the_url(
    client, articles, query, expected
):
    index, items = articles
    response = client.get(index.url + query)
    assert response.status_code == 200
    assert titles(response) == [items[key].title for key in expected]


def test_article_index_with_no_match_says_so_in_dutch(client, articles):
    index, _ = articles
    html = client.get(index.url + "?thema=verzuim&soort=praktijkvoorbeeld").content.decode()
    assert "Er zijn geen artikelen die aan deze filters voldoen." in html
    assert "0 artikelen" in html


def test_article_index_survives_bad_page_numbers(client, articles):
    index, items = articles
    newest_first = [items[key].title for key in ("column", "news", "example")]
    for number in ["abc", "999", "-1"]:
        response = client.get(f"{index.url}?pagina={number}")
        assert response.status_code == 200
        assert titles(response) == newest_first, number  # the one page there is


def test_article_index_query_count_does_not_grow_with_articles(client, articles, themes):
    index, _ = articles
    client.get(index.url)  # warm caches (site root paths)
    with CaptureQueriesContext(connection) as few:
        client.get(index.url)
    for number in range(9):
        add_article(index, f"Extra bericht {number}", themes=[themes["verzuim"]])
    with CaptureQueriesContext(connection) as many:
        client.get(index.url)
    assert len(many) == len(few)


def test_unpublished_articles_are_not_listed(client, articles):
    index, items = articles
    items["news"].unpublish()
    assert "Nieuw schooljaar, nieuwe estafettes" not in titles(client.get(index.url))
    assert client.get("/actueel/nieuw-schooljaar-nieuwe-estafettes/").status_code == 404


def test_article_with_an_image_requires_alt_text(home, db):
    image = Image.objects.create(title="Schoolplein", file=get_test_image_file())
    article = ArticlePage(title="Zonder alt", image=image, image_alt=" ")
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "image_alt" in error.value.message_dict


def test_header_navigation_comes_from_the_page_tree(client, home):
    shown = home.add_child(instance=StandardPage(title="Over ons", show_in_menus=True))
    home.add_child(instance=StandardPage(title="Verborgen", show_in_menus=False))
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert "Over ons" in nav and shown.url in nav
    assert "Verborgen" not in nav


def test_unknown_page_gives_a_dutch_404(client, home):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_wagtail_root_has_only_the_home_page(home):
    assert Page.objects.get(depth=1).get_children().get().specific == home


def test_article_index_pages_keep_the_filters_in_their_links(client, home, themes, monkeypatch):
    from website.models import ArticleIndexPage

    monkeypatch.setattr(ArticleIndexPage, "per_page", 2)
    index = add_article_index(home)
    for number in range(5):
        add_article(index, f"Bericht {number}", themes=[themes["verzuim"]])
    html = client.get(index.url + "?thema=verzuim").content.decode()
    assert 'href="?thema=verzuim&amp;pagina=2"' in html
    assert "??" not in html


def footer_link(client, name):
    import re

    footer = client.get("/").content.decode().split("<footer", 1)[1]
    return re.search(rf'<a href="([^"]*)">{name}</a>', footer)[1]


def test_footer_links_the_accessibility_statement_chosen_in_the_settings(client, home):
    from wagtail.models import Site

    from website.models import SiteSettings

    # Nothing chosen: the fixed address the statement has in the demo content.
    assert footer_link(client, "Toegankelijkheid") == "/toegankelijkheid/"

    statement = home.add_child(
        instance=StandardPage(title="Toegankelijkheidsverklaring", slug="verklaring")
    )
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.accessibility_page = statement
    site_settings.save()
    assert footer_link(client, "Toegankelijkheid") == "/verklaring/"

    # An unpublished statement is not linked (it would be a 404): back to the fixed address.
    statement.unpublish()
    assert footer_link(client, "Toegankelijkheid") == "/toegankelijkheid/"


def test_share_row_gives_the_copy_button_its_dutch_confirmation(client, articles):
    """site.js shows this text after copying; it comes from the translations, not the script."""
    _, items = articles
    html = client.get(items["column"].url).content.decode()
    assert 'data-copy-link data-copied-text="Link gekopieerd"' in html


def test_server_error_page_is_dutch_and_needs_no_context(rf):
    """Django renders 500.html without context processors or request: it must stand alone."""
    from django.utils import translation
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="nl">' in html
    assert "<h1>Er ging iets mis</h1>" in html
    assert "Probeer het over een paar minuten opnieuw." in html
    assert '<a href="/">Naar de homepage</a>' in html
    with translation.override("en"):  # the texts go through the translations
        assert "<h1>Something went wrong</h1>" in server_error(rf.get("/")).content.decode()


# What production's settings hold (website/settings/production.py without CACHE_URL).
PRODUCTION_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "samenspel_test_cache",
    },
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
}
# Articles, their themes and image renditions, upcoming events, their sessions and themes,
# reports. The page itself and the places left are held per process (website.memo).
HOME_QUERIES = 7


def test_the_home_page_takes_7_queries_on_the_database_cache(
    client, home, themes, settings, content_memo, django_assert_num_queries
):
    from django.core.management import call_command
    from django.utils import timezone

    from events.models import AgendaPage, EventPage, ReportPage

    settings.CACHES = PRODUCTION_CACHES
    call_command("createcachetable", verbosity=0)
    index = add_article_index(home)
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    for number in range(6):
        image = Image.objects.create(title=f"Foto {number}", file=get_test_image_file())
        add_article(
            index,
            f"Bericht {number}",
            date=datetime.date(2026, 9, 1 + number),
            image=image,
            image_alt="Kinderen op het schoolplein",
            themes=[themes["verzuim"]],
        )
        start = timezone.now() + datetime.timedelta(days=number + 1)
        agenda.add_child(
            instance=EventPage(
                title=f"Bijeenkomst {number}",
                kind=EventPage.Kind.WERKSESSIE,
                start=start,
                end=start + datetime.timedelta(hours=2),
                city="Utrecht",
            )
        )
        agenda.add_child(
            instance=ReportPage(title=f"Verslag {number}", date=datetime.date(2026, 9, 1))
        )
    content_memo()
    client.get("/")  # renditions made, site and routes read once
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")
    html = response.content.decode()
    assert "Bericht 5" in html
    assert html.count('class="card__image"') == 3
    assert "Bijeenkomst 3" in html
    assert "Verslag 5" in html
