"""``local.py`` for the reference project that bench/compare.py makes with ``wagtail start``.

Copied into ``<project>/settings/`` of the generated project, where the project's own
``production.py`` imports it (``from .local import *``). It only makes the production
settings start on 127.0.0.1: a key, the host names, no debug. Everything else (apps,
middleware, SQLite, templates) is what ``wagtail start`` wrote.
"""

import os

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DEBUG = False
