"""The dashboard panel (point 13): fill bars with text, a server-drawn SVG chart, and a
query count that does not grow with the number of events."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.template import Context
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registrations import dashboard, services
from registrations.models import Registration

from .admin_support import *  # noqa: F403  (fixtures)
from .admin_support import assign
from .conftest import person, sessions_of

pytestmark = pytest.mark.django_db


def test_organisers_see_fill_bars_with_text_and_the_chart(client, full_estafette, organiser):
    client.force_login(organiser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Aanmeldingen voor komende bijeenkomsten" in html
    assert full_estafette.title in html
    # The text says what the bar shows, so colour is never the only information.
    assert "2 van 2 plaatsen bezet" in html and "1 op de wachtlijst" in html
    assert "1 van 10 plaatsen bezet" in html
    assert 'aria-hidden="true"' in html
    svg = re.search(r"<svg role=\"img\".*?</svg>", html, re.S).group(0)
    assert "<title id=" in svg and "<desc id=" in svg
    assert "aria-labelledby" in svg
    assert "4 aanmeldingen binnengekomen in deze periode" in svg
    assert "<polyline" in svg and "," not in re.search(r'y1="([^"]+)"', svg).group(1)
    assert "In de afgelopen 30 dagen kwamen 4 aanmeldingen binnen; 4 in totaal." in html
    assert "registrations/admin.css" in html


def test_editors_without_events_get_no_panel(client, full_estafette, other_editor):
    client.force_login(other_editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Aanmeldingen voor komende bijeenkomsten" not in html
    assert full_estafette.title not in html


def test_only_the_users_upcoming_events_are_in_the_panel(
    client, full_estafette, make_event, organiser
):
    someone_elses = make_event(title="Werksessie van een ander", registration={})
    from .conftest import days_from_now

    past = make_event(title="Werksessie van vorig jaar", start=days_from_now(-300), registration={})
    assign(past, organiser)
    client.force_login(organiser)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert full_estafette.title in html
    assert someone_elses.title not in html and past.title not in html


def test_received_per_day_is_cumulative_over_thirty_days(full_estafette):
    today = timezone.localdate()
    moments = {
        "deelnemer1@example.nl": 40,  # before the window
        "deelnemer2@example.nl": 10,
        "deelnemer3@example.nl": 10,
        "deelnemer4@example.nl": 0,
    }
    for email, days_ago in moments.items():
        # Local noon of that day: "now minus 10 days" can fall on another local date
        # when summer time starts or ends in between (the chart buckets by local date).
        moment = timezone.now()
        if days_ago:
            day = today - timedelta(days=days_ago)
            moment = timezone.make_aware(datetime.combine(day, time(12)))
        Registration.objects.filter(email=email).update(created_at=moment)
    days, before = dashboard.received_per_day([full_estafette.pk], today)
    assert before == 1
    assert len(days) == 30 and days[-1][0] == today
    assert days[-1] == (today, 1, 4)
    ten_ago = [day for day in days if day[0] == today - timedelta(days=10)][0]
    assert ten_ago[1:] == (2, 3)
    chart = dashboard.draw(days, before)
    assert chart.received == 3 and chart.total == 4
    assert chart.busiest[1] == 2
    assert len(chart.points.split()) == 30


def render_panel(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    panel = dashboard.panel_for(request)
    with CaptureQueriesContext(connection) as queries:
        html = panel.render_html(Context({"request": request}))
    return html, len(queries)


def make_events(make_event, organiser, count, offset):
    for number in range(count):
        event = make_event(
            title=f"Werksessie {offset + number}",
            sessions=[
                {"title": "Deelsessie A", "capacity": 5},
                {"title": "Deelsessie B", "capacity": 8},
            ],
            registration={},
        )
        first, second = sessions_of(event)
        services.register(event, person(100 + number, session=first))
        services.register(event, person(200 + number, session=second))
        assign(event, organiser)


def test_panel_query_count_does_not_grow_with_events(make_event, organiser):
    make_events(make_event, organiser, 2, 0)
    organiser = type(organiser).objects.get(pk=organiser.pk)
    html_two, two = render_panel(organiser)
    assert html_two.count("registrations-dashboard__event") == 2
    make_events(make_event, organiser, 4, 10)
    organiser = type(organiser).objects.get(pk=organiser.pk)
    html_six, six = render_panel(organiser)
    assert html_six.count("registrations-dashboard__event") == 6
    assert "1 van 5 plaatsen bezet" in html_six
    assert six == two


def test_events_index_query_count_does_not_grow_with_events(client, make_event, organiser):
    client.force_login(organiser)
    index = reverse("registrations_admin:index")
    make_events(make_event, organiser, 2, 0)
    client.get(index)
    with CaptureQueriesContext(connection) as two:
        html = client.get(index).content.decode()
    assert html.count("Werksessie ") >= 2
    make_events(make_event, organiser, 4, 10)
    with CaptureQueriesContext(connection) as six:
        html = client.get(index).content.decode()
    assert "2 van 13 plaatsen bezet" in html
    assert len(six) == len(two)
