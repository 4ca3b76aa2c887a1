"""What a registration does while it holds its session's row lock, measured in-process.

Usage (a migrated PostgreSQL database, e.g. the one bench/registrations.py made)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel_bench_registrations \\
        uv run python bench/registration_lock.py [--registrations 60] [--places 20]

Builds an event as bench/registrations.py does, then posts ``--registrations`` registrations
one at a time through Django's test client with the production settings. For each it
records, from the session's ``SELECT … FOR UPDATE`` to the commit: the wall time, the CPU
time of the thread (less sensitive to a busy machine than wall time) and the number of
statements; and the queries of the whole POST. Prints the medians for the registrations
that got a place and for those that went on the waitlist.
"""

import argparse
import importlib.util
import os
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=60)
    parser.add_argument("--places", type=int, default=20)
    args = parser.parse_args()
    if not 1 <= args.registrations <= 1000 or not 0 <= args.places <= args.registrations:
        parser.error("1 to 1000 registrations, and no more places than registrations")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a migrated PostgreSQL database.")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("SAMENSPEL_VAR_DIR", tempfile.mkdtemp(prefix="samenspel-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="website.settings.production",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        FORM_RATE_LIMIT="1000000",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", interactive=False, verbosity=0)
    spec = importlib.util.spec_from_file_location(
        "bench_registrations", ROOT / "bench/registrations.py"
    )
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    event_id = bench.build_event(args.places)

    current = {}

    def watch(execute, sql, params, many, context):
        if "start" in current and "wall" not in current:
            current["statements"] += 1
        if "FOR UPDATE" in sql and "events_eventsession" in sql:
            current.update(start=time.perf_counter(), cpu=time.thread_time(), statements=0)

            def committed():
                current["wall"] = time.perf_counter() - current["start"]
                current["cpu"] = time.thread_time() - current["cpu"]

            transaction.on_commit(committed)
        return execute(sql, params, many, context)

    client = Client(HTTP_HOST="127.0.0.1")
    url = f"/aanmelden/{event_id}/"
    session = re.search(r'name="session" value="(\d+)"', client.get(url).content.decode())
    rows = {"place": [], "waitlist": []}
    with connection.execute_wrapper(watch):
        for number in range(args.registrations):
            current.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.post(
                    url,
                    {
                        "name": f"Deelnemer {number}",
                        "email": f"lock-{number}-{secrets.token_hex(3)}@example.nl",
                        "organisation": "Samenwerkingsverband",
                        "consent": "on",
                        "session": session.group(1),
                    },
                    HTTP_ORIGIN="http://127.0.0.1",
                )
            assert response.status_code == 302, response.status_code
            kind = "place" if number < args.places else "waitlist"
            rows[kind].append(
                (current["wall"], current["cpu"], current["statements"], len(queries))
            )
    for kind, measured in rows.items():
        if not measured:
            continue
        wall, cpu, statements, queries = (
            statistics.median(column) for column in zip(*measured, strict=True)
        )
        print(
            f"{kind:9s} lock held {wall * 1000:6.1f} ms (CPU {cpu * 1000:5.1f} ms), "
            f"{statements:.0f} statements + COMMIT; {queries:.0f} queries per POST"
        )


if __name__ == "__main__":
    main()
