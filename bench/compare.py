"""Compare the site with references in one interleaved run (issue 11, point 7).

Usage (a PostgreSQL server on this machine; the role needs CREATEDB)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel \\
        uv run python bench/compare.py [--events 1000] [--growth 100] [--with-10000] \\
        [--rounds 5] [--requests 40] [--cached-requests 300] [--concurrency 4] \\
        [--workers 2] [--threads 2] [--targets 1,2,3,5]

It prints one table per kind of target of issue 11: the ratios (1 to 3, with the growth
rows of 6), the queries per request (2 and 4) and the registrations (5). Three
comparisons are ratios target / reference of requests per second:

1. Anonymous GETs of public pages (home, the agenda with and without filters, an event,
   a verslag, an article) from our page cache (``website.pagecache``) against Django's
   per-site cache (``UpdateCacheMiddleware`` … ``FetchFromCacheMiddleware``, local memory
   per process) on the same pages and data. Target: ≥ 1.0. Hits are counted: our
   ``X-Page-Cache: hit``, Django's ``Age`` header (``FetchFromCacheMiddleware`` sets it
   only on a hit).
2. The uncached agenda and an uncached event page (``PAGE_CACHE_ENABLED`` off) against
   the welcome page of a fresh ``wagtail start`` project.
3. The full feed ``/agenda.ics`` when unchanged (cached by the feed's own cache, answered
   in full, and answered ``304`` to ``If-None-Match``) against a static file with the
   feed's bytes, served by whitenoise (``WHITENOISE_ROOT``) in the same server.

The reference for 2 is generated at run time with the installed Wagtail's own
``wagtail start`` into a temporary folder, not copied into this repository: that is
exactly what a new project serves (its ``HomePage`` model, the ``home/home_page.html``
template with ``home/welcome_page.html``, served by Wagtail's page serving, the bare
project's middleware stack, the project's ``production`` settings), and nothing here
has to be kept in step with Wagtail by hand. Wagtail 8 has no ``wagtailcore/`` welcome
template: the welcome page lives in the project template. The only file added is
``bench/reference/local.py`` (key, host names), which the project's ``production.py``
imports. It runs on SQLite, as ``wagtail start`` sets it up; it has no whitenoise (we
only fetch its HTML).

Every server is gunicorn with the same settings (``--workers`` × ``--threads``, gthread)
on a free port of 127.0.0.1; ours run the production settings through
``bench/compare_settings.py`` (``BENCH_CACHE`` = ours, django or off). The data lives in
separate databases next to DATABASE_URL's, ``<database>_bench_compare_<events>``, cloned
from a migrated ``<database>_bench_compare`` and seeded with bench/agenda.py's ``seed``
plus one verslag and one article; a second run reuses them.

Interleaving: for every round, each row hits its reference and then its target with
the same number of requests (``--cached-requests`` for the cached pages of 1, whose
answers take a millisecond or two, ``--requests`` for the others) from the same
``--concurrency`` client threads (a new
connection per request, so the load spreads over gunicorn's workers). Requests per second are
the requests over the time spent on them, median and 95th percentile over all rounds.

Queries (targets 2 and 4): while seeding, each database's prepare step counts the queries
of the home page, the agenda and an event page not served from the page cache, the first
request after a change (nothing held in the process) and the next, in process.

Registrations (target 5, an absolute target without a reference): at the end,
bench/registrations.py runs ``--registration-rounds`` times (200 registrations for 50
places, 20 client threads) and its figures are printed one column per run.

Growth (point 6): the agenda, the event page and the feed are measured again with
``--growth`` events (default 100; empty for none); ``--with-10000`` adds 10,000 events,
whose seeding takes about four minutes the first time (1,000 take 15 s).

Not part of the test suite. Every gunicorn started is stopped at the end.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
STATIC_COPY = "/bench-feed-copy.ics"
FILTERED = "/agenda/?soort=werksessie&vorm=online"
MAX_REQUESTS = 5000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1000, help="events (default 1000)")
    parser.add_argument(
        "--growth", default="100", help="other event counts for the growth rows, comma-separated"
    )
    parser.add_argument("--with-10000", action="store_true", help="also 10,000 events (slow)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--requests", type=int, default=40, help="requests per URL, side and round (default 40)"
    )
    parser.add_argument(
        "--cached-requests",
        type=int,
        default=300,
        help="requests per cached page, side and round (target 1; default 300)",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker (default 2)")
    parser.add_argument(
        "--targets",
        default="1,2,3,5",
        help="which comparisons, comma-separated (default 1,2,3,5; 4 and 6 are printed always)",
    )
    parser.add_argument(
        "--registration-rounds", type=int, default=3, help="runs of target 5 (default 3)"
    )
    parser.add_argument(
        "--registration-workers",
        type=int,
        help="gunicorn workers for target 5 (default: --workers, as every other row)",
    )
    parser.add_argument(
        "--registration-threads",
        type=int,
        help="threads per worker for target 5 (default: --threads)",
    )
    args = parser.parse_args()
    args.targets = {int(target) for target in args.targets.split(",") if target.strip()}
    args.registration_workers = args.registration_workers or args.workers
    args.registration_threads = args.registration_threads or args.threads
    args.sizes = [args.events] + [
        int(size) for size in args.growth.split(",") if size.strip() and int(size) != args.events
    ]
    if args.with_10000 and 10000 not in args.sizes:
        args.sizes.append(10000)
    if not 1 <= max(args.requests, args.cached_requests) * args.rounds <= MAX_REQUESTS:
        parser.error(f"--requests × --rounds must be between 1 and {MAX_REQUESTS}")
    return args


# -- databases ---------------------------------------------------------------------------------


def server_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://…) for the benchmark.")
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only runs against a PostgreSQL server on this machine.")
    return parts


def database_url(parts, name):
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def ensure_database(parts, name, template=None):
    """Create ``name`` (from ``template`` when given) unless it exists; True when created."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(urllib.parse.urlunsplit(parts), autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        connection.execute(statement)
    print(f"Created database {name}.", flush=True)
    return True


