"""Benchmark a nieuwsbrief send: N confirmed subscribers, W worker processes.

Usage (a PostgreSQL server on this machine; the role needs CREATEDB)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel \\
        uv run python bench/newsletter.py [--subscribers 100000] [--workers 2] [--batch 500]

What it does:

1. Creates (once) and migrates a separate database ``<database>_bench_newsletter``.
2. Replaces its subscribers with N confirmed ones and publishes a fresh issue with
   text, chosen pages and the automatic "upcoming meetings" block.
3. Queues the send as the editor's screen does (``sending.schedule_send``) and starts W
   ``manage.py run_worker`` processes with the production settings, the nieuwsbrief going
   to anymail's test backend in batches (``merge_data`` / ``merge_headers``, one API call
   per batch, as with a real ESP that supports batch sending).
4. Prints recipients per second, the wall time until every recipient was handed over,
   and the peak memory (VmHWM) of each worker process; checks that every subscriber got
   exactly one delivery marked sent.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEADLINE_SECONDS = 900


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes")
    parser.add_argument("--batch", type=int, default=500, help="recipients per batch")
    args = parser.parse_args()
    if not 1 <= args.subscribers <= 1_000_000 or args.workers < 1 or args.batch < 1:
        parser.error("subscribers 1..1,000,000; workers and batch 1 or more")
    return args


def bench_database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://…) for the benchmark.")
    parts = urllib.parse.urlsplit(url)
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("The benchmark only runs against a PostgreSQL server on this machine.")
    name = parts.path.lstrip("/") + "_bench_newsletter"
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


def environment(database_url, var_dir, args):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="https://samenspel.example.nl",
        SAMENSPEL_VAR_DIR=str(var_dir),
        EMAIL_BACKEND="anymail.backends.test.EmailBackend",
        NEWSLETTER_EMAIL_BACKEND="anymail.backends.test.EmailBackend",
        NEWSLETTER_MERGE_FIELD_FORMAT="{{{{{}}}}}",
        NEWSLETTER_BATCH_SIZE=str(args.batch),
        NEWSLETTER_PARALLEL_TASKS=str(args.workers),
        LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    return env


def prepare(count):
    """Fresh subscribers and a fresh published issue; returns the issue."""
    from django.db import connection
    from wagtail.models import Site

    from newsletter.models import NewsletterIndexPage, NewsletterIssuePage, Subscriber

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE samenspel_newsletter_delivery, samenspel_newsletter_subscriber_themes, "
            "samenspel_newsletter_subscriber_audiences, samenspel_newsletter_subscriberevent, "
            "samenspel_newsletter_subscriber CASCADE"
        )
    started = time.monotonic()
    for start in range(0, count, 10_000):
        Subscriber.objects.bulk_create(
            Subscriber(
                email=f"lezer{number}@example.nl",
                name=f"Lezer {number}",
                status=Subscriber.Status.CONFIRMED,
                source=Subscriber.Source.IMPORT,
            )
            for number in range(start, min(count, start + 10_000))
        )
    print(f"{count:,} subscribers created in {time.monotonic() - started:.1f} s")
    root = Site.objects.get(is_default_site=True).root_page
    index = NewsletterIndexPage.objects.first()
    if index is None:
        index = NewsletterIndexPage(title="Nieuwsbrief", slug="nieuwsbrief")
        root.add_child(instance=index)
        index.save_revision().publish()
    issue = NewsletterIssuePage(
        title=f"Benchmark {time.strftime('%Y-%m-%d %H:%M:%S')}",
        slug=f"benchmark-{secrets.token_hex(4)}",
        body=[
            {"type": "intro", "value": "Het nieuws uit het netwerk. " * 5},
            {"type": "text", "value": "<p>" + "Een alinea met wat tekst. " * 40 + "</p>"},
            {"type": "upcoming", "value": {"title": "Komende bijeenkomsten", "count": 4}},
        ],
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    return NewsletterIssuePage.objects.get(pk=issue.pk)


def peak_memory_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main():
    args = parse_args()
    database_url = bench_database_url()
    var_dir = Path(tempfile.mkdtemp(prefix="samenspel-bench-newsletter-"))
    env = environment(database_url, var_dir, args)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count

    from newsletter import sending
    from newsletter.models import Delivery, IssueSend

    issue = prepare(args.subscribers)
    started = time.monotonic()
    send, _created = sending.schedule_send(issue)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=env,
        )
        for _number in range(args.workers)
    ]
    peaks = [0.0] * len(workers)
    try:
        while time.monotonic() - started < DEADLINE_SECONDS:
            for index, worker in enumerate(workers):
                peaks[index] = max(peaks[index], peak_memory_mb(worker.pid) or 0)
                if worker.poll() is not None:
                    sys.exit(f"worker {index} exited with {worker.returncode}")
            if IssueSend.objects.filter(pk=send.pk, status=IssueSend.Status.DONE).exists():
                break
            time.sleep(0.5)
        else:
            sys.exit("The send did not finish within the deadline.")
        wall = time.monotonic() - started
        for index, worker in enumerate(workers):
            peaks[index] = max(peaks[index], peak_memory_mb(worker.pid) or 0)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
    counts = dict(
        Delivery.objects.filter(send=send)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    sent = counts.get("sent", 0)
    print(f"recipients:            {args.subscribers:,}")
    print(f"handed over:           {sent:,} sent, other states: {counts}")
    print(f"wall time:             {wall:.1f} s (from queueing to the last hand-over)")
    print(f"recipients per second: {sent / wall:,.0f}")
    for index, peak in enumerate(peaks):
        print(f"worker {index} peak memory: {peak:.0f} MB")
    if sent != args.subscribers:
        sys.exit("Not every subscriber got exactly one delivery marked sent.")


if __name__ == "__main__":
    main()
