"""Settings for bench/compare.py: production, with the page cache chosen by BENCH_CACHE.

``BENCH_CACHE`` is ``ours`` (website.pagecache, as in production), ``django`` (ours taken
out of the middleware, so it neither serves nor marks answers private; Django's per-site
cache on: ``UpdateCacheMiddleware`` first and ``FetchFromCacheMiddleware``
last, in local memory per process, like ours) or ``off`` (no page cache: every page is
rendered). ``BENCH_WHITENOISE_ROOT`` is a folder whitenoise serves at the site's root
(the static copy of the feed). Only for the benchmark.
"""

import os

from website.settings.production import *  # noqa: F403
from website.settings.production import CACHES, MIDDLEWARE, PAGE_CACHE_SECONDS

BENCH_CACHE = os.environ.get("BENCH_CACHE", "ours")
if BENCH_CACHE not in ("ours", "django", "off"):
    raise ValueError("BENCH_CACHE must be ours, django or off")

PAGE_CACHE_ENABLED = BENCH_CACHE == "ours"
if BENCH_CACHE == "django":
    CACHES = {
        **CACHES,
        "site": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bench-site",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
    CACHE_MIDDLEWARE_ALIAS = "site"
    CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
    CACHE_MIDDLEWARE_KEY_PREFIX = "bench"
    MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *(name for name in MIDDLEWARE if name != "website.pagecache.AnonymousPageCacheMiddleware"),
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]

if os.environ.get("BENCH_WHITENOISE_ROOT"):
    WHITENOISE_ROOT = os.environ["BENCH_WHITENOISE_ROOT"]
