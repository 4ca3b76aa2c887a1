"""Forms of the organisers' screens."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registrations.forms import RegistrationForm
from registrations.models import Registration

ACTIVE = "actief"
STATUS_CHOICES = [
    (ACTIVE, _("Active (confirmed, offered, waitlist)")),
    ("", _("All, including cancelled")),
    *Registration.Status.choices,
]


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    onderdeel = forms.TypedChoiceField(
        label=_("Session"), coerce=int, required=False, empty_value=None
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, e-mail address or organisation."),
    )

    def __init__(self, data, sessions):
        data = data.copy()
        if "status" not in data:
            data["status"] = ACTIVE
        super().__init__(data)
        if sessions:
            self.fields["onderdeel"].choices = [
                ("", _("All sessions")),
                *((session.pk, session.display_title) for session in sessions),
            ]
        else:
            del self.fields["onderdeel"]

    def values(self):
        if not self.is_valid():
            return {"status": ACTIVE, "session_id": None, "query": ""}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "session_id": data.get("onderdeel"),
            "query": data.get("q") or "",
        }


class AddRegistrationForm(RegistrationForm):
    """The public form, for an organiser: no consent (the organiser adds the person),
    organisation optional, and a full session puts the person on the waitlist."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["consent"]
        self.fields["organisation"].required = False
        self.fields["email"].help_text = _(
            "The person gets the confirmation and their personal link at this address."
        )
        if "lunch" in self.fields:
            self.fields["lunch"].label = _("Joins the lunch")
        self.fields["accessibility"].label = _("Accessibility needs")
        self.fields["wants_report"].label = _("Send the report when it is published")

    FINAL_FIELDS = ("wants_report",)

    def clean(self):
        # Skip the public form's "this one is full" check: the services decide (waitlist).
        data = forms.Form.clean(self)
        session = self.chosen_session
        if data.get("lunch") and session is not None and not session.lunch:
            data["lunch"] = False
        return data


class MoveForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Move to"), coerce=int)
    force = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sessions, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {session.pk: session for session in sessions}
        self.fields["session"].choices = [
            (session.pk, session.display_title) for session in sessions if session.pk != current
        ]

    @property
    def chosen(self):
        return self.sessions.get(self.cleaned_data.get("session"))


MESSAGE_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")


class MessageForm(forms.Form):
    ALL = "alle"
    CONFIRMED = "bevestigd"
    WAITLISTED = "wachtlijst"
    SELECTED = "selectie"

    recipients = forms.ChoiceField(label=_("To"), widget=forms.RadioSelect)
    selected = forms.TypedMultipleChoiceField(
        label=_("Selected registrants"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Enter a subject.")},
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=10000,
        widget=forms.Textarea({"rows": 10}),
        help_text=_(
            "Plain text. Each person gets it by e-mail with a greeting and the link to "
            "their own registration."
        ),
        error_messages={"required": _("Write a message.")},
    )
    message_id = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, active, counts, **kwargs):
        super().__init__(*args, **kwargs)
        self.active = {registration.pk: registration for registration in active}
        self.fields["recipients"].choices = [
            (self.ALL, _("Everyone registered (%(count)s)") % {"count": counts["all"]}),
            (self.CONFIRMED, _("Confirmed only (%(count)s)") % {"count": counts["confirmed"]}),
            (
                self.WAITLISTED,
                _("Waitlist and offered places (%(count)s)") % {"count": counts["waiting"]},
            ),
            (self.SELECTED, _("The people selected below")),
        ]
        self.fields["selected"].choices = [
            (registration.pk, f"{registration.name} <{registration.email}>")
            for registration in active
        ]

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise ValidationError(_("The subject must fit on one line."))
        return subject

    def clean_message_id(self):
        value = self.cleaned_data["message_id"]
        if not MESSAGE_ID.match(value):
            raise ValidationError(_("This form has expired. Please try again."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("recipients") == self.SELECTED and not data.get("selected"):
            self.add_error("selected", _("Select at least one person."))
        return data

    def chosen(self):
        """The registrations this message goes to."""
        choice = self.cleaned_data["recipients"]
        rows = list(self.active.values())
        if choice == self.CONFIRMED:
            return [r for r in rows if r.status == Registration.Status.CONFIRMED]
        if choice == self.WAITLISTED:
            return [r for r in rows if r.status != Registration.Status.CONFIRMED]
        if choice == self.SELECTED:
            chosen = set(self.cleaned_data["selected"])
            return [r for r in rows if r.pk in chosen]
        return rows


class PrivacyForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={
            "required": _("Enter the e-mail address."),
            "invalid": _("Enter a valid e-mail address, like name@example.nl."),
        },
    )
