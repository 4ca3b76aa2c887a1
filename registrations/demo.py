"""Demo registrations: registration opens on the upcoming demo events.

``load(stdout=None)`` runs after ``events.demo`` in ``manage.py load_demo``:

* every upcoming event gets registration settings (waitlist, places offered for
  48 hours, a reminder two days before); the host locations and break-outs keep
  the capacities the events demo gave them;
* some places are taken by fictional participants (addresses at example.nl);
* on the first upcoming inspiratie-estafette one host location has four places,
  all taken, with two people on its waitlist;
* an invitation-only workshop, on site and online, with three invitations sent.

Settings go through a page revision, as an editor's would, so a later edit in the
admin keeps them. Running it again adds nothing: events that already have
registration settings are left alone.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext

from events.models import AgendaPage, EventPage, EventSession
from registrations import services
from registrations.models import RegistrationSettings
from website.models import Organisation, Region

WORKSHOP_SLUG = "workshop-onderwijszorgarrangementen-op-uitnodiging"
ONLINE_LINK = "https://meet.example.nl/samenspel-demo"

PEOPLE = (
    ("Anouk de Boer", "Gemeente Alkmaar", "Beleidsmedewerker jeugd"),
    ("Youssef Benali", "SWV Passend Primair", "Orthopedagoog"),
    ("Marieke Visser", "Basisschool De Wilgen", "Intern begeleider"),
    ("Sander Mulder", "Jeugdhulp Noord", "Teamleider"),
    ("Priya Ramdin", "Gemeente Zwolle", "Wethouder onderwijs"),
    ("Tom Hendriks", "Praktijkschool Het Baken", "Schoolleider"),
    ("Ilse Bakker", "SWV VO Amstelland", "Consulent passend onderwijs"),
    ("Kees van Dijk", "Leerplicht regio Flevoland", "Leerplichtambtenaar"),
    ("Fatma Yilmaz", "Gemeente Dronten", "Beleidsadviseur"),
    ("Joris Smit", "Cordaan Jeugd", "Jeugdspecialist"),
)


def _people(start, count, tag):
    for number in range(start, start + count):
        name, organisation, job = PEOPLE[number % len(PEOPLE)]
        local = name.lower().replace(" ", ".")
        yield name, f"{local}.{tag}{number}@example.nl", organisation, job


def _publish_with_settings(event, registration, capacities=None):
    """Add registration settings (and capacities) to the latest revision and publish."""
    page = event.get_latest_revision_as_object()
    page.registration_settings = [RegistrationSettings(**registration)]
    if capacities:
        sessions = list(page.sessions.all())
        for session in sessions:
            if session.pk in capacities:
                session.capacity = capacities[session.pk]
        page.sessions = sessions
    page.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


def _register(event, session, people, attendance="op-locatie"):
    region = Region.objects.filter(kind=Region.Kind.JEUGDZORGREGIO).first()
    for name, email, organisation, job in people:
        services.register(
            event,
            services.Registrant(
                name=name,
                email=email,
                organisation=organisation,
                job_title=job,
                region=region,
                session=session,
                attendance=attendance,
                lunch=bool(session and session.lunch),
                wants_report=True,
            ),
            privacy_version="demo",
        )


def _sessions(event):
    return list(EventSession.objects.filter(page=event).order_by("sort_order", "pk"))


def _workshop(agenda, today):
    existing = EventPage.objects.child_of(agenda).filter(slug=WORKSHOP_SLUG).first()
    if existing is not None:
        return None
    day = today + datetime.timedelta(days=42)
    day += datetime.timedelta(days=(3 - day.weekday()) % 7)  # a Thursday
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 30)), tz)
    organiser = Organisation.objects.filter(kind=Organisation.Kind.SAMENWERKINGSVERBAND).first()
    workshop = EventPage(
        title="Workshop onderwijszorgarrangementen (op uitnodiging)",
        slug=WORKSHOP_SLUG,
        kind=EventPage.Kind.WORKSHOP,
        start=start,
        end=start + datetime.timedelta(hours=3),
        attendance=EventPage.Attendance.HYBRID,
        venue="Stadskantoor",
        street="Stadsplateau 1",
        postcode="3521 AZ",
        city="Utrecht",
        online_note="Ook online te volgen; de link krijgt u na aanmelding.",
        intro=(
            "Een werkmiddag voor trekkers van de inspiratieregio's: we bouwen samen aan "
            "een arrangement waarin onderwijs en zorg elkaar versterken. Deelname op "
            "uitnodiging."
        ),
        organiser=organiser,
        contact_email="info@samenspel.nl",
        live=False,
    )
    workshop.registration_settings = [
        RegistrationSettings(
            invitation_only=True,
            capacity=16,
            allow_colleagues=False,
            online_link=ONLINE_LINK,
            online_instructions="Log vijf minuten van tevoren in; camera aan als het kan.",
            on_site_instructions=(
                "Het stadskantoor ligt naast Utrecht Centraal. Meld u bij de balie."
            ),
        )
    ]
    agenda.add_child(instance=workshop)
    workshop.save_revision().publish()
    workshop = EventPage.objects.get(pk=workshop.pk)
    services.invite(
        workshop,
        [email for _, email, _, _ in _people(0, 3, "uitnodiging")],
        message="We zouden uw ervaring met arrangementen graag horen.",
    )
    people = list(_people(3, 2, "uitnodiging"))
    for person in people:
        invitation, _ = services.invite(workshop, [person[1]])
        _register_invited(workshop, invitation[0], person)
    return workshop


def _register_invited(event, invitation, person):
    name, email, organisation, job = person
    services.register(
        event,
        services.Registrant(name=name, email=email, organisation=organisation, job_title=job),
        invitation=invitation,
        privacy_version="demo",
    )


def load(stdout=None, today=None):
    agenda = AgendaPage.objects.first()
    if agenda is None:
        return {"events": 0}
    today = today or timezone.localdate()
    now = timezone.now()
    upcoming = (
        EventPage.objects.child_of(agenda)
        .live()
        .filter(start__gt=now)
        .exclude(slug=WORKSHOP_SLUG)
        .order_by("start", "pk")
    )
    opened = 0
    full_done = RegistrationSettings.objects.exists()
    for event in upcoming:
        if RegistrationSettings.objects.filter(event_id=event.pk).exists():
            continue
        sessions = _sessions(event)
        is_estafette = event.kind == EventPage.Kind.INSPIRATIE_ESTAFETTE
        capacities = {}
        make_full = is_estafette and sessions and not full_done
        if make_full:
            capacities[sessions[0].pk] = 4
        event = _publish_with_settings(
            event, {"waitlist": True, "online_link": ONLINE_LINK}, capacities
        )
        sessions = _sessions(event)
        if make_full:
            _register(event, sessions[0], _people(0, 6, "vol"))
            full_done = True
        if opened < 4:
            for index, session in enumerate(sessions[1:] if make_full else sessions):
                _register(event, session, _people(index * 3 + opened, 2 + index, f"e{event.pk}"))
            if not sessions:
                _register(event, None, _people(opened, 3, f"e{event.pk}"))
        opened += 1
    workshop = _workshop(agenda, today)
    if stdout is not None:
        stdout.write(
            gettext("Registrations: opened on %(count)d events%(workshop)s.")
            % {
                "count": opened,
                "workshop": gettext(", plus an invitation-only workshop") if workshop else "",
            }
        )
    return {"events": opened, "workshop": workshop is not None}
