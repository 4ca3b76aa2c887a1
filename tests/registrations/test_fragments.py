"""Pieces of pages rendered once per content version are never stale ({% fragment %}).

The page cache is off here, as for a page not served from it (a signed-in visitor, or
the first visit after a change); the per-process memo is on, as in production. Each
test first shows that the piece is really kept (a second visit costs no query), then
makes one kind of change and expects to see it at once.
"""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from events.models import EventPage
from registrations import services
from registrations.models import RegistrationSettings
from website.models import SiteSettings

from .conftest import person, publish, sessions_of

pytestmark = pytest.mark.django_db

FORM = 'class="form registration-form"'


@pytest.fixture(autouse=True)
def memo_without_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    settings.CONTENT_MEMO_ENABLED = True
    settings.PAGE_CACHE_VERSION_SECONDS = 3600


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as it commits: the content version moves then."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def html_of(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    assert response.get("X-Page-Cache") is None
    return response.content.decode()


def kept(client, url, django_assert_num_queries, **headers):
    """Visit twice; the second visit comes from this process's memo without a query."""
    first = html_of(client, url, **headers)
    with django_assert_num_queries(0):
        again = html_of(client, url, **headers)
    assert again == first
    return first


def upcoming_part(html):
    return html[: html.index('id="archive-title"')]


def structured(html):
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_a_publish_shows_on_the_agenda_and_the_event_page_at_once(
    client, agenda, estafette, committed, django_assert_num_queries
):
    assert "Inspiratie-estafette maart" in kept(client, agenda.url, django_assert_num_queries)
    assert "Inspiratie-estafette maart" in kept(client, estafette.url, django_assert_num_queries)
    page = estafette.get_latest_revision_as_object()
    page.title = "Inspiratie-estafette april"
    page.intro = "Drie scholen openen hun deuren."
    with committed():
        publish(page)
    for url in (agenda.url, estafette.url):
        html = html_of(client, url)
        assert "Inspiratie-estafette april" in html
        assert "Inspiratie-estafette maart" not in html
    assert "Drie scholen openen hun deuren." in html_of(client, estafette.url)


def test_a_registration_updates_the_places_left_on_the_card_and_the_event_page(
    client, agenda, estafette, committed, django_assert_num_queries
):
    school, _ = sessions_of(estafette)
    assert "nog 12 plaatsen" in kept(client, agenda.url, django_assert_num_queries)
    assert "nog 2 plaatsen" in kept(client, estafette.url, django_assert_num_queries)
    with committed():
        services.register(estafette, person(1, session=school))
    assert "nog 11 plaatsen" in html_of(client, agenda.url)
    html = html_of(client, estafette.url)
    assert "nog 1 plaats" in html
    assert "nog 2 plaatsen" not in html


def test_a_place_taken_drops_the_places_but_keeps_the_sites_settings_and_routes(
    client, agenda, estafette, committed, django_assert_max_num_queries
):
    school, _ = sessions_of(estafette)
    client.get(agenda.url)
    with committed():
        services.register(estafette, person(1, session=school))
    # Only what shows places is read again: the versions, the lists and the places left
    # (registration settings and counts). The site, its settings, the menu, the route
    # and the page stay, so a rush of registrations costs every other request little.
    with django_assert_max_num_queries(9):
        assert "nog 11 plaatsen" in html_of(client, agenda.url)


def test_another_hosts_registration_reaches_this_process_through_the_places_version(
    client,
    agenda,
    estafette,
    settings,
    django_capture_on_commit_callbacks,
    django_assert_num_queries,
):
    from django.db.models import F

    from website.models import ContentVersion

    school, _ = sessions_of(estafette)
    assert "nog 2 plaatsen" in kept(client, estafette.url, django_assert_num_queries)
    settings.PAGE_CACHE_VERSION_SECONDS = 0  # read the versions on every request
    # Registered on another host: the rows change and that host raises the places
    # version; this process runs none of its commit hooks.
    with django_capture_on_commit_callbacks(execute=False):
        services.register(estafette, person(1, session=school))
    ContentVersion.objects.filter(pk=1).update(places=F("places") + 1)
    html = html_of(client, estafette.url)
    assert "nog 1 plaats" in html
    assert "nog 2 plaatsen" not in html


