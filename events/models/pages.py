"""The agenda page and the event page."""

import uuid
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from events.archive import archive_page
from events.forms import EventPageForm
from registrations.panels import registration_panels
from website import memo, seo
from website.blocks import BodyBlock
from website.mail import absolute_url
from website.models import Audience, BasePage, Organisation, Region, Theme, paginate
from website.models.pages import SamenspelPageQuerySet

from .calendar import (
    AMSTERDAM,
    CALENDAR_FIELDS,
    entry_sources,
    fingerprint,
    local_day,
    next_sequence,
)
from .withdrawn import WithdrawnCalendarEntry


def calendar_path(url):
    """The address of a page's calendar file: ``/agenda/`` becomes ``/agenda.ics``."""
    return url.rstrip("/") + ".ics"


class AgendaPage(RoutablePageMixin, BasePage):
    """The agenda at /agenda/: upcoming events, the archive, reports and the feeds.

    Events (:class:`EventPage`) and reports (:class:`ReportPage`) are its children.
    ``/agenda.ics`` (with the same filters as the page) is served by
    :func:`events.views.calendar_file`; ``/agenda/verslagen/`` lists every report.
    """

    template = "pages/agenda_page.html"
    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["events.EventPage", "events.ReportPage"]
    upcoming_per_page = 20
    archive_per_page = 10
    reports_per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    objects = PageManager.from_queryset(SamenspelPageQuerySet)()

    class Meta:
        verbose_name = _("agenda")

    @path("")
    def agenda(self, request):
        return self.render(request)

    @path("verslagen/")
    def report_list(self, request):
        from .reports import ReportPage

        reports = ReportPage.objects.listing().child_of(self)
        return self.render(
            request,
            context_overrides={
                "view": "reports",
                "reports": paginate(request, reports, self.reports_per_page),
                "page_title": pgettext("event reports", "Reports"),
                "subpage_title": pgettext("event reports", "Reports"),
                "meta_description": gettext(
                    "What happened at our meetings: reports, impressions and summaries."
                ),
            },
        )

    def get_sitemap_urls(self, request=None):
        """The agenda itself and its verslagen listing (a routable sub-page)."""
        from .reports import ReportPage

        urls = super().get_sitemap_urls(request)
        latest = ReportPage.objects.listing().child_of(self).order_by("-last_published_at").first()
        urls.append(
            {
                "location": self.get_full_url(request) + self.reverse_subpage("report_list"),
                "lastmod": latest.last_published_at if latest else self.last_published_at,
            }
        )
        return urls

    def events(self):
        return EventPage.objects.live().public().child_of(self)

    def filter_regions(self):
        """Regions of the agenda's public events, with the regions they lie in."""
        listed = self.events().values("pk")
        return (
            Region.objects.filter(
                models.Q(events__in=listed) | models.Q(children__events__in=listed)
            )
            .distinct()
            .order_by("name")
        )

    def get_context(self, request, *args, **kwargs):
        from events.filters import AgendaFilters

        context = super().get_context(request, *args, **kwargs)
        filters = AgendaFilters.from_query(request.GET)
        feed_path = calendar_path(self.get_url(request) or "/agenda/")
        feed_url = f"{feed_path}?{filters.as_query()}" if filters else feed_path
        absolute_feed_url = absolute_url(feed_url)
        context.update(
            view="agenda",
            filters=filters,
            is_filtered=bool(filters),
            # The template renders the lists once per content version and query string
            # ({% fragment %}); only then are they read (AgendaListing).
            listing=AgendaListing(self, request, filters),
            listing_query=request.GET.urlencode(),
            kinds=EventPage.Kind.choices,
            attendance_choices=AgendaFilters.ATTENDANCE_CHOICES,
            themes=memo.remembered("themes", lambda: list(Theme.objects.all())),
            regions=memo.remembered(
                ("agenda_regions", self.pk), lambda: list(self.filter_regions())
            ),
            audiences=memo.remembered("audiences", lambda: list(Audience.objects.all())),
            feed_url=feed_url,
            absolute_feed_url=absolute_feed_url,
            webcal_url="webcal://" + absolute_feed_url.split("://", 1)[1],
        )
        return context


