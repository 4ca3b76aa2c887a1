"""Registrations (aanmeldingen) for events, and what editors set per event.

Per event, editors fill in an "Aanmelden" tab on the event page:

* :class:`RegistrationSettings` (at most one per event): when registration opens
  and closes, the event's own capacity, the waitlist and how places are handed on,
  invitation-only, reminders, the online link (sent to registrants only) and route
  details for those who come on site;
* :class:`RegistrationQuestion` rows: the event's own extra questions;
* :class:`RegistrationOrganiser` rows: the users who may see the event's registrations.

They are children of the page (``ParentalKey``), so they follow the page's
draft/publish cycle: a change counts once the page is published.

A :class:`Registration` is one person for one event (and one session when the event
has sessions). Places are held by ``confirmed`` and ``offered`` registrations;
every change of status goes through :mod:`registrations.services`.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from website.models import Region


def new_nonce():
    return secrets.token_urlsafe(16)


class RegistrationSettings(models.Model):
    """How registration works for one event (edited in the event's "Aanmelden" tab)."""

    class Promotion(models.TextChoices):
        IMMEDIATE = "direct", _("give the place at once to the first person waiting")
        OFFER = "aanbieden", _("offer the place, with a deadline to claim it")

    event = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="registration_settings"
    )
    opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: open until the event starts."),
    )
    capacity = models.PositiveIntegerField(
        _("places for the whole event"),
        null=True,
        blank=True,
        help_text=_(
            "Empty: no limit for the event as a whole. Sessions have their own capacity as well."
        ),
    )
    waitlist = models.BooleanField(
        _("waitlist when full"),
        default=True,
        help_text=_("Without a waitlist, registration closes when the places are taken."),
    )
    promotion = models.CharField(
        _("when a place becomes free"),
        max_length=20,
        choices=Promotion.choices,
        default=Promotion.OFFER,
    )
    offer_hours = models.PositiveIntegerField(_("hours to claim an offered place"), default=48)
    immediate_within_hours = models.PositiveIntegerField(
        _("give places at once within this many hours before the event"),
        default=48,
        help_text=_("Close to the event there is no time for offers: the place goes at once."),
    )
    invitation_only = models.BooleanField(
        _("by invitation only"),
        default=False,
        help_text=_("Only people with a personal invitation link can register."),
    )
    allow_colleagues = models.BooleanField(_("one person may register colleagues"), default=True)
    reminder_days = models.PositiveIntegerField(
        _("send a reminder this many days before"),
        default=2,
        help_text=_("0: no reminder."),
    )
    online_link = models.URLField(
        _("online meeting link"),
        blank=True,
        max_length=500,
        help_text=_(
            "Never shown on the site: only online registrants get it, in their "
            "confirmation, reminder and calendar file."
        ),
    )
    online_instructions = models.TextField(
        _("instructions for online participants"), blank=True, max_length=2000
    )
    on_site_instructions = models.TextField(
        _("route and practical details for on-site participants"),
        blank=True,
        max_length=2000,
        help_text=_("Parking, public transport, where to report. Sent with the confirmation."),
    )

    panels = [
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist")]),
        MultiFieldPanel(
            [
                FieldPanel("promotion"),
                FieldRowPanel([FieldPanel("offer_hours"), FieldPanel("immediate_within_hours")]),
            ],
            heading=_("Waitlist"),
        ),
        FieldRowPanel(
            [
                FieldPanel("invitation_only"),
                FieldPanel("allow_colleagues"),
                FieldPanel("reminder_days"),
            ]
        ),
        FieldPanel("online_link"),
        FieldPanel("online_instructions"),
        FieldPanel("on_site_instructions"),
    ]

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")
        constraints = [
            models.UniqueConstraint(fields=["event"], name="one_registration_settings_per_event")
        ]

    def __str__(self):
        return str(_("Registration for %(event)s") % {"event": self.event.title})

    def opens(self):
        return self.opens_at

    def closes(self):
        return self.closes_at or self.event.start

    def is_open(self, now=None):
        now = now or timezone.now()
        if self.event.is_cancelled:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return now < self.closes()


