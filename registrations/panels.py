"""The "Aanmelden" tab of the event page in the admin (see ``EventPage.edit_handler``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel, InlinePanel

registration_panels = [
    HelpPanel(
        content=_(
            "<p>Add registration settings to take registrations on the site. Capacities "
            "per host location or break-out are set with the sessions, on the Content tab. "
            "Changes count once the page is published.</p>"
        ),
    ),
    InlinePanel(
        "registration_settings",
        heading=_("Registration settings"),
        label=_("Registration settings"),
        min_num=0,
        max_num=1,
    ),
    InlinePanel(
        "registration_questions",
        heading=_("Extra questions"),
        label=_("Question"),
        help_text=_("Asked on this event's registration form, after the standard questions."),
    ),
    InlinePanel(
        "registration_organisers",
        heading=_("Organisers"),
        label=_("Organiser"),
        help_text=_("They see, export and mail this event's registrations in the admin."),
    ),
]
