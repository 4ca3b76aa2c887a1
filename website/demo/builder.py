"""Build the demo site: taxonomy, images, documents, the page tree and the site settings.

Idempotent: everything is looked up by slug, title or name first and only created when
missing, so a second run adds nothing and never overwrites what an editor changed.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from website.management.commands.import_taxonomy import import_csv
from website.models import (
    ArticleIndexPage,
    ArticlePage,
    Audience,
    FormField,
    FormPage,
    HomePage,
    Organisation,
    Region,
    SiteSettings,
    StandardPage,
    Theme,
)

from . import content
from .documents import get_or_create_document
from .images import get_or_create_image

DATA_DIR = Path(__file__).resolve().parent / "data"
# Regions before organisations: an organisation names its region.
TAXONOMY_FILES = (
    ("themes.csv", "themes"),
    ("audiences.csv", "audiences"),
    ("regions.csv", "regions"),
    ("organisations.csv", "organisations"),
)
COLLECTION_NAME = "Demo"
SITE_NAME = "Samenspel"
HOME_SLUG = "samenspel-home"
PAGE_MODELS = {"index": ArticleIndexPage, "standard": StandardPage, "form": FormPage}


class DemoDataError(Exception):
    """The demo data itself is inconsistent (a bug in website/demo, not user input)."""


@dataclass
class Summary:
    created: Counter = field(default_factory=Counter)  # what this run added
    taxonomy_errors: list = field(default_factory=list)

    def totals(self, home):
        return {
            "pages": home.get_descendants(inclusive=True).count() if home else 0,
            "images": get_image_model().objects.count(),
            "documents": get_document_model().objects.count(),
            "themes": Theme.objects.count(),
            "audiences": Audience.objects.count(),
            "regions": Region.objects.count(),
            "organisations": Organisation.objects.count(),
        }


def period_text(days):
    """A retention period in plain Dutch: "een jaar", "2 jaar", "6 maanden", "7 dagen"."""
    if days and days % 365 == 0:
        return "een jaar" if days == 365 else f"{days // 365} jaar"
    if days >= 60 and days % 30 == 0:
        return f"{days // 30} maanden"
    return "een dag" if days == 1 else f"{days} dagen"


class Refs:
    """What page bodies may point at: pages by slug, images and documents by key."""

    def __init__(self, site_settings):
        self.pages = {}
        self.images = {}
        self.documents = {}
        self.contact_email = site_settings.contact_email
        self.privacy_version = site_settings.privacy_statement_version
        self.today_text = date_format(timezone.localdate(), "j F Y")
        # The registrations app's retention settings (and its defaults), so the privacy
        # statement says what the software does.
        self.registration_retention = period_text(
            getattr(settings, "REGISTRATION_RETENTION_DAYS", 365)
        )
        self.sensitive_retention = period_text(
            getattr(settings, "REGISTRATION_SENSITIVE_RETENTION_DAYS", 7)
        )

    def page(self, key):
        return self.pages[key]

    def image(self, key):
        return self.images[key]

    def document(self, key):
        return self.documents[key]

    def link(self, key, text):
        return f'<a linktype="page" id="{self.pages[key].pk}">{escape(text)}</a>'


def publish(page, date=None):
    """Save the page's current state as a revision and publish it (publishing saves it)."""
    if date is not None and page.first_published_at is None:
        page.first_published_at = timezone.make_aware(
            datetime.datetime.combine(date, datetime.time(10, 0))
        )
    page.save_revision(log_action=False).publish(log_action=False)


def load_taxonomy(summary):
    for filename, kind in TAXONOMY_FILES:
        result = import_csv(DATA_DIR / filename, kind)
        summary.created[kind] += result.created
        summary.taxonomy_errors += [
            f"{filename}:{line}: {message}" for line, message in result.errors
        ]
    if summary.taxonomy_errors:
        raise DemoDataError("\n".join(summary.taxonomy_errors))


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


WAGTAIL_DEFAULT_HOST = ("localhost", 80)


def public_host():
    """(hostname, port) of WAGTAILADMIN_BASE_URL, the site's public address."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if address.scheme == "https" else 80
    return address.hostname or "localhost", address.port or default_port


def ensure_home(summary):
    """The HomePage as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        slug = HOME_SLUG
        if root.get_children().filter(slug=slug).exists():
            slug = f"{HOME_SLUG}-2"
        home = root.add_child(
            instance=HomePage(title=SITE_NAME, slug=slug, intro=content.HOME_INTRO)
        )
        summary.created["pages"] += 1

    hostname, port = public_host()
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    if site is None:
        site = Site.objects.create(
            hostname=hostname,
            port=port,
            site_name=SITE_NAME,
            root_page=home,
            is_default_site=True,
        )
        return site, home

    old_root = site.root_page
    site.root_page = home
    if (site.hostname, site.port) == WAGTAIL_DEFAULT_HOST:
        # The record Wagtail's migrations make; the admin's "view live" and the Sites
        # listing then show the address the site really has (http://127.0.0.1:8000
        # after `make run`). A record someone set by hand is left alone.
        site.hostname, site.port = hostname, port
    site.site_name = site.site_name or SITE_NAME
    site.is_default_site = True
    site.save()
    if old_root.pk != home.pk:
        remove_welcome_page(old_root)
    return site, home


