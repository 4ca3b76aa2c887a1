"""The agenda's archive, paged by the last meeting seen (keyset pagination).

"Earlier meetings" carries the start and id of the page's last card
(``?archief-voor=20180518T090000Z_123``), "Later meetings" those of its first
(``?archief-na=…``). Each page is then one range read on the index on
``(start, page_ptr_id)``, ``(start, pk) < (x, y) ORDER BY start DESC, pk DESC``, as
cheap on the last page as on the first; ``OFFSET`` had to walk past every earlier row.

Old numbered links (``?archief=2``) still work up to :data:`MAX_NUMBER`, where ``OFFSET``
costs little; a higher number, a bad or tampered cursor, or one that no longer finds a
meeting gives the first page of the archive.
"""

import re
from datetime import UTC, datetime

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

BEFORE = "archief-voor"
AFTER = "archief-na"
NUMBER = "archief"
PARAMETERS = (BEFORE, AFTER, NUMBER)
MAX_NUMBER = 5
CURSOR = re.compile(r"([0-9]{8}T[0-9]{6})(?:\.([0-9]{6}))?Z_([0-9]{1,10})", re.ASCII)


def cursor(event):
    """The text that marks ``event``'s place in the archive: its start in UTC, then its id."""
    moment = event.start.astimezone(UTC)
    text = moment.strftime("%Y%m%dT%H%M%S")
    if moment.microsecond:
        text += f".{moment.microsecond:06d}"
    return f"{text}Z_{event.pk}"


def parse_cursor(value):
    """``(start, pk)`` from a cursor, or None when it is not one."""
    match = CURSOR.fullmatch(value or "")
    if not match:
        return None
    pk = int(match[3])
    if not pk:
        return None
    try:
        moment = datetime.strptime(match[1], "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    return moment.replace(microsecond=int(match[2] or 0), tzinfo=UTC), pk


def parse_number(value):
    """A page number from 2 to :data:`MAX_NUMBER`, or None."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and 2 <= int(value) <= MAX_NUMBER:
        return int(value)
    return None


class ArchivePage:
    """One page of the archive: its meetings and the addresses of the pages around it."""

    def __init__(self, request, events, count, earlier, later):
        self.object_list = events
        self.count = count
        self.earlier_url = self._url(request, BEFORE, events[-1]) if earlier and events else ""
        self.later_url = self._url(request, AFTER, events[0]) if later and events else ""
        self.newest_url = self._url(request) if later else ""

    @staticmethod
    def _url(request, parameter=None, event=None):
        """This address with the archive's parameters replaced (filters and the other list kept)."""
        query = request.GET.copy()
        for name in PARAMETERS:
            query.pop(name, None)
        if parameter:
            query[parameter] = cursor(event)
        return "?" + query.urlencode() if query else request.path

    @property
    def has_other_pages(self):
        return bool(self.earlier_url or self.later_url)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)


def earlier_than(past, position):
    """The meetings of ``past`` before ``position`` (a parsed cursor), newest first."""
    return past.filter(TupleLessThan(Tuple(F("start"), F("pk")), position))


def later_than(past, position):
    """The meetings of ``past`` after ``position``, oldest first."""
    return past.filter(TupleGreaterThan(Tuple(F("start"), F("pk")), position)).reverse()


def archive_page(request, past, per_page, count):
    """The page of ``past`` (newest first, by ``-start, -pk``) the request asks for."""
    query = request.GET
    before = parse_cursor(query.get(BEFORE)) if AFTER not in query else None
    after = parse_cursor(query.get(AFTER)) if BEFORE not in query else None
    number = parse_number(query.get(NUMBER)) if not (before or after) else None
    if before:
        events = list(earlier_than(past, before)[: per_page + 1])
        earlier, later = len(events) > per_page, True
        events = events[:per_page]
    elif after:
        events = list(later_than(past, after)[: per_page + 1])
        earlier, later = True, len(events) > per_page
        events = events[:per_page][::-1]
    elif number and (number - 1) * per_page < count:
        offset = (number - 1) * per_page
        events = list(past[offset : offset + per_page + 1])
        earlier, later = len(events) > per_page, True
        events = events[:per_page]
    else:
        events = []
    if not events:  # the first page, or a cursor or number that found nothing
        events = list(past[: per_page + 1])
        earlier, later = len(events) > per_page, False
        events = events[:per_page]
    return ArchivePage(request, events, count, earlier, later)
