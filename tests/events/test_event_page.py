"""The event page: facts in Dutch, sessions, status, calendar links, reports, agreements."""

import re
from datetime import date, time
from urllib.parse import parse_qs, urlparse

from wagtail.models import PageViewRestriction

from events.models import EventPage, EventSession, ReportAgreement, ReportEventLink, ReportPage
from website import memo

from .conftest import at, days_from_now, publish
from .test_agenda import make_report


def test_estafette_page_shows_its_host_locations(client, make_event, taxonomy):
    event = make_event(
        title="Inspiratie-estafette 18 mei",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        start=at(2018, 5, 18, 9),
        end=at(2018, 5, 18, 14),
        intro="Twee praktijken openen hun deuren.",
        sessions=[
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "organisation": taxonomy["school"],
                "start_time": time(11),
                "end_time": time(14),
                "lunch": True,
                "text": "Zorg en onderwijs in één groep.",
                "capacity": 25,
            },
            {
                "kind": EventSession.Kind.HOST_LOCATION,
                "title": "PPO Noord-Kennemerland",
                "street": "Hertog Aalbrechtweg 5",
                "city": "Alkmaar",
                "start_time": time(9),
                "end_time": time(11),
            },
        ],
    )
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Inspiratie-estafette 18 mei</h1>" in html
    assert "Inspiratie-estafette</p>" in html  # the kind, above the title
    assert "vrijdag 18 mei 2018, 9.00–14.00 uur" in html
    assert "Gastlocaties" in html
    assert "Van Koetsveldschool" in html
    assert "Archimedesplantsoen 98, 1098 KB Amsterdam" in html
    assert "11.00–14.00 uur" in html
    assert "9.00–11.00 uur" in html
    assert "Lunch inbegrepen" in html
    assert "Geen lunch" in html
    assert "maximaal 25 deelnemers" in html
    assert (
        'href="https://www.openstreetmap.org/search?query=Hertog+Aalbrechtweg+5%2C+Alkmaar"' in html
    )
    assert "Op de gastlocaties hieronder" in html
    # No third-party map or script is embedded (JSON-LD is data, not a script).
    assert "<iframe" not in html
    without_data = re.sub(r'<script type="application/ld\+json"[^>]*>.*?</script>', "", html)
    assert "<script" not in without_data.replace(
        '<script src="/static/js/site.js" defer></script>', ""
    )


def test_werksessie_page_shows_its_break_out_groups(client, make_event, taxonomy):
    event = make_event(
        title="Werksessie",
        attendance=EventPage.Attendance.ONLINE,
        online_note="Via Teams; de link volgt na aanmelding.",
        sessions=[
            {"kind": EventSession.Kind.BREAKOUT, "theme": taxonomy["oza"], "online": True},
            {"kind": EventSession.Kind.BREAKOUT, "title": "Ouderbetrokkenheid", "room": "Zaal 2"},
        ],
    )
    html = client.get(event.url).content.decode()
    assert "Deelsessies" in html
    assert "Onderwijszorgarrangementen" in html
    assert "Zaal 2" in html
    assert "Online: Via Teams; de link volgt na aanmelding." in html


def test_status_is_shown_prominently(client, make_event):
    event = make_event(title="Gaat niet door")
    html = client.get(event.url).content.decode()
    assert "event-notice" not in html
    page = event.get_latest_revision_as_object()
    page.status = EventPage.Status.CANCELLED
    page.status_note = "Wegens ziekte van de spreker."
    event = publish(page)
    html = client.get(event.url).content.decode()
    assert "Deze bijeenkomst is geannuleerd." in html
    assert "Wegens ziekte van de spreker." in html
    assert html.index("event-notice") < html.index("event-facts")
    assert "<dd>Geannuleerd</dd>" in html
    agenda_html = client.get("/agenda/").content.decode()
    assert 'event-status--geannuleerd">Geannuleerd</span>' in agenda_html