def environment(url, var_dir, cache="ours", whitenoise_root=""):
    """The production settings (bench/compare_settings.py), on 127.0.0.1 without TLS."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="bench.compare_settings",
        BENCH_CACHE=cache,
        BENCH_WHITENOISE_ROOT=str(whitenoise_root),
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SAMENSPEL_VAR_DIR=str(var_dir),
        DB_CONN_MAX_AGE=env.get("DB_CONN_MAX_AGE", "60"),
        LOG_LEVEL="ERROR",
    )
    return env


PREPARE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
if {collect}:
    call_command("collectstatic", interactive=False, verbosity=0)
if {events}:
    import json, sys
    sys.path.insert(0, {bench!r})
    import compare
    from agenda import seed
    seed({events})
    print("PAGES " + json.dumps(compare.seed_pages({events}, {static_file!r})))
"""


def prepare(env, events=0, collect=False, static_file=""):
    code = PREPARE.format(
        collect=collect, events=events, bench=str(BENCH), static_file=str(static_file)
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE
    )
    output = result.stdout.decode()
    print("\n".join(line for line in output.splitlines() if not line.startswith("PAGES ")))
    match = re.search(r"^PAGES (.*)$", output, re.M)
    return json.loads(match.group(1)) if match else None


def seed_pages(events, static_file):
    """One verslag and one article (once), the page addresses, and the feed's bytes on disk.

    Runs inside the prepare process, after bench/agenda.py's ``seed``.
    """
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Site
    from wagtail.rich_text import RichText

    from events.models import AgendaPage, EventPage, ReportEventLink, ReportPage
    from website.models import ArticleIndexPage, ArticlePage

    home = Site.objects.get(is_default_site=True).root_page.specific
    agenda = AgendaPage.objects.child_of(home).first()
    text = RichText(
        "<p>"
        + "Een alinea om te meten hoe snel een gewone pagina met tekst wordt getoond. " * 8
        + "</p>"
    )
    body = [("paragraph", text)] * 4
    now = timezone.now()
    if not ReportPage.objects.filter(slug="bench-verslag").exists():
        past = EventPage.objects.filter(slug=f"bench-{int(events * 0.6) - 2}").first()
        report = ReportPage(
            title="Verslag van een bijeenkomst",
            slug="bench-verslag",
            intro="Wat er besproken is.",
            body=body,
            first_published_at=now,
            last_published_at=now,
        )
        if past:
            report.event_links = [ReportEventLink(event=past)]
        agenda.add_child(instance=report)
    index = ArticleIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(instance=ArticleIndexPage(title="Actueel", slug="bench-actueel"))
    if not ArticlePage.objects.filter(slug="bench-artikel").exists():
        index.add_child(
            instance=ArticlePage(
                title="Een artikel",
                slug="bench-artikel",
                intro="Nieuws uit het netwerk.",
                author="Redactie",
                body=body,
                first_published_at=now,
                last_published_at=now,
            )
        )
    report = ReportPage.objects.get(slug="bench-verslag")
    article = ArticlePage.objects.get(slug="bench-artikel")
    response = Client(HTTP_HOST="127.0.0.1").get("/agenda.ics")
    assert response.status_code == 200, response.status_code
    Path(static_file).write_bytes(response.content)
    pages = {
        "event": f"/agenda/bench-{int(events * 0.6) + 1}/",
        "report": report.url_path.removeprefix(home.url_path.rstrip("/")),
        "article": article.url_path.removeprefix(home.url_path.rstrip("/")),
        "feed_bytes": len(response.content),
    }
    pages["queries"] = count_queries({"home": "/", "agenda": "/agenda/", "event": pages["event"]})
    return pages


