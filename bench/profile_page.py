"""Profile one uncached request in-process: where the time of a page goes.

Usage (a database bench/compare.py seeded, e.g. the one with 1,000 events)::

    DATABASE_URL=postgres://samenspel:samenspel@127.0.0.1:5432/samenspel_bench_compare_1000 \\
        uv run python bench/profile_page.py [/agenda/] [--sort tottime] [--lines 25] \\
        [--match 'samenspel|events/']

Production settings with the page cache off (bench/compare_settings.py, ``BENCH_CACHE=off``).
The page is requested twice first (imports, template loading, warm connections), then
once under cProfile; prints the wall time, the queries and their time, and the top
functions. Not part of the test suite.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    with tempfile.TemporaryDirectory(prefix="samenspel-profile-") as var_dir:
        profile(var_dir)


def profile(var_dir):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default="/agenda/")
    parser.add_argument("--sort", default="cumulative", help="pstats order (default cumulative)")
    parser.add_argument("--lines", type=int, default=30)
    parser.add_argument("--match", help="only functions whose file and name match this regex")
    parser.add_argument("--queries", action="store_true", help="print the queries, slowest first")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="forget the content version before each request, as after a publish",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="profile this many requests (default 1)"
    )
    parser.add_argument(
        "--time",
        type=int,
        default=0,
        metavar="N",
        help="also time N requests without the profiler and print the mean",
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the benchmark's PostgreSQL database.")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.compare_settings",
        BENCH_CACHE="off",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SAMENSPEL_VAR_DIR=var_dir,
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from website import pagecache

    def cold():
        if args.cold:
            pagecache.forget_version()  # what a publish does in this process

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(2):
        assert client.get(args.path).status_code == 200
    if args.time:
        started = time.perf_counter()
        for _ in range(args.time):
            cold()
            client.get(args.path)
        mean = (time.perf_counter() - started) / args.time
        print(f"{args.path}: {mean * 1000:.2f} ms a request without the profiler ({args.time})")
    profiler = cProfile.Profile()
    for _ in range(args.repeat - 1):
        cold()
        profiler.enable()
        client.get(args.path)
        profiler.disable()
    cold()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        profiler.enable()
        response = client.get(args.path)
        profiler.disable()
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    query_time = sum(float(query["time"]) for query in queries.captured_queries)
    print(
        f"{args.path}: {elapsed * 1000:.0f} ms under the profiler, {len(queries)} queries "
        f"({query_time * 1000:.0f} ms in the database), {len(response.content) / 1024:.0f} kB"
    )
    if args.queries:
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
            print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:150]}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(
        *([args.match] if args.match else []), args.lines
    )
    print(out.getvalue())


if __name__ == "__main__":
    main()
