"""The "Aanmelden" tab of the event page in the admin (see ``EventPage.edit_handler``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel, InlinePanel, Panel


class OrganisersPanel(InlinePanel):
    """The "Organisers" rows; read-only for users who may not choose organisers.

    Organisers see the personal data of everyone registered, so being able to publish
    the page is not enough to add someone (or oneself): that takes a superuser or the
    permission "Can choose an event's organisers". For other users the form leaves the
    rows out (:mod:`registrations.event_form`) and this panel lists them.
    """

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form = kwargs.get("form")
            relation = kwargs["panel"].relation_name
            self.read_only = form is not None and relation not in form.formsets
            if not self.read_only:
                super().__init__(**kwargs)
                return
            Panel.BoundPanel.__init__(self, **kwargs)
            self.label = self.panel.label
            self.template_name = "registrations/admin/organisers_read_only.html"

        def telepath_pack(self, context):
            if not self.read_only:
                return super().telepath_pack(context)
            # Nothing to edit: the client side treats it as a plain panel.
            return ("wagtail.panels.Panel", [Panel.BoundPanel.js_opts(self)])

        def get_context_data(self, parent_context=None):
            if not self.read_only:
                return super().get_context_data(parent_context)
            context = Panel.BoundPanel.get_context_data(self, parent_context)
            context["organisers"] = [
                str(link.user) for link in self.instance.registration_organisers.all()
            ]
            return context


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
    OrganisersPanel(
        "registration_organisers",
        heading=_("Organisers"),
        label=_("Organiser"),
        help_text=_(
            "They see, export and mail this event's registrations in the admin. Only site "
            "administrators and people with the permission “Can choose an event's "
            "organisers” can change them."
        ),
    ),
]
