"""Generic content pages: home, standard pages and articles."""

import copy

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from website import memo, seo
from website.blocks import BodyBlock

from .taxonomy import Region, Theme


def paginate(request, queryset, per_page, page_param="pagina", count=None):
    """A page of ``queryset``; a bad or too high page number falls back quietly.

    ``page_param`` names the query parameter, so one page can hold two independent
    listings.
    ``count``, when the caller already knows it, saves the paginator its COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # a cached_property
    number = request.GET.get(page_param, 1)
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    page.page_param = page_param
    return page


class SamenspelPageQuerySet(PageQuerySet):
    """``public()`` from the view restrictions this process holds (:mod:`website.memo`)."""

    def private_q(self):
        if not memo.enabled():
            return super().private_q()
        q = models.Q()
        for restriction in memo.view_restrictions():
            q |= self.descendant_of_q(restriction.page, inclusive=True)
        return q if q else models.Q(pk__in=[])


class BasePage(Page):
    """Common to our page types: an intro for listings and search, and a body."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences; shown under the title and in listings."),
    )

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    # Link previews and search results (website.seo, website.views.search).
    og_type = "website"
    search_kind = None
    search_date = None

    class Meta:
        abstract = True

    def share_image(self):
        """(image, alternative text) shown when a link to this page is shared, or None."""
        return None

    def get_view_restrictions(self):
        """Those found when routing the request (:meth:`HomePage.route`), else Wagtail's."""
        remembered = getattr(self, "_memo_restrictions", None)
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()

    def publish(self, revision, *args, **kwargs):
        """Publish ``revision`` unless a check objects (:mod:`website.publishing`).

        Every way of publishing passes here (edit form, workflow, bulk, scheduled,
        ``revision.publish()``), and the check runs before Wagtail changes anything.
        """
        from website import publishing

        publishing.check(revision)
        return super().publish(revision, *args, **kwargs)


class HomePage(BasePage):
    template = "pages/home_page.html"
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """Wagtail's routing and the routed page, remembered per process: no query at all.

        The home page is the root of the site, so every public URL is routed from here.
        What is remembered (until the content version changes) is which page a path
        leads to, the page, its ancestors and its view restrictions; a copy of the page
        routes the rest of the path itself (a routable page's sub-path, the live check).
        """
        if (
            request is None
            or getattr(self, "_memo_routed", False)
            or not memo.is_public_request(request)
        ):
            return super().route(request, path_components)
        components = tuple(path_components)
        target = memo.remembered(
            ("route", self.pk, components), lambda: self._route_target(request, components)
        )
        if target is None:
            return super().route(request, path_components)
        model, pk, consumed, ancestors = target
        # The page as published, read once per version; each request gets its own copy
        # (it sets attributes on it), the one remembered is never handed out.
        page = memo.remembered(("page", pk), lambda: model.objects.filter(pk=pk).first())
        if page is None:
            return super().route(request, path_components)
        page = copy.copy(page)
        page._memo_routed = True
        page._memo_ancestors = ancestors
        if ancestors:
            page._cached_parent_obj = ancestors[-1]
        page._memo_restrictions = memo.restrictions_for(page)
        return page.route(request, list(components[consumed:]))

    def _route_target(self, request, components):
        page = super().route(request, list(components))[0]
        if not page.path.startswith(self.path) or page.alias_of_id:
            return None
        ancestors = list(page.get_ancestors().only("title", "url_path", "path", "depth"))
        return type(page), page.pk, page.depth - self.depth, ancestors

    def get_context(self, request, *args, **kwargs):
        from events.models import AgendaPage, EventPage, ReportPage

        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = ArticlePage.objects.listing()[:3]
        context["agenda_page"] = memo.remembered(
            "agenda_page", lambda: AgendaPage.objects.live().public().first()
        )
        # The first screen shows the next meeting and the latest report; the sections
        # below continue with the ones after them.
        upcoming = EventPage.prefetch_for_cards(
            list(EventPage.objects.live().public().upcoming()[:4])
        )
        reports = list(ReportPage.objects.listing()[:4])
        context["next_event"] = upcoming[0] if upcoming else None
        context["upcoming_events"] = upcoming[1:]
        context["latest_report"] = reports[0] if reports else None
        context["latest_reports"] = reports[1:]
        return context


class StandardPage(BasePage):
    template = "pages/standard_page.html"

    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    search_fields = [*BasePage.search_fields, index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    class Meta:
        verbose_name = _("standard page")


class ArticleIndexPage(BasePage):
    """News, columns and practice examples, filterable by kind, theme and region."""

    template = "pages/article_index_page.html"
    subpage_types = ["website.ArticlePage"]
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("article index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.listing().child_of(self)
        filters = {
            "soort": request.GET.get("soort", ""),
            "thema": request.GET.get("thema", ""),
            "regio": request.GET.get("regio", ""),
        }
        if filters["soort"] in ArticlePage.Kind.values:
            articles = articles.filter(kind=filters["soort"])
        else:
            filters["soort"] = ""
        if filters["thema"]:
            articles = articles.filter(themes__slug=filters["thema"])
        if filters["regio"]:
            articles = articles.filter(regions__slug=filters["regio"])
        context.update(
            articles=paginate(request, articles.distinct(), self.per_page),
            filters=filters,
            kinds=ArticlePage.Kind.choices,
            themes=Theme.objects.all(),
            regions=Region.objects.filter(articles__live=True).distinct(),
            is_filtered=any(filters.values()),
        )
        return context


class ArticlePageQuerySet(SamenspelPageQuerySet):
    def listing(self):
        """Live articles, newest first, with what a card shows fetched up front."""
        return (
            self.live()
            .public()
            .order_by("-date", "-first_published_at")
            .select_related("image")
            .prefetch_related("themes", "image__renditions")
        )


class ArticlePage(BasePage):
    template = "pages/article_page.html"
    parent_page_types = ["website.ArticleIndexPage"]
    subpage_types = []

    class Kind(models.TextChoices):
        NIEUWS = "nieuws", _("news")
        COLUMN = "column", _("column")
        PRAKTIJKVOORBEELD = "praktijkvoorbeeld", _("practice example")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NIEUWS)
    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=150, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("alternative text for the image"),
        max_length=250,
        blank=True,
        help_text=_("Required when there is an image: what does it show?"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="articles"
    )
    regions = ParentalManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="articles"
    )

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("kind"),
    ]
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("date"), FieldPanel("author")], heading=_("Article")
        ),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("themes"), FieldPanel("regions")], heading=_("Tags")),
    ]

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    og_type = "article"

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    @property
    def search_kind(self):
        return self.get_kind_display()

    @property
    def search_date(self):
        return self.date

    def share_image(self):
        if self.image_id:
            return self.image, self.image_alt
        return seo.first_image_in(self.body)

    def structured_data(self, request=None):
        return seo.article_data(
            self, request, section=self.get_kind_display(), date=self.date, author=self.author
        )

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )
