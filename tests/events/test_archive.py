"""The agenda's archive pages by the last meeting seen (issue 11, point 6).

"Eerdere bijeenkomsten" and "Latere bijeenkomsten" carry a cursor (start and id of the
boundary card); walking them either way shows every past meeting once, newest first,
with the filters and the upcoming list's page kept. Bad cursors give the first page.
"""

import html as html_lib
import re
from datetime import UTC

import pytest

from events.archive import cursor
from events.models import AgendaPage, EventPage

from .conftest import days_from_now
from .test_agenda import titles

pytestmark = pytest.mark.django_db

PER_PAGE = AgendaPage.archive_per_page
EARLIER = "Eerdere bijeenkomsten"
LATER = "Latere bijeenkomsten"


@pytest.fixture
def archive(make_event):
    """47 past meetings, alternately webinars and werksessies, three at each start and two
    webinars together a quarter second after one of those starts, where the first page
    ends; 21 upcoming webinars, one meeting under way and a past draft."""
    past = []
    for number in range(45):
        past.append(
            make_event(
                title=f"Archief {number:02}",
                start=days_from_now(-2 - number // 3),
                kind=EventPage.Kind.WEBINAR if number % 2 else EventPage.Kind.WERKSESSIE,
                revision=False,
            )
        )
    moment = days_from_now(-5).replace(microsecond=250_000)
    for number in (45, 46):
        past.append(
            make_event(
                title=f"Archief {number:02}",
                start=moment,
                kind=EventPage.Kind.WEBINAR,
                revision=False,
            )
        )
    for number in range(21):
        make_event(
            title=f"Straks {number:02}",
            start=days_from_now(1 + number),
            kind=EventPage.Kind.WEBINAR,
            revision=False,
        )
    make_event(
        title="Bezig", start=days_from_now(-1), end=days_from_now(1), kind=EventPage.Kind.WEBINAR
    )
    make_event(title="Concept", start=days_from_now(-3), live=False, revision=False)
    return past


def newest_first(events):
    """The order the archive promises: by start, then by id, newest first."""
    return [event.title for event in sorted(events, key=lambda e: (e.start, e.pk), reverse=True)]


def link(page_html, text):
    """The address of the archive link named ``text``, or None."""
    match = re.search(rf'<a href="([^"]*)#archief" rel="(?:next|prev)">{text}</a>', page_html)
    return "/agenda/" + html_lib.unescape(match[1]) if match else None


def walk(client, url, text):
    """The archive's pages from ``url`` on, following the link ``text``: (url, titles, upcoming)."""
    pages = []
    while url:
        assert len(pages) < 20, "the archive's links go round in circles"
        response = client.get(url)
        assert response.status_code == 200
        pages.append((url, titles(response, "archive"), titles(response, "upcoming")))
        url = link(response.content.decode(), text)
    return pages


@pytest.mark.parametrize(
    ("query", "kinds"),
    [
        ("", {EventPage.Kind.WEBINAR, EventPage.Kind.WERKSESSIE}),
        ("soort=webinar&pagina=2", {EventPage.Kind.WEBINAR}),
    ],
)
def test_paging_earlier_then_later_shows_every_past_meeting_once_in_order(
    client, archive, query, kinds
):
    expected = newest_first(event for event in archive if event.kind in kinds)
    forward = walk(client, f"/agenda/?{query}", EARLIER)
    assert len(forward) >= 3
    assert [title for _, page, _ in forward for title in page] == expected
    assert all(len(page) == PER_PAGE for _, page, _ in forward[:-1])
    # The filters and the upcoming list's page stay as they were on every archive page.
    assert len({tuple(upcoming) for _, _, upcoming in forward}) == 1
    for url, _, _ in forward[1:]:
        assert url.startswith(f"/agenda/?{query}&archief-voor=" if query else "/agenda/?archief")

    backward = walk(client, forward[-1][0], LATER)
    assert [page for _, page, _ in backward] == [page for _, page, _ in reversed(forward)]


def test_meetings_that_start_together_are_ordered_by_id_across_a_page_boundary(client, archive):
    first = client.get("/agenda/")
    # Archief 45 and 46 start together, a quarter second after Archief 09, 10 and 11; the
    # first page ends between 46 and 45. A cursor without the fraction, or without the id,
    # would skip or repeat one of them.
    assert titles(first, "archive")[-1] == "Archief 46"
    second = client.get(link(first.content.decode(), EARLIER))
    assert titles(second, "archive")[:4] == ["Archief 45", "Archief 11", "Archief 10", "Archief 09"]


def test_the_cursor_is_the_start_in_utc_and_the_id(client, archive):
    html = client.get("/agenda/?soort=webinar").content.decode()
    last_card = EventPage.objects.get(title="Archief 17")
    assert titles(client.get("/agenda/?soort=webinar"), "archive")[-1] == last_card.title
    start = last_card.start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f'href="?soort=webinar&amp;archief-voor={start}_{last_card.pk}#archief"' in html
    boundary = EventPage.objects.get(title="Archief 46")
    assert cursor(boundary) == boundary.start.astimezone(UTC).strftime(
        "%Y%m%dT%H%M%S.250000Z_"
    ) + str(boundary.pk)


def test_a_first_page_has_no_later_link_and_a_last_page_no_earlier_link(client, archive):
    html = client.get("/agenda/").content.decode()
    assert LATER not in html
    assert "47 bijeenkomsten in het archief" in html
    assert '<nav class="pagination" aria-label="Pagina\'s van het archief">' in html
    last = walk(client, "/agenda/", EARLIER)[-1][0]
    html = client.get(last).content.decode()
    assert EARLIER not in html
    assert LATER in html
    assert "Nieuwste bijeenkomsten" in html


@pytest.mark.parametrize(
    "query",
    [
        "archief-voor=",
        "archief-voor=onzin",
        "archief-voor=20240101T000000Z_0",  # no such id
        "archief-voor=20241301T000000Z_5",  # month 13
        "archief-voor=20240101T000000Z_99999999999",  # beyond a PostgreSQL integer
        "archief-voor=20240101T000000.5Z_5",
        "archief-voor=２０２４０１０１T000000Z_5",  # digits, but not ASCII ones
        "archief-na=20240101T000000Z_5%0A",  # a newline after it
        "archief-na=29991231T235959Z_5",  # nothing later than that
        "archief-voor=19000101T000000Z_5",  # nothing earlier than that
        "archief-voor=20240101T000000Z_5&archief-na=20240101T000000Z_5",
        "archief=6",  # old numbered links beyond the fifth page
        "archief=99",
        "archief=-1",
        "archief=٢",
    ],
)
def test_a_bad_cursor_or_page_number_gives_the_first_archive_page(client, archive, query):
    first = titles(client.get("/agenda/"), "archive")
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    assert titles(response, "archive") == first
    assert LATER not in response.content.decode()


def test_a_cursor_later_than_every_meeting_shows_the_newest(client, archive):
    response = client.get("/agenda/?archief-voor=29991231T235959Z_5")
    assert titles(response, "archive") == newest_first(archive)[:PER_PAGE]


def test_old_numbered_links_still_show_their_page_and_lead_on_by_cursor(client, archive):
    pages = walk(client, "/agenda/", EARLIER)
    second = client.get("/agenda/?archief=2")
    assert titles(second, "archive") == pages[1][1]
    third = client.get(link(second.content.decode(), EARLIER))
    assert titles(third, "archive") == pages[2][1]
    back = client.get(link(second.content.decode(), LATER))
    assert titles(back, "archive") == pages[0][1]


def test_a_cursor_still_works_after_its_meeting_is_unpublished(client, archive):
    pages = walk(client, "/agenda/", EARLIER)
    second_url = pages[1][0]
    boundary = EventPage.objects.get(title=pages[0][1][-1])
    boundary.unpublish()
    assert titles(client.get(second_url), "archive") == pages[1][1]


def test_the_filter_form_and_the_upcoming_pages_keep_the_archive_cursor_apart(client, archive):
    second = walk(client, "/agenda/?soort=webinar", EARLIER)[1][0]
    html = client.get(second).content.decode()
    # The upcoming list's "Next" keeps the archive's page; the filter form starts afresh.
    match = re.search(r'<a href="([^"]*)" rel="next">Volgende</a>', html)
    assert "archief-voor=" in html_lib.unescape(match[1])
    assert 'name="archief-voor"' not in html
