"""Subscribers of the nieuwsbrief, with the evidence of their consent and their history."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_nonce():
    return secrets.token_hex(8)


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    """One address on the list. Only ``confirmed`` receives issues.

    The consent evidence (when it was asked, when it was confirmed, which text and
    privacy statement version the person saw, from which page) is kept on the row;
    everything that happened to it since is in :class:`SubscriberEvent`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting confirmation")
        CONFIRMED = "confirmed", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed (bounce or complaint)")

    class Source(models.TextChoices):
        FORM = "form", _("subscribe form")
        IMPORT = "import", _("import")
        ACCOUNT = "account", _("account")

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    themes = models.ManyToManyField(
        "website.Theme", verbose_name=_("themes"), blank=True, related_name="+"
    )
    audiences = models.ManyToManyField(
        "website.Audience", verbose_name=_("audiences"), blank=True, related_name="+"
    )
    # Evidence of consent (AVG): what was asked, when, where, and when it was confirmed.
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_detail = models.CharField(
        _("source detail"),
        max_length=255,
        blank=True,
        help_text=_("The page the form was on, or how imported addresses gave consent."),
    )
    consent_text = models.TextField(_("consent text"), blank=True)
    privacy_version = models.CharField(_("privacy statement version"), max_length=30, blank=True)
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    suppressed_reason = models.CharField(_("suppressed because"), max_length=255, blank=True)
    # Changing the nonce revokes every link sent before (see newsletter.tokens).
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubscriberQuerySet.as_manager()

    # Personal fields, erased with the row on an AVG request.
    PERSONAL_FIELDS = (
        "email",
        "name",
        "source_detail",
        "consent_text",
        "suppressed_reason",
    )

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return self.email


class SubscriberEvent(models.Model):
    """One line of a subscriber's history, shown in the admin."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("subscription requested")
        CONFIRMED = "confirmed", _("subscription confirmed")
        IMPORTED = "imported", _("imported")
        PREFERENCES = "preferences", _("preferences changed")
        BOUNCED = "bounced", _("bounced")
        COMPLAINED = "complained", _("marked as spam")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        SUPPRESSED = "suppressed", _("suppressed")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="history", verbose_name=_("subscriber")
    )
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    detail = models.CharField(_("detail"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("subscriber history")
        verbose_name_plural = _("subscriber history")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.subscriber_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
