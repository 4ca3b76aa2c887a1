"""One follow, three effects: "Voor u", the nieuwsbrief's themes and the private feed."""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from communities import following
from communities.models import Profile
from newsletter.models import Subscriber, SubscriberEvent
from registrations import services
from tests.events import ical_parser
from tests.registrations.conftest import days_from_now
from website import pagecache
from website.models import Region, Theme

from .conftest import visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy(db):
    region = Region.objects.create(name="Noord-Holland Noord", kind=Region.Kind.JEUGDZORGREGIO)
    return {
        "oza": Theme.objects.create(name="Onderwijszorgarrangementen"),
        "verzuim": Theme.objects.create(name="Verzuim"),
        "region": region,
        "alkmaar": Region.objects.create(name="Alkmaar", kind=Region.Kind.GEMEENTE, parent=region),
        "flevoland": Region.objects.create(name="Flevoland", kind=Region.Kind.JEUGDZORGREGIO),
    }


@pytest.fixture
def tagged_event(make_event):
    def make(title, themes=(), regions=(), days=10, **fields):
        event = make_event(title=title, start=days_from_now(days), live=False, **fields)
        event.themes = list(themes)
        event.regions = list(regions)
        event.save_revision().publish()
        return type(event).objects.get(pk=event.pk)

    return make


@pytest.fixture
def events(tagged_event, taxonomy):
    """One event per way of matching, and one that matches nothing."""
    return {
        "theme": tagged_event("Werksessie OZA", themes=[taxonomy["oza"]], days=20),
        "subregion": tagged_event("Estafette Alkmaar", regions=[taxonomy["alkmaar"]], days=15),
        "other": tagged_event(
            "Netwerkbijeenkomst Flevoland",
            themes=[taxonomy["verzuim"]],
            regions=[taxonomy["flevoland"]],
            days=5,
        ),
        "past": tagged_event("Werksessie OZA vorig jaar", themes=[taxonomy["oza"]], days=-30),
    }


@pytest.fixture
def follower(member, taxonomy):
    """The member follows the OZA theme and the region Noord-Holland Noord."""
    following.save_follows(member, themes=[taxonomy["oza"]], regions=[taxonomy["region"]])
    return member


@pytest.fixture
def other_member(db, django_user_model):
    user = django_user_model.objects.create_user(email="ander@example.nl")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def for_you_titles(html):
    """The event titles inside the "Voor u" section, in order ([] without the section)."""
    import re

    match = re.search(r"<section[^>]*data-for-you.*?</section>", html, re.S)
    if not match:
        return None
    return re.findall(r'event-card__title"><a [^>]*>([^<]+)</a>', match.group(0))


# -- the Volgen page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [("follow:page", "get"), ("follow:reset_calendar", "post"), ("follow:stop_calendar", "post")],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, home, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Profile.objects.count() == 0


