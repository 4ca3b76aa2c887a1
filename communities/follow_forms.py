from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import CommunityPage
from website.models import Region, Theme


class FollowForm(forms.Form):
    """The one place where a member chooses what they follow."""

    themes = forms.ModelMultipleChoiceField(
        label=_("Themes you follow"),
        queryset=Theme.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions you follow"),
        queryset=Region.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("A region includes the municipalities and partnerships inside it."),
    )

    communities = forms.ModelMultipleChoiceField(
        label=_("Groups you follow"),
        queryset=CommunityPage.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "The public events of these groups. The events of groups you are a member of "
            "always come along; the members-only ones in your private calendar."
        ),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["communities"].queryset = (
            CommunityPage.objects.live().public().order_by("title")
        )

    def follows(self):
        """What ``following.save_follows`` takes."""
        return {
            "themes": self.cleaned_data["themes"],
            "regions": self.cleaned_data["regions"],
            "communities": self.cleaned_data["communities"],
        }
