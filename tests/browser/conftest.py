"""The browser-testing kit: Playwright driving Debian's Chromium against the live server.

Every test in ``tests/browser`` is marked ``browser``, runs on a transactional
database that is restored from the migrated state before each test (Wagtail's
root page and default site come from migrations), and runs after the rest of
the suite, because Playwright's sync API leaves an asyncio event loop set on
the main thread once it has started.

Fixtures:

- ``browser``: one headless Chromium for the whole session.
- ``page``: a fresh Dutch context (locale nl-NL, Europe/Amsterdam) per test,
  whose ``base_url`` is the live server, so ``page.goto("/")`` works. On a
  failing test a screenshot lands in ``test-results/``.
- ``console_errors``: console errors, uncaught exceptions and Content Security
  Policy refusals the page reported, for a test to assert on.

``tests/browser/axe.py`` has ``assert_accessible(page)``.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE.parent.parent / "test-results"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _is_browser_test(item):
    return HERE in Path(item.path).resolve().parents


def pytest_collection_modifyitems(config, items):
    """Mark browser tests, give them a restorable database and run them last."""
    browser_items = []
    other_items = []
    for item in items:
        if not _is_browser_test(item):
            other_items.append(item)
            continue
        item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("django_db") is None:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
        browser_items.append(item)
    items[:] = other_items + browser_items


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture can see a failure.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def chromium_path():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _start_playwright():
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its asyncio loop set as this thread's running
    # loop, and from then on Django's connection handler looks connections up in
    # context-local instead of thread-local storage: a second set of connection
    # objects that lacks the test database's state (such as the serialized
    # contents that serialized_rollback restores). Keep using the same objects.
    current = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in current.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        reason = (
            "Chromium not found at /usr/bin/chromium or $CHROMIUM_PATH; "
            "install Debian's chromium package (apt-get install chromium)."
        )
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)

    # Playwright's sync API runs an asyncio event loop in this thread; Django would
    # otherwise refuse database access from the test body. Set only while the
    # browser runs (browser tests run last), so that subprocesses other tests
    # start (manage.py check --deploy) do not inherit it.
    allow_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright = _start_playwright()
    try:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()
    if allow_async_unsafe is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def console_errors():
    """What the page reported as broken: console errors, page errors, CSP refusals."""
    return []


def _record_console_error(message, errors):
    if message.type != "error":
        return
    url = message.location.get("url", "")
    # Chromium asks every site for /favicon.ico; the site does not have to have one.
    if url.endswith("/favicon.ico"):
        return
    errors.append(f"{message.text} ({url})" if url else message.text)


@pytest.fixture
def page(request, browser, live_server, console_errors):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", lambda message: _record_console_error(message, console_errors))
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
        except Exception as error:  # noqa: BLE001  (a screenshot must not hide the failure)
            print(f"Could not save a screenshot: {error}")
    context.close()
