"""Benchmark the agenda: 1,000 events (3,000 sessions) on PostgreSQL, served by gunicorn.

Usage (PostgreSQL database that may be filled with benchmark data)::

    DATABASE_URL=postgres://user:pass@127.0.0.1:5432/samenspel_bench \\
        uv run python bench/agenda.py [--events 1000] [--requests 200] [--concurrency 4]

It migrates the database, seeds the events once (slugs ``bench-…``; a second run
reuses them), collects static files into a temporary directory, starts gunicorn
with the production settings on a free port of 127.0.0.1, and fires a bounded
number of requests at the agenda page, one event page and the full calendar
feed. It prints requests per second, median and 95th-percentile latency, and the
feed's size. Everything stays on this machine; gunicorn is stopped at the end.
Not part of the test suite.
"""

import argparse
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUG_PREFIX = "bench-"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="events to seed (default 1000)")
    parser.add_argument(
        "--requests", type=int, default=200, help="measured requests per URL (default 200)"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument(
        "--workers", type=int, default=(os.cpu_count() or 1) * 2, help="gunicorn workers"
    )
    parser.add_argument("--skip-seed", action="store_true", help="use the data as it is")
    return parser.parse_args()


def environment(var_dir):
    """The production settings, made to run on 127.0.0.1 without TLS."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://…) for the benchmark.")
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SAMENSPEL_VAR_DIR=str(var_dir),
        DB_CONN_MAX_AGE=env.get("DB_CONN_MAX_AGE", "60"),
        LOG_LEVEL="ERROR",
    )
    return env


def prepare(env, args):
    """Migrate, collect static files and seed, in a child process with the same settings."""
    code = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
import sys
sys.path.insert(0, {str(ROOT / "bench")!r})
from agenda import seed
seed({args.events}, skip={args.skip_seed})
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def seed(count, skip=False):
    """``count`` events around today, half estafettes with 3 host locations, half werksessies."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page, Site
    from wagtail.signal_handlers import disable_reference_index_auto_update

    from events import demo
    from events.models import EventPage, EventSession
    from website.models import HomePage, Theme

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Samenspel", slug="samenspel-home")
        )
        site.root_page = home
        site.save()
    agenda, _ = demo.get_agenda(home)
    existing = EventPage.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if skip or existing >= count:
        print(f"Using {existing} benchmark events already in the database.")
        return
    themes = [demo.named(Theme, name) for name in (demo.OZA, demo.THUISZITTERS, demo.OUDERS)]
    organisations = [demo.organisation(name) for name in list(demo.ORGANISATIONS)[:6]]
    today = timezone.localdate()
    started = time.monotonic()
    with disable_reference_index_auto_update():
        for number in range(existing, count):
            day = today + timedelta(days=number - int(count * 0.6))
            start = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(
                hours=10
            )
            estafette = number % 2 == 0
            event = EventPage(
                title=f"Bijeenkomst {number}",
                slug=f"{SLUG_PREFIX}{number}",
                kind=(
                    EventPage.Kind.INSPIRATIE_ESTAFETTE if estafette else EventPage.Kind.WERKSESSIE
                ),
                start=start,
                end=start + timedelta(hours=4),
                attendance=(
                    EventPage.Attendance.ON_SITE if estafette else EventPage.Attendance.ONLINE
                ),
                intro="Een bijeenkomst om de snelheid van de agenda te meten.",
                last_published_at=timezone.now(),
            )
            event.sessions = [
                EventSession(
                    sort_order=index,
                    kind=EventSession.Kind.HOST_LOCATION
                    if estafette
                    else EventSession.Kind.BREAKOUT,
                    organisation=organisations[(number + index) % len(organisations)]
                    if estafette
                    else None,
                    theme=None if estafette else themes[index],
                    online=not estafette,
                    capacity=20,
                )
                for index in range(3)
            ]
            event.themes = themes[: 1 + number % 3]
            with transaction.atomic():
                agenda.add_child(instance=event)
            if number % 100 == 99:
                print(f"  seeded {number + 1} events ({time.monotonic() - started:.0f} s)")
    print(f"Seeded {count - existing} events in {time.monotonic() - started:.0f} s.")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "website.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/agenda/", timeout=30).read()
            return process
        except OSError:  # refused while starting, or a slow first answer
            if process.poll() is not None:
                sys.exit("gunicorn stopped while starting")
            time.sleep(0.5)
    process.terminate()
    process.wait(timeout=30)
    sys.exit("gunicorn did not answer within two minutes")


def fetch(url):
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body, status = error.read(), error.code
    return time.perf_counter() - started, status, len(body)


def measure(url, count, concurrency):
    for _ in range(min(5, count)):  # warm every worker a little
        fetch(url)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(fetch, [url] * count))
    elapsed = time.perf_counter() - started
    latencies = sorted(result[0] for result in results)
    failures = sum(1 for result in results if result[1] != 200)
    return {
        "rps": count / elapsed,
        "median": statistics.median(latencies) * 1000,
        "p95": latencies[max(0, round(0.95 * len(latencies)) - 1)] * 1000,
        "bytes": results[-1][2],
        "failures": failures,
    }


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as var_dir:
        env = environment(var_dir)
        prepare(env, args)
        port = free_port()
        gunicorn = start_gunicorn(env, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            targets = {
                "agenda page": f"{base}/agenda/",
                "event page": f"{base}/agenda/{SLUG_PREFIX}{int(args.events * 0.6) + 1}/",
                "full feed": f"{base}/agenda.ics",
            }
            print(
                f"\n{args.events} events, gunicorn with {args.workers} workers, "
                f"{args.concurrency} client threads, {args.requests} requests per URL\n"
            )
            # The feed is cached per worker once generated; time one generation first.
            cold, _, size = fetch(targets["full feed"])
            print(
                f"first request for the full feed (generating it): {cold * 1000:.0f} ms, "
                f"{size / 1024:.0f} kB\n"
            )
            print(f"{'':<12} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'size':>10}")
            for name, url in targets.items():
                result = measure(url, args.requests, args.concurrency)
                print(
                    f"{name:<12} {result['rps']:>8.1f} {result['median']:>10.1f} "
                    f"{result['p95']:>8.1f} {result['bytes'] / 1024:>8.0f} kB"
                    + (f"  ({result['failures']} failed)" if result["failures"] else "")
                )
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
