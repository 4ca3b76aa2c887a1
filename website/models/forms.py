"""Form pages ("Stel uw vraag", "Praktijkvoorbeeld insturen") built in the admin."""

import contextvars

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from website import spam

# The request a form page is answering, for process_form_submission (Wagtail passes
# it only the form); per thread and per task.
_posting = contextvars.ContextVar("samenspel_form_posting", default=None)


class _RateLimited(Exception):
    """This address has used up its submissions; the page answers with spam.refuse."""


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


# The slug of a submitted practice example whose title has no letters or digits.
FALLBACK_DRAFT_SLUG = "ingestuurd-praktijkvoorbeeld"


# Submissions hold names and e-mail addresses. Wagtail shows them to everyone who may
# edit the form page, which includes "Auteurs"; wagtail_hooks.py narrows that to this group.
SUBMISSION_READERS = "Redactie"


def can_read_form_submissions(user):
    """Only Redactie members and site admins read and export form submissions."""
    if not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=SUBMISSION_READERS).exists()


class RedactieFormSubmissionsPanel(FormSubmissionsPanel):
    """The submission count and link on the edit screen, for those who may read them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return can_read_form_submissions(self.request.user) and super().is_shown()


def default_to_address():
    return settings.EDITORS_EMAIL


class FormPage(AbstractEmailForm):
    template = "pages/form_page.html"
    landing_page_template = "pages/form_page_landing.html"
    subpage_types = []

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    privacy_notice = RichTextField(
        _("privacy notice"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Why we ask for these details and how long we keep them."),
    )
    thank_you_text = RichTextField(_("thank-you text"), blank=True)
    draft_parent = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("create a draft practice example under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. Each submission becomes an unpublished practice example here, "
            "for the editors to review. Nothing is published automatically."
        ),
    )

    content_panels = [
        *AbstractEmailForm.content_panels,
        RedactieFormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("privacy_notice"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail to the editors"),
        ),
        FieldPanel("draft_parent"),
    ]

    class Meta:
        verbose_name = _("form page")

    def save(self, *args, **kwargs):
        if not self.to_address:
            self.to_address = default_to_address()
        super().save(*args, **kwargs)

    def get_submissions_list_view_class(self):
        # Imported when needed, as Wagtail does: the view module pulls in the admin.
        from website.exports import FormSubmissionsListView

        return FormSubmissionsListView

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            if spam.honeypot_filled(request):
                return spam.refuse(request, "honeypot")
            # Wagtail hands process_form_submission the valid form, not the request.
            token = _posting.set(request)
            try:
                return super().serve(request, *args, **kwargs)
            except _RateLimited:
                return spam.refuse(request, "rate_limit")
            finally:
                _posting.reset(token)
        return super().serve(request, *args, **kwargs)

    @property
    def rate_limit_scope(self):
        return f"form:{self.pk}"

    def process_form_submission(self, form):
        """Store first; mail and drafts follow only once the row is committed."""
        request = _posting.get()
        # Counted once the form is valid, deciding and counting in one step (website.spam).
        if request is not None and spam.take_submissions(request, self.rate_limit_scope) is None:
            raise _RateLimited
        with transaction.atomic():
            submission = self.get_submission_class().objects.create(
                form_data=form.cleaned_data, page=self
            )
            if self.draft_parent_id:
                self.create_draft_practice_example(form)
            self.queue_mail_to_editors(submission)
        return submission

    def queue_mail_to_editors(self, submission):
        from website.mail import queue_mail

        data = submission.get_data()
        lines = []
        for field in self.get_form_fields():
            value = data.get(field.clean_name, "")
            if isinstance(value, list):
                value = ", ".join(value)
            lines.append(f"{field.label}: {value}")
        lines += ["", _("Submitted on: %(date)s") % {"date": submission.submit_time}]
        lines += [_("All submissions: %(url)s") % {"url": self.submissions_admin_url}]
        subject = self.subject or _("New submission: %(title)s") % {"title": self.title}
        for address in (a.strip() for a in self.to_address.split(",") if a.strip()):
            queue_mail(
                to=address,
                subject=str(subject),
                text="\n".join(str(line) for line in lines) + "\n",
                key=f"form-submission:{submission.pk}:{address}",
                purpose="form.submission",
            )

    @property
    def submissions_admin_url(self):
        path = reverse("wagtailforms:list_submissions", args=[self.pk])
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path

    def create_draft_practice_example(self, form):
        from .pages import ArticlePage

        parent = self.draft_parent.specific
        data = form.cleaned_data
        title = str(data.get("titel") or data.get("title") or "").strip()
        if not title:
            title = _("Submitted practice example")
        rows = format_html_join(
            "",
            "<p><b>{}</b><br>{}</p>",
            (
                (field.label, ", ".join(value) if isinstance(value, list) else value)
                for field, value in (
                    (field, data.get(field.clean_name, "")) for field in self.get_form_fields()
                )
            ),
        )
        title = title[:255]
        draft = ArticlePage(
            title=title,
            slug=self.draft_slug(parent, title),
            kind=ArticlePage.Kind.PRAKTIJKVOORBEELD,
            intro=str(_("Submitted through the website; to be reviewed by the editors.")),
            body=[("paragraph", mark_safe(rows))],  # noqa: S308  (values escaped above)
            live=False,
        )
        parent.add_child(instance=draft)
        draft.save_revision(log_action=True)
        return draft

    @staticmethod
    def draft_slug(parent, title):
        """A slug free under ``parent``; a fixed word when the title gives none ("???")."""
        unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        base = slugify(title, allow_unicode=unicode)[:200] or FALLBACK_DRAFT_SLUG
        taken = set(
            parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug
