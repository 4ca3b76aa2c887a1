"""Fixtures every test area shares: a site with a home page, and an editor.

Set SAMENSPEL_TEST_CLOCK to an ISO moment (for instance "2027-03-27T23:40+01:00", the
evening before summer time starts) to run the whole suite as if it were then. The clock
keeps ticking from there. That is how tests that only pass at certain hours are found.
"""

import json
import os

import pytest
import time_machine
from django.core.cache import cache
from wagtail.models import Page, Site

from website.models import HomePage, SiteSettings

# A real SMTP server and the real worker process, for the tests that need them.
pytest_plugins = ["tests.support.smtp", "tests.support.worker"]


def pytest_configure(config):
    moment = os.environ.get("SAMENSPEL_TEST_CLOCK")
    if moment:
        config._samenspel_clock = time_machine.travel(moment, tick=True)
        config._samenspel_clock.start()


def pytest_report_header(config):
    if moment := os.environ.get("SAMENSPEL_TEST_CLOCK"):
        return f"clock: SAMENSPEL_TEST_CLOCK={moment}"
    return None


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and similar counters live in the cache; tests start clean, and so
    # does the page cache with the content version each process remembers.
    from django.core.cache import caches

    from events import feed_memo
    from website import pagecache

    cache.clear()
    caches["pages"].clear()
    pagecache.forget_version()
    feed_memo.forget()
    yield
    cache.clear()
    caches["pages"].clear()
    pagecache.forget_version()
    feed_memo.forget()


@pytest.fixture
def home(db):
    """The site's home page, as load_demo creates it (replacing Wagtail's welcome page)."""
    # Transactional tests flush the tables, taking Wagtail's root page and default
    # Site (made by migrations) with them; rebuild what is missing.
    root = Page.get_first_root_node() or Page.add_root(title="Hoofdniveau", slug="root")
    home = root.add_child(instance=HomePage(title="Samenspel", slug="samenspel-home"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    old_root = site.root_page
    site.root_page = home
    site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    SiteSettings.for_site(site)
    return home


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_user(
        email="redacteur@example.nl", password="geheim-wachtwoord", is_staff=True
    )


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        email="beheer@example.nl", password="geheim-wachtwoord"
    )


# -- tests that restore the migrated database (serialized_rollback) -----------------------


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Prepare the tables for serialized_rollback's reload of the migrated state.

    Django reloads that state by saving every row again, which goes wrong when
    the tables are not empty (a transactional test elsewhere flushed them and let
    post_migrate re-create content types under new ids) or when a model looks up
    its content type while it is being loaded (Wagtail's ``Task.__init__``) and
    creates one. So: empty the tables, and load the content types first.
    """
    marker = item.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        return
    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    connection = connections["default"]
    # Only the test database: it carries the state serialized when it was created.
    if not hasattr(connection, "_test_serialized_contents"):
        return
    with item.config.stash[blocking_manager_key].unblock():
        # Empty already after another such test (its flush skips post_migrate).
        if ContentType.objects.using("default").exists():
            call_command(
                "flush",
                verbosity=0,
                interactive=False,
                database="default",
                reset_sequences=False,
                inhibit_post_migrate=True,
            )
        for row in serializers.deserialize(
            "json", _serialized_content_types(connection), using="default"
        ):
            row.save()
        ContentType.objects.clear_cache()


_content_types_cache = {}


def _serialized_content_types(connection):
    contents = connection._test_serialized_contents
    if id(contents) not in _content_types_cache:
        rows = [row for row in json.loads(contents) if row["model"] == "contenttypes.contenttype"]
        _content_types_cache[id(contents)] = json.dumps(rows)
    return _content_types_cache[id(contents)]


@pytest.fixture(autouse=True)
def _reloaded_database_is_consistent(request):
    """After serialized_rollback reloaded the migrated rows, make the rest agree.

    The reload saves rows with their original ids, so content type ids cached in
    memory may be stale, and on PostgreSQL a sequence another test reset may lag
    behind the reloaded ids.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("serialized_rollback")):
        return
    request.getfixturevalue("transactional_db")  # the reload happens there
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection

    ContentType.objects.clear_cache()
    statements = connection.ops.sequence_reset_sql(
        no_style(), apps.get_models(include_auto_created=True)
    )
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture
def content_memo(settings, django_capture_on_commit_callbacks):
    """The per-process memo as in production (website.memo); call the result after a change.

    Tests change content inside a transaction that never commits, so the content version
    is raised by hand, as a publish does once it commits. The version is trusted for an
    hour here, so a slow test never reads it again in the middle of a count.
    """
    from website import pagecache

    settings.CONTENT_MEMO_ENABLED = True
    settings.PAGE_CACHE_VERSION_SECONDS = 3600

    def changed():
        with django_capture_on_commit_callbacks(execute=True):
            pagecache.content_changed()

    changed()
    return changed
