"""Event pages, verslagen and articles carry schema.org JSON-LD that search engines read.

The data is extracted as a crawler would (extruct) and checked against schema.org's
vocabulary (tests/support/schema_org.py), not by matching strings.
"""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventPage
from registrations.models import RegistrationSettings
from tests.support.schema_org import errors, json_ld
from website.models import Organisation

from .conftest import days_from_now
from .test_agenda import make_report


def only(items, kind):
    found = [item for item in items if item.get("@type") == kind]
    assert len(found) == 1, items
    return found[0]


@pytest.fixture
def school(db):
    return Organisation.objects.create(
        name="Van Koetsveldschool",
        street="Archimedesplantsoen 98",
        postcode="1098 KB",
        city="Amsterdam",
    )


def test_an_estafette_is_an_event_with_a_place_per_host_location(client, make_event, school):
    event = make_event(
        title="Inspiratie-estafette mei",
        kind=EventPage.Kind.INSPIRATIE_ESTAFETTE,
        start=days_from_now(20, hour=9),
        organiser=school,
        sessions=[
            {"title": "Van Koetsveldschool", "organisation": school},
            {"title": "Jeugdhulp De Brug", "street": "Kanaalkade 1", "city": "Alkmaar"},
        ],
    )
    data = only(json_ld(client.get(event.url).content.decode()), "Event")

    assert errors(data) == []
    assert data["name"] == "Inspiratie-estafette mei"
    assert data["url"] == f"http://testserver{event.url}"
    start = datetime.datetime.fromisoformat(data["startDate"])
    assert start == event.start and start.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert datetime.datetime.fromisoformat(data["endDate"]) == event.end
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert [place["name"] for place in data["location"]] == [
        "Van Koetsveldschool",
        "Jeugdhulp De Brug",
    ]
    assert data["location"][0]["address"]["postalCode"] == "1098 KB"
    assert data["location"][1]["address"]["addressLocality"] == "Alkmaar"
    assert data["organizer"] == {"@type": "Organization", "name": "Van Koetsveldschool"}
    assert "offers" not in data  # no registrations for this one


def test_cancelled_moved_and_online_events(client, make_event):
    cancelled = make_event(status=EventPage.Status.CANCELLED, city="Zwolle", venue="Stadshuis")
    moved = make_event(
        status=EventPage.Status.MOVED, attendance=EventPage.Attendance.ONLINE, online_note="Teams"
    )
    hybrid = make_event(attendance=EventPage.Attendance.HYBRID, venue="Het Huis", city="Utrecht")

    data = only(json_ld(client.get(cancelled.url).content.decode()), "Event")
    assert errors(data) == []
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"]["@type"] == "Place"

    data = only(json_ld(client.get(moved.url).content.decode()), "Event")
    assert errors(data) == []
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": f"http://testserver{moved.url}"}

    data = only(json_ld(client.get(hybrid.url).content.decode()), "Event")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in data["location"]} == {"Place", "VirtualLocation"}


def test_registration_availability_comes_from_the_registrations_app(client, make_event):
    event = make_event(city="Utrecht", venue="Het Huis")
    RegistrationSettings.objects.create(event=event, capacity=30)
    data = only(json_ld(client.get(event.url).content.decode()), "Event")

    assert errors(data) == []
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["url"] == f"http://testserver{event.url}#aanmelden"
    assert data["offers"]["inventoryLevel"]["value"] == 30

    settings_row = RegistrationSettings.objects.get(event=event)
    settings_row.opens_at = timezone.now() + timedelta(days=2)
    settings_row.save()
    data = only(json_ld(client.get(event.url).content.decode()), "Event")
    assert data["offers"]["availability"] == "https://schema.org/PreOrder"
    assert errors(data) == []


def test_events_never_import_registrations():
    """Registration data reaches the event page only through the hook."""
    from pathlib import Path

    source = (Path(__file__).parents[2] / "events" / "structured_data.py").read_text()
    assert "registrations" not in [
        line.split()[1].split(".")[0]
        for line in source.splitlines()
        if line.startswith(("import ", "from "))
    ]


def test_a_title_cannot_break_out_of_the_script_element(client, make_event):
    title = 'Werksessie </script><script>alert("x")</script> & meer'
    event = make_event(title=title)
    html = client.get(event.url).content.decode()

    assert '</script><script>alert("x")' not in html
    data = only(json_ld(html), "Event")
    assert data["name"] == title  # the exact title, read back by a parser


def test_verslagen_and_articles_are_articles(client, agenda, make_event, home):
    from tests.website.factories import add_article, add_article_index

    past = make_event(title="Werksessie juni", start=days_from_now(-10))
    report = make_report(agenda, "Verslag van de werksessie", [past], author="Anna de Vries")
    article = add_article(
        add_article_index(home), "Thuiszitters in Nijmegen", date=datetime.date(2026, 3, 13)
    )
    article.save_revision().publish()

    data = only(json_ld(client.get(report.url).content.decode()), "Article")
    assert errors(data) == []
    assert data["headline"] == "Verslag van de werksessie"
    assert data["author"] == {"@type": "Person", "name": "Anna de Vries"}
    assert data["articleSection"] == "Verslag"

    data = only(json_ld(client.get(article.url).content.decode()), "Article")
    assert errors(data) == []
    assert data["datePublished"] == "2026-03-13"
    assert data["publisher"]["name"] == "Samenspel"


def test_the_vocabulary_check_catches_mistakes():
    """The checker itself: an invented property, status or naive date is an error."""
    assert errors({"@type": "Event", "name": "x", "startTime": "10:00"})
    assert errors({"@type": "Event", "eventStatus": "https://schema.org/EventHappening"})
    assert errors({"@type": "Event", "startDate": "2026-05-15T09:30:00"})
    assert errors({"@type": "Event", "location": {"@type": "Organization", "name": "x"}})
    assert errors({"@type": "Evenement"})
