"""How long a first build of the agenda feed takes, against icalendar alone (issue 11, point 3).

Usage (a PostgreSQL database with bench/agenda.py's events, e.g. the one bench/compare.py
seeds)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel_bench_compare_1000 \\
        uv run python bench/feed_build.py [--repeat 5] [--seed 1000]

In this process, with no cache in the way, it times:

- the site's first build of ``/agenda.ics`` after a change: choosing the events, the
  queries, the entries, the calendar, ``to_ical()``, and the gzip copy and ETag hash
  that ``events.feed_memo`` makes once per version;
- icalendar alone building the same VEVENTs (same properties and values, same
  VTIMEZONE) from plain values prepared beforehand, and ``to_ical()``;
- where the site's time goes (queries and entries / calendar / serialising / gzip);
- some filtered feeds (target: under 0.5 s at 10,000 events).

Median of ``--repeat`` runs each. ``--seed N`` first seeds N events with bench/agenda.py's
``seed`` (slow for 10,000). Reads only, unless seeding. Not part of the test suite.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILTERS = ("soort=werksessie", "vorm=online", "soort=inspiratie-estafette&vorm=op-locatie")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed this many events first")
    return parser.parse_args()


def timed(function, repeat):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    args = parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with the benchmark's events.")
    sys.path.insert(0, str(ROOT))
    sys.path.append(str(ROOT / "bench"))  # after the apps: bench/registrations.py
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()

    import hashlib

    from django.http import QueryDict
    from django.utils import translation
    from icalendar import Calendar, Event, Timezone

    from events import feed_memo, feeds
    from events.filters import AgendaFilters
    from events.models import AgendaPage

    if args.seed:
        from agenda import seed

        seed(args.seed)
    translation.activate("nl")
    agenda = AgendaPage.objects.live().first()

    def chosen(query=""):
        return feeds.feed_events(AgendaFilters.from_query(QueryDict(query)).apply(agenda.events()))

    def entries_of(listed):
        return [
            entry for event in listed for entry in feeds.calendar_entries(event, withdrawn=True)
        ]

    def site_build(query=""):
        filters = AgendaFilters.from_query(QueryDict(query))
        listed = list(chosen(query))
        name = feeds.agenda_name(filters.describe() if filters else "")
        body = feeds.build_calendar(listed, name=name).to_ical()
        feed_memo.finish(body, "agenda.ics", lambda etag: 0)
        return body

    # icalendar alone: the same entries as plain values, prepared outside the timing.
    entries = entries_of(list(chosen()))
    plain = []
    for entry in entries:
        vevent = feeds._vevent(entry)
        plain.append([(name, vevent[name]) for name in vevent])
    years = [e.start.astimezone(feeds.AMSTERDAM).year for e in entries]
    years += [e.end.astimezone(feeds.AMSTERDAM).year for e in entries]
    first_year, last_year = min(years), max(years)

    def icalendar_alone():
        from datetime import date

        calendar = Calendar()
        for name, value in feeds._new_calendar(feeds.agenda_name()).property_items()[1:-1]:
            calendar.add(name, value)
        calendar.add_component(
            Timezone.from_tzid(
                feeds.TZID,
                first_date=date(first_year, 1, 1),
                last_date=date(last_year + 2, 1, 1),
            )
        )
        for properties in plain:
            event = Event()
            for name, value in properties:
                event.add(name, value)
            calendar.add_component(event)
        return calendar.to_ical()

    site_seconds, body = timed(site_build, args.repeat)
    alone_seconds, alone_body = timed(icalendar_alone, args.repeat)
    print(f"{len(entries)} entries, {len(body) / 1024:.0f} kB")
    print(f"site's first build:  {site_seconds * 1000:7.0f} ms")
    print(f"icalendar alone:     {alone_seconds * 1000:7.0f} ms ({len(alone_body) / 1024:.0f} kB)")
    print(f"ratio:               {site_seconds / alone_seconds:7.2f}  (target ≤ 1.5)")

    listed_seconds, listed = timed(lambda: list(chosen()), args.repeat)
    entry_seconds, _ = timed(lambda: entries_of(listed), args.repeat)
    calendar_seconds, calendar = timed(lambda: feeds.build_calendar(listed), args.repeat)
    ical_seconds, raw = timed(calendar.to_ical, args.repeat)
    gzip_seconds, _ = timed(
        lambda: (feed_memo.gzip.compress(raw, 6, mtime=0), hashlib.sha256(raw)), args.repeat
    )
    print("where the site's build goes:")
    print(f"  events and prefetches (queries): {listed_seconds * 1000:6.0f} ms")
    print(f"  calendar entries from them:      {entry_seconds * 1000:6.0f} ms")
    print(f"  icalendar objects (with entries): {calendar_seconds * 1000:5.0f} ms")
    print(f"  to_ical():                       {ical_seconds * 1000:6.0f} ms")
    print(f"  gzip and ETag hash:              {gzip_seconds * 1000:6.0f} ms")
    for query in FILTERS:
        seconds, filtered = timed(lambda query=query: site_build(query), args.repeat)
        print(f"filtered ?{query}: {seconds * 1000:.0f} ms, {len(filtered) / 1024:.0f} kB")


if __name__ == "__main__":
    main()