def test_new_registration_settings_show_at_once(
    client, agenda, make_event, committed, django_assert_num_queries
):
    event = make_event(title="Netwerkbijeenkomst", registration={"capacity": 30})
    assert "nog 30 plaatsen" in kept(client, agenda.url, django_assert_num_queries)
    offer = structured(kept(client, event.url, django_assert_num_queries))["offers"]
    assert offer["inventoryLevel"]["maxValue"] == 30
    with committed():
        RegistrationSettings.objects.filter(event=event).update(capacity=40)
        # .update() sends no signal; saving does, as the editor's publish does.
        RegistrationSettings.objects.get(event=event).save()
    assert "nog 40 plaatsen" in html_of(client, agenda.url)
    assert structured(html_of(client, event.url))["offers"]["inventoryLevel"]["maxValue"] == 40


def test_a_site_setting_change_shows_in_the_remembered_structured_data(
    client, home, agenda, make_event, committed, django_assert_num_queries
):
    event = make_event(title="Visiebijeenkomst")
    data = structured(kept(client, event.url, django_assert_num_queries))
    assert data["organizer"]["name"] != "Netwerk Samenspel Noord"
    site_settings = SiteSettings.for_site(home.get_site())
    site_settings.organisation_name = "Netwerk Samenspel Noord"
    with committed():
        site_settings.save()
    assert structured(html_of(client, event.url))["organizer"]["name"] == (
        "Netwerk Samenspel Noord"
    )


def test_the_moment_an_event_ends_moves_it_to_the_archive_and_its_page_says_so(
    client, agenda, make_event, django_assert_num_queries
):
    ends = timezone.now() + timedelta(minutes=2)
    event = make_event(title="Webinar vanmiddag", start=ends - timedelta(hours=3))
    assert "Webinar vanmiddag" in upcoming_part(kept(client, agenda.url, django_assert_num_queries))
    assert "Heeft plaatsgevonden" not in kept(client, event.url, django_assert_num_queries)
    with time_machine.travel(ends + timedelta(seconds=1)):
        html = html_of(client, agenda.url)
        assert "Webinar vanmiddag" not in upcoming_part(html)
        assert "Webinar vanmiddag" in html
        assert "Heeft plaatsgevonden" in html_of(client, event.url)


def test_the_moment_an_event_starts_changes_its_page(
    client, agenda, make_event, django_assert_num_queries
):
    starts = timezone.now() + timedelta(minutes=2)
    event = make_event(title="Werksessie straks", start=starts, registration={"capacity": 50})
    html = kept(client, event.url, django_assert_num_queries)
    assert FORM in html
    assert structured(html)["offers"]["availability"] == "https://schema.org/InStock"
    with time_machine.travel(starts + timedelta(seconds=1)):
        # Registration closes at the start: no form, the offer is over.
        html = html_of(client, event.url)
        assert FORM not in html
        assert "is gesloten" in html
        assert structured(html)["offers"]["availability"] == "https://schema.org/Discontinued"


def test_the_moment_a_registration_closes_changes_the_remembered_offer(
    client, agenda, make_event, django_assert_num_queries
):
    closes = timezone.now() + timedelta(minutes=2)
    event = make_event(title="Werksessie met sluiting", registration={"closes_at": closes})
    html = kept(client, event.url, django_assert_num_queries)
    assert FORM in html
    assert structured(html)["offers"]["availability"] == "https://schema.org/InStock"
    with time_machine.travel(closes + timedelta(seconds=1)):
        html = html_of(client, event.url)
        assert FORM not in html
        assert structured(html)["offers"]["availability"] == "https://schema.org/Discontinued"


