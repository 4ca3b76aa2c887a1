import pytest

from website.models import StandardPage

from .factories import add_article, add_article_index


@pytest.fixture
def pages(home):
    index = add_article_index(home)
    add_article(index, "Thuiszitters in Nijmegen", intro="Een school als vindplaats.")
    home.add_child(instance=StandardPage(title="Over het netwerk", intro="Wie we zijn."))
    draft = StandardPage(title="Geheim concept over thuiszitters", live=False)
    home.add_child(instance=draft)
    return index


def test_search_finds_live_pages_by_title_and_intro(client, pages):
    response = client.get("/zoeken/", {"q": "thuiszitters"})
    assert response.status_code == 200
    titles = [page.title for page in response.context["results"]]
    assert "Thuiszitters in Nijmegen" in titles
    assert "Geheim concept over thuiszitters" not in titles  # drafts never show
    html = response.content.decode()
    assert "resultaat voor ‘thuiszitters’" in html
    assert client.get("/zoeken/", {"q": "vindplaats"}).context["results"].paginator.count == 1


def test_search_without_a_query_shows_the_form_only(client, pages):
    response = client.get("/zoeken/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert '<label for="search-q">Zoeken naar</label>' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        "a" * 5000,
        "' OR 1=1 --",
        "\u0000",
        '"',
        '"dronten',
        "a*",
        "NEAR(",
        '"e-health"',
        '"ouderen."',
        '"?"',
        '"zorg,welzijn"',
    ],
)
def test_odd_queries_get_a_normal_page_never_a_500(client, pages, query):
    response = client.get("/zoeken/", {"q": query, "pagina": "x"})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_unclosed_quote_still_finds_the_words(client, pages):
    response = client.get("/zoeken/", {"q": 'vindplaats"'})
    assert response.status_code == 200
    assert response.context["results"].paginator.count == 1


# -- Dutch search: kinds, dates, highlighting, order -------------------------------------

needs_postgres = pytest.mark.skipif(
    "postgresql" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="Dutch stemming is PostgreSQL's text search configuration",
)


@pytest.fixture
def dutch_pages(home):
    from events.models import AgendaPage, EventPage
    from tests.events.conftest import days_from_now, publish

    index = add_article_index(home)
    add_article(index, "Thuiszitters weer naar school", intro="Drie thuiszitters vertellen.")
    add_article(
        index,
        "Een samenwerkingsverband kiest voor maatwerk",
        intro="Het samenwerkingsverband en de gemeente.",
        kind="praktijkvoorbeeld",
    )
    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    events = {}
    # The same title: the search ranks them equally (the past one was made first).
    for days in (-30, 30):
        event = EventPage(
            title="Werksessie verzuim",
            slug=f"werksessie-verzuim-{days + 30}",
            kind=EventPage.Kind.WERKSESSIE,
            start=days_from_now(days),
            end=days_from_now(days, hour=13),
            live=False,
        )
        agenda.add_child(instance=event)
        events[days] = publish(event)
    return events


@needs_postgres
def test_dutch_stemming_finds_plurals_and_singulars(client, dutch_pages):
    titles = [p.title for p in client.get("/zoeken/", {"q": "thuiszitter"}).context["results"]]
    assert titles == ["Thuiszitters weer naar school"]
    response = client.get("/zoeken/", {"q": "samenwerkingsverbanden"})
    assert [p.title for p in response.context["results"]] == [
        "Een samenwerkingsverband kiest voor maatwerk"
    ]
    assert "<mark>samenwerkingsverband</mark>" in response.content.decode().lower()


def test_results_show_kind_and_date_with_the_query_marked(client, dutch_pages):
    html = client.get("/zoeken/", {"q": "thuiszitters"}).content.decode()
    assert '<span class="tag">Nieuws</span>' in html
    assert "<mark>Thuiszitters</mark> weer naar school" in html
    html = client.get("/zoeken/", {"q": "samenwerkingsverband"}).content.decode()
    assert '<span class="tag">Praktijkvoorbeeld</span>' in html


def test_upcoming_events_come_first_among_equals(client, dutch_pages):
    response = client.get("/zoeken/", {"q": "werksessie verzuim"})
    results = list(response.context["results"])
    assert [page.pk for page in results] == [dutch_pages[30].pk, dutch_pages[-30].pk]
    html = response.content.decode()
    assert '<span class="tag">Bijeenkomst</span>' in html
    upcoming = dutch_pages[30]
    assert f'<time datetime="{upcoming.start.astimezone().isoformat()[:10]}' in html
