"""Groups in the follow: a group's public feed, followed groups, members' group events."""

import re

import pytest
import vobject
from django.test import Client
from django.urls import reverse

from communities import following, services
from communities.models import CommunityEvent, Membership, Profile
from events.models import EventPage
from tests.events import ical_parser
from tests.registrations.conftest import days_from_now

from .conftest import client_for, publish

pytestmark = pytest.mark.django_db


def link_events(group, *pairs):
    """The group's agenda as a trekker's editor sets it: (event, members_only) pairs."""
    page = group.get_latest_revision_as_object()
    page.community_events = [
        CommunityEvent(event=event, members_only=members_only) for event, members_only in pairs
    ]
    return publish(page)


@pytest.fixture
def agenda_events(make_event, group, other_group):
    events = {
        "public": make_event(title="Regiobijeenkomst Flevoland", start=days_from_now(12)),
        "members": make_event(title="Besloten intervisie", start=days_from_now(8)),
        "elsewhere": make_event(title="OZA-werksessie", start=days_from_now(9)),
        "unlinked": make_event(title="Landelijke bijeenkomst", start=days_from_now(10)),
    }
    link_events(group, (events["public"], False), (events["members"], True))
    link_events(other_group, (events["elsewhere"], True))
    return events


def summaries(body):
    calendar = ical_parser.parse(body)
    return {ical_parser.text(vevent.value("SUMMARY")) for vevent in calendar.children("VEVENT")}


def group_feed_url(group):
    return group.url.rstrip("/") + ".ics"


def test_a_group_has_a_public_feed_of_its_public_events_only(group, people, agenda_events):
    response = Client().get(group_feed_url(group))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"].startswith("public")
    assert summaries(response.content) == {"Regiobijeenkomst Flevoland"}
    calendar = vobject.readOne(response.content.decode())
    (vevent,) = calendar.contents["vevent"]
    assert vevent.uid.value == str(agenda_events["public"].ical_uid)
    assert vevent.status.value == "CONFIRMED"
    assert calendar.contents["vtimezone"][0].tzid.value == "Europe/Amsterdam"
    # Members of the group get no more from the public feed: it is the same for everyone.
    assert client_for(people["member"]).get(group_feed_url(group)).content == response.content
    # The group page and its agenda point to it.
    page = client_for(people["member"]).get(group.url).content.decode()
    assert f'href="{group_feed_url(group)}"' in page


def test_a_cancelled_group_event_stays_in_the_group_feed_as_cancelled(group, agenda_events):
    event = agenda_events["public"].get_latest_revision_as_object()
    event.status = EventPage.Status.CANCELLED
    publish(event)
    calendar = vobject.readOne(Client().get(group_feed_url(group)).content.decode())
    (vevent,) = calendar.contents["vevent"]
    assert vevent.status.value == "CANCELLED"
    assert int(vevent.sequence.value) >= 1


def test_an_unpublished_group_has_no_feed(group, agenda_events):
    group.unpublish()
    assert Client().get(group_feed_url(group)).status_code == 404


def test_the_follow_page_lists_the_groups_and_saves_them(people, group, other_group):
    client = client_for(people["outsider"])
    html = client.get(reverse("follow:page")).content.decode()
    assert "Groepen die u volgt" in html
    assert group.title in html and other_group.title in html
    client.post(reverse("follow:page"), {"communities": [group.pk]})
    profile = Profile.objects.get(user=people["outsider"])
    assert list(profile.followed_communities.all()) == [group]


def for_you_titles(html):
    match = re.search(r"<section[^>]*data-for-you.*?</section>", html, re.S)
    return re.findall(r'event-card__title"><a [^>]*>([^<]+)</a>', match.group(0)) if match else None


def private_feed(user):
    client_for(user).post(reverse("follow:reset_calendar"))
    token = Profile.objects.get(user=user).calendar_token
    response = Client().get(reverse("follow:calendar", args=[token]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")
    return summaries(response.content)


def test_members_get_their_groups_events_members_only_included(people, agenda_events, group):
    expected = {"Besloten intervisie", "Regiobijeenkomst Flevoland"}
    for role in ("member", "trekker"):
        assert private_feed(people[role]) == expected, role
        # The site's pages list public events only, "Voor u" too (the groups' rule: a
        # members-only event is on the group's agenda and in the member's own feed).
        for url in ("/", "/agenda/"):
            html = client_for(people[role]).get(url).content.decode()
            assert for_you_titles(html) == ["Regiobijeenkomst Flevoland"], (role, url)
            assert "Besloten intervisie" not in html


def test_followers_who_are_not_members_get_the_public_events_only(people, agenda_events, group):
    outsider = people["outsider"]
    following.save_follows(outsider, themes=[], regions=[], communities=[group])
    assert private_feed(outsider) == {"Regiobijeenkomst Flevoland"}
    html = client_for(outsider).get("/").content.decode()
    assert for_you_titles(html) == ["Regiobijeenkomst Flevoland"]


def test_the_trekker_of_another_group_gets_their_own_groups_events_only(people, agenda_events):
    assert private_feed(people["other_trekker"]) == {"OZA-werksessie"}


def test_a_member_who_leaves_loses_the_members_only_events(people, agenda_events, group):
    member = people["member"]
    assert "Besloten intervisie" in private_feed(member)
    services.leave(Membership.objects.get(community=group, user=member))
    assert private_feed(member) == set()
    html = client_for(member).get("/").content.decode()
    assert "Besloten intervisie" not in html


def test_a_pending_request_brings_no_members_only_events(people, agenda_events, group):
    outsider = people["outsider"]
    Membership.objects.create(community=group, user=outsider)
    assert private_feed(outsider) == set()
