"""Outgoing mail as rows: stored before sending, sent exactly once, retried on failure."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        RETRY = "retry", _("waiting to retry")
        FAILED = "failed", _("failed")

    key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Identifies what this mail is for; the same key is never sent twice."),
    )
    purpose = models.CharField(_("purpose"), max_length=60, blank=True, db_index=True)
    to = models.EmailField(_("to"))
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # A mail queued with website.mail.queue_deferred_mail holds what to render instead of
    # its text: the template, the renderer that turns ``params`` (ids and small values of
    # the moment it was queued) into the template's context and attachments. The worker
    # renders it when it first sends it and stores the result above (``rendered_at``), so
    # a resend after a dead worker sends the same message.
    template = models.CharField(_("template"), max_length=100, blank=True)
    renderer = models.CharField(_("renderer"), max_length=100, blank=True)
    params = models.JSONField(_("what to render"), default=dict, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    # Privacy: every field is in exactly one of these two lists (a test checks), so a new
    # field needs a decision. Erasing a mail deletes it, or, while a worker sends it,
    # empties these fields (website.mail.erase_mails).
    PERSONAL_FIELDS = (
        "to",
        "reply_to",
        "subject",
        "body_text",
        "body_html",
        "attachments",
        "params",  # ids and values a renderer asked for; treated as personal to be safe
        "last_error",  # a mail server's refusal often quotes the address
    )
    # What the outbox needs to finish or retire the row; none of it says who it was for.
    NOT_PERSONAL = (
        "id",
        "key",
        "purpose",
        "from_email",
        "template",
        "renderer",
        "rendered_at",
        "status",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "message_id",
        "created_at",
        "sent_at",
    )

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject_shown()} → {self.to}"

    @property
    def waits_for_rendering(self):
        return bool(self.template) and self.rendered_at is None

    def subject_shown(self):
        """The subject, or, before the worker renders the mail, what it will be made from."""
        if self.waits_for_rendering and not self.subject:
            return _("(made when sent: %(template)s)") % {"template": self.template}
        return self.subject

    subject_shown.short_description = _("subject")

    # Purposes (prefixes) whose text holds a secret for one person: a sign-in code, a link
    # that confirms an address or resets a password. Registered by the app that sends
    # them (website.mail.register_secret_purpose); the outbox does not show their text.
    SECRET_PURPOSES = []

    @property
    def holds_secret(self):
        return self.purpose.startswith(tuple(self.SECRET_PURPOSES)) if self.purpose else False

    def body_shown(self):
        """The text, unless it holds a code or link meant for the recipient alone."""
        if self.holds_secret:
            return _("(Not shown: this mail holds a code or link meant for the recipient alone.)")
        return self.body_text

    body_shown.short_description = _("text")


class ScheduledJob(models.Model):
    """When a periodic job last ran and next runs; shared by every worker."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(default=timezone.now)
    last_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name
