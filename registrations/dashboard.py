"""The "Registrations" panel on the admin's home page.

For the upcoming events a user may see (see :mod:`registrations.permissions`): a
fill bar per session with its text ("12 van 20 plaatsen bezet"), and the
registrations received over the last 30 days as a chart drawn on the server (SVG
with a title, a description and the figures as text). No chart service, no script.

Everything is read in a fixed number of queries, however many events are shown.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncDate
from django.utils import timezone
from wagtail.admin.ui.components import Component

from events.models import EventSession
from registrations import organiser, permissions, services
from registrations.models import Registration, RegistrationSettings

MAX_EVENTS = 8
CHART_DAYS = 30

# Drawing area of the chart, in SVG units.
WIDTH, HEIGHT = 600, 180
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 28


@dataclass
class EventRow:
    event: object
    settings_row: object
    counts: list  # SessionCount per session, then the whole event

    @property
    def sessions(self):
        return self.counts[:-1]

    @property
    def total(self):
        return self.counts[-1]


@dataclass
class Chart:
    days: list  # (date, received that day, cumulative)
    before: int
    # SVG numbers as text, so no language setting can put a decimal comma in them.
    view_box: str = f"0 0 {WIDTH} {HEIGHT}"
    grid_left: str = str(LEFT)
    grid_right: str = str(WIDTH - RIGHT)
    label_x: str = str(LEFT - 6)
    label_y: str = str(HEIGHT - 8)
    points: str = ""
    area: str = ""
    y_ticks: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)

    @property
    def received(self):
        return sum(day[1] for day in self.days)

    @property
    def total(self):
        return self.days[-1][2] if self.days else self.before

    @property
    def busiest(self):
        return max(self.days, key=lambda day: day[1]) if self.received else None

    @property
    def active_days(self):
        return [day for day in self.days if day[1]]


def upcoming_rows(user, now=None, limit=MAX_EVENTS):
    """The next events ``user`` may see, with counts per session (fixed query count)."""
    now = now or timezone.now()
    events = list(
        permissions.visible_events(user)
        .filter(end__gte=now, pk__in=RegistrationSettings.objects.values("event_id"))
        .order_by("start", "pk")
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=EventSession.objects.select_related("organisation", "theme"),
            )
        )[:limit]
    )
    ids = [event.pk for event in events]
    if not ids:
        return []
    settings_rows = {
        row.event_id: row for row in RegistrationSettings.objects.filter(event_id__in=ids)
    }
    places = services.place_counts(ids)
    statuses = organiser.status_counts(ids)
    rows = []
    for event in events:
        settings_row = settings_rows.get(event.pk)
        if settings_row is not None:
            settings_row.event = event  # is_open() reads the event: no query per row
        counts = organiser.session_counts(
            event, event.ordered_sessions, settings_row, places[event.pk], statuses[event.pk]
        )
        rows.append(EventRow(event, settings_row, counts))
    return rows


def received_per_day(event_ids, today=None, days=CHART_DAYS):
    """Registrations received per day over the last ``days`` days, and cumulative."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    rows = Registration.objects.filter(event_id__in=event_ids)
    before = rows.filter(created_at__lt=start).count()
    per_day = dict(
        rows.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    result, running = [], before
    for offset in range(days):
        day = first + timedelta(days=offset)
        received = per_day.get(day, 0)
        running += received
        result.append((day, received, running))
    return result, before


def _nice_top(value):
    """A round upper bound for the y axis (5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, …)."""
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * magnitude:
            return int(step * magnitude)
    return value


def _number(value):
    """An SVG coordinate: always with a full stop, whatever the language's decimal mark."""
    return f"{value:.1f}"


def draw(days, before):
    chart = Chart(days=days, before=before)
    if not days:
        return chart
    top = _nice_top(max(day[2] for day in days))
    inner_w = WIDTH - LEFT - RIGHT
    inner_h = HEIGHT - TOP - BOTTOM
    step = inner_w / max(1, len(days) - 1)

    def x(index):
        return _number(LEFT + index * step)

    def y(value):
        return _number(TOP + inner_h - inner_h * value / top)

    points = [f"{x(i)},{y(day[2])}" for i, day in enumerate(days)]
    chart.points = " ".join(points)
    base = _number(TOP + inner_h)
    chart.area = f"{x(0)},{base} " + chart.points + f" {x(len(days) - 1)},{base}"
    chart.y_ticks = [{"y": y(value), "label": value} for value in (0, top // 2, top)]
    last = len(days) - 1
    chart.x_ticks = [
        {
            "x": x(i),
            "day": days[i][0],
            "anchor": "start" if i == 0 else "end" if i == last else "middle",
        }
        for i in sorted({0, last // 2, last})
    ]
    return chart


class RegistrationsPanel(Component):
    name = "registrations"
    order = 90
    template_name = "registrations/admin/dashboard_panel.html"

    class Media:
        css = {"all": ["registrations/admin.css"]}

    def __init__(self, request, now=None):
        self.request = request
        self.now = now

    def get_context_data(self, parent_context):
        rows = upcoming_rows(self.request.user, self.now)
        today = timezone.localdate(self.now) if self.now else timezone.localdate()
        chart = None
        if rows:
            days, before = received_per_day([row.event.pk for row in rows], today)
            chart = draw(days, before)
        return {
            "rows": rows,
            "chart": chart,
            "chart_days": CHART_DAYS,
            "request": self.request,
        }


def panel_for(request):
    """The panel, or ``None`` for users who see no event's registrations."""
    if not permissions.has_any_event(request.user):
        return None
    return RegistrationsPanel(request)