def test_add_to_calendar_links(client, make_event):
    event = make_event(title="Werksessie", start=at(2030, 6, 14, 13), end=at(2030, 6, 14, 16))
    html = client.get(event.url).content.decode()
    assert "Zet in mijn agenda" in html
    assert f'href="/agenda/{event.slug}.ics" download' in html
    context = client.get(event.url).context
    [links] = context["calendar_links"]
    google = urlparse(links["google"])
    assert google.netloc == "calendar.google.com"
    query = parse_qs(google.query)
    assert query["dates"] == ["20300614T110000Z/20300614T140000Z"]
    assert query["text"] == ["Werksessie"]
    assert f"http://testserver{event.url}" in query["details"][0]
    outlook = parse_qs(urlparse(links["outlook"]).query)
    assert outlook["startdt"] == ["2030-06-14T11:00:00Z"]
    assert outlook["enddt"] == ["2030-06-14T14:00:00Z"]
    assert outlook["subject"] == ["Werksessie"]


def test_all_day_calendar_links(client, make_event):
    event = make_event(
        title="Congres", start=at(2030, 6, 14, 9), end=at(2030, 6, 15, 17), all_day=True
    )
    html = client.get(event.url).content.decode()
    assert "vrijdag 14 juni 2030 t/m zaterdag 15 juni 2030" in html
    [links] = client.get(event.url).context["calendar_links"]
    assert "dates=20300614%2F20300616" in links["google"]
    assert "allday=true" in links["outlook"]


def test_reports_show_once_they_are_live(client, agenda, make_event):
    event = make_event(title="Visiebijeenkomst", start=at(2016, 10, 28, 13))
    draft = make_report(agenda, "Verslag in de maak", [event], live=False)
    html = client.get(event.url).content.decode()
    assert "Verslag in de maak" not in html
    publish(draft)
    html = client.get(event.url).content.decode()
    assert "Verslag in de maak" in html
    assert f'href="{draft.url}"' in html


def test_agreements_with_a_follow_up_date_show_on_the_follow_up_event(client, agenda, make_event):
    vision = make_event(title="Visiebijeenkomst", start=at(2016, 10, 28, 13))
    follow_up = make_event(
        title="Vervolgbijeenkomst",
        kind=EventPage.Kind.VERVOLGBIJEENKOMST,
        start=at(2017, 4, 28, 13),
        follows_up=vision,
    )
    report = ReportPage(title="Verslag visiebijeenkomst", slug="verslag-visie")
    report.event_links = [ReportEventLink(event=vision)]
    report.agreements = [
        ReportAgreement(
            text="Er komt een thuiszitterspact.",
            trekker="Regiegroep",
            follow_up_date=date(2017, 4, 28),
        ),
        ReportAgreement(text="Zonder datum: staat alleen in het verslag."),
    ]
    report.live = False
    agenda.add_child(instance=report)
    html = client.get(follow_up.url).content.decode()
    assert "thuiszitterspact" not in html  # the report is not live yet
    publish(report)
    html = client.get(follow_up.url).content.decode()
    assert "Afspraken om op terug te komen" in html
    assert "Er komt een thuiszitterspact." in html
    assert "Regiegroep" in html
    assert "28 april 2017" in html
    assert "Zonder datum" not in html
    assert "Vervolg op" in html and f'href="{vision.url}"' in html
    vision_html = client.get(vision.url).content.decode()
    assert "Vervolgbijeenkomsten" in vision_html and f'href="{follow_up.url}"' in vision_html
    report_html = client.get(report.url).content.decode()
    assert "Er komt een thuiszitterspact." in report_html
    assert "Zonder datum: staat alleen in het verslag." in report_html
    assert "Over de bijeenkomst:" in report_html
    assert "vrijdag 28 oktober 2016, 13.00–16.00 uur" in report_html