def count_queries(paths):
    """Queries of a request not served from the page cache (targets 2 and 4): the first
    after a change (nothing held in this process) and the next one."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from website import pagecache

    counts = {}
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=False):
        for name, path in paths.items():
            pagecache.forget_version()
            measured = []
            for _visit in range(2):
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(path).status_code == 200, path
                measured.append(len(queries))
            counts[name] = measured
    return counts


# -- the reference project ---------------------------------------------------------------------


def build_reference(folder):
    """A fresh ``wagtail start`` project on SQLite, migrated, its static files collected."""
    wagtail = Path(sys.executable).with_name("wagtail")
    folder.mkdir()
    subprocess.run([str(wagtail), "start", "benchref", str(folder)], check=True)
    shutil.copy(BENCH / "reference" / "local.py", folder / "benchref" / "settings" / "local.py")
    env = reference_environment()
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=folder, env=env, check=True)


def reference_environment():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="benchref.settings.production",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
    )
    return env


# -- gunicorn ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, name, module, cwd, env, args, probe="/"):
        self.name = name
        self.port = free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            module,
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=cwd, env=env)
        print(f"started {name} (pid {self.process.pid}) on port {self.port}", flush=True)
        self.probe = probe

    def wait(self):
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                status = fetch(self.port, self.probe)[1]
                if status == 200:
                    return
            except OSError:  # refused while starting
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} stopped while starting")
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn {self.name} did not answer within three minutes")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)


# -- the client --------------------------------------------------------------------------------


def fetch(port, path, headers=None):
    """One GET on a new connection: (seconds, status, bytes, headers).

    A new connection per request, as agenda.py does: with persistent connections each
    client thread would stay with one gunicorn worker, and an uneven spread over the
    workers would decide the figures.
    """
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Connection": "close", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return time.perf_counter() - started, response.status, len(body), response.headers


class Side:
    """One URL on one server: everything measured over the rounds."""

    def __init__(self, server, path, headers=None, hit=None):
        self.server, self.path, self.headers, self.hit = server, path, headers or {}, hit
        self.latencies, self.elapsed, self.hits, self.failures, self.size = [], 0.0, 0, 0, 0

    def get(self, _number=None):
        return fetch(self.server.port, self.path, self.headers)

    def warm(self, count, pool):
        list(pool.map(self.get, range(count)))

    def run(self, count, pool):
        started = time.perf_counter()
        results = list(pool.map(self.get, range(count)))
        self.elapsed += time.perf_counter() - started
        for seconds, status, size, headers in results:
            self.latencies.append(seconds)
            self.failures += status not in (200, 304)
            self.size = size
            if self.hit and self.hit(headers):
                self.hits += 1

    @property
    def rps(self):
        return len(self.latencies) / self.elapsed

    def median(self):
        return statistics.median(self.latencies) * 1000

    def p95(self):
        ordered = sorted(self.latencies)
        return ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


def our_hit(headers):
    return headers.get("X-Page-Cache") == "hit"


def django_hit(headers):
    return headers.get("Age") is not None


class Row:
    def __init__(self, target_no, events, label, reference, target):
        self.target_no, self.events, self.label = target_no, events, label
        self.reference, self.target = reference, target

    @property
    def ratio(self):
        return self.target.rps / self.reference.rps


def interleave(rows, args):
    warm = max(8, 4 * args.workers * args.threads)
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        for row in rows:
            for side in (row.reference, row.target):
                side.warm(warm, pool)
        for number in range(args.rounds):
            started = time.monotonic()
            for row in rows:
                count = args.cached_requests if row.target_no == 1 else args.requests
                row.reference.run(count, pool)
                row.target.run(count, pool)
            print(f"  round {number + 1}/{args.rounds}: {time.monotonic() - started:.0f} s")


# -- the run -----------------------------------------------------------------------------------


def block_rows(events, pages, servers, welcome, etags, targets=(1, 2, 3)):
    """The rows for one database: all three targets at the main size, 2 and 3 otherwise."""
    rows = [
        row
        for row in _block_rows(events, pages, servers, welcome, etags)
        if row.target_no in targets
    ]
    return rows


def _block_rows(events, pages, servers, welcome, etags):
    ours, off = servers["ours"], servers.get("off")
    rows = []
    if "django" in servers:
        django = servers["django"]
        for label, path in (
            ("home", "/"),
            ("agenda", "/agenda/"),
            ("agenda, filtered", FILTERED),
            ("event page", pages["event"]),
            ("verslag", pages["report"]),
            ("article", pages["article"]),
        ):
            rows.append(
                Row(
                    1,
                    events,
                    label,
                    Side(django, path, hit=django_hit),
                    Side(ours, path, hit=our_hit),
                )
            )
    if off and welcome:
        rows.append(Row(2, events, "agenda, uncached", Side(welcome, "/"), Side(off, "/agenda/")))
        rows.append(
            Row(2, events, "event page, uncached", Side(welcome, "/"), Side(off, pages["event"]))
        )
    rows.append(Row(3, events, "feed", Side(ours, STATIC_COPY), Side(ours, "/agenda.ics")))
    rows.append(
        Row(
            3,
            events,
            "feed, If-None-Match (304)",
            Side(ours, STATIC_COPY, {"If-None-Match": etags[STATIC_COPY]}),
            Side(ours, "/agenda.ics", {"If-None-Match": etags["/agenda.ics"]}),
        )
    )
    return rows


def run_block(events, parts, var_dir, args, welcome, first):
    name = parts.path.lstrip("/") + "_bench_compare"
    url = database_url(parts, f"{name}_{events}")
    ensure_database(parts, f"{name}_{events}", template=name)
    static_root = Path(var_dir) / f"static-root-{events}"
    static_root.mkdir()
    print(f"\nPreparing {events} events …", flush=True)
    pages = prepare(
        environment(url, var_dir),
        events=events,
        collect=first,
        static_file=static_root / STATIC_COPY.lstrip("/"),
    )
    kinds = ["ours"] + (["off"] if 2 in args.targets else [])
    kinds += ["django"] if events == args.events and 1 in args.targets else []
    servers = {}
    try:
        for kind in kinds:
            env = environment(url, var_dir, cache=kind, whitenoise_root=static_root)
            servers[kind] = Server(f"{kind} ({events} events)", "website.wsgi", ROOT, env, args)
        for server in servers.values():
            server.wait()
        etags = {
            path: fetch(servers["ours"].port, path)[3].get("ETag")
            for path in (STATIC_COPY, "/agenda.ics")
        }
        rows = block_rows(events, pages, servers, welcome, etags, args.targets)
        print(f"Measuring {len(rows)} rows with {events} events …", flush=True)
        interleave(rows, args)
        return rows, pages
    finally:
        for server in servers.values():
            server.stop()


def report(rows, args):
    print(
        f"\ngunicorn {args.workers} workers × {args.threads} threads (gthread) for every "
        f"server; {args.concurrency} client threads; {args.rounds} rounds × "
        f"{args.cached_requests} (cached pages) or {args.requests} requests per URL and side\n"
    )
    print(
        "| target | events | URL | reference | ref. req/s | target req/s | ratio "
        "| ref. median / p95 | target median / p95 | hits ref. / target |"
    )
    print("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        reference = {1: "Django per-site cache", 2: "`wagtail start` welcome", 3: "static file"}[
            row.target_no
        ]
        hits = "–"
        if row.target_no == 1:
            hits = " / ".join(
                f"{side.hits / len(side.latencies):.0%}" for side in (row.reference, row.target)
            )
        failures = row.reference.failures + row.target.failures
        print(
            f"| {row.target_no} | {row.events:,} | {row.label} | {reference} "
            f"| {row.reference.rps:.0f} | {row.target.rps:.0f} | {row.ratio:.2f} "
            f"| {row.reference.median():.1f} / {row.reference.p95():.1f} ms "
            f"| {row.target.median():.1f} / {row.target.p95():.1f} ms | {hits} |"
            + (f" **{failures} failed**" if failures else "")
        )


def report_queries(counted):
    print(
        "\nQueries of a request not served from the page cache: the first after a change "
        "(nothing held) / the next (targets: agenda and event page ≤ 10, home ≤ 15, "
        "whatever the number of events)\n"
    )
    print("| events | home | agenda | event page |")
    print("| ---: | ---: | ---: | ---: |")
    for events, counts in counted:
        cells = " | ".join(
            f"{counts[name][0]} / {counts[name][1]}" for name in ("home", "agenda", "event")
        )
        print(f"| {events:,} | {cells} |")


REGISTRATION_FIGURES = re.compile(
    r"^(throughput|median latency|p95 latency|overbooked)\s+([\d.]+)", re.M
)


def registrations(args):
    """Target 5: bench/registrations.py (200 registrations for 50 places, 20 clients), with
    the same gunicorn settings as the other rows; an absolute target, no reference."""
    figures = []
    for number in range(args.registration_rounds):
        result = subprocess.run(
            [
                sys.executable,
                str(BENCH / "registrations.py"),
                "--registrations",
                "200",
                "--places",
                "50",
                "--concurrency",
                "20",
                "--workers",
                str(args.registration_workers),
                "--threads",
                str(args.registration_threads),
            ],
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
        )
        found = dict(REGISTRATION_FIGURES.findall(result.stdout.decode()))
        figures.append({key: float(value) for key, value in found.items()})
        print(f"  registrations, round {number + 1}/{args.registration_rounds}: {found}")
    return figures


def report_registrations(figures, args):
    print(
        f"\nTarget 5: 200 registrations for 50 places from 20 client threads, gunicorn "
        f"{args.registration_workers} workers × {args.registration_threads} threads; one "
        "column per run\n"
    )
    print("| measure | target | " + " | ".join(f"run {n + 1}" for n in range(len(figures))) + " |")
    print("| --- | ---: |" + " ---: |" * len(figures))
    for key, label, target in (
        ("throughput", "registrations/s", "≥ 50"),
        ("median latency", "median (ms)", ""),
        ("p95 latency", "95th percentile (ms)", "≤ 300"),
        ("overbooked", "overbooked", "0"),
    ):
        cells = " | ".join(f"{run.get(key, float('nan')):.0f}" for run in figures)
        print(f"| {label} | {target} | {cells} |")


def main():
    args = parse_args()
    parts = server_url()
    base = parts.path.lstrip("/") + "_bench_compare"
    all_rows = []
    counted = []
    welcome = None
    with tempfile.TemporaryDirectory(prefix="samenspel-compare-") as var_dir:
        try:
            if ensure_database(parts, base):
                print("Migrating the base database …", flush=True)
                prepare(environment(database_url(parts, base), var_dir))
            if 2 in args.targets:
                print("Building the reference project with `wagtail start` …", flush=True)
                build_reference(Path(var_dir) / "reference")
                welcome = Server(
                    "welcome (wagtail start)",
                    "benchref.wsgi",
                    Path(var_dir) / "reference",
                    reference_environment(),
                    args,
                )
                welcome.wait()
            for number, events in enumerate(args.sizes):
                rows, pages = run_block(events, parts, var_dir, args, welcome, number == 0)
                all_rows.extend(rows)
                counted.append((events, pages["queries"]))
                print(f"feed with {events} events: {pages['feed_bytes'] / 1024:.0f} kB")
        finally:
            if welcome:
                welcome.stop()
    figures = registrations(args) if 5 in args.targets else []
    report(all_rows, args)
    report_queries(counted)
    if figures:
        report_registrations(figures, args)


if __name__ == "__main__":
    main()