class RegistrationQuestion(Orderable):
    """An extra question on one event's registration form."""

    class Kind(models.TextChoices):
        TEXT = "tekst", _("short text")
        CHOICE = "keuze", _("choice")
        YES_NO = "ja-nee", _("yes or no")

    event = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="registration_questions"
    )
    label = models.CharField(_("question"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice question: one option per line.")
    )
    required = models.BooleanField(_("required"), default=False)
    help_text = models.CharField(_("explanation"), max_length=255, blank=True)
    sensitive = models.BooleanField(
        _("sensitive answer"),
        default=False,
        help_text=_(
            "Answers that can reveal health or religion are erased shortly after the event."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind")]),
        FieldPanel("choices"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("required"), FieldPanel("sensitive")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("extra question")
        verbose_name_plural = _("extra questions")

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class RegistrationOrganiser(Orderable):
    """A user who organises the event and so may see and export its registrations."""

    event = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="registration_organisers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organised_event_links",
    )

    panels = [FieldPanel("user")]

    class Meta(Orderable.Meta):
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        # Organisers see everyone's personal data: choosing them takes this permission
        # (or being a superuser); publishing the event page is not enough.
        permissions = [("assign_organisers", _("Can choose an event's organisers"))]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="unique_event_organiser")
        ]

    def __str__(self):
        return str(self.user)


class RegistrationQuerySet(models.QuerySet):
    def holding_place(self):
        """Registrations that take a place: confirmed ones and open offers."""
        return self.filter(status__in=Registration.HOLDING)

    def active(self):
        """Everything that is not cancelled, lapsed or anonymised."""
        return self.filter(status__in=Registration.ACTIVE).exclude(email="")

    def waiting(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "bevestigd", _("confirmed")
        WAITLISTED = "wachtlijst", _("on the waitlist")
        OFFERED = "aangeboden", _("place offered")
        CANCELLED = "geannuleerd", _("cancelled")
        LAPSED = "verlopen", _("offer lapsed")

    class Attendance(models.TextChoices):
        ON_SITE = "op-locatie", _("on site")
        ONLINE = "online", _("online")

    class Source(models.TextChoices):
        WEBSITE = "website", _("website")
        COLLEAGUE = "collega", _("registered by a colleague")
        ADMIN = "beheer", _("added by an organiser")

    HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    session = models.ForeignKey(
        "events.EventSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    attendance = models.CharField(
        _("takes part"), max_length=20, choices=Attendance.choices, default=Attendance.ON_SITE
    )

    # Who (blanked when the registration is anonymised).
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), db_index=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    lunch = models.BooleanField(_("lunch"), default=False)
    dietary = models.CharField(_("dietary requirements"), max_length=500, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=500, blank=True)
    remarks = models.TextField(_("remarks"), blank=True, max_length=2000)
    answers = models.JSONField(
        _("answers to extra questions"),
        default=dict,
        blank=True,
        help_text=_("By question id: the question as asked and the answer."),
    )
    wants_report = models.BooleanField(_("send me the report"), default=False)
    consent_at = models.DateTimeField(_("privacy consent given"), null=True, blank=True)
    privacy_version = models.CharField(_("privacy statement version"), max_length=30, blank=True)

    # Bookkeeping.
    source = models.CharField(
        _("registered through"), max_length=20, choices=Source.choices, default=Source.WEBSITE
    )
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="colleagues",
    )
    invitation = models.ForeignKey(
        "registrations.Invitation",
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("on waitlist since"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    calendar_sequence = models.PositiveIntegerField(
        _("calendar version last sent"), null=True, blank=True, editable=False
    )
    calendar_status = models.CharField(max_length=20, blank=True, editable=False)
    # The person's own calendar entry: its UID stays the same through moves to another
    # host location or break-out and a cancellation, and its SEQUENCE (the revision)
    # rises with each change we mail, so calendars update or remove the one entry.
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False)
    calendar_revision = models.PositiveIntegerField(default=0, editable=False)
    sensitive_erased_at = models.DateTimeField(_("sensitive answers erased"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    # Privacy: every field is in exactly one of these two lists (a test checks), so a new
    # field needs a decision. Anonymising (registrations.services.anonymise) blanks these:
    PERSONAL_FIELDS = (
        "name",
        "email",
        "organisation",
        "job_title",
        "dietary",
        "accessibility",
        "remarks",
        "answers",
    )
    # Kept, so that counts and reports stay right; alone they say nothing about who it was.
    # ``token_nonce`` is replaced on anonymising, so old personal links stop working.
    NOT_PERSONAL = (
        "id",
        "event",
        "session",
        "status",
        "attendance",
        "region",
        "lunch",
        "wants_report",
        "consent_at",
        "privacy_version",
        "source",
        "registered_by",
        "invitation",
        "token_nonce",
        "created_at",
        "updated_at",
        "confirmed_at",
        "waitlisted_at",
        "offer_expires_at",
        "cancelled_at",
        "attended",
        "reminder_sent_at",
        "calendar_sequence",
        "calendar_status",
        "calendar_uid",
        "calendar_revision",
        "sensitive_erased_at",
        "anonymised_at",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # One active registration per address per event (backs the check in services).
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["bevestigd", "wachtlijst", "aangeboden"]) & ~Q(email=""),
                name="one_active_registration_per_address",
            )
        ]
        indexes = [
            models.Index(fields=["event", "status"]),
            models.Index(fields=["session", "status"]),
        ]

    def __str__(self):
        return f"{self.name or _('(anonymised)')} – {self.event.title}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    @property
    def holds_place(self):
        return self.status in self.HOLDING

    @property
    def is_online(self):
        return self.attendance == self.Attendance.ONLINE

    def manage_url(self):
        from registrations import tokens

        return tokens.absolute_url(tokens.manage_path(self))


class Invitation(models.Model):
    """A personal invitation to an invitation-only event, sent by its organisers."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registration_invitations",
    )
    email = models.EmailField(_("e-mail"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("personal message"), blank=True, max_length=2000)
    transferable = models.BooleanField(
        _("may be passed on"),
        default=False,
        help_text=_(
            "Off: only the invited address can register with the link. On: whoever has "
            "the link may use it, once."
        ),
    )
    token_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)

    # Privacy: every field is in exactly one list (a test checks). Erasing an address or
    # the retention time deletes its invitations outright.
    PERSONAL_FIELDS = ("email", "message")
    # ``invited_by`` is the organiser's account, not the person invited.
    NOT_PERSONAL = ("id", "event", "invited_by", "transferable", "token_nonce", "created_at")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="one_invitation_per_address")
        ]

    def __str__(self):
        return self.email

    def invitation_url(self):
        from registrations import tokens

        return tokens.absolute_url(tokens.invitation_path(self))

    def active_registration(self):
        return self.registrations.active().first()
