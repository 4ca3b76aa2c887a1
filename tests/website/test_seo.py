"""Found and shared: sitemap.xml, robots.txt, the favicon, canonical links, link
previews (Open Graph / Twitter cards) and titles.
"""

import xml.etree.ElementTree as ET

import extruct
import pytest
from django.utils import timezone
from lxml import html as lxml_html
from wagtail.models import PageViewRestriction

from events.models import AgendaPage, EventPage
from newsletter.models import IssueSend, NewsletterIndexPage
from tests.events.conftest import days_from_now
from tests.events.test_agenda import make_report
from tests.newsletter.builders import make_issue
from website.demo.images import Recipe, get_or_create_image
from website.models import StandardPage

from .factories import add_article, add_article_index, add_question_form

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def site(home):
    from wagtail.models import Collection

    from tests.events.conftest import publish

    agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
    event = EventPage(
        title="Werksessie thuiszitters",
        slug="werksessie-thuiszitters",
        kind=EventPage.Kind.WERKSESSIE,
        start=days_from_now(10),
        end=days_from_now(10, hour=13),
        live=False,
        intro="Samen werken aan maatwerk voor thuiszitters.",
    )
    agenda.add_child(instance=event)
    event = publish(event)
    report = make_report(agenda, "Verslag werksessie", [event])
    index = add_article_index(home)
    image, _ = get_or_create_image(
        Recipe(key="seo", title="Zorg en onderwijs", label="Zorg en onderwijs in één groep"),
        Collection.get_first_root_node(),
    )
    article = add_article(
        index,
        "Een school en een zorgaanbieder",
        intro="Hoe een basisschool en een jeugdhulpaanbieder één plek maken.",
        image=image,
        image_alt="Een illustratie met cirkels",
    )
    article.save_revision().publish()
    plain = add_article(index, "Zonder afbeelding", intro="Alleen tekst.")
    draft = home.add_child(instance=StandardPage(title="Concept", slug="concept", live=False))
    members = home.add_child(instance=StandardPage(title="Leden", slug="leden"))
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    newsletter = NewsletterIndexPage(title="Nieuwsbrief", slug="nieuwsbrief")
    home.add_child(instance=newsletter)
    issue = make_issue(home, title="Nieuwsbrief maart")
    IssueSend.objects.create(  # it went out; an issue still waiting is left out
        issue=issue,
        status=IssueSend.Status.DONE,
        scheduled_for=timezone.now(),
        started_at=timezone.now(),
    )
    form = add_question_form(home)
    return locals()


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314  (our own response)
    return [node.text for node in root.findall("s:url/s:loc", SITEMAP_NS)]


def test_the_sitemap_lists_every_public_page_and_nothing_else(client, site):
    locations = sitemap_locations(client)
    expected = [
        "/",
        "/agenda/",
        "/agenda/verslagen/",
        "/agenda/werksessie-thuiszitters/",
        "/agenda/verslag-werksessie/",
        "/actueel/",
        site["article"].url,
        "/nieuwsbrief/",
        site["issue"].url,
        "/stel-uw-vraag/",
    ]
    for path in expected:
        assert f"http://testserver{path}" in locations, path
    assert "http://testserver/concept/" not in locations  # a draft
    assert "http://testserver/leden/" not in locations  # behind a view restriction
    assert all(location.startswith("http://testserver/") for location in locations)


def test_robots_txt_names_the_sitemap_and_keeps_private_addresses_out(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ("/admin/", "/aanmelding/", "/uitnodiging/"):
        assert f"Disallow: {path}" in lines
    # A personal calendar feed lives under a manage link: /aanmelding/<token>/agenda.ics.
    from django.urls import reverse

    assert reverse("registrations:calendar", args=["abc"]).startswith("/aanmelding/")


def test_favicon_ico_is_there(client, home):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file


def meta(html):
    tree = lxml_html.fromstring(html)
    og = extruct.extract(html, syntaxes=["opengraph"], uniform=True)["opengraph"][0]
    names = {node.get("name"): node.get("content") for node in tree.xpath("//meta[@name]")}
    return {
        "title": tree.findtext(".//title"),
        "canonical": tree.xpath("//link[@rel='canonical']/@href"),
        "description": names.get("description"),
        "twitter": {k: v for k, v in names.items() if k.startswith("twitter:")},
        "og": og,
    }


def test_every_page_has_a_canonical_address_a_description_and_a_preview(client, site):
    paths = [
        "/",
        "/agenda/",
        "/agenda/verslagen/",
        site["event"].url,
        site["report"].url,
        site["article"].url,
        site["plain"].url,
        "/stel-uw-vraag/",
        "/zoeken/",
    ]
    for path in paths:
        found = meta(client.get(path + "?pagina=1").content.decode())
        assert found["canonical"] == [f"http://testserver{path}"], path
        assert found["description"], path
        og = found["og"]
        assert og["og:title"] and og["og:description"] == found["description"], path
        assert og["og:url"] == f"http://testserver{path}", path
        assert og["og:image"].startswith("http://testserver/") and og["og:image"].endswith(
            ".jpg"
        ), path
        assert og["og:image:alt"], path
        assert found["twitter"]["twitter:card"] == "summary_large_image", path
        assert found["twitter"]["twitter:image"] == og["og:image"], path


def test_a_page_with_an_image_shares_it_as_a_jpeg_rendition(client, site):
    og = meta(client.get(site["article"].url).content.decode())["og"]
    assert "/media/images/" in og["og:image"]
    assert ".fill-1200x630" in og["og:image"]
    assert og["og:image:alt"] == "Een illustratie met cirkels"
    assert og["og:description"] == "Hoe een basisschool en een jeugdhulpaanbieder één plek maken."
    # Without an image of its own: the site's default picture.
    og = meta(client.get(site["plain"].url).content.decode())["og"]
    assert og["og:image"] == "http://testserver/static/img/share.jpg"
    assert client.get("/static/img/share.jpg").status_code == 200


def test_titles(client, site):
    home_title = meta(client.get("/").content.decode())["title"]
    assert home_title != "Samenspel | Samenspel"
    assert home_title == "Samenspel: scholen, gemeenten en jeugdhulp leren samen"

    html = client.get("/agenda/verslagen/").content.decode()
    assert meta(html)["title"] == "Verslagen | Samenspel"
    crumbs = lxml_html.fromstring(html).xpath("//nav[@class='breadcrumbs wrap']//li")
    assert [" ".join(li.text_content().split()) for li in crumbs] == [
        "Home",
        "Agenda",
        "Verslagen",
    ]
    assert crumbs[-1].xpath(".//*[@aria-current='page']")

    assert meta(client.get("/stel-uw-vraag/").content.decode())["title"] == (
        "Stel uw vraag | Samenspel"
    )
    response = client.post("/stel-uw-vraag/", {"naam": ""})
    assert meta(response.content.decode())["title"] == "Fout: Stel uw vraag | Samenspel"


def test_the_registration_form_with_errors_says_so_in_its_title(client, site):
    from registrations.models import RegistrationSettings

    event = site["event"]
    RegistrationSettings.objects.create(event=event)
    url = f"/aanmelden/{event.pk}/"
    assert meta(client.get(url).content.decode())["title"].startswith("Aanmelden: ")
    response = client.post(url, {"first_name": ""})
    assert response.status_code == 200
    assert meta(response.content.decode())["title"] == (
        "Fout: Aanmelden: Werksessie thuiszitters | Samenspel"
    )
