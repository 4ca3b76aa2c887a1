"""The public registration form, built per event (sessions, lunch, extra questions)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.models import EventPage
from registrations.models import Registration, RegistrationQuestion
from registrations.services import (
    Registrant,
    invitation_fits,
    normalise_email,
    session_availability,
)
from website import memo
from website.models import Region

INVITATION_FOR_ANOTHER_ADDRESS = _(
    "This invitation is personal: register with the e-mail address it was sent to. "
    "Were you given it by someone else? Ask the organisers for your own invitation."
)

MAX_COLLEAGUES = 5


def places_text(left, waitlist):
    """ "nog 3 plaatsen", "vol – wachtlijst", "vol"; empty when there is no limit."""
    if left is None:
        return ""
    if left > 0:
        return ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}
    if waitlist:
        return str(_("full – waitlist"))
    return str(_("full"))


def regions_by_name():
    """Every region, by name; held per process until the content version changes (a
    taxonomy change raises it)."""
    return memo.remembered("regions_by_name", lambda: list(Region.objects.order_by("name")))


def region_choices():
    """Regions grouped by kind, the kinds in their fixed order."""
    regions = regions_by_name()
    groups = []
    for kind, label in Region.Kind.choices:
        members = [(str(region.pk), region.name) for region in regions if region.kind == kind]
        if members:
            groups.append((label, members))
    return [("", _("(choose a region)")), *groups]


class ColleagueForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput({"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("Enter a valid e-mail address, like name@example.nl.")},
        widget=forms.EmailInput({"autocomplete": "off"}),
    )
    job_title = forms.CharField(label=_("Job title"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        name, email = data.get("name"), data.get("email")
        if name and not email and "email" not in self.errors:
            self.add_error("email", _("Enter your colleague's e-mail address."))
        if email and not name:
            self.add_error("name", _("Enter your colleague's name."))
        return data

    @property
    def is_filled(self):
        return bool(self.cleaned_data.get("name") or self.cleaned_data.get("email"))


class BaseColleagueFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _("You can register at most %(num)s colleagues at a time."),
        "missing_management_form": _(
            "Part of the form was missing. Reload the page and fill in your colleagues again."
        ),
    }


# validate_max and absolute_max: a form posted with more colleagues than the page
# offers (collega-TOTAL_FORMS=60) is refused, not registered and mailed person by person.
ColleagueFormSet = forms.formset_factory(
    ColleagueForm,
    formset=BaseColleagueFormSet,
    extra=MAX_COLLEAGUES,
    max_num=MAX_COLLEAGUES,
    validate_max=True,
    absolute_max=MAX_COLLEAGUES,
)


class RegistrationForm(forms.Form):
    """One form for every event; the fields depend on the event's sessions and questions."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send the confirmation and your personal link to this address."),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, like name@example.nl."),
        },
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        error_messages={"required": _("Enter your organisation.")},
        widget=forms.TextInput({"autocomplete": "organization"}),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        required=False,
        widget=forms.TextInput({"autocomplete": "organization-title"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(
        self, *args, event, settings_row, sessions, questions, counts, invitation=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.event = event
        self.settings_row = settings_row
        self.sessions = {str(session.pk): session for session in sessions}
        self.questions = list(questions)
        self.counts = counts
        self.invitation = invitation
        self.fields["region"].choices = region_choices()

        if sessions:
            hosts = all(session.is_host_location for session in sessions)
            self.fields["session"] = forms.ChoiceField(
                label=pgettext_lazy("registration", "Host location") if hosts else _("Session"),
                choices=[(key, self.session_label(s)) for key, s in self.sessions.items()],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose a host location.") if hosts else _("Choose a session.")
                },
            )
        if event.attendance == EventPage.Attendance.HYBRID:
            self.fields["attendance"] = forms.ChoiceField(
                label=_("How will you take part?"),
                choices=Registration.Attendance.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose on site or online.")},
            )
        lunch_sessions = [s for s in sessions if s.lunch]
        if lunch_sessions and event.is_on_site:
            names = ", ".join(s.display_title for s in lunch_sessions)
            help_text = None
            if len(lunch_sessions) < len(sessions):
                help_text = _("Only at: %(sessions)s.") % {"sessions": names}
            self.fields["lunch"] = forms.BooleanField(
                label=_("I will join the lunch"), required=False, help_text=help_text
            )
            self.fields["dietary"] = forms.CharField(
                label=_("Dietary requirements"),
                max_length=500,
                required=False,
                help_text=_(
                    "For example vegetarian or an allergy. We erase this shortly after the event."
                ),
            )
        self.fields["accessibility"] = forms.CharField(
            label=_("Do you need anything to take part well?"),
            max_length=500,
            required=False,
            help_text=_(
                "For example wheelchair access or a sign language interpreter. "
                "We erase this shortly after the event."
            ),
        )
        self.fields["remarks"] = forms.CharField(
            label=_("Remarks"),
            max_length=2000,
            required=False,
            widget=forms.Textarea({"rows": 3}),
        )
        for question in self.questions:
            self.fields[self.question_field(question)] = self.build_question_field(question)
        self.fields["wants_report"] = forms.BooleanField(
            label=_("Send me the report of this meeting when it is published"), required=False
        )
        self.fields["consent"] = forms.BooleanField(
            label=self.consent_label(),
            error_messages={"required": _("Agree to the privacy statement to register.")},
        )
        if invitation is not None:
            self.fields["email"].initial = invitation.email

    # -- groups of fields, for the template --------------------------------------------

    PERSON_FIELDS = ("name", "email", "organisation", "job_title", "region")
    FINAL_FIELDS = ("wants_report", "consent")

    @property
    def person_fields(self):
        return [self[name] for name in self.PERSON_FIELDS]

    @property
    def detail_fields(self):
        skip = set(self.PERSON_FIELDS) | set(self.FINAL_FIELDS)
        return [self[name] for name in self.fields if name not in skip]

    @property
    def lunch_session_ids(self):
        return [key for key, session in self.sessions.items() if session.lunch]

    @property
    def final_fields(self):
        return [self[name] for name in self.FINAL_FIELDS]

    # -- building ---------------------------------------------------------------------

    def session_label(self, session):
        label = session.display_title
        if session.is_host_location and session.effective_city:
            label = f"{label} ({session.effective_city})"
        left = session_availability(self.event, self.settings_row, session, self.counts)
        places = places_text(left, self.settings_row.waitlist)
        if session.lunch and self.event.is_on_site:
            with_lunch = _("with lunch")
            label = f"{label}, {with_lunch}"
        return f"{label} – {places}" if places else label

    @staticmethod
    def question_field(question):
        return f"vraag_{question.pk}"

    def build_question_field(self, question):
        return build_question_field(question)

    def consent_label(self):
        # The same for every form until the settings or the privacy page change, both of
        # which raise the content version.
        return memo.remembered(("consent_label", get_language()), self._consent_label)

    @staticmethod
    def _consent_label():
        from wagtail.models import Site

        from website.models import SiteSettings

        site = Site.objects.filter(is_default_site=True).first()
        privacy_page = SiteSettings.for_site(site).privacy_page if site else None
        text = _("I agree that my details are used for this meeting as described in the")
        if privacy_page is not None and privacy_page.live:
            return format_html(
                '{} <a href="{}">{}</a>', text, privacy_page.url, _("privacy statement")
            )
        return format_html("{} {}", text, _("privacy statement"))

    # -- cleaning ---------------------------------------------------------------------

    @property
    def chosen_session(self):
        return self.sessions.get(self.cleaned_data.get("session") or "")

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if self.invitation is not None and not invitation_fits(self.invitation, email):
            raise ValidationError(INVITATION_FOR_ANOTHER_ADDRESS)
        return email

    def clean_region(self):
        value = self.cleaned_data.get("region")
        if not value:
            return None
        region = next((r for r in regions_by_name() if str(r.pk) == value), None)
        if region is None:
            raise ValidationError(_("Choose a region from the list."))
        return region

    def clean(self):
        data = super().clean()
        session = self.chosen_session
        if session is not None and not self.settings_row.waitlist:
            left = session_availability(self.event, self.settings_row, session, self.counts)
            online = data.get("attendance") == Registration.Attendance.ONLINE
            if left == 0 and not online:
                self.add_error("session", _("This one is full. Choose another."))
        if data.get("lunch") and session is not None and not session.lunch:
            data["lunch"] = False
        return data

    def answers(self):
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(self.question_field(question))
            if value in (None, ""):
                continue
            answers[str(question.pk)] = {
                "label": question.label,
                "value": value,
                "sensitive": question.sensitive,
            }
        return answers

    def registrant(self):
        data = self.cleaned_data
        return Registrant(
            name=data["name"],
            email=data["email"],
            organisation=data.get("organisation", ""),
            job_title=data.get("job_title", ""),
            region=data.get("region"),
            session=self.chosen_session,
            attendance=data.get("attendance") or Registration.Attendance.ON_SITE,
            lunch=bool(data.get("lunch")),
            dietary=data.get("dietary", ""),
            accessibility=data.get("accessibility", ""),
            remarks=data.get("remarks", ""),
            answers=self.answers(),
            wants_report=bool(data.get("wants_report")),
            consent=bool(data.get("consent")),
        )

    def colleague_registrants(self, formset):
        """Colleagues share the organisation, region, session and way of taking part.

        Nothing the main registrant answered for themselves is copied: lunch, dietary
        and accessibility wishes, remarks, extra questions and "send me the report"
        are each colleague's own, given on their personal page (their mail says so).
        """
        main = self.registrant()
        people = []
        for form in formset.forms:
            if not form.is_valid() or not form.is_filled:
                continue
            people.append(
                Registrant(
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=main.organisation,
                    job_title=form.cleaned_data.get("job_title", ""),
                    region=main.region,
                    session=main.session,
                    attendance=main.attendance,
                    # The colleague did not accept the privacy statement themselves: no
                    # consent is recorded for them; registered_by says who registered them.
                    consent=False,
                )
            )
        return people


def build_question_field(question):
    common = {
        "label": question.label,
        "required": question.required,
        "help_text": question.help_text or None,
        "error_messages": {"required": _("Answer this question.")},
    }
    if question.kind == RegistrationQuestion.Kind.CHOICE:
        choices = [(choice, choice) for choice in question.choice_list]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == RegistrationQuestion.Kind.YES_NO:
        return forms.ChoiceField(
            choices=[("ja", _("Yes")), ("nee", _("No"))], widget=forms.RadioSelect, **common
        )
    return forms.CharField(max_length=500, **common)


class AnswersForm(forms.Form):
    """The personal page's "your answers": what a person answered for themselves.

    Lunch (only where their session has lunch and they come on site), dietary and
    accessibility wishes, remarks, the event's extra questions and the report.
    """

    def __init__(self, *args, registration, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.questions = list(questions)
        session = registration.session
        stored = registration.answers or {}
        if session is not None and session.lunch and not registration.is_online:
            self.fields["lunch"] = forms.BooleanField(
                label=_("I will join the lunch"), required=False, initial=registration.lunch
            )
            self.fields["dietary"] = forms.CharField(
                label=_("Dietary requirements"),
                max_length=500,
                required=False,
                initial=registration.dietary,
                help_text=_(
                    "For example vegetarian or an allergy. We erase this shortly after the event."
                ),
            )
        self.fields["accessibility"] = forms.CharField(
            label=_("Do you need anything to take part well?"),
            max_length=500,
            required=False,
            initial=registration.accessibility,
            help_text=_(
                "For example wheelchair access or a sign language interpreter. "
                "We erase this shortly after the event."
            ),
        )
        self.fields["remarks"] = forms.CharField(
            label=_("Remarks"),
            max_length=2000,
            required=False,
            initial=registration.remarks,
            widget=forms.Textarea({"rows": 3}),
        )
        for question in self.questions:
            field = build_question_field(question)
            field.initial = (stored.get(str(question.pk)) or {}).get("value")
            self.fields[RegistrationForm.question_field(question)] = field
        self.fields["wants_report"] = forms.BooleanField(
            label=_("Send me the report of this meeting when it is published"),
            required=False,
            initial=registration.wants_report,
        )

    question_field = staticmethod(RegistrationForm.question_field)
    answers = RegistrationForm.answers

    def changes(self):
        """The new values, as :func:`registrations.services.change_answers` takes them."""
        data = self.cleaned_data
        lunch = bool(data.get("lunch"))
        return {
            "lunch": lunch,
            "dietary": data.get("dietary", "") if lunch else "",
            "accessibility": data.get("accessibility", ""),
            "remarks": data.get("remarks", ""),
            "answers": self.answers(),
            "wants_report": bool(data.get("wants_report")),
        }


class ChangeSessionForm(forms.Form):
    """The personal page's "choose another option": one of the event's own sessions."""

    session = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": _("Choose one of the options."),
            "invalid_choice": _("Choose one of the options."),
        },
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.all()


def check_colleague_addresses(form, formset):
    """Every person needs their own address; returns False (and sets errors) when not."""
    seen = {form.cleaned_data.get("email")} if form.is_valid() else set()
    ok = True
    for colleague in formset.forms:
        if not colleague.is_valid():
            ok = False
            continue
        email = normalise_email(colleague.cleaned_data.get("email"))
        if not email:
            continue
        if email in seen:
            colleague.add_error("email", _("Each person needs their own e-mail address."))
            ok = False
        seen.add(email)
    return ok


class InviteForm(forms.Form):
    """Organisers paste the addresses to invite, as they come (lines, commas, semicolons)."""

    MAX_ADDRESSES = 500

    addresses = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea({"rows": 8}),
        help_text=_("One per line, or separated by commas or semicolons."),
        error_messages={"required": _("Paste at least one e-mail address.")},
    )
    message = forms.CharField(
        label=_("Personal message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text=_("Goes into every invitation, above the personal link."),
    )
    transferable = forms.BooleanField(
        label=_("These invitations may be passed on"),
        required=False,
        help_text=_(
            "Off: only the invited address can register with its link. On: the invitation "
            "says it may be passed on to a colleague, and whoever registers first with the "
            "link takes the place."
        ),
    )

    def clean_addresses(self):
        import re

        from django.core.validators import validate_email

        raw = [part for part in re.split(r"[\s,;]+", self.cleaned_data["addresses"]) if part]
        # "Name <address>" as mail programs copy it: keep the address.
        raw = [part.strip("<>\"'") for part in raw if "@" in part or not part.isalpha()]
        wrong, addresses = [], []
        for part in raw:
            try:
                validate_email(part)
            except ValidationError:
                wrong.append(part)
            else:
                addresses.append(normalise_email(part))
        if wrong:
            raise ValidationError(
                _("These are not valid e-mail addresses: %(wrong)s")
                % {"wrong": ", ".join(wrong[:20])}
            )
        if not addresses:
            raise ValidationError(_("Paste at least one e-mail address."))
        if len(addresses) > self.MAX_ADDRESSES:
            raise ValidationError(
                _("At most %(count)s addresses at a time.") % {"count": self.MAX_ADDRESSES}
            )
        return list(dict.fromkeys(addresses))
