"""Point 6: an event can be members-only. Only members see it (event page, group agenda)
and register; the site's agenda, feeds, search, sitemap and home page leave it out."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from communities.models import CommunityEvent
from registrations.models import Registration

from .conftest import publish, sub, visible_text

SECRET = "Intervisie trekkers Flevoland"


@pytest.fixture
def events(make_event, group):
    closed = make_event(title=SECRET, registration={})
    open_event = make_event(title="Open werksessie Flevoland", registration={})
    group.community_events = [
        CommunityEvent(event=closed, members_only=True),
        CommunityEvent(event=open_event, members_only=False),
    ]
    publish(group)
    return closed, open_event


def test_a_members_only_event_is_seen_by_members_and_admins_only(clients, people, events, group):
    closed, open_event = events
    response = clients["anonymous"].get(closed.url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    for role in ("outsider", "other_trekker"):
        response = clients[role].get(closed.url)
        assert response.status_code == 404
        assert SECRET not in response.content.decode()
    for role in ("member", "trekker", "admin"):
        assert SECRET in clients[role].get(closed.url).content.decode(), role
    # The group agenda: members see both events, others the open one only.
    for role, sees in [("anonymous", False), ("outsider", False), ("member", True)]:
        text = visible_text(clients[role].get(sub(group, "agenda")).content.decode())
        assert "Open werksessie Flevoland" in text
        assert (SECRET in text) == sees, role


def test_site_listings_and_feeds_leave_members_only_events_out(clients, events, home):
    closed, open_event = events
    member = clients["member"]
    for url in ("/agenda/", "/agenda.ics", "/", "/sitemap.xml", "/zoeken/?q=Flevoland"):
        for client in (clients["anonymous"], member):
            body = client.get(url).content.decode()
            assert SECRET not in body, url
    assert "Open werksessie Flevoland" in clients["anonymous"].get("/agenda/").content.decode()
    ics = closed.url.rstrip("/") + ".ics"
    assert clients["anonymous"].get(ics).status_code == 404


def test_the_restriction_follows_the_link(events, group):
    closed, open_event = events
    assert PageViewRestriction.objects.filter(page=closed).count() == 1
    assert not PageViewRestriction.objects.filter(page=open_event).exists()
    group.community_events = [CommunityEvent(event=closed, members_only=False)]
    publish(group)
    assert not PageViewRestriction.objects.filter(page=closed).exists()


def test_registration_form_of_a_members_only_event_only_for_members(clients, events):
    closed, _open = events
    url = reverse("registrations:register", args=[closed.pk])
    assert clients["member"].get(url).status_code == 200
    for role in ("anonymous", "outsider", "other_trekker"):
        assert clients[role].get(url).status_code == 404, role


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_only_members_can_register_for_a_members_only_event(clients, events):
    closed, _open = events
    url = reverse("registrations:register", args=[closed.pk])
    data = {
        "name": "Olga Buiten",
        "email": "buiten@example.nl",
        "organisation": "Gemeente Almere",
        "consent": "on",
        "collega-TOTAL_FORMS": "0",
        "collega-INITIAL_FORMS": "0",
        "collega-MIN_NUM_FORMS": "0",
        "collega-MAX_NUM_FORMS": "5",
    }
    assert clients["outsider"].post(url, data).status_code == 404
    assert clients["anonymous"].post(url, data).status_code == 404
    assert not Registration.objects.filter(event=closed).exists()
    response = clients["member"].post(
        url, {**data, "name": "Mirjam Lid", "email": "lid@example.nl"}
    )
    assert response.status_code == 302
    assert Registration.objects.filter(event=closed, email="lid@example.nl").exists()
