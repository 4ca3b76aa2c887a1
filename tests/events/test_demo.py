"""The agenda's demo content: the seed meetings with their facts, and a year ahead."""

import datetime
from io import StringIO

import pytest
from django.utils import timezone

from events import demo
from events.models import AgendaPage, EventPage, ReportPage

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture
def loaded(home):
    out = StringIO()
    created = demo.load(stdout=out, today=TODAY)
    return created, out.getvalue()


def local(value):
    return timezone.localtime(value)


def test_load_is_idempotent(home, loaded):
    created, output = loaded
    assert created["events"] > 8 and created["reports"] == 4
    assert "Agenda:" in output
    pages = EventPage.objects.count(), ReportPage.objects.count(), AgendaPage.objects.count()
    again = demo.load(today=TODAY)
    assert again == {"events": 0, "reports": 0}
    assert (
        EventPage.objects.count(),
        ReportPage.objects.count(),
        AgendaPage.objects.count(),
    ) == pages


def test_the_agenda_lives_at_agenda_and_the_pages_render(client, loaded):
    for page in (*EventPage.objects.all()[:12], *ReportPage.objects.all()):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    agenda = AgendaPage.objects.get()
    assert agenda.url == "/agenda/"
    assert agenda.live and agenda.show_in_menus
    assert client.get("/agenda/").status_code == 200
    assert client.get("/agenda.ics").status_code == 200
    # The README's example of a filtered agenda finds meetings in the demo.
    context = client.get("/agenda/?soort=inspiratie-estafette&regio=amsterdam-amstelland").context
    assert context["upcoming"].paginator.count + context["archive"].count >= 3


def event(slug):
    return EventPage.objects.get(slug=slug)


def hosts(event_page):
    return {
        session.display_title: session
        for session in event_page.sessions.select_related("organisation")
        if session.is_host_location
    }


def test_seed_meetings_and_reports(loaded):
    check_estafette_of_23_march_2018()
    check_estafette_of_18_may_2018()
    check_other_seed_meetings()
    check_reports_are_live_and_linked()


def check_estafette_of_23_march_2018():
    estafette = event("inspiratie-estafette-23-maart-2018")
    assert estafette.kind == EventPage.Kind.INSPIRATIE_ESTAFETTE
    assert local(estafette.start).date() == datetime.date(2018, 3, 23)
    sessions = hosts(estafette)
    school = sessions["Van Koetsveldschool"]
    assert school.address == "Archimedesplantsoen 98, 1098 KB Amsterdam"
    assert (local(school.start).time(), local(school.end).time()) == (
        datetime.time(11),
        datetime.time(14),
    )
    assert school.lunch
    assert "Cordaan Jeugd" in school.text
    dronten = sessions["Praktijkonderwijs Dronten"]
    assert dronten.address == "Educalaan 8a, 8251 GC Dronten"
    assert local(dronten.end).time() == datetime.time(13, 30)
    assert dronten.lunch


def check_estafette_of_18_may_2018():
    estafette = event("inspiratie-estafette-18-mei-2018")
    assert local(estafette.start).date() == datetime.date(2018, 5, 18)
    sessions = hosts(estafette)
    assert set(sessions) == {"Van Koetsveldschool", "PPO Noord-Kennemerland"}
    ppo = sessions["PPO Noord-Kennemerland"]
    assert ppo.address == "Hertog Aalbrechtweg 5, Alkmaar"
    assert (local(ppo.start).time(), local(ppo.end).time()) == (datetime.time(9), datetime.time(11))


def check_other_seed_meetings():
    exchange = event("landelijke-uitwisseling-30-mei-2018")
    assert local(exchange.start).date() == datetime.date(2018, 5, 30)

    vision = event("visiebijeenkomst-noord-kennemerland-2016")
    assert vision.kind == EventPage.Kind.VISIEBIJEENKOMST
    assert local(vision.start).date() == datetime.date(2016, 10, 28)
    assert vision.city == "Alkmaar"
    follow_up = event("vervolgbijeenkomst-noord-kennemerland-2017")
    assert follow_up.follows_up == vision
    assert follow_up.kind == EventPage.Kind.VERVOLGBIJEENKOMST
    assert {a.trekker for a in follow_up.follow_up_agreements()} >= {
        "Regiegroep",
        "Jan Mesu (bestuurlijk trekker)",
    }

    network = event("netwerkbijeenkomst-25-november-2020")
    assert local(network.start).date() == datetime.date(2020, 11, 25)
    assert network.attendance == EventPage.Attendance.ONLINE
    assert "258" not in network.intro  # the number belongs to the report
    assert len(network.breakout_sessions) == 2

    june = event("werksessie-17-juni-2021")
    assert local(june.start).date() == datetime.date(2021, 6, 17)
    assert len(june.breakout_sessions) == 6
    september = event("werksessie-16-september-2021")
    assert local(september.start).date() == datetime.date(2021, 9, 16)
    assert september.follows_up == june


def check_reports_are_live_and_linked():
    expected = {
        "verslag-visiebijeenkomst-noord-kennemerland-2016": (
            "visiebijeenkomst-noord-kennemerland-2016"
        ),
        "verslag-inspiratie-estafette-dronten-2018": "inspiratie-estafette-23-maart-2018",
        "samenvatting-netwerkbijeenkomst-25-november-2020": "netwerkbijeenkomst-25-november-2020",
        "sfeerimpressie-werksessie-17-juni-2021": "werksessie-17-juni-2021",
    }
    for report_slug, event_slug in expected.items():
        report = ReportPage.objects.get(slug=report_slug)
        assert report.live
        assert [e.slug for e in report.events()] == [event_slug]
        assert report in event(event_slug).live_reports()
    summary = ReportPage.objects.get(slug="samenvatting-netwerkbijeenkomst-25-november-2020")
    assert "258" in summary.intro
    assert [block.block_type for block in summary.body].count("outcome") == 4


def test_a_year_of_upcoming_meetings(loaded):
    now = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(12)))
    upcoming = list(EventPage.objects.upcoming(now))
    estafettes = [e for e in upcoming if e.kind == EventPage.Kind.INSPIRATIE_ESTAFETTE]
    werksessies = [e for e in upcoming if e.kind == EventPage.Kind.WERKSESSIE]
    assert len(estafettes) >= 9
    assert len(werksessies) >= 4
    months = set()
    for estafette in estafettes:
        day = local(estafette.start).date()
        assert day.weekday() == 4  # a Friday
        assert (day + datetime.timedelta(days=7)).month != day.month  # the last one
        assert TODAY < day <= TODAY + datetime.timedelta(days=366)
        assert 2 <= len(estafette.host_sessions) <= 3
        months.add((day.year, day.month))
    assert len(months) == len(estafettes)
