"""Fixtures every test area shares: a site with a home page, and an editor.

Set SAMENSPEL_TEST_CLOCK to an ISO moment (for instance "2027-03-27T23:40+01:00", the
evening before summer time starts) to run the whole suite as if it were then. The clock
keeps ticking from there. That is how tests that only pass at certain hours are found.
"""

import os

import pytest
import time_machine
from django.core.cache import cache
from wagtail.models import Page, Site

from website.models import HomePage, SiteSettings


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
    # Rate limits and similar counters live in the cache; tests start clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The site's home page, as load_demo creates it (replacing Wagtail's welcome page)."""
    # Transactional tests flush the tables, taking Wagtail's root page and default
    # Site (made by migrations) with them; rebuild what is missing.
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
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