def test_members_only_and_draft_pages_leak_nothing_onto_public_events(client, agenda, make_event):
    vision = make_event(title="Besloten visiebijeenkomst", start=at(2016, 10, 28, 13))
    follow_up = make_event(title="Vervolgbijeenkomst", start=at(2017, 4, 28, 13), follows_up=vision)
    next_meeting = make_event(title="Concept-vervolg", start=at(2017, 9, 1, 13), live=False)
    report = ReportPage(title="Verslag besloten", slug="verslag-besloten")
    report.event_links = [ReportEventLink(event=vision)]
    report.agreements = [
        ReportAgreement(
            text="Geheime afspraak.",
            trekker="Mevrouw Jansen",
            follow_up_date=date(2017, 4, 28),
            follow_up_event=next_meeting,
        ),
        ReportAgreement(text="Open afspraak.", follow_up_date=date(2017, 4, 28)),
    ]
    agenda.add_child(instance=report)
    publish(report)
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    PageViewRestriction.objects.create(page=vision, restriction_type="login")

    html = client.get(follow_up.url).content.decode()
    assert "Geheime afspraak." not in html and "Mevrouw Jansen" not in html
    assert "Open afspraak." not in html
    assert "Vervolg op" not in html and vision.url not in html

    PageViewRestriction.objects.filter(page=report).delete()
    report_html = client.get(report.url).content.decode()
    assert "Geheime afspraak." in report_html
    assert "Concept-vervolg" not in report_html  # a draft meeting is not linked


def test_a_cancelled_event_offers_no_add_to_calendar(client, make_event):
    event = make_event(title="Gaat niet door", status=EventPage.Status.CANCELLED)
    html = client.get(event.url).content.decode()
    assert "Deze bijeenkomst is geannuleerd." in html
    assert "Zet in mijn agenda" not in html


def test_report_page_renders_outcomes_quotes_and_kind(client, agenda, make_event, taxonomy):
    event = make_event(title="Netwerkbijeenkomst", start=at(2020, 11, 25, 13))
    report = make_report(
        agenda,
        "Samenvatting",
        [event],
        kind=ReportPage.Kind.SAMENVATTING,
        body=[
            (
                "outcome",
                {
                    "theme": taxonomy["oza"],
                    "title": "Samen optrekken",
                    "goes_well": "Korte lijnen\n- Gedeelde visie",
                    "can_improve": "Meer sturen op data",
                    "building_blocks": "Werkvloer betrekken",
                },
            ),
            ("quote", {"text": "Samen kom je verder.", "attribution": "Een deelnemer"}),
        ],
    )
    html = client.get(report.url).content.decode()
    assert "Samenvatting</p>" in html
    assert '<h2 class="outcome__title">Samen optrekken</h2>' in html
    assert "Thema: Onderwijszorgarrangementen" in html
    assert "<li>Korte lijnen</li>" in html and "<li>Gedeelde visie</li>" in html
    assert "Wat gaat goed" in html and "Wat kan beter" in html and "Bouwstenen" in html
    assert "Samen kom je verder." in html
    # The "Delen" row: plain links, no third-party script.
    assert '<h2 id="share-title" class="share__title">Delen</h2>' in html
    assert "linkedin.com/sharing/share-offsite/?url=" in html


def test_home_page_lists_upcoming_events_and_latest_reports(client, home, agenda, make_event):
    from .conftest import days_from_now

    past = make_event(title="Werksessie juni", start=days_from_now(-10))
    make_event(title="Estafette volgende maand", start=days_from_now(30))
    make_report(agenda, "Sfeerimpressie juni", [past], kind=ReportPage.Kind.SFEERIMPRESSIE)
    html = client.get("/").content.decode()
    assert "Eerstvolgende bijeenkomst" in html
    assert "Estafette volgende maand" in html
    assert "Werksessie juni" not in html
    assert "Nieuwste verslag" in html
    assert "Sfeerimpressie juni" in html
    assert 'href="/agenda/">Bekijk de agenda' in html


