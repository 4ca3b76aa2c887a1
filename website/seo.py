"""What search engines and link previews read: descriptions, share images, JSON-LD.

Every page gets a canonical address, a description and Open Graph / Twitter-card tags
(``templates/includes/meta.html``, filled by ``website.templatetags.seo_tags``). A page
type adds its own image through ``share_image()`` (an ``(image, alt)`` pair) and its
schema.org data through ``structured_data(request)`` (a dict, or ``None``).
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from website.mail import absolute_url

# Open Graph's recommended size; JPEG, because not every preview (Teams, WhatsApp,
# older LinkedIn) shows WebP or AVIF.
SHARE_RENDITION = "fill-1200x630|format-jpeg|jpegquality-82"
DEFAULT_SHARE_IMAGE = "img/share.jpg"
DESCRIPTION_LENGTH = 200

# Escape what could end the <script> element or start markup, as json_script does.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def site_description():
    return _(
        "Samenspel is the network in which schools, samenwerkingsverbanden, municipalities "
        "and youth care learn from each other: inspiration relays, working sessions, "
        "reports and practice examples."
    )


def description_for(page):
    """The page's search description, else its introduction, else the site's."""
    text = ""
    if page is not None:
        text = getattr(page, "search_description", "") or getattr(page, "intro", "") or ""
    text = " ".join(strip_tags(str(text)).split())
    if not text:
        return site_description()
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def absolute(url):
    return url if "://" in url else absolute_url(url)


def page_url(page, request=None):
    """The page's address on the public site (WAGTAILADMIN_BASE_URL)."""
    parts = page.get_url_parts(request)
    return absolute_url(parts[2]) if parts else ""


def share_image_for(page):
    """(absolute JPEG URL, width, height, alt) for link previews."""
    found = page.share_image() if page is not None and hasattr(page, "share_image") else None
    if found:
        image, alt = found
        rendition = image.get_rendition(SHARE_RENDITION)
        return {
            "url": absolute(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
            "alt": alt,
        }
    return {
        "url": absolute(static(DEFAULT_SHARE_IMAGE)),
        "width": 1200,
        "height": 630,
        "alt": _("The Samenspel logo: three overlapping circles for school, municipality and care"),
    }


def first_image_in(stream):
    """(image, alt) of the first image or photo in a StreamField, or ``None``."""
    for block in stream or []:
        value = block.value
        if block.block_type == "image" and value.get("image"):
            return value["image"], value.get("alt_text", "")
        if block.block_type == "gallery":
            for photo in value.get("photos", []):
                if photo.get("image"):
                    return photo["image"], photo.get("alt_text", "")
    return None


def organisation(request=None):
    """The network as a schema.org Organization (from the site settings)."""
    from wagtail.models import Site

    from website.models import SiteSettings

    name = settings.WAGTAIL_SITE_NAME
    if request is not None and Site.find_for_request(request) is not None:
        # Cached on the request (and per process, see website.memo).
        name = SiteSettings.for_request(request).organisation_name or name
    elif site := Site.objects.filter(is_default_site=True).first():
        name = SiteSettings.for_site(site).organisation_name or name
    return {
        "@type": "Organization",
        "name": name,
        "url": absolute_url("/"),
        "logo": absolute(static("img/logo.svg")),
    }


def article_data(page, request, *, section="", date=None, author=""):
    """schema.org Article for a report or an article."""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": Truncator(page.title).chars(110),
        "description": description_for(page),
        "url": page_url(page, request),
        "mainEntityOfPage": page_url(page, request),
        "inLanguage": "nl",
        "image": [share_image_for(page)["url"]],
        "publisher": organisation(request),
        "author": ({"@type": "Person", "name": author} if author else organisation(request)),
    }
    if section:
        data["articleSection"] = capfirst(str(section))
    if date:
        data["datePublished"] = date.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    return data


def json_ld(data, nonce=""):
    """A ``<script type="application/ld+json">`` that no title can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_SCRIPT_ESCAPES)
    if nonce:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, mark_safe(text)
        )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