class AgendaListing:
    """The agenda's two paginated lists and its latest reports, read on first use."""

    def __init__(self, agenda, request, filters):
        self.agenda, self.request, self.filters = agenda, request, filters

    @cached_property
    def _pages(self):
        now = timezone.now()
        agenda, request = self.agenda, self.request
        events = self.filters.apply(agenda.events())
        # Both lists' lengths in one query, both pages of cards prefetched together, so
        # the page costs the same few queries for any number of events.
        counts = events.order_by().aggregate(
            upcoming=models.Count("pk", filter=models.Q(end__gte=now)),
            past=models.Count("pk", filter=models.Q(end__lt=now)),
        )
        upcoming = paginate(
            request, events.upcoming(now), agenda.upcoming_per_page, count=counts["upcoming"]
        )
        # The archive pages by the last meeting seen, not by number (events.archive).
        archive = archive_page(request, events.past(now), agenda.archive_per_page, counts["past"])
        upcoming.object_list = list(upcoming.object_list)
        EventPage.prefetch_for_cards(upcoming.object_list + archive.object_list)
        return upcoming, archive

    @property
    def upcoming(self):
        return self._pages[0]

    @property
    def archive(self):
        return self._pages[1]

    @cached_property
    def latest_reports(self):
        from .reports import ReportPage

        return list(ReportPage.objects.listing().child_of(self.agenda)[:3])


