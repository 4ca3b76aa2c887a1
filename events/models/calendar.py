"""Stable calendar identity (UID) and a SEQUENCE that rises when it matters.

Calendar clients keep an entry by its UID and replace it when a newer SEQUENCE
arrives. So the UID must never change (not on edit, move or copy-back from a
revision) and SEQUENCE must rise exactly when date, time, place or status of a
*published* event changes.

How:

* ``ical_uid``/``uid``, ``ical_sequence`` and ``ical_fingerprint`` are not editable
  and are always re-read from the database row before a full save. Revisions
  (drafts, scheduled publishing, reverting) carry stale copies of them in their
  JSON; those copies are ignored, so publishing an old revision can never lower
  the sequence or swap the UID.
* ``ical_fingerprint`` is a hash of what a calendar shows (start, end, all day,
  place, status) at the last save while live. A later live save with a different
  hash raises ``ical_sequence`` by one. The first publication only records it.
* Times are hashed in UTC and days are taken in Amsterdam, whatever time zone the
  request runs in: Wagtail runs admin views in the editor's own time zone, and a
  text-only edit by an editor abroad must not look like a move.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

CALENDAR_FIELDS = ("ical_sequence", "ical_fingerprint")

#: Every meeting of the network happens in the Netherlands.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local_day(value):
    """The date of ``value`` in Amsterdam."""
    return timezone.localtime(value, AMSTERDAM).date()


def fingerprint(*parts):
    text = "\x1f".join(_fingerprint_part(part) for part in parts)
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def next_sequence(stored_fingerprint, stored_sequence, new_fingerprint):
    """The sequence to store for ``new_fingerprint`` when the object is live."""
    if stored_fingerprint and stored_fingerprint != new_fingerprint:
        return stored_sequence + 1
    return stored_sequence


def _fingerprint_part(part):
    if part is None:
        return ""
    if isinstance(part, datetime):
        return part.astimezone(UTC).isoformat()
    return str(part)


@dataclass(frozen=True)
class EntrySource:
    """What one calendar entry of an event shows (the feeds add descriptions and links)."""

    uid: str
    sequence: int
    summary: str
    start: datetime
    end: datetime
    all_day: bool
    location: str
    session: object = None


def entry_sources(event):
    """The calendar entries ``event`` gives, by UID, in order.

    One per host location when it has them (each has its own time and place),
    otherwise one for the event itself.
    """
    hosts = event.host_sessions
    if not hosts:
        entry = EntrySource(
            uid=str(event.ical_uid),
            sequence=event.ical_sequence,
            summary=event.title,
            start=event.start,
            end=event.end,
            all_day=event.all_day,
            location=event.location_text,
        )
        return {entry.uid: entry}
    return {
        str(session.uid): EntrySource(
            uid=str(session.uid),
            sequence=session.ical_sequence,
            summary=f"{event.title}: {session.display_title}",
            start=session.start,
            end=session.end,
            all_day=event.all_day,
            location=session.location_text,
            session=session,
        )
        for session in hosts
    }
