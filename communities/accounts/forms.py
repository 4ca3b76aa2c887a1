from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Profile


class ProfileForm(forms.ModelForm):
    """Who the member is; what they follow is chosen on the Follow page (follow_views)."""

    class Meta:
        model = Profile
        fields = [
            "name",
            "organisation",
            "job_title",
            "region",
        ]
        labels = {
            "name": _("Name"),
            "organisation": _("Organisation"),
            "job_title": _("Job title"),
            "region": _("Region"),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my account and erase my registrations"),
        required=True,
    )