def test_a_member_chooses_what_to_follow_in_one_place(member, home, taxonomy):
    client = signed_in(member)
    page = client.get(reverse("follow:page"))
    assert page["Cache-Control"].startswith("private")
    text = visible_text(page.content.decode())
    assert "Thema's die u volgt" in text and "Regio's die u volgt" in text
    response = client.post(
        reverse("follow:page"),
        {"themes": [taxonomy["oza"].pk], "regions": [taxonomy["region"].pk]},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert list(profile.followed_themes.all()) == [taxonomy["oza"]]
    assert list(profile.followed_regions.all()) == [taxonomy["region"]]
    assert "Wat u volgt is opgeslagen." in visible_text(
        client.get(reverse("follow:page")).content.decode()
    )


def test_a_bad_choice_gets_a_dutch_error_not_a_500(member, home, taxonomy):
    response = signed_in(member).post(reverse("follow:page"), {"themes": ["999999"]})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in visible_text(response.content.decode())
    assert not Profile.objects.get(user=member).followed_themes.exists()


def test_one_members_choice_never_changes_another_members(follower, other_member, taxonomy):
    signed_in(other_member).post(reverse("follow:page"), {"themes": [taxonomy["verzuim"].pk]})
    assert list(Profile.objects.get(user=follower).followed_themes.all()) == [taxonomy["oza"]]
    assert list(Profile.objects.get(user=other_member).followed_themes.all()) == [
        taxonomy["verzuim"]
    ]


# -- effect 1: "Voor u" ------------------------------------------------------------------------


def test_for_you_shows_the_matching_events_first_on_home_and_agenda(follower, events, agenda):
    client = signed_in(follower)
    for url in ("/", agenda.url):
        html = client.get(url).content.decode()
        # Soonest first: the subregion's event (15 days), then the theme's (20 days); not
        # the unrelated one, not the past one.
        assert for_you_titles(html) == ["Estafette Alkmaar", "Werksessie OZA"], url
        # Before the general listing (the home page's hero keeps its "next meeting").
        general = 'id="upcoming-events"' if url == "/" else 'id="upcoming-title"'
        assert html.index("data-for-you") < html.index(general), url


def test_for_you_invites_a_member_who_follows_nothing(member, events, agenda):
    html = signed_in(member).get("/").content.decode()
    assert for_you_titles(html) == []
    assert "Kies wat u volgt" in visible_text(html)


def test_anonymous_visitors_and_other_members_never_see_someones_for_you(
    follower, other_member, events, agenda
):
    anonymous = Client().get("/").content.decode()
    assert for_you_titles(anonymous) is None
    assert "Voor u" not in visible_text(anonymous)
    other = signed_in(other_member).get("/").content.decode()
    assert for_you_titles(other) == []


def test_the_page_cache_never_stores_or_serves_a_for_you_page(settings, follower, events, agenda):
    settings.PAGE_CACHE_ENABLED = True
    settings.CONTENT_MEMO_ENABLED = True
    for url in ("/", agenda.url):
        response = signed_in(follower).get(url)
        assert for_you_titles(response.content.decode()) == ["Estafette Alkmaar", "Werksessie OZA"]
        assert "private" in response["Cache-Control"]
        assert "X-Page-Cache" not in response
        anonymous = Client().get(url)
        assert anonymous["X-Page-Cache"] == "miss", "the member's page was stored"
        assert for_you_titles(anonymous.content.decode()) is None
        again = Client().get(url)
        assert again["X-Page-Cache"] == "hit"
        assert for_you_titles(again.content.decode()) is None


def test_a_response_marked_personal_is_never_stored_even_without_a_session(settings, home):
    """The second lock: whatever request shows one person's data, the cache keeps nothing."""
    settings.PAGE_CACHE_ENABLED = True
    calls = []

    def view(request):
        calls.append(request)
        request._samenspel_page_served = True
        pagecache.mark_personal(request)
        return HttpResponse("<p>Voor u</p>", content_type="text/html; charset=utf-8")

    middleware = pagecache.AnonymousPageCacheMiddleware(view)
    for _ in range(2):
        response = middleware(RequestFactory().get("/"))
        assert "private" in response["Cache-Control"]
    assert len(calls) == 2
    caches["pages"].clear()


# -- effect 2: the nieuwsbrief's themes --------------------------------------------------------


def subscriber(email, status, themes=()):
    row = Subscriber.objects.create(
        email=email, status=status, consent_text="Toestemming", confirmed_at=timezone.now()
    )
    row.themes.set(themes)
    return row


def test_following_sets_the_themes_of_a_confirmed_subscription_with_the_same_address(
    member, home, taxonomy
):
    row = subscriber(member.email, Subscriber.Status.CONFIRMED, [taxonomy["verzuim"]])
    client = signed_in(member)
    assert member.email in visible_text(client.get(reverse("follow:page")).content.decode())
    client.post(reverse("follow:page"), {"themes": [taxonomy["oza"].pk]})
    assert list(row.themes.all()) == [taxonomy["oza"]]
    line = row.history.get(kind=SubscriberEvent.Kind.PREFERENCES)
    assert "Onderwijszorgarrangementen" in line.detail
    assert "Volgen" in line.detail
    assert "thema's van uw nieuwsbrief" in visible_text(
        client.get(reverse("follow:page")).content.decode()
    )


@pytest.mark.parametrize("status", [Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED])
def test_an_unconfirmed_or_ended_subscription_is_left_alone(member, home, taxonomy, status):
    row = subscriber(member.email, status, [taxonomy["verzuim"]])
    signed_in(member).post(reverse("follow:page"), {"themes": [taxonomy["oza"].pk]})
    assert list(row.themes.all()) == [taxonomy["verzuim"]]
    assert not row.history.exists()


def test_a_subscription_under_an_address_the_member_never_verified_is_left_alone(
    member, home, taxonomy
):
    EmailAddress.objects.create(user=member, email="werk@example.nl", verified=False)
    row = subscriber("werk@example.nl", Subscriber.Status.CONFIRMED, [taxonomy["verzuim"]])
    signed_in(member).post(reverse("follow:page"), {"themes": [taxonomy["oza"].pk]})
    assert list(row.themes.all()) == [taxonomy["verzuim"]]


# -- effect 3: the private calendar feed -------------------------------------------------------


def feed_url(user):
    return reverse("follow:calendar", args=[Profile.objects.get(user=user).calendar_token])


def register(event, email):
    return services.register(
        event, services.Registrant(name="Lid", email=email, session=event.sessions.first())
    ).registration


@pytest.fixture
def registered(make_event, follower):
    event = make_event(
        title="Werksessie aangemeld",
        sessions=[{"title": "Plenair", "capacity": 20}],
        registration={},
    )
    register(event, follower.email)
    return event


def test_a_member_makes_and_resets_their_private_calendar(follower, home):
    client = signed_in(follower)
    assert "Mijn persoonlijke agenda maken" in visible_text(
        client.get(reverse("follow:page")).content.decode()
    )
    client.post(reverse("follow:reset_calendar"))
    first = feed_url(follower)
    page = client.get(reverse("follow:page")).content.decode()
    assert first in page and "webcal://" in page
    assert Client().get(first).status_code == 200
    client.post(reverse("follow:reset_calendar"))
    second = feed_url(follower)
    assert second != first
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    client.post(reverse("follow:stop_calendar"))
    assert Client().get(second).status_code == 404


def test_a_made_up_address_is_a_404(follower, home):
    signed_in(follower).post(reverse("follow:reset_calendar"))
    token = Profile.objects.get(user=follower).calendar_token
    for wrong in ("x", token[:-1], token[:-1] + ("A" if token[-1] != "A" else "B"), "None"):
        assert Client().get(reverse("follow:calendar", args=[wrong])).status_code == 404


def test_resetting_changes_only_ones_own_address(follower, other_member, home):
    signed_in(follower).post(reverse("follow:reset_calendar"))
    mine = feed_url(follower)
    signed_in(other_member).post(reverse("follow:reset_calendar"))
    assert Client().get(mine).status_code == 200
    assert feed_url(other_member) != mine


def test_the_private_feed_holds_registrations_and_followed_events(
    follower, other_member, events, registered, make_event
):
    register(
        make_event(title="Alleen voor de ander", sessions=[{"title": "Plenair"}], registration={}),
        other_member.email,
    )
    signed_in(follower).post(reverse("follow:reset_calendar"))
    response = Client().get(feed_url(follower))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Cache-Control"].startswith("private")
    assert "public" not in response["Cache-Control"]
    calendar = ical_parser.parse(response.content)
    assert calendar.children("VTIMEZONE")
    summaries = {
        ical_parser.text(vevent.value("SUMMARY")) for vevent in calendar.children("VEVENT")
    }
    # The past followed event stays within the feeds' retention window, as on the site.
    assert summaries == {
        "Werksessie aangemeld: Plenair",
        "Werksessie OZA",
        "Estafette Alkmaar",
        "Werksessie OZA vorig jaar",
    }
    registration = follower_registration(follower)
    uids = {vevent.value("UID") for vevent in calendar.children("VEVENT")}
    assert str(registration.calendar_uid) in uids, "the registrant's own entry, as in the mail"
    assert str(registered.ical_uid) not in uids, "no second entry for the same meeting"


def follower_registration(user):
    from registrations.models import Registration

    return Registration.objects.get(email=user.email)


def test_a_cancelled_registration_and_a_cancelled_event_stay_as_cancelled_entries(
    follower, events, registered
):
    import vobject

    services.cancel(follower_registration(follower))
    cancelled_event = events["theme"].get_latest_revision_as_object()
    cancelled_event.status = cancelled_event.Status.CANCELLED
    cancelled_event.save_revision().publish()
    signed_in(follower).post(reverse("follow:reset_calendar"))
    body = Client().get(feed_url(follower)).content
    calendar = vobject.readOne(body.decode())
    by_summary = {vevent.summary.value: vevent for vevent in calendar.contents["vevent"]}
    registration = by_summary["Geannuleerd: Werksessie aangemeld: Plenair"]
    assert registration.status.value == "CANCELLED"
    assert int(registration.sequence.value) >= 1
    event = by_summary["Geannuleerd: Werksessie OZA"]
    assert event.status.value == "CANCELLED"
    assert int(event.sequence.value) >= 1
    # The same bytes on the next request (so ETags and 304s work).
    again = Client().get(feed_url(follower))
    assert again.content == body
    assert (
        Client().get(feed_url(follower), headers={"If-None-Match": again["ETag"]}).status_code
        == 304
    )


def test_an_address_the_member_never_verified_brings_no_registrations(follower, make_event, home):
    EmailAddress.objects.create(user=follower, email="werk@example.nl", verified=False)
    register(
        make_event(title="Van iemand anders", sessions=[{"title": "Plenair"}], registration={}),
        "werk@example.nl",
    )
    signed_in(follower).post(reverse("follow:reset_calendar"))
    assert b"Van iemand anders" not in Client().get(feed_url(follower)).content


def test_changing_what_one_follows_changes_the_feed(follower, events, taxonomy):
    signed_in(follower).post(reverse("follow:reset_calendar"))
    url = feed_url(follower)
    assert b"Netwerkbijeenkomst Flevoland" not in Client().get(url).content
    following.save_follows(follower, themes=[taxonomy["verzuim"]], regions=[])
    body = Client().get(url).content
    assert b"Netwerkbijeenkomst Flevoland" in body
    assert b"Werksessie OZA" not in body


def test_robots_keep_out_of_private_feeds(client, home):
    assert "Disallow: /account/agenda/" in client.get("/robots.txt").content.decode()


def test_the_private_feed_is_built_in_a_fixed_number_of_queries(follower, tagged_event, taxonomy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(follower).post(reverse("follow:reset_calendar"))
    url = feed_url(follower)
    tagged_event("Een", themes=[taxonomy["oza"]], days=3)
    Client().get(url)  # the site, remembered from then on
    with CaptureQueriesContext(connection) as few:
        Client().get(url)
    for number in range(5):
        tagged_event(f"Meer {number}", themes=[taxonomy["oza"]], days=4 + number)
    with CaptureQueriesContext(connection) as many:
        Client().get(url)
    assert len(many) == len(few), (
        "\n".join(q["sql"][:150] for q in many.captured_queries)
        + "\n----\n"
        + "\n".join(q["sql"][:150] for q in few.captured_queries)
    )


def test_timezone_is_amsterdam_in_the_private_feed(follower, events):
    signed_in(follower).post(reverse("follow:reset_calendar"))
    calendar = ical_parser.parse(Client().get(feed_url(follower)).content)
    (vtimezone,) = calendar.children("VTIMEZONE")
    assert vtimezone.value("TZID") == "Europe/Amsterdam"
    for vevent in calendar.children("VEVENT"):
        assert vevent.get("DTSTART").params.get("TZID") == "Europe/Amsterdam"
        assert int(vevent.value("SEQUENCE")) >= 0


def test_for_you_costs_the_same_queries_for_few_or_many_matches(follower, tagged_event, taxonomy):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(follower)
    tagged_event("Een", themes=[taxonomy["oza"]], days=3)
    client.get("/")  # the site and menus, remembered from then on
    with CaptureQueriesContext(connection) as few:
        assert for_you_titles(client.get("/").content.decode()) == ["Een"]
    for number in range(5):
        tagged_event(f"Meer {number}", themes=[taxonomy["oza"]], days=4 + number)
    with CaptureQueriesContext(connection) as many:
        assert len(for_you_titles(client.get("/").content.decode())) == following.FOR_YOU_COUNT
    assert len(many) == len(few)


def test_deleting_the_account_ends_the_private_feed(follower, home):
    from communities.accounts.services import delete_account

    client = signed_in(follower)
    client.post(reverse("follow:reset_calendar"))
    url = feed_url(follower)
    delete_account(follower)
    assert Client().get(url).status_code == 404
    assert not Profile.objects.exists()
