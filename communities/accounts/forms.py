from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import Profile
from website.models import Region, Theme


class ProfileForm(forms.ModelForm):
    followed_themes = forms.ModelMultipleChoiceField(
        label=_("Themes you follow"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    followed_regions = forms.ModelMultipleChoiceField(
        label=_("Regions you follow"),
        queryset=Region.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Profile
        fields = [
            "name",
            "organisation",
            "job_title",
            "region",
            "followed_themes",
            "followed_regions",
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
