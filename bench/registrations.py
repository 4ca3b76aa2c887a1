"""Benchmark registrations under a rush: N people register at once for P places.

Usage (a PostgreSQL server; the role needs CREATEDB unless you pass --use-given-database)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel \\
        uv run python bench/registrations.py [--registrations 200] [--places 50] \\
        [--concurrency 20] [--workers <cores>] [--threads 2]

What it does, all on 127.0.0.1 and bounded in count and time:

1. Creates (once) and migrates a separate database next to the one in DATABASE_URL,
   named ``<database>_bench_registrations``, so benchmark data never mixes with real
   or development data. ``--use-given-database`` uses DATABASE_URL's database as is.
2. Builds a published event with one session of P places and a waitlist, as an editor
   would (page revision, published), with a fresh slug per run.
3. Starts gunicorn (``--workers`` processes × ``--threads`` threads) with the
   production settings on a free port of 127.0.0.1 (no TLS redirect; the per-IP form
   rate limit raised, since every request comes from one address; mail stays in the
   outbox table, as no task worker runs).
4. Every simulated person loads the event's registration form (no cookie, no CSRF token),
   then all N submit at once, from this site's own origin, from ``--concurrency`` threads.
5. Prints throughput (registrations per second), median and 95th-percentile latency of
   the submissions, and from the database: confirmed, waitlisted and overbooked places
   (confirmed beyond P; must be 0). Exits non-zero when a place is overbooked.

Not part of the test suite; the proof that overbooking cannot happen is
``tests/concurrency/``. gunicorn is stopped at the end, whatever happens.
"""

import argparse
import contextlib
import html
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_REGISTRATIONS = 5000
DEADLINE_SECONDS = 600
HIDDEN_INPUT = re.compile(r"<input\b[^>]*\btype=\"hidden\"[^>]*>", re.I)
ATTRIBUTE = re.compile(r'\b(name|value)="([^"]*)"')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--registrations", type=int, default=200, help="people registering (default 200)"
    )
    parser.add_argument("--places", type=int, default=50, help="places in the session (default 50)")
    parser.add_argument(
        "--concurrency", type=int, default=20, help="client threads submitting (default 20)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=max(2, os.cpu_count() or 1),
        help="gunicorn workers (default: one per core)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per gunicorn worker (default 2: the session's row lock, not the CPU, "
        "limits a rush, and more requests at once only make the lock holder wait longer)",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="port for gunicorn on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument(
        "--use-given-database",
        action="store_true",
        help="use DATABASE_URL's database instead of a separate benchmark database",
    )
    args = parser.parse_args()
    if not 1 <= args.registrations <= MAX_REGISTRATIONS:
        parser.error(f"--registrations must be between 1 and {MAX_REGISTRATIONS}")
    if args.places < 0 or args.concurrency < 1 or args.workers < 1 or args.threads < 1:
        parser.error("--places must be 0 or more; concurrency, workers and threads 1 or more")
    return args


# -- database ----------------------------------------------------------------------------------


def bench_database_url(use_given):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://…) for the benchmark.")
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only runs against a PostgreSQL server on this machine.")
    if use_given:
        return url
    name = parts.path.lstrip("/") + "_bench_registrations"
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def environment(database_url, var_dir, registrations):
    """The production settings, made to run on 127.0.0.1 without TLS."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SAMENSPEL_VAR_DIR=str(var_dir),
        DB_CONN_MAX_AGE=env.get("DB_CONN_MAX_AGE", "60"),
        # Everyone comes from 127.0.0.1: the per-IP limit must not turn people away.
        FORM_RATE_LIMIT="1000000",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        LOG_LEVEL="ERROR",
    )
    return env


SETUP = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
import importlib.util
# This file, loaded by path under another name ("registrations" is the Django app).
spec = importlib.util.spec_from_file_location("bench_registrations", {path!r})
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
print("EVENT", bench.build_event({places}))
"""


def build_event(places):
    """A published werksessie with one session of ``places`` places and a waitlist."""
    from datetime import timedelta

    from django.utils import timezone
    from wagtail.models import Page, Site

    from events.models import AgendaPage, EventPage, EventSession
    from registrations.models import RegistrationSettings
    from website.models import HomePage

    site = Site.objects.filter(is_default_site=True).first()
    home = site.root_page.specific if site else None
    if not isinstance(home, HomePage):
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Samenspel", slug=f"samenspel-bench-{secrets.token_hex(3)}")
        )
        if site is None:
            site = Site(hostname="127.0.0.1", port=80, is_default_site=True)
        site.root_page = home
        site.save()
    agenda = AgendaPage.objects.child_of(home).first()
    if agenda is None:
        agenda = home.add_child(instance=AgendaPage(title="Agenda", slug="agenda"))
        agenda.save_revision().publish()
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    start = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    event = EventPage(
        title=f"Benchmark werksessie {stamp}",
        slug=f"bench-aanmelden-{stamp}-{secrets.token_hex(2)}",
        kind=EventPage.Kind.WERKSESSIE,
        start=start,
        end=start + timedelta(hours=3),
        live=False,
    )
    event.sessions = [
        EventSession(title="Deelsessie", kind=EventSession.Kind.BREAKOUT, capacity=places)
    ]
    event.registration_settings = [RegistrationSettings(waitlist=True, allow_colleagues=False)]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return event.pk


def prepare(env, places):
    code = SETUP.format(path=str(Path(__file__).resolve()), places=places)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
    )
    match = re.search(r"^EVENT (\d+)$", result.stdout, re.M)
    if not match:
        sys.exit(f"Could not build the event:\n{result.stdout}\n{result.stderr}")
    return int(match.group(1))


