"""The agenda's region filter uses an index (issue 11, point 6; PostgreSQL only).

The plan comes from PostgreSQL's own ``EXPLAIN`` on the query the agenda runs, after
``ANALYZE``, on a link table with enough rows that a scan would cost more than the index.
The archive's plan at 10,000 events is printed by ``bench/plans.py`` (see the README).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from events.filters import AgendaFilters
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
