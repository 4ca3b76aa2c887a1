"""Every public form and filter, fed odd input (hypothesis): a Dutch answer, never a 500.

Runs on both databases; PostgreSQL is the strict one (a NUL character in a query gave
500s there). Few examples, fixed seed: the point is the kinds of input (NUL, control
characters, emoji, markup, very long or numeric strings), not volume.
"""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from website.models import ArticlePage, Region, Theme

from ..website.factories import add_article, add_article_index, add_practice_form, add_question_form

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "%00",
        "\x1b[31m",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "😀",
        "9" * 400,
        "-1",
        "0",
        "",
        " ",
        "thuiszitters",
        "noord-holland-noord",
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=60))
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def site(home, agenda, estafette, settings):
    settings.FORM_RATE_LIMIT = 100_000  # every example comes from one address
    theme = Theme.objects.create(name="Thuiszitters", slug="thuiszitters")
    region = Region.objects.create(
        name="Noord-Holland Noord", slug="noord-holland-noord", kind=Region.Kind.JEUGDZORGREGIO
    )
    index = add_article_index(home)
    index.save_revision().publish()
    add_article(
        index, "Schakelklas", themes=[theme], regions=[region], kind=ArticlePage.Kind.NIEUWS
    )
    return {
        "question": add_question_form(home),
        "practice": add_practice_form(home, index),
        "index": index,
        "agenda": agenda,
        "event": estafette,
    }


def assert_no_server_error(response):
    assert response.status_code < 500, response.status_code


@FUZZ
@given(soort=TEXT, thema=TEXT, regio=TEXT, pagina=TEXT)
def test_actueel_filters(client, site, soort, thema, regio, pagina):
    params = {"soort": soort, "thema": thema, "regio": regio, "pagina": pagina}
    assert_no_server_error(client.get(site["index"].url, params))


# Archive cursors (events.archive): well-formed ones with impossible dates and times,
# fractions of any length and long ids; the other parameter also gets anything else.
CURSOR = st.from_regex(
    r"(19|20|99)[0-9]{2}(0[0-9]|1[0-3])(0[1-9]|[123][0-9])T[0-2][0-9][0-6][0-9][0-6][0-9]"
    r"(\.[0-9]{1,7})?Z_[0-9]{1,12}",
    fullmatch=True,
)


@FUZZ
@given(
    soort=TEXT,
    thema=TEXT,
    regio=TEXT,
    doelgroep=TEXT,
    vorm=TEXT,
    pagina=TEXT,
    voor=CURSOR,
    na=st.one_of(TEXT, CURSOR),
)
def test_agenda_filters_reports_and_feed(
    client, site, soort, thema, regio, doelgroep, vorm, pagina, voor, na
):
    params = {"soort": soort, "thema": thema, "regio": regio, "doelgroep": doelgroep, "vorm": vorm}
    url = site["agenda"].url
    assert_no_server_error(client.get(url, {**params, "pagina": pagina, "archief": pagina}))
    assert_no_server_error(client.get(url, {**params, "archief-voor": voor}))
    assert_no_server_error(client.get(url, {**params, "pagina": pagina, "archief-na": na}))
    assert_no_server_error(client.get(url, {"archief-voor": voor, "archief-na": na}))
    assert_no_server_error(client.get(url.rstrip("/") + ".ics", params))
    assert_no_server_error(client.get(url + "verslagen/", {"pagina": pagina}))


@FUZZ
@given(q=TEXT, pagina=TEXT)
def test_search(client, site, q, pagina):
    assert_no_server_error(client.get(reverse("search"), {"q": q, "pagina": pagina}))


@FUZZ
@given(naam=TEXT, e_mail=TEXT, vraag=TEXT)
def test_stel_uw_vraag(client, site, naam, e_mail, vraag):
    data = {"naam": naam, "e_mail": e_mail, "vraag": vraag}
    assert_no_server_error(client.post(site["question"].url, data))


@FUZZ
@given(naam=TEXT, e_mail=TEXT, titel=TEXT, beschrijving=TEXT, consent=TEXT)
def test_praktijkvoorbeeld(client, site, naam, e_mail, titel, beschrijving, consent):
    data = {
        "naam": naam,
        "e_mailadres": e_mail,
        "titel": titel,
        "beschrijving": beschrijving,
        "naam_online": consent,
    }
    assert_no_server_error(client.post(site["practice"].url, data))


@FUZZ
@given(
    name=TEXT,
    email=TEXT,
    organisation=TEXT,
    session=TEXT,
    attendance=TEXT,
    dietary=TEXT,
    invitation=TEXT,
)
def test_registration_form(
    client, site, name, email, organisation, session, attendance, dietary, invitation
):
    data = {
        "name": name,
        "email": email,
        "organisation": organisation,
        "session": session,
        "attendance": attendance,
        "lunch": "on",
        "dietary": dietary,
        "consent": "on",
        "uitnodiging": invitation,
        "collega-TOTAL_FORMS": "1",
        "collega-INITIAL_FORMS": "0",
        "collega-0-name": name,
        "collega-0-email": email,
    }
    url = reverse("registrations:register", args=[site["event"].pk])
    assert_no_server_error(client.post(url, data))


@FUZZ
@given(email=TEXT, name=TEXT, bron=TEXT, themes=TEXT)
def test_newsletter_subscribe(client, site, email, name, bron, themes):
    data = {"email": email, "name": name, "bron": bron, "themes": [themes], "audiences": [themes]}
    assert_no_server_error(client.post(reverse("newsletter:subscribe"), data))


@FUZZ
@given(token=st.one_of(NASTY, st.text(min_size=1, max_size=60)))
def test_personal_links(client, site, token):
    for name in ("registrations:manage", "registrations:invitation", "newsletter:preferences"):
        try:
            url = reverse(name, args=[token])
        except Exception:  # noqa: BLE001, S112  (a token the URL pattern cannot hold)
            continue
        assert_no_server_error(client.get(url))


@pytest.mark.parametrize("query", ["thema=%00", "regio=a%00b", "soort=%00&pagina=%00", "%00=1"])
def test_a_nul_in_the_actueel_filters_is_dropped(client, site, query):
    response = client.get(f"{site['index'].url}?{query}")
    assert response.status_code == 200
    assert response.context["filters"]["regio"] in ("", "ab")


@pytest.mark.parametrize("path", ["/actueel/%00/", "/agenda/a%00b/", "/%00", "/agenda/a%00b.ics"])
def test_a_nul_in_a_path_is_not_found(client, site, path):
    assert client.get(path).status_code == 404