def outcome(database_url, event_id):
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT status, count(*) FROM registrations_registration "
            "WHERE event_id = %s GROUP BY status",
            [event_id],
        ).fetchall()
    return dict(rows)


# -- gunicorn ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, workers, threads, probe):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "website.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(probe, timeout=30).read()
            return process
        except OSError:  # refused while starting, or a slow first answer
            if process.poll() is not None:
                sys.exit("gunicorn stopped while starting")
            time.sleep(0.5)
    stop(process)
    sys.exit("gunicorn did not answer within two minutes")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


# -- the rush ----------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect())


def load_form(url):
    """GET the form and its fields. It sets no cookie and has no CSRF token: the view
    takes POSTs that come from the site itself (``Origin``), as a browser sends them."""
    with OPENER.open(url, timeout=60) as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    if cookies:
        raise RuntimeError(f"the registration form set a cookie: {cookies}")
    fields = {}
    for tag in HIDDEN_INPUT.findall(page):
        attributes = dict(ATTRIBUTE.findall(tag))
        if "name" in attributes:
            fields[attributes["name"]] = html.unescape(attributes.get("value", ""))
    session = re.search(r'name="session" value="(\d+)"', page)
    if session is None:
        raise RuntimeError("the registration form did not load as expected")
    fields["session"] = session.group(1)
    return fields


def submit(url, number, fields):
    data = dict(fields)
    data.update(
        name=f"Deelnemer {number}",
        email=f"bench-{number}@example.nl",
        organisation="Samenwerkingsverband",
        consent="on",
    )
    request = urllib.request.Request(  # noqa: S310  (127.0.0.1 only)
        url,
        data=urllib.parse.urlencode(data).encode(),
        headers={"Origin": url.split("/aanmelden/")[0], "Referer": url},
    )
    started = time.perf_counter()
    try:
        with OPENER.open(request, timeout=120) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - started, status


def rush(url, count, concurrency, server_pid=None):
    """Load every form first, then submit them all at once.

    Returns (seconds, results, CPU seconds used while submitting by the server, the
    database server and this client, when /proc tells)."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        forms = list(pool.map(lambda _n: load_form(url), range(count)))
    start_line = threading.Barrier(concurrency)

    def person(number):
        if number < concurrency:
            start_line.wait(timeout=60)  # the first wave leaves together
        return submit(url, number, forms[number])

    before = cpu_snapshot(server_pid)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(person, range(count)))
    elapsed = time.perf_counter() - started
    after = cpu_snapshot(server_pid)
    cpu = {side: after[side] - before[side] for side in before} if before and after else None
    return elapsed, results, cpu


def _ticks(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def _children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def cpu_snapshot(server_pid):
    """CPU seconds so far of gunicorn (its workers), PostgreSQL (every postgres process)
    and this process; None where /proc is missing (not Linux)."""
    if server_pid is None or not Path("/proc/self/stat").exists():
        return None
    hz = os.sysconf("SC_CLK_TCK")
    postgres = [
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and _command(entry) in ("postgres", "postmaster")
    ]
    return {
        "server": sum(_ticks(pid) for pid in [server_pid, *_children(server_pid)]) / hz,
        "database": sum(_ticks(pid) for pid in postgres) / hz,
        "client": time.process_time(),
    }


def _command(entry):
    try:
        return (entry / "comm").read_text().strip()
    except OSError:
        return ""


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, round(fraction * len(ordered)) - 1)]


def main():
    args = parse_args()
    database_url = bench_database_url(args.use_given_database)
    with tempfile.TemporaryDirectory(prefix="samenspel-bench-") as var_dir:
        env = environment(database_url, var_dir, args.registrations)
        print("Migrating and building the event …", flush=True)
        event_id = prepare(env, args.places)
        port = args.port or free_port()
        url = f"http://127.0.0.1:{port}/aanmelden/{event_id}/"
        gunicorn = start_gunicorn(env, port, args.workers, args.threads, url)
        try:
            concurrency = min(args.concurrency, args.registrations)
            elapsed, results, cpu = rush(url, args.registrations, concurrency, gunicorn.pid)
        finally:
            stop(gunicorn)
    counts = outcome(database_url, event_id)
    confirmed = counts.get("bevestigd", 0) + counts.get("aangeboden", 0)
    waitlisted = counts.get("wachtlijst", 0)
    overbooked = max(0, confirmed - args.places)
    latencies = [seconds * 1000 for seconds, _status in results]
    statuses = {}
    for _seconds, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(
        f"\n{args.registrations} registrations for {args.places} places; gunicorn "
        f"{args.workers} workers × {args.threads} threads; {concurrency} client threads\n"
    )
    print(f"throughput      {args.registrations / elapsed:8.1f} registrations/s")
    print(f"median latency  {statistics.median(latencies):8.1f} ms")
    print(f"p95 latency     {percentile(latencies, 0.95):8.1f} ms")
    print(f"responses       {', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}")
    print(f"confirmed       {confirmed:8d}")
    print(f"waitlisted      {waitlisted:8d}")
    print(f"overbooked      {overbooked:8d}")
    if cpu:
        per = {side: seconds * 1000 / args.registrations for side, seconds in cpu.items()}
        print(
            f"CPU while submitting: gunicorn {cpu['server']:.2f} s, PostgreSQL "
            f"{cpu['database']:.2f} s, this client {cpu['client']:.2f} s, in {elapsed:.2f} s "
            f"on {os.cpu_count()} cores; per registration {per['server']:.1f} + "
            f"{per['database']:.1f} + {per['client']:.1f} ms"
        )
    if overbooked:
        sys.exit("OVERBOOKED: more places confirmed than the session has.")
    if statuses.get(302, 0) != args.registrations:
        sys.exit("Not every registration was accepted (expected 302 for all).")


if __name__ == "__main__":
    main()
