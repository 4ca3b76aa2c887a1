"""The agenda's region filter and deep archive pages use indexes (issue 11, point 6).

PostgreSQL only. The plan comes from PostgreSQL's own ``EXPLAIN`` on the query the agenda
runs, after ``ANALYZE``, on tables with enough rows that a scan would cost more than the
index. The plans at 100, 1,000 and 10,000 events are printed by ``bench/plans.py`` (see
the README).
"""

from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory
from django.utils import timezone
from wagtail.signal_handlers import disable_reference_index_auto_update

from events.archive import archive_page, earlier_than
from events.filters import AgendaFilters
from events.models import AgendaPage
from website.models import Region

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]


def plan_of(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.fixture
def regions_with_events(agenda, make_event):
    """40 events in 50 regions each (2,000 links); one region has a sub-region."""
    regions = [
        Region(name=f"Regio {number}", slug=f"regio-{number}", kind=Region.Kind.JEUGDZORGREGIO)
        for number in range(50)
    ]
    Region.objects.bulk_create(regions)
    regions = list(Region.objects.order_by("pk"))
    Region.objects.create(name="Gemeente in regio 0", kind=Region.Kind.GEMEENTE, parent=regions[0])
    now = timezone.now()
    for number in range(40):
        make_event(start=now + timedelta(days=number - 20), regions=regions, revision=False)
    return agenda


def test_the_region_filter_finds_events_through_the_index_on_their_region_links(
    regions_with_events,
):
    filters = AgendaFilters.from_query(QueryDict("regio=regio-0"))
    events = filters.apply(regions_with_events.events()).upcoming()[:20]
    plan = plan_of(events)
    assert "events_eventpage_regions_region_id" in plan, plan
    assert "Seq Scan on events_eventpage_regions" not in plan, plan
    assert events.count() == 20


ARCHIVE = 800


@pytest.fixture
def long_archive(agenda, make_event):
    """800 past meetings, one a day: enough that reading the page table whole costs more."""
    now = timezone.now()
    with disable_reference_index_auto_update():
        for number in range(ARCHIVE):
            make_event(start=now - timedelta(days=number + 1), revision=False)
    return agenda


def test_the_last_archive_page_reads_the_index_on_start_and_id_not_the_page_table(long_archive):
    past = long_archive.events().past()
    per_page = AgendaPage.archive_per_page
    # The last card of the page before the last: what "Eerdere bijeenkomsten" carries there.
    boundary = past.values_list("start", "pk")[ARCHIVE - per_page - 1]
    plan = plan_of(earlier_than(past, boundary)[: per_page + 1])
    assert "Index Scan Backward using events_start_id on events_eventpage" in plan, plan
    assert "Seq Scan on wagtailcore_page" not in plan, plan
    assert "Seq Scan on events_eventpage" not in plan, plan
    # And it is the page the agenda shows for that cursor.
    start, pk = boundary
    cursor = f"{start.astimezone(UTC):%Y%m%dT%H%M%S}Z_{pk}"
    request = RequestFactory().get("/agenda/", {"archief-voor": cursor})
    page = archive_page(request, past, per_page, count=ARCHIVE)
    assert [event.pk for event in page] == list(
        past.values_list("pk", flat=True)[ARCHIVE - per_page :]
    )
