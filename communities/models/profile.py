from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from website.models import Region, Theme


class Profile(models.Model):
    """What a member tells about themselves, and the themes, regions and groups they follow.

    One per account, made on first visit to the profile page; deleted with the account
    (communities.accounts.services.delete_account).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where you work."),
    )
    followed_themes = models.ManyToManyField(
        Theme, verbose_name=_("themes you follow"), blank=True, related_name="followers"
    )
    followed_regions = models.ManyToManyField(
        Region, verbose_name=_("regions you follow"), blank=True, related_name="followers"
    )
    followed_communities = models.ManyToManyField(
        "communities.CommunityPage",
        verbose_name=_("groups you follow"),
        blank=True,
        related_name="followers",
        help_text=_("Their public events come into your For you and your private calendar."),
    )
    calendar_token = models.CharField(
        _("private calendar key"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Secret part of the address of the private calendar feed; resettable."),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    # Privacy: every field is in one of these lists (tests/communities checks). Deleting
    # the account deletes the profile with all of them.
    PERSONAL_FIELDS = (
        "user",
        "name",
        "organisation",
        "job_title",
        "region",
        "followed_themes",
        "followed_regions",
        "followed_communities",
        "calendar_token",
    )
    NOT_PERSONAL = ("id", "updated_at")

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.name or str(self.user)
