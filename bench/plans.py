"""PostgreSQL's plans for the agenda's archive and region filter at 100, 1,000 and 10,000 events.

Usage (after bench/compare.py has seeded its databases)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel \\
        uv run python bench/plans.py [--sizes 100,1000,10000]

For each ``<database>_bench_compare_<events>`` it applies this branch's migrations (so
the indexes are the code's, e.g. the archive's ``(start, page_ptr_id)``) and gives every
event one of 20 regions, inside a transaction that is rolled back, so the database stays
as seeded; it then runs ``ANALYZE`` and prints ``EXPLAIN ANALYZE`` of the queries the agenda runs
for its deepest full archive page (reached by "Eerdere bijeenkomsten": a cursor, see
``events/archive.py``), the same page by the old ``OFFSET`` for comparison, and one
region's upcoming meetings, with one row per size: the time in the database and whether
each table was read through an index or scanned. Not part of the test suite.
"""

import argparse
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXPLAIN = r"""
import django, re
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone
from events.archive import earlier_than
from events.filters import AgendaFilters
from events.models import AgendaPage, EventPage
from website.models import Region

def explain(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())

with transaction.atomic():
    regions = Region.objects.bulk_create(
        Region(name=f"Bench regio {n}", slug=f"bench-regio-{n}", kind="jeugdzorgregio")
        for n in range(20)
    )
    links = EventPage.regions.through
    ids = list(EventPage.objects.values_list("pk", flat=True))
    links.objects.bulk_create(
        links(eventpage_id=pk, region_id=regions[i % 20].pk) for i, pk in enumerate(ids)
    )
    # This branch's schema (its indexes), whatever the database was seeded with.
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    agenda = AgendaPage.objects.first()
    now = timezone.now()
    events = agenda.events()
    per_page = AgendaPage.archive_per_page
    past = events.past(now).count()
    # The deepest page with all its cards (the last may hold one), reached through the
    # last card of the page before it: the cursor "Eerdere bijeenkomsten" carries there.
    last = max(0, past // per_page - 1) * per_page
    before = events.past(now).values_list("start", "pk")[max(0, last - 1)]
    region = AgendaFilters.from_query(QueryDict("regio=bench-regio-3")).apply(events)
    for label, queryset in (
        ("archive, deepest page, by cursor", earlier_than(events.past(now), before)[:per_page + 1]),
        ("archive, deepest page, by OFFSET (before)", events.past(now)[last:last + per_page + 1]),
        ("region, upcoming", region.upcoming(now)[:AgendaPage.upcoming_per_page]),
    ):
        print("PLAN", label)
        print(explain(queryset))
    transaction.set_rollback(True)
"""


def summary(plan):
    time = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
    scans = re.findall(
        r"-> +(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)(?: Backward)?"
        r"(?: using \S+)? on (\S+)",
        plan,
    )
    tables = {}
    for kind, table in scans:
        tables.setdefault(table, set()).add("scan" if kind == "Seq Scan" else "index")
    read = ", ".join(f"{table}: {'/'.join(sorted(how))}" for table, how in sorted(tables.items()))
    return time, read


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--full", action="store_true", help="print the whole plans")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the PostgreSQL database bench/compare.py used.")
    parts = urllib.parse.urlsplit(url)
    rows = []
    for size in (int(size) for size in args.sizes.split(",")):
        name = f"{parts.path.lstrip('/')}_bench_compare_{size}"
        env = dict(
            os.environ,
            DATABASE_URL=urllib.parse.urlunsplit(parts._replace(path="/" + name)),
            DJANGO_SETTINGS_MODULE="website.settings.dev",
        )
        result = subprocess.run(
            [sys.executable, "-c", EXPLAIN], cwd=ROOT, env=env, check=True, capture_output=True
        )
        for block in result.stdout.decode().split("PLAN ")[1:]:
            label, plan = block.split("\n", 1)
            if args.full:
                print(f"-- {size} events, {label}\n{plan}")
            rows.append((size, label, *summary(plan)))
    print("| events | query | time in the database | tables read |")
    print("| ---: | --- | ---: | --- |")
    for size, label, time, read in rows:
        print(f"| {size:,} | {label} | {time} ms | {read} |")


if __name__ == "__main__":
    main()
