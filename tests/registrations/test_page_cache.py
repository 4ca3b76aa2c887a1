"""Anonymous pages come from the page cache and never go stale (website.pagecache)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from events.models import EventPage
from registrations import services
from website.models import ContentVersion, SiteSettings

from .conftest import person, publish, sessions_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    # Both layers as in production: cached pages, and the per-process memo of sites,
    # routes, settings and menus (website.memo) under the same content version.
    settings.PAGE_CACHE_ENABLED = True
    settings.CONTENT_MEMO_ENABLED = True


def get(client, url):
    response = client.get(url)
    assert response.status_code in (200, 301, 404), url
    return response, response.get("X-Page-Cache"), response.content.decode()


def test_a_second_visit_is_served_from_the_cache_without_a_query(
    client, agenda, estafette, django_assert_num_queries
):
    _, first, html = get(client, agenda.url)
    assert first == "miss"
    assert "Inspiratie-estafette maart" in html
    with django_assert_num_queries(0):
        response, second, again = get(client, agenda.url)
    assert second == "hit"
    assert again == html
    assert response.cookies == {}
    # A filtered agenda is a page of its own.
    assert get(client, agenda.url + "?soort=werksessie")[1] == "miss"


def test_publishing_unpublishing_and_deleting_drop_the_cached_pages(
    client, agenda, estafette, django_capture_on_commit_callbacks
):
    get(client, agenda.url)
    get(client, estafette.url)
    page = estafette.get_latest_revision_as_object()
    page.title = "Inspiratie-estafette april"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    _, state, html = get(client, agenda.url)
    assert state == "miss"
    assert "Inspiratie-estafette april" in html
    assert "Inspiratie-estafette april" in get(client, estafette.url)[2]

    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=estafette.pk).unpublish()
    assert get(client, estafette.url)[0].status_code == 404
    assert "Inspiratie-estafette april" not in get(client, agenda.url)[2]


def test_moving_a_page_drops_the_cached_pages(
    client, home, agenda, estafette, django_capture_on_commit_callbacks
):
    old_url = estafette.url
    assert get(client, old_url)[0].status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=estafette.pk).move(home, pos="last-child")
    # Wagtail leaves a redirect to where the page went, not the cached page.
    response = get(client, old_url)[0]
    assert (response.status_code, response["Location"]) == (301, f"/{estafette.slug}/")


def test_a_registration_updates_the_places_left_at_once(
    client, estafette, django_capture_on_commit_callbacks
):
    school, _ = sessions_of(estafette)
    assert "nog 2 plaatsen" in get(client, estafette.url)[2]
    with django_capture_on_commit_callbacks(execute=True):
        services.register(estafette, person(1, session=school))
    _, state, html = get(client, estafette.url)
    assert state == "miss"
    assert "nog 1 plaats" in html


def test_a_registration_on_the_waitlist_keeps_the_cached_pages(
    client, make_event, django_capture_on_commit_callbacks
):
    event = make_event(
        sessions=[{"title": "Groep", "kind": "deelsessie", "capacity": 1}],
        registration={"waitlist": True},
    )
    (session,) = sessions_of(event)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(event, person(1, session=session))
    _, _, html = get(client, event.url)
    versions = ContentVersion.objects.values_list("version", "places").get()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.register(event, person(2, session=session))
    assert outcome.shown == services.SHOWN_WAITLISTED
    # Nothing public changed (the places left are still none): same version, same page.
    assert ContentVersion.objects.values_list("version", "places").get() == versions
    assert get(client, event.url)[1:] == ("hit", html)
    # Every change to an existing registration drops them (here: a cancellation).
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(outcome.registration)
    assert get(client, event.url)[1] == "miss"


def test_publishing_any_page_drops_the_cached_pages(
    client, home, django_capture_on_commit_callbacks
):
    assert "Welkom bij het netwerk" not in get(client, home.url)[2]
    page = home.get_latest_revision_as_object()
    page.intro = "Welkom bij het netwerk van scholen en jeugdhulp."
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert "Welkom bij het netwerk" in get(client, home.url)[2]


def test_a_setting_change_shows_at_once(client, home, django_capture_on_commit_callbacks):
    assert "Netwerk Samenspel" not in get(client, home.url)[2]
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.organisation_name = "Netwerk Samenspel"
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.save()
    assert "Netwerk Samenspel" in get(client, home.url)[2]


def test_a_page_goes_stale_the_moment_an_event_ends(client, agenda, make_event):
    # A meeting of three hours, under way, that ends well within the cache's ten minutes.
    ends = timezone.now() + timedelta(minutes=2)
    make_event(title="Webinar vanmiddag", start=ends - timedelta(hours=3))
    _, _, html = get(client, agenda.url)
    upcoming = html[: html.index('id="archive-title"')]
    assert "Webinar vanmiddag" in upcoming
    assert get(client, agenda.url)[1] == "hit"
    with time_machine.travel(ends + timedelta(minutes=1)):
        _, state, html = get(client, agenda.url)
    assert state == "miss"
    assert "Webinar vanmiddag" not in html[: html.index('id="archive-title"')]


def test_another_hosts_change_is_seen_through_the_shared_version(client, agenda, settings):
    settings.PAGE_CACHE_VERSION_SECONDS = 0  # read the shared number on every request
    get(client, agenda.url)
    assert get(client, agenda.url)[1] == "hit"
    # Another host raised the version (its editor published something).
    ContentVersion.objects.update_or_create(pk=1, defaults={"version": 99})
    assert get(client, agenda.url)[1] == "miss"


def test_signed_in_visitors_and_personal_pages_are_never_cached(client, agenda, estafette, editor):
    school, _ = sessions_of(estafette)
    registration = services.register(estafette, person(1, session=school)).registration
    manage_path = registration.manage_url().removeprefix("http://testserver")
    for _visit in range(2):
        assert get(client, manage_path)[1] is None
    client.force_login(editor)
    for _visit in range(2):
        assert get(client, agenda.url)[1] is None


def test_a_proxy_may_store_anonymous_pages_but_must_ask_and_gets_304_until_a_change(
    client, agenda, estafette, django_capture_on_commit_callbacks, django_assert_num_queries
):
    first, _, html = get(client, estafette.url)
    assert first["Cache-Control"] == "public, no-cache"
    etag = first["ETag"]
    with django_assert_num_queries(0):
        again = client.get(estafette.url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "Cookie" in again["Vary"]
    page = estafette.get_latest_revision_as_object()
    page.title = "Inspiratie-estafette april"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    changed = client.get(estafette.url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Inspiratie-estafette april" in changed.content.decode()
    assert changed["ETag"] != etag


def test_a_set_proxy_time_lets_shared_caches_answer_for_that_long(client, agenda, settings):
    settings.PAGE_CACHE_PROXY_SECONDS = 1
    response, state, _ = get(client, agenda.url)
    assert state == "miss"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=0", "s-maxage=1"}


def test_pages_not_stored_here_are_for_the_browser_only(client, agenda, estafette, editor):
    school, _ = sessions_of(estafette)
    registration = services.register(estafette, person(1, session=school)).registration
    manage_path = registration.manage_url().removeprefix("http://testserver")
    assert "private" in client.get(manage_path)["Cache-Control"]
    missing = client.get("/bestaat-niet/")
    assert missing.status_code == 404
    assert "private" in missing["Cache-Control"]
    client.force_login(editor)
    for url in (agenda.url, estafette.url):
        response = client.get(url)
        assert response.get("X-Page-Cache") is None
        assert response["Cache-Control"] == "private"
        assert "ETag" not in response


def test_a_new_view_restriction_applies_at_once(
    client, agenda, estafette, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    assert get(client, estafette.url)[0].status_code == 200
    assert get(client, estafette.url)[1] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=estafette, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(estafette.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_a_renamed_page_shows_its_new_name_in_every_menu(
    client, home, agenda, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    page = agenda.get_latest_revision_as_object()
    page.show_in_menus = True
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert ">Agenda</a>" in get(client, home.url)[2]
    page = Page.objects.get(pk=agenda.pk).get_latest_revision_as_object()
    page.title = "Bijeenkomsten"
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert ">Bijeenkomsten</a>" in get(client, home.url)[2]


def test_another_hosts_rename_reaches_this_processs_menu_through_the_version(
    client, home, agenda, settings, django_capture_on_commit_callbacks
):
    from wagtail.models import Page

    settings.PAGE_CACHE_VERSION_SECONDS = 0
    page = agenda.get_latest_revision_as_object()
    page.show_in_menus = True
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert ">Agenda</a>" in get(client, home.url)[2]
    # Another host publishes a new title: the rows change and it raises the shared
    # version; this process got no signal, only the number in the database moved.
    Page.objects.filter(pk=agenda.pk).update(title="Bijeenkomsten")
    version = ContentVersion.objects.get(pk=1).version
    ContentVersion.objects.filter(pk=1).update(version=version + 1)
    assert ">Bijeenkomsten</a>" in get(client, home.url)[2]
