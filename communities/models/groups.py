"""Groups, who is in them and how one gets in."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Collection, Orderable, Page
from wagtail.search import index

from website.models import BasePage, Region, Theme


class CommunityIndexPage(RoutablePageMixin, BasePage):
    """/communities/: every group, filtered by kind."""

    template = "pages/community_index_page.html"
    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["communities.CommunityPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("communities overview")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("soort", "")
        if kind not in CommunityPage.Kind.values:
            kind = ""
        groups = (
            CommunityPage.objects.live()
            .public()
            .child_of(self)
            .select_related("region", "theme")
            .annotate(
                member_count=models.Count(
                    "memberships", filter=models.Q(memberships__status="active")
                )
            )
            .order_by("-kind", "title")
        )
        if kind:
            groups = groups.filter(kind=kind)
        context.update(groups=groups, kind=kind, kinds=CommunityPage.Kind.choices)
        return context

    @path("")
    def listing(self, request):
        return self.render(request)

    @path("uitnodiging/<str:token>/")
    def invitation(self, request, token):
        from communities import views

        return views.invitation(request, self, token)


class CommunityPage(RoutablePageMixin, BasePage):
    """One group: its public description, and (routed below it) the members-only area."""

    class Kind(models.TextChoices):
        INSPIRATIEREGIO = "inspiratieregio", _("inspiration region")
        THEMA = "thema", _("theme group")

    class Policy(models.TextChoices):
        OPEN = "open", _("open: anyone signed in joins at once")
        APPROVAL = "approval", _("on approval by a trekker")
        INVITATION = "invitation", _("by invitation only")

    template = "pages/community_page.html"
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types = []

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.THEMA)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
    )
    description = RichTextField(
        _("description"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h2", "h3"],
        help_text=_("Public: what the group is about and who it is for."),
    )
    policy = models.CharField(
        _("membership"), max_length=20, choices=Policy.choices, default=Policy.APPROVAL
    )
    collection = models.ForeignKey(
        Collection,
        verbose_name=_("document collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Private: attachments and documents of the group's members."),
    )
    member_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("member group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Mirrors the active members, for Wagtail's view restrictions."),
    )

    search_fields = [*BasePage.search_fields, index.SearchField("description")]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("region"), FieldPanel("theme"), FieldPanel("policy")],
            heading=_("Group"),
        ),
        FieldPanel("description"),
        InlinePanel("community_events", label=_("Group agenda")),
    ]

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    # The group's pages (communities.views): public, then members-only, then trekkers'.
    @path("")
    def overview(self, request):
        from communities import views

        return views.group_page(request, self)

    @path("aanmelden/")
    def join(self, request):
        from communities import views

        return views.join(request, self)

    @path("verlaten/")
    def leave(self, request):
        from communities import views

        return views.leave(request, self)

    @path("agenda/")
    def agenda(self, request):
        from communities import views

        return views.agenda(request, self)

    @path("instellingen/")
    def member_settings(self, request):
        from communities import views

        return views.member_settings(request, self)

    @path("berichten/")
    def post_list(self, request):
        from communities import views

        return views.posts(request, self)

    @path("berichten/<int:post_id>/")
    def post(self, request, post_id):
        from communities import views

        return views.post_detail(request, self, post_id)

    @path("berichten/<int:post_id>/melden/")
    def report(self, request, post_id):
        from communities import views

        return views.report(request, self, post_id)

    @path("berichten/<int:post_id>/verbergen/")
    def hide(self, request, post_id):
        from communities import views

        return views.hide(request, self, post_id)

    @path("leden/")
    def members(self, request):
        from communities import views

        return views.members(request, self)

    @path("leden/<int:member_id>/bericht/")
    def contact(self, request, member_id):
        from communities import views

        return views.contact(request, self, member_id)

    @path("documenten/")
    def documents(self, request):
        from communities import views

        return views.documents(request, self)

    @path("bestanden/<int:attachment_id>/")
    def download(self, request, attachment_id):
        from communities import views

        return views.download(request, self, attachment_id)

    @path("beheer/")
    def manage(self, request):
        from communities import views

        return views.manage(request, self)

    # Who is who. One query each; views that ask often use membership_for() once.
    def membership_for(self, user):
        if not getattr(user, "is_authenticated", False):
            return None
        return self.memberships.filter(user=user).first()

    def is_member(self, user):
        """An active member (trekkers included)."""
        if not getattr(user, "is_authenticated", False):
            return False
        return self.memberships.filter(user=user, status=Membership.Status.ACTIVE).exists()

    def is_trekker(self, user):
        if not getattr(user, "is_authenticated", False):
            return False
        return self.memberships.filter(
            user=user, status=Membership.Status.ACTIVE, role=Membership.Role.TREKKER
        ).exists()

    def active_members(self):
        return Membership.objects.filter(community=self, status=Membership.Status.ACTIVE)

    def trekkers(self):
        return self.active_members().filter(role=Membership.Role.TREKKER)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        TREKKER = "trekker", _("trekker")

    class Status(models.TextChoices):
        PENDING = "pending", _("request waiting")
        ACTIVE = "active", _("member")

    class Notify(models.TextChoices):
        IMMEDIATELY = "immediately", _("at once, one mail per message")
        DAILY = "daily", _("once a day, a summary")
        NEVER = "never", _("never")

    community = models.ForeignKey(
        CommunityPage,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    listed = models.BooleanField(
        _("show me in the member list"),
        default=False,
        help_text=_(
            "Other members of the group see your name, organisation, function and region. "
            "Your e-mail address is never shown."
        ),
    )
    notify = models.CharField(
        _("mail me about new messages"),
        max_length=12,
        choices=Notify.choices,
        default=Notify.IMMEDIATELY,
    )
    message = models.TextField(_("message to the trekkers"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    joined_at = models.DateTimeField(_("joined at"), null=True, blank=True)

    PERSONAL_FIELDS = ("user", "message")
    NOT_PERSONAL = (
        "id",
        "community",
        "role",
        "status",
        "listed",
        "notify",
        "requested_at",
        "joined_at",
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_group")
        ]

    def __str__(self):
        return f"{self.user} – {self.community}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_trekker(self):
        return self.is_active and self.role == self.Role.TREKKER


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation by e-mail; accepted by signing in (or up) with that very address."""

    community = models.ForeignKey(
        CommunityPage,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    PERSONAL_FIELDS = ("email", "invited_by")
    NOT_PERSONAL = ("id", "community", "token", "created_at", "accepted_at")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email


class CommunityEvent(Orderable):
    """An event on the group's agenda; a members-only one is seen only by its members."""

    community = ParentalKey(
        CommunityPage, on_delete=models.CASCADE, related_name="community_events"
    )
    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="community_links",
    )
    members_only = models.BooleanField(
        _("members only"),
        default=False,
        help_text=_(
            "Only members of this group see the event (event page, agenda, calendar feeds) "
            "and can register."
        ),
    )

    panels = [FieldPanel("event"), FieldPanel("members_only")]

    class Meta(Orderable.Meta):
        verbose_name = _("group event")
        verbose_name_plural = _("group events")
