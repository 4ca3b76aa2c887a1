"""The agenda: events with their sessions (onderdelen), and the reports (verslagen) after them.

Page tree::

    HomePage
    └── AgendaPage ("Agenda", /agenda/, one per site)
        ├── EventPage (/agenda/<slug>/), with EventSession rows inline
        └── ReportPage (/agenda/<slug>/), linked to one or more events

Reports live beside the events under the agenda page: they belong to the same
archive, share its filters' vocabulary, and the agenda lists the latest of them.
"""

from .pages import AgendaPage, EventPage
from .reports import ReportAgreement, ReportEventLink, ReportPage
from .sessions import EventSession
from .withdrawn import WithdrawnCalendarEntry

__all__ = [
    "AgendaPage",
    "EventPage",
    "EventSession",
    "ReportAgreement",
    "ReportEventLink",
    "ReportPage",
    "WithdrawnCalendarEntry",
]