class EventPageQuerySet(SamenspelPageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended yet (so today's stay listed), soonest first."""
        return self.filter(end__gte=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lt=now or timezone.now()).order_by("-start", "-pk")

    def for_listing(self):
        """Everything a card or a feed entry shows, fetched in a fixed number of queries."""
        from .sessions import EventSession

        return self.select_related("organiser").prefetch_related(
            Prefetch(
                "sessions",
                queryset=EventSession.objects.select_related("organisation", "theme"),
            ),
            "themes",
            "regions",
            "audiences",
            "withdrawn_entries",
        )


def card_prefetches():
    """What an event card shows (``components/event_card.html``) beyond the event itself."""
    from .sessions import EventSession

    return [
        Prefetch("sessions", queryset=EventSession.objects.select_related("organisation", "theme")),
        "themes",
    ]


class EventPage(BasePage):
    """One meeting: an inspiratie-estafette, a werksessie or another kind.

    Its sessions (:class:`~events.models.EventSession`) are the host locations of an
    estafette or the break-out groups of a werksessie.
    """

    template = "pages/event_page.html"
    parent_page_types = ["events.AgendaPage"]
    subpage_types = []

    class Kind(models.TextChoices):
        INSPIRATIE_ESTAFETTE = "inspiratie-estafette", _("inspiration relay")
        WERKSESSIE = "werksessie", _("working session")
        NETWERKBIJEENKOMST = "netwerkbijeenkomst", _("network meeting")
        VISIEBIJEENKOMST = "visiebijeenkomst", _("vision meeting")
        VERVOLGBIJEENKOMST = "vervolgbijeenkomst", _("follow-up meeting")
        WORKSHOP = "workshop", _("workshop")
        WEBINAR = "webinar", _("webinar")

    class Status(models.TextChoices):
        PLANNED = "gepland", _("planned")
        CANCELLED = "geannuleerd", _("cancelled")
        MOVED = "verplaatst", _("moved")

    class Attendance(models.TextChoices):
        ON_SITE = "op-locatie", _("on site")
        ONLINE = "online", _("online")
        HYBRID = "hybride", _("on site and online")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    status_note = models.CharField(
        _("status explanation"),
        max_length=255,
        blank=True,
        help_text=_("Shown with the status, e.g. why it was cancelled or where it moved to."),
    )
    # Indexed with the id (Meta.indexes): the archive pages by (start, id).
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"), db_index=True)
    all_day = models.BooleanField(
        _("all day"), default=False, help_text=_("Times are ignored; only the dates count.")
    )
    attendance = models.CharField(
        _("online or on site"),
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.ON_SITE,
    )
    venue = models.CharField(
        _("venue"),
        max_length=200,
        blank=True,
        help_text=_("Leave the address empty when every host location has its own."),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_note = models.CharField(
        _("about taking part online"),
        max_length=255,
        blank=True,
        help_text=_("Public text, e.g. which platform. The link itself goes to registrants only."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    downloads = StreamField(
        [("document", DocumentChooserBlock(label=_("Document")))],
        blank=True,
        verbose_name=_("downloads"),
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="events"
    )
    regions = ParentalManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="events"
    )
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("audience"), blank=True, related_name="events"
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_events",
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    follows_up = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text=_("The earlier meeting this one continues; its agreements show here."),
    )
    ical_uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    ical_sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    ical_fingerprint = models.CharField(max_length=40, blank=True, editable=False)

    exclude_fields_in_copy = ["ical_uid", "ical_sequence", "ical_fingerprint"]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("city"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("status"), FieldPanel("status_note")],
            heading=_("Kind and status"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("online_note"),
            ],
            heading=_("Where"),
        ),
        FieldPanel("intro"),
        InlinePanel(
            "sessions",
            heading=_("Sessions"),
            label=_("Session"),
            help_text=_(
                "Host locations of an inspiration relay (each its own calendar entry) "
                "or break-out groups of a working session."
            ),
        ),
        FieldPanel("body"),
        FieldPanel("downloads"),
        MultiFieldPanel(
            [FieldPanel("themes"), FieldPanel("regions"), FieldPanel("audiences")],
            heading=_("Tags"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
            ],
            heading=_("Organiser"),
        ),
        FieldPanel("follows_up"),
    ]
    # The "Aanmelden" tab (registration settings, questions, organisers) comes from
    # the registrations app.
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(BasePage.promote_panels, heading=_("Promote")),
            ObjectList(BasePage.settings_panels, heading=_("Settings")),
        ]
    )

    base_form_class = EventPageForm

    objects = PageManager.from_queryset(EventPageQuerySet)()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["start", "page_ptr"], name="events_start_id")]

    @staticmethod
    def prefetch_for_cards(events):
        """Fetch what the cards of these events show, in two queries for any number."""
        models.prefetch_related_objects(list(events), *card_prefetches())
        return events

    # -- invariants ---------------------------------------------------------------

    def clean(self):
        super().clean()
        if self.start and self.end:
            start, end = self.start, self.end
            if self.all_day:
                start, end = local_day(start), local_day(end)
            if end < start:
                raise ValidationError({"end": _("The end cannot be before the start.")})

    def save(self, *args, **kwargs):
        full_save = kwargs.get("update_fields") is None
        before = before_listing = None
        if full_save and self.live and self.pk:
            published = EventPage.objects.filter(pk=self.pk, live=True).first()
            if published:
                from events.filters import listing

                before, before_listing = entry_sources(published), listing(published)
        if full_save:
            if self.all_day:
                self._normalise_all_day()
            self._restore_calendar_identity()
            if self.live:
                new = self.calendar_fingerprint()
                self.ical_sequence = next_sequence(self.ical_fingerprint, self.ical_sequence, new)
                self.ical_fingerprint = new
        super().save(*args, **kwargs)
        if full_save and self.live:
            from .sessions import EventSession

            EventSession.sync_calendar_sequences(self)
            WithdrawnCalendarEntry.record_changes(self, before, before_listing)

    def with_content_json(self, content):
        """Revisions never bring back an old UID or sequence (see ``models/calendar.py``)."""
        obj = super().with_content_json(content)
        obj.ical_uid = self.ical_uid
        obj.ical_sequence = self.ical_sequence
        obj.ical_fingerprint = self.ical_fingerprint
        return obj

    def _restore_calendar_identity(self):
        if self.pk is None:
            return
        stored = (
            EventPage.objects.filter(pk=self.pk).values_list("ical_uid", *CALENDAR_FIELDS).first()
        )
        if stored:
            self.ical_uid, self.ical_sequence, self.ical_fingerprint = stored

    def _normalise_all_day(self):
        start_day = local_day(self.start)
        end_day = local_day(self.end) if self.end else start_day
        self.start = datetime.combine(start_day, time.min, tzinfo=AMSTERDAM)
        self.end = datetime.combine(end_day, time(23, 59), tzinfo=AMSTERDAM)

    def calendar_fingerprint(self):
        return fingerprint(
            self.start,
            self.end,
            self.all_day,
            self.location_text,
            self.status,
        )

    # -- what the page and the feeds show ---------------------------------------------

    search_kind = _("meeting")

    @property
    def search_date(self):
        return self.start

    @property
    def is_upcoming(self):
        return self.end >= timezone.now()

    def share_image(self):
        return seo.first_image_in(self.body)

    def structured_data(self, request=None):
        from events.structured_data import event_data

        return event_data(self, request)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def has_taken_place(self):
        """Over and not cancelled: the page says so, and offers no calendar entry any more."""
        return not self.is_cancelled and self.end < timezone.now()

    @property
    def is_online(self):
        return self.attendance in (self.Attendance.ONLINE, self.Attendance.HYBRID)

    @property
    def is_on_site(self):
        return self.attendance in (self.Attendance.ON_SITE, self.Attendance.HYBRID)

    @property
    def address(self):
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def location_text(self):
        """The event's place in one line; empty when only its sessions have one."""
        parts = []
        if self.is_on_site:
            parts = [part for part in (self.venue, self.address) if part]
        if self.is_online:
            parts.append(str(_("online")))
        return ", ".join(parts)

    @property
    def place_summary(self):
        """Short place for cards: the city, the host locations' cities, or "online"."""
        cities = []
        if self.is_on_site:
            if self.city:
                cities.append(self.city)
            for session in self.host_sessions:
                city = session.effective_city
                if city and city not in cities:
                    cities.append(city)
        if self.is_online:
            cities.append(str(_("online")))
        return ", ".join(cities)

    @cached_property
    def ordered_sessions(self):
        """Sessions in the editors' order, from a listing's prefetch when there is one."""
        if "sessions" in getattr(self, "_prefetched_objects_cache", {}):
            sessions = self.sessions.all()
        else:
            sessions = self.sessions.select_related("organisation", "theme")
        return sorted(sessions, key=lambda session: (session.sort_order or 0, session.pk or 0))

    @property
    def host_sessions(self):
        return [session for session in self.ordered_sessions if session.is_host_location]

    @property
    def breakout_sessions(self):
        return [session for session in self.ordered_sessions if not session.is_host_location]

    def live_reports(self):
        from .reports import ReportPage

        return ReportPage.objects.listing().filter(event_links__event=self).distinct()

    def follow_up_agreements(self):
        """Agreements to check at this meeting.

        Those that name this event, and those with a follow-up date made at the
        meeting this one follows up (in its live reports).
        """
        from .reports import ReportAgreement

        chosen = models.Q(follow_up_event=self)
        if self.follows_up_id:
            chosen |= models.Q(
                follow_up_event__isnull=True,
                follow_up_date__isnull=False,
                report__event_links__event_id=self.follows_up_id,
            )
        from .reports import ReportPage

        public_reports = ReportPage.objects.live().public().values("pk")
        return (
            ReportAgreement.objects.filter(chosen, report__in=public_reports)
            .select_related("report")
            .order_by("follow_up_date", "pk")
            .distinct()
        )

    def get_context(self, request, *args, **kwargs):
        from events import feeds, links

        context = super().get_context(request, *args, **kwargs)
        if getattr(self, "_memo_routed", False):  # the live page (a preview keeps its own)
            self._use_remembered_tags()
        calendar_file_url = calendar_path(self.get_url(request) or self.url_path)

        def calendar_links():
            return [
                {
                    "entry": entry,
                    # An estafette: a file per host location, never all at once.
                    "ics": f"{calendar_file_url}?locatie={entry.session.pk}"
                    if entry.session is not None
                    else calendar_file_url,
                    "google": links.google_calendar_url(entry),
                    "outlook": links.outlook_url(entry),
                }
                for entry in feeds.calendar_entries(self, request=request)
            ]

        follow_up_links = SimpleLazyObject(self._follow_up_links)
        # Read when the template first uses them: a live page renders these parts once
        # per content version ({% fragment %} in pages/event_page.html).
        context.update(
            calendar_file_url=calendar_file_url,
            calendar_links=SimpleLazyObject(calendar_links),
            reports=SimpleLazyObject(lambda: list(self.live_reports())),
            agreements=SimpleLazyObject(lambda: list(self.follow_up_agreements())),
            follow_ups=SimpleLazyObject(lambda: follow_up_links["follow_ups"]),
            follows_up=SimpleLazyObject(lambda: follow_up_links["follows_up"]),
        )
        return context

    TAGS = ("themes", "regions", "audiences")

    def _use_remembered_tags(self):
        """Tags and organiser as published, held per process until the next change."""

        def load():
            models.prefetch_related_objects([self], *self.TAGS)
            tags = {name: list(getattr(self, name).all()) for name in self.TAGS}
            return tags, self.organiser

        tags, organiser = memo.remembered(("event_tags", self.pk), load)
        cache = self.__dict__.setdefault("_prefetched_objects_cache", {})
        for name, values in tags.items():
            queryset = getattr(self, name).all()
            queryset._result_cache = list(values)
            queryset._prefetch_done = True
            cache[name] = queryset
        self.organiser = organiser

    def _follow_up_links(self):
        """The meeting this one follows up and those that follow it up, in one query."""
        related = models.Q(follows_up=self)
        if self.follows_up_id:
            related |= models.Q(pk=self.follows_up_id)
        pages = list(EventPage.objects.live().public().filter(related).order_by("start", "pk"))
        return {
            "follow_ups": [page for page in pages if page.follows_up_id == self.pk],
            "follows_up": next((page for page in pages if page.pk == self.follows_up_id), None),
        }