def test_an_estafette_offers_one_calendar_file_per_host_location(client, make_event):
    """Issue 9, point 8: one download used to put every (overlapping) location in a calendar."""
    from django.utils.html import escape

    from . import ical_parser

    event = make_event(
        title="Inspiratie-estafette",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        start=at(2030, 3, 22, 9),
        end=at(2030, 3, 22, 15),
        sessions=[
            {"title": "Almere", "city": "Almere", "start_time": time(9), "end_time": time(12)},
            {"title": "Dronten", "city": "Dronten", "start_time": time(10), "end_time": time(13)},
            {"title": "Amsterdam", "city": "Amsterdam", "start_time": time(11)},
        ],
    )
    sessions = list(event.sessions.order_by("sort_order", "pk"))
    html = client.get(event.url).content.decode()

    assert f'href="/agenda/{event.slug}.ics" download' not in html
    for session in sessions:
        link = f"/agenda/{event.slug}.ics?locatie={session.pk}"
        assert html.count(f'href="{escape(link)}" download') == 2  # calendar block + listing
        response = client.get(link)
        assert response.status_code == 200
        calendar = ical_parser.parse(response.content)
        entries = calendar.children("VEVENT")
        assert len(entries) == 1, f"{len(entries)} entries in the file of {session.title}"
        [entry] = entries
        assert response["Content-Disposition"].endswith(
            f'filename="{event.slug}-{session.title.lower()}.ics"'
        )
        assert entry.value("UID") == str(session.uid)
        assert ical_parser.moment(entry.get("DTSTART"), calendar) == session.start
        assert session.title in ical_parser.text(entry.value("LOCATION"))

    for wrong in ("999999", "abc", ""):
        assert client.get(f"/agenda/{event.slug}.ics?locatie={wrong}").status_code == 404
    # The event's own file (for who subscribes to it) and the site feed are unchanged.
    whole = ical_parser.parse(client.get(f"/agenda/{event.slug}.ics").content)
    assert {e.value("UID") for e in whole.children("VEVENT")} == {str(s.uid) for s in sessions}
    feed = ical_parser.parse(client.get("/agenda.ics").content)
    feed_uids = {e.value("UID") for e in feed.children("VEVENT")}
    assert {str(s.uid) for s in sessions} <= feed_uids


# Rendering the page's parts once this process holds the site, the route, the page and
# its places (website.memo): sessions, follow-ups, agreements, reports.
EVENT_PAGE_RENDER_QUERIES = 4
EVENT_PAGE_QUERIES = 0  # then it holds the rendered parts too


def test_an_event_page_takes_4_queries_then_none_whatever_the_agenda_holds(
    client, agenda, make_event, taxonomy, content_memo, django_assert_num_queries
):
    from .test_agenda import build_agenda

    earlier = make_event(title="Visiebijeenkomst", start=at(2017, 3, 1, 13))
    event = make_event(
        title="Vervolg",
        follows_up=earlier,
        organiser=taxonomy["school"],
        themes=[taxonomy["oza"], taxonomy["thuiszitters"]],
        regions=[taxonomy["region"]],
        audiences=[taxonomy["beleid"]],
        sessions=[
            {"kind": EventSession.Kind.HOST_LOCATION, "organisation": taxonomy["school"]},
            {"kind": EventSession.Kind.BREAKOUT, "theme": taxonomy["oza"]},
        ],
    )
    make_event(title="Nog een vervolg", follows_up=event)
    make_report(agenda, "Verslag visie", [earlier])
    make_report(agenda, "Verslag vervolg", [event])
    for first, count in ((0, 10), (10, 90)):
        build_agenda(make_event, agenda, taxonomy, count, first=first)
        content_memo()
        client.get(event.url)  # the first visit after a change reads everything
        memo.forget_fragments()
        with django_assert_num_queries(EVENT_PAGE_RENDER_QUERIES):
            first_visit = client.get(event.url).content.decode()
        with django_assert_num_queries(EVENT_PAGE_QUERIES):
            response = client.get(event.url)
        html = response.content.decode()
        assert html == first_visit
        for text in ("Visiebijeenkomst", "Nog een vervolg", "Verslag vervolg", "Thuiszitters"):
            assert text in html
        assert "Van Koetsveldschool" in html
        assert "Beleidsmedewerkers" in html


def test_a_past_meeting_says_it_took_place_links_its_report_and_offers_no_calendar_entry(
    client, agenda, make_event
):
    """Issue 9, point 13: past meetings showed "Gepland" and "Zet in mijn agenda"."""
    past = make_event(title="Werksessie september", start=days_from_now(-30))
    report = make_report(agenda, "Sfeerimpressie september", [past])
    upcoming = make_event(title="Werksessie januari", start=days_from_now(30))

    html = client.get(past.url).content.decode()
    assert "<dd>Heeft plaatsgevonden" in html
    assert f'<a href="{report.url}">Lees “Sfeerimpressie september”</a>' in html
    assert "Gepland" not in html
    assert 'id="calendar-title"' not in html

    html = client.get(upcoming.url).content.decode()
    assert "<dd>Gepland</dd>" in html
    assert 'id="calendar-title"' in html
