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