def test_each_filter_and_page_number_has_its_own_lists(
    client, agenda, make_event, django_assert_num_queries
):
    make_event(title="Werksessie inclusie", kind=EventPage.Kind.WERKSESSIE)
    make_event(title="Webinar verzuim", kind=EventPage.Kind.WEBINAR)
    everything = kept(client, agenda.url, django_assert_num_queries)
    assert "Werksessie inclusie" in everything and "Webinar verzuim" in everything
    only_webinars = kept(client, agenda.url + "?soort=webinar", django_assert_num_queries)
    assert "Webinar verzuim" in only_webinars
    assert "Werksessie inclusie" not in only_webinars
    assert 'value="webinar" selected' in only_webinars
    # An unknown parameter is kept in the page links, so it is part of the key too.
    tagged = html_of(client, agenda.url + "?soort=webinar&bron=nieuwsbrief")
    assert "Werksessie inclusie" not in tagged


def test_a_preview_never_uses_nor_fills_the_remembered_pieces(
    client, agenda, estafette, django_assert_num_queries
):
    # The host a preview request is made for (the site's own), so the keys would match.
    host = {"HTTP_HOST": estafette.get_site().hostname}
    draft = estafette.get_latest_revision_as_object()
    draft.title = "Inspiratie-estafette (concept)"
    # A preview first: what it renders is not kept for the live page.
    assert "<h1>Inspiratie-estafette (concept)</h1>" in preview_of(draft)
    html = kept(client, estafette.url, django_assert_num_queries, **host)
    assert "<h1>Inspiratie-estafette maart</h1>" in html
    # And with the live page's pieces kept, a preview still shows the draft.
    assert "<h1>Inspiratie-estafette (concept)</h1>" in preview_of(draft)


def preview_of(page):
    return page.make_preview_request().content.decode()


def registration_post(client, event, number):
    school, _ = sessions_of(event)
    data = {
        "name": f"Deelnemer {number}",
        "email": f"deelnemer-{number}@example.nl",
        "organisation": "Samenwerkingsverband",
        "consent": "on",
        "session": str(school.pk),
    }
    return client.post(f"/aanmelden/{event.pk}/", data)


def test_a_registration_with_the_form_held_reads_only_what_the_lock_needs(
    client, estafette, committed, django_assert_max_num_queries
):
    from registrations.models import Registration

    assert client.get(f"/aanmelden/{estafette.pk}/").status_code == 200
    with committed():
        assert registration_post(client, estafette, 1).status_code == 302
    # The event, its settings, sessions, questions, the regions and the consent text
    # are held per content version; the places left are counted again (a place was
    # taken), then the rate limit, the lock, the checks under it, the registration and
    # its mail (stored as what to render) and the delivery task.
    with committed(), django_assert_max_num_queries(10):
        assert registration_post(client, estafette, 2).status_code == 302
    assert Registration.objects.filter(event=estafette).count() == 2


def test_an_unpublished_event_takes_no_registration_though_its_form_was_held(
    client, estafette, committed
):
    assert client.get(f"/aanmelden/{estafette.pk}/").status_code == 200
    with committed():
        estafette.unpublish()
    assert client.get(f"/aanmelden/{estafette.pk}/").status_code == 404
    assert registration_post(client, estafette, 1).status_code == 404


def test_a_flood_of_unknown_addresses_never_pushes_out_the_pages_people_read(
    client, agenda, estafette, monkeypatch, django_assert_num_queries
):
    from website import memo

    monkeypatch.setattr(memo, "MAX_ENTRIES", 40)
    kept(client, agenda.url, django_assert_num_queries)
    for batch in range(12):
        for number in range(10):
            assert client.get(f"/bestaat-niet-{batch}-{number}/").status_code == 404
        # Every address asked for has its route and footer held, but the full memo lets
        # go of what was least recently used, never the agenda in between.
        with django_assert_num_queries(0):
            html_of(client, agenda.url)