def remove_welcome_page(page):
    """Delete Wagtail's "Welcome to your new Wagtail site!" page, and nothing else."""
    page = Page.objects.get(pk=page.pk)
    is_plain_page = page.specific_class is Page
    if (
        is_plain_page
        and page.depth == 2
        and not page.get_children().exists()
        and not Site.objects.filter(root_page=page).exists()
    ):
        page.delete()


def build_pages(home, refs, summary):
    """Create the pages under home that are missing, then give the new ones their content."""
    new_pages = []
    for spec in content.PAGES:
        page = home.get_children().filter(slug=spec.key).first()
        if page is not None:
            refs.pages[spec.key] = page.specific
            continue
        model = PAGE_MODELS[spec.kind]
        page = model(title=spec.title, slug=spec.key, show_in_menus=spec.show_in_menus)
        if spec.kind != "form":
            page.intro = spec.intro
        home.add_child(instance=page)
        refs.pages[spec.key] = page
        new_pages.append((spec, page))
        summary.created["pages"] += 1

    # Bodies may link to any page, so they are filled in once every page exists.
    for spec, page in new_pages:
        if spec.body:
            page.body = spec.body(refs)
        if spec.kind == "form":
            fill_form_page(page, spec, refs)
        publish(page)


def fill_form_page(page, spec, refs):
    form = spec.form
    page.intro = form["intro"]
    page.privacy_notice = spec.privacy_notice(refs)
    page.thank_you_text = form["thank_you_text"]
    page.subject = form["subject"]
    page.to_address = settings.EDITORS_EMAIL
    if spec.draft_parent:
        page.draft_parent = refs.page(spec.draft_parent)
    page.form_fields = [
        FormField(
            sort_order=order, label=label, field_type=field_type, required=required, help_text=help
        )
        for order, (label, field_type, required, help) in enumerate(form["fields"])
    ]


def named(model, names):
    rows = list(model.objects.filter(name__in=names))
    missing = set(names) - {row.name for row in rows}
    if missing:
        raise DemoDataError(f"{model.__name__} missing from the demo CSV: {sorted(missing)}")
    return rows


def build_articles(index, refs, summary):
    existing = set(ArticlePage.objects.child_of(index).values_list("slug", flat=True))
    for spec in content.ARTICLES:
        if spec.slug in existing:
            continue
        page = ArticlePage(
            title=spec.title,
            slug=spec.slug,
            kind=spec.kind,
            date=spec.date,
            author=spec.author,
            intro=spec.intro,
            image=refs.image(spec.image),
            image_alt=content.IMAGES[spec.image].alt_text,
            body=spec.body(refs),
        )
        page.themes.set(named(Theme, spec.themes))
        page.regions.set(named(Region, spec.regions))
        index.add_child(instance=page)
        publish(page, date=spec.date)
        summary.created["pages"] += 1


def fill_home(home, refs):
    """Give the home page its intro and body, unless an editor already wrote them."""
    if home.body and home.intro:
        return
    home.intro = home.intro or content.HOME_INTRO
    if not home.body:
        home.body = content.home_body(refs)
    publish(home)


def update_site_settings(site, refs):
    site_settings = SiteSettings.for_site(site)
    site_settings.organisation_name = site_settings.organisation_name or SITE_NAME
    site_settings.privacy_page = site_settings.privacy_page or refs.page("privacy")
    site_settings.accessibility_page = site_settings.accessibility_page or refs.page(
        "toegankelijkheid"
    )
    site_settings.save()


@transaction.atomic
def build():
    """Build (or complete) the demo site. Returns (summary, home page)."""
    summary = Summary()
    load_taxonomy(summary)
    site, home = ensure_home(summary)
    refs = Refs(SiteSettings.for_site(site))

    collection = demo_collection()
    for key, recipe in content.IMAGES.items():
        refs.images[key], created = get_or_create_image(recipe, collection)
        summary.created["images"] += created
    for key, spec in content.DOCUMENTS.items():
        refs.documents[key], created = get_or_create_document(
            spec.title, spec.filename, spec.render(), collection
        )
        summary.created["documents"] += created

    build_pages(home, refs, summary)
    build_articles(refs.page("actueel"), refs, summary)
    fill_home(home, refs)
    update_site_settings(site, refs)
    return summary, home


# The menu order the brief asks for; pages other apps add keep their place after these.
MENU_ORDER = ("agenda", "actueel", "over-ons", "stel-uw-vraag")


def order_menu(home):
    """Put the main menu pages that exist in MENU_ORDER, at the front; move only if needed."""
    children = {page.slug: page for page in home.get_children()}
    wanted = [children[slug] for slug in MENU_ORDER if slug in children]
    current = [page.slug for page in home.get_children()][: len(wanted)]
    if current == [page.slug for page in wanted]:
        return False
    previous = None
    for page in wanted:
        page = Page.objects.get(pk=page.pk)  # fresh tree position after earlier moves
        if previous is None:
            page.move(Page.objects.get(pk=home.pk), pos="first-child")
        else:
            page.move(Page.objects.get(pk=previous.pk), pos="right")
        previous = page
    return True
