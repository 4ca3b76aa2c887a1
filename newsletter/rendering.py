"""An issue as it arrives: responsive HTML with inlined CSS, a plain-text part, headers.

An issue is rendered once per batch with placeholders where each recipient's own
details go (name, preference and unsubscribe links); :func:`personalise` fills them in
for one recipient at the moment it is sent. So a send of 100,000 stores no rendered
copy and renders the blocks (images, chosen pages, the frozen upcoming meetings) once.
"""

import re
from dataclasses import dataclass
from html import escape

import css_inline
from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

from website.mail import absolute_url

NAME = "%%SAMENSPEL_NAME%%"
PREFERENCES_URL = "%%SAMENSPEL_PREFERENCES_URL%%"
UNSUBSCRIBE_URL = "%%SAMENSPEL_UNSUBSCRIBE_URL%%"
PLACEHOLDERS = (NAME, PREFERENCES_URL, UNSUBSCRIBE_URL)

_inliner = css_inline.CSSInliner(keep_style_tags=True)  # @media rules stay for phones


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    text: str
    html: str

    def personalise(self, name, preferences_url, unsubscribe_url):
        """(text, html) for one recipient."""
        values = {NAME: name, PREFERENCES_URL: preferences_url, UNSUBSCRIBE_URL: unsubscribe_url}
        text, html = self.text, self.html
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
            html = html.replace(placeholder, escape(value))
        return text, html

    def with_merge_fields(self, field_format):
        """(text, html) with the ESP's own merge fields, for batch sending (merge_data)."""
        fields = {NAME: "name", PREFERENCES_URL: "preferences_url", UNSUBSCRIBE_URL: "unsubscribe"}
        text, html = self.text, self.html
        for placeholder, field in fields.items():
            text = text.replace(placeholder, field_format.format(field))
            html = html.replace(placeholder, field_format.format(field))
        return text, html


def upcoming_events(issue, count, now=None):
    """The next ``count`` public meetings matching the issue's themes (all when it has none)."""
    from events.models import EventPage

    events = EventPage.objects.live().public().upcoming(now)
    theme_ids = [theme.pk for theme in issue.themes.all()]  # also on an unsaved preview
    if theme_ids:
        events = events.filter(themes__in=theme_ids).distinct()
    return list(events.for_listing()[:count])


def frozen_or_current_upcoming(issue, count):
    """What the "upcoming meetings" block shows: frozen once the send started."""
    from events.models import EventPage
    from newsletter.models import IssueSend

    send = IssueSend.objects.filter(issue=issue).exclude(started_at=None).first()
    if send is None:
        return upcoming_events(issue, count)
    by_id = EventPage.objects.live().for_listing().in_bulk(send.upcoming_event_ids)
    return [by_id[pk] for pk in send.upcoming_event_ids if pk in by_id][:count]


def _absolute(url):
    if not url:
        return ""
    return url if re.match(r"^[a-z][a-z0-9+.-]*:", url) else absolute_url(url)


def _page_url(page):
    parts = page.get_url_parts() if page.pk else None
    return absolute_url(parts[2]) if parts else ""


def issue_context(issue):
    from website.models import SiteSettings

    site = issue.get_site() if issue.pk else None
    site_settings = SiteSettings.for_site(site) if site else None
    blocks = []
    for block in issue.body:
        item = {"type": block.block_type, "value": block.value}
        if block.block_type in ("articles", "reports", "events"):
            pages = [page.specific for page in block.value["pages"] if page and page.live]
            item["pages"] = [{"page": page, "url": _page_url(page)} for page in pages]
        elif block.block_type == "upcoming":
            item["pages"] = [
                {"page": event, "url": _page_url(event)}
                for event in frozen_or_current_upcoming(issue, block.value["count"])
            ]
        elif block.block_type == "call_to_action":
            target = block.value.get("page")
            item["url"] = _page_url(target.specific) if target else block.value.get("url", "")
        elif block.block_type == "text":
            item["html"] = _absolute_links(str(block.value))
            item["plain"] = _plain(str(block.value))
        elif block.block_type == "image":
            rendition = block.value["image"].get_rendition("width-1200|format-jpeg|jpegquality-80")
            item["src"] = _absolute(rendition.url)
            item["width"] = min(rendition.width, 600)
        blocks.append(item)
    return {
        "issue": issue,
        "blocks": blocks,
        "site_name": site_settings.organisation_name if site_settings else "Samenspel",
        "contact_email": site_settings.contact_email if site_settings else "",
        "address": site_settings.address if site_settings else "",
        "web_url": _page_url(issue),
        "archive_url": _page_url(issue.get_parent()) if issue.pk else "",
        "name": NAME,
        "preferences_url": PREFERENCES_URL,
        "unsubscribe_url": UNSUBSCRIBE_URL,
        "now": timezone.now(),
    }


def _absolute_links(html):
    return re.sub(r'href="(/[^"]*)"', lambda m: f'href="{absolute_url(m.group(1))}"', html)


def _plain(html):
    html = re.sub(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", _absolute_links(html))
    html = re.sub(r"</(p|h2|h3|li)>", "\n\n", html)
    text = strip_tags(html)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render_issue(issue):
    """The issue as mail, with placeholders for each recipient's details."""
    context = issue_context(issue)
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("emails/newsletter_issue_subject.txt", context).split())
        text = render_to_string("emails/newsletter_issue.txt", context)
        html = render_to_string("emails/newsletter_issue.html", context)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return RenderedIssue(subject=subject, text=text, html=_inliner.inline(html))


def preview_response(issue, request, mode_name):
    """Wagtail's preview panel: the mail as it will arrive, for an example recipient."""
    rendered = render_issue(issue)
    example = translation.gettext("Example Reader")
    text, html = rendered.personalise(example, "#voorkeuren", "#afmelden")
    if mode_name == "mail_text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    return HttpResponse(html)
