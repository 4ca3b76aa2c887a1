"""Form pages ("Stel uw vraag", "Praktijkvoorbeeld insturen") built in the admin."""

import contextvars
import itertools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import FormBuilder
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from website import spam

# A field for the sender's name: on a form that makes draft practice examples, the name
# goes into the draft only when the sender ticks the consent box (see FormPage).
NAME_FIELD = "name"
# The consent box added to such forms; its answer is stored with the submission.
NAME_CONSENT_FIELD = "naam_online"

# The request a form page is answering, for process_form_submission (Wagtail passes
# it only the form); per thread and per task.
_posting = contextvars.ContextVar("samenspel_form_posting", default=None)


class _RateLimited(Exception):
    """This address has used up its submissions; the page answers with spam.refuse."""


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"),
        max_length=16,
        choices=[
            *FORM_FIELD_CHOICES[:1],
            (NAME_FIELD, _("Name (online only with consent)")),
            *FORM_FIELD_CHOICES[1:],
        ],
    )
    field_type.required_on_save = True


class SamenspelFormBuilder(FormBuilder):
    def create_name_field(self, field, options):
        return self.create_singleline_field(field, options)


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

    form_builder = SamenspelFormBuilder

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

    # -- the form ---------------------------------------------------------------------------

    @property
    def asks_name_consent(self):
        """Forms that make draft practice examples and ask a name ask consent to show it."""
        return bool(self.draft_parent_id) and any(
            field.field_type == NAME_FIELD for field in self.get_form_fields()
        )

    def get_form_class(self):
        form_class = super().get_form_class()
        if self.asks_name_consent:
            consent = forms.BooleanField(
                label=_("My name may be shown with the practice example on the website"),
                help_text=_("Without this tick, we publish your example without your name."),
                required=False,
                initial=False,
            )
            form_class = type(form_class.__name__, (form_class,), {NAME_CONSENT_FIELD: consent})
        return form_class

    def get_data_fields(self):
        fields = super().get_data_fields()
        if self.asks_name_consent:
            fields.append((NAME_CONSENT_FIELD, gettext("Name online")))
        return fields

    def sender_address(self, data):
        """The address the sender typed in the form's first e-mail field, or ''."""
        for field in self.get_form_fields():
            if field.field_type == "email":
                return str(data.get(field.clean_name) or "").strip()
        return ""

    # -- a submission --------------------------------------------------------------------------

    def process_form_submission(self, form):
        """Store first; mail and drafts follow only once the row is committed."""
        request = _posting.get()
        # Counted once the form is valid, deciding and counting in one step (website.spam).
        if request is not None and spam.take_submissions(request, self.rate_limit_scope) is None:
            raise _RateLimited
        with transaction.atomic():
            data = dict(form.cleaned_data)
            if self.asks_name_consent:
                data[NAME_CONSENT_FIELD] = bool(data.get(NAME_CONSENT_FIELD))
            submission = self.get_submission_class().objects.create(form_data=data, page=self)
            if self.draft_parent_id:
                self.create_draft_practice_example(data)
            self.queue_mail_to_editors(submission)
            self.queue_confirmation(submission)
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
        if self.asks_name_consent:
            consent = data.get(NAME_CONSENT_FIELD)
            lines.append(
                gettext("Name may be published: %(answer)s")
                % {"answer": gettext("yes") if consent else gettext("no")}
            )
        lines += ["", _("Submitted on: %(date)s") % {"date": local_moment(submission.submit_time)}]
        lines += [_("All submissions: %(url)s") % {"url": self.submissions_admin_url}]
        subject = self.subject or _("New submission: %(title)s") % {"title": self.title}
        reply_to = self.sender_address(data)
        for address in (a.strip() for a in self.to_address.split(",") if a.strip()):
            queue_mail(
                to=address,
                subject=str(subject),
                text="\n".join(str(line) for line in lines) + "\n",
                key=f"form-submission:{submission.pk}:{address}",
                purpose="form.submission",
                reply_to=reply_to,
            )

    def queue_confirmation(self, submission):
        """Tell the sender their message arrived, without repeating what they wrote.

        Anyone can type any address, so the mail carries nothing of theirs: it cannot
        carry someone else's text to a stranger's inbox.
        """
        from website.mail import queue_mail

        address = self.sender_address(submission.get_data())
        if not address:
            return
        queue_mail(
            to=address,
            template="form_received",
            context={
                "page": self,
                "moment": local_moment(submission.submit_time),
                "site_name": settings.WAGTAIL_SITE_NAME,
                "editors_email": settings.EDITORS_EMAIL,
            },
            key=f"form-received:{submission.pk}",
            purpose="form.received",
        )

    @property
    def submissions_admin_url(self):
        path = reverse("wagtailforms:list_submissions", args=[self.pk])
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path

    # -- the draft practice example ---------------------------------------------------------

    def draft_rows(self, data):
        """(label, value) for the draft: never an address, a name only with consent."""
        consent = bool(data.get(NAME_CONSENT_FIELD))
        for field in self.get_form_fields():
            if field.field_type == "email":
                continue
            if field.field_type == NAME_FIELD and not consent:
                continue
            value = data.get(field.clean_name, "")
            yield field.label, ", ".join(value) if isinstance(value, list) else value

    def create_draft_practice_example(self, data):
        """An unpublished practice example under ``draft_parent``, race-free.

        The parent row is locked while a free slug is chosen and the page is added, so
        simultaneous submissions with one title queue here instead of colliding on the
        slug or on the page tree's path. A slug taken by someone who does not lock (an
        editor adding a page at that moment) is retried with the next number.
        """
        from wagtail.models import Page

        from .pages import ArticlePage

        title = str(data.get("titel") or data.get("title") or "").strip()
        if not title:
            title = gettext("Submitted practice example")
        title = title[:255]
        rows = format_html_join("", "<p><b>{}</b><br>{}</p>", self.draft_rows(data))
        Page.objects.select_for_update().filter(pk=self.draft_parent_id).first()
        parent = Page.objects.get(pk=self.draft_parent_id).specific
        skip = 0
        while True:
            draft = ArticlePage(
                title=title,
                slug=self.draft_slug(parent, title, skip=skip),
                kind=ArticlePage.Kind.PRAKTIJKVOORBEELD,
                intro=gettext("Submitted through the website; to be reviewed by the editors."),
                body=[("paragraph", mark_safe(rows))],  # noqa: S308  (values escaped above)
                live=False,
            )
            try:
                with transaction.atomic():
                    parent.add_child(instance=draft)
            except (IntegrityError, ValidationError):
                if skip >= 5:
                    raise
                skip += 1
                parent = Page.objects.get(pk=self.draft_parent_id).specific
                continue
            break
        draft.save_revision(log_action=True)
        return draft

    @staticmethod
    def draft_slug(parent, title, skip=0):
        """A slug free under ``parent``; a fixed word when the title gives none ("???")."""
        unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
        base = slugify(title, allow_unicode=unicode)[:200] or FALLBACK_DRAFT_SLUG
        taken = set(
            parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True)
        )
        free = (
            slug
            for slug in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
            if slug not in taken
        )
        for _skipped in range(skip):
            next(free)
        return next(free)


def local_moment(moment):
    """A moment as the editors read it: "vrijdag 18 mei 2018, 11.05 uur" in Dutch time."""
    moment = timezone.localtime(moment)
    return gettext("%(date)s at %(time)s") % {
        "date": dateformat.format(moment, pgettext("long date format", "l j F Y")),
        "time": dateformat.format(moment, pgettext("time format", "H:i")),
    }
