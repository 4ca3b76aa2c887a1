"""What a feed costs to build, against icalendar alone (issue 11, points 3 and 6).

Usage (a PostgreSQL database with bench/agenda.py's events, e.g. one bench/compare.py
seeds)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel_bench_compare_1000 \\
        uv run python bench/feed_build.py [--repeat 5] [--seed 1000]

    # one row per database: feed cost for 100, 1,000 and 10,000 events
    uv run python bench/feed_build.py --growth \\
        'postgres://samenspel:samenspel@127.0.0.1:5432/samenspel_bench_compare_{n}'

In this process, with no finished-feed cache in the way, it times, interleaved
(icalendar alone, the site after a change, the site cold, …), the median of
``--repeat`` rounds:

- **icalendar alone**: icalendar building the same VEVENTs (same properties and values,
  same VTIMEZONE) from plain values prepared beforehand, and ``to_ical()``;
- **the site after a change**: ``/agenda.ics``'s first build after one event changed,
  as the view makes it: choosing the events, the queries, the entries, the calendar and
  its bytes, and the gzip copy and ETag hash of ``events.feed_memo``. The process has
  built the feed before, so the other entries' text is remembered
  (``feeds.VEVENTS``); the changed event's entries are not (they are forgotten before
  each round, as a change makes them new);
- **the site cold**: the same with nothing remembered (a process's first build);
- where the cold build goes, and the filtered feeds (target: under 0.5 s at 10,000
  events), with their sizes.

Reads only, unless seeding. Not part of the test suite.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILTERS = (
    "soort=werksessie",
    "vorm=online",
    "soort=inspiratie-estafette",
    "soort=inspiratie-estafette&vorm=op-locatie",
)
GROWTH = (100, 1000, 10000)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds per measurement (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed this many events first")
    parser.add_argument(
        "--growth",
        metavar="URL",
        help="a database URL with {n}: one row each for 100, 1,000 and 10,000 events",
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


def median_ms(times):
    return statistics.median(times) * 1000


def interleaved(functions, repeat):
    """Run the functions in turn, ``repeat`` rounds; the seconds of each, by name."""
    times = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            started = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - started)
    return times


def measure(repeat):
    import hashlib
    from datetime import date

    from django.http import QueryDict
    from django.utils import translation
    from icalendar import Calendar, Event

    from events import feed_memo, feeds
    from events.filters import AgendaFilters
    from events.models import AgendaPage

    translation.activate("nl")
    agenda = AgendaPage.objects.live().first()

    def chosen(query=""):
        return feeds.feed_events(AgendaFilters.from_query(QueryDict(query)).apply(agenda.events()))

    def site_build(query=""):
        filters = AgendaFilters.from_query(QueryDict(query))
        listed = list(chosen(query))
        name = feeds.agenda_name(filters.describe() if filters else "")
        body = feeds.build_feed(listed, name=name, filters=filters)
        feed_memo.finish(body, "agenda.ics", lambda etag: 0)
        return body

    # icalendar alone: the same entries as plain values, prepared outside the timing.
    listed = list(chosen())
    entries = feeds._feed_entries(listed, None, AgendaFilters())
    plain = []
    for entry in entries:
        vevent = feeds._vevent(entry)
        plain.append([(name, vevent[name]) for name in vevent])
    years = [e.start.astimezone(feeds.AMSTERDAM).year for e in entries]
    years += [e.end.astimezone(feeds.AMSTERDAM).year for e in entries]
    first_year, last_year = min(years), max(years)
    vtimezone = feeds.vtimezone(first_year, last_year)

    def icalendar_alone():
        calendar = Calendar()
        for name, value in feeds._new_calendar(feeds.agenda_name()).property_items()[1:-1]:
            calendar.add(name, value)
        calendar.add_component(vtimezone)
        for properties in plain:
            event = Event()
            for name, value in properties:
                event.add(name, value)
            calendar.add_component(event)
        return calendar.to_ical()

    # The event "changed": one in the middle of the feed, its entries forgotten each round.
    changed = feeds.calendar_entries(listed[len(listed) // 2], withdrawn=True)
    changed_keys = [feeds.VeventMemo.key(entry) for entry in changed]

    def after_change():
        for key in changed_keys:
            feeds.VEVENTS._texts.pop(key, None)
        return site_build()

    def cold():
        feeds.VEVENTS.clear()
        return site_build()

    body = site_build()  # warm up: the process has built this feed before
    assert (
        body
        == feeds.build_calendar(listed, name=feeds.agenda_name(), filters=AgendaFilters()).to_ical()
    )
    times = interleaved(
        {"alone": icalendar_alone, "after_change": after_change, "cold": cold}, repeat
    )
    result = {
        "events": len(listed),
        "entries": len(entries),
        "kb": len(body) / 1024,
        "alone_ms": median_ms(times["alone"]),
        "after_change_ms": median_ms(times["after_change"]),
        "cold_ms": median_ms(times["cold"]),
        "ratio_after_change": statistics.median(
            a / b for a, b in zip(times["after_change"], times["alone"], strict=True)
        ),
        "ratio_cold": statistics.median(
            a / b for a, b in zip(times["cold"], times["alone"], strict=True)
        ),
    }

    feeds.VEVENTS.clear()
    parts = interleaved(
        {
            "queries": lambda: list(chosen()),
            "entries": lambda: feeds._feed_entries(listed, None, AgendaFilters()),
            "serialise": lambda: (feeds.VEVENTS.clear(), feeds.build_feed(listed)),
            "gzip": lambda: (feed_memo.gzip.compress(body, 6, mtime=0), hashlib.sha256(body)),
        },
        repeat,
    )
    result["parts_ms"] = {name: median_ms(values) for name, values in parts.items()}

    filtered = {}
    for query in FILTERS:
        site_build(query)  # as the full feed: built before in this process
        sizes, seconds = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            sizes.append(len(site_build(query)))
            seconds.append(time.perf_counter() - started)
        feeds.VEVENTS.clear()
        started = time.perf_counter()
        site_build(query)
        filtered[query] = {
            "ms": median_ms(seconds),
            "cold_ms": (time.perf_counter() - started) * 1000,
            "kb": sizes[-1] / 1024,
            "events": len(list(chosen(query))),
        }
    result["filtered"] = filtered
    result["first_year"] = date(first_year, 1, 1).year
    return result


def print_result(result):
    print(f"{result['events']} events, {result['entries']} entries, {result['kb']:.0f} kB")
    print(f"icalendar alone:             {result['alone_ms']:7.0f} ms")
    print(
        f"site, first build after a change: {result['after_change_ms']:7.0f} ms"
        f"  ratio {result['ratio_after_change']:.2f}  (target ≤ 1.5)"
    )
    print(
        f"site, cold (nothing remembered):  {result['cold_ms']:7.0f} ms"
        f"  ratio {result['ratio_cold']:.2f}"
    )
    parts = result["parts_ms"]
    print("where a cold build goes:")
    print(f"  events and prefetches (queries): {parts['queries']:6.0f} ms")
    print(f"  calendar entries from them:      {parts['entries']:6.0f} ms")
    print(f"  VEVENTs and to_ical():           {parts['serialise']:6.0f} ms")
    print(f"  gzip and ETag hash:              {parts['gzip']:6.0f} ms")
    for query, row in result["filtered"].items():
        print(
            f"filtered ?{query}: {row['ms']:.0f} ms after a change, {row['cold_ms']:.0f} ms cold,"
            f" {row['events']} events, {row['kb']:.0f} kB"
        )


def growth(url, repeat):
    rows = []
    for size in GROWTH:
        env = {**os.environ, "DATABASE_URL": url.format(n=size)}
        done = subprocess.run(  # noqa: S603 - this script, on the operator's databases
            [sys.executable, __file__, "--json", "--repeat", str(repeat)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append((size, json.loads(done.stdout.splitlines()[-1])))
    print(
        "| events seeded | in the feed | entries | kB | icalendar alone | after a change |"
        " ratio | cold | worst filtered feed |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, row in rows:
        worst = max(row["filtered"].values(), key=lambda f: f["ms"])
        print(
            f"| {size:,} | {row['events']} | {row['entries']} | {row['kb']:.0f} |"
            f" {row['alone_ms']:.0f} ms | {row['after_change_ms']:.0f} ms |"
            f" {row['ratio_after_change']:.2f} | {row['cold_ms']:.0f} ms | {worst['ms']:.0f} ms |"
        )


def main():
    args = parse_args()
    if args.growth:
        growth(args.growth, args.repeat)
        return
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database with the benchmark's events.")
    sys.path.insert(0, str(ROOT))
    sys.path.append(str(ROOT / "bench"))  # after the apps: bench/registrations.py
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.dev")
    import django

    django.setup()
    if args.seed:
        from agenda import seed

        seed(args.seed)
    result = measure(args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        print_result(result)


if __name__ == "__main__":
    main()
