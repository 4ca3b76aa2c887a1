"""Demo communities: the eleven inspiratieregio's and the community of practice on
onderwijszorgarrangementen (OZA), with members, messages, documents and events.

``load(stdout=None)`` runs last in ``manage.py load_demo``. The seeds speak of "de 11
inspiratieregio's" and name Noord-Kennemerland, Haaglanden and Nieuwe Waterweg Noord;
the other eight names are demo choices among the youth-care regions. All people are
fictional (addresses at example.nl). Running it again adds nothing: a group that exists
is left as it is.
"""

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Site

from communities import services
from communities.models import (
    CommunityEvent,
    CommunityIndexPage,
    CommunityPage,
    Membership,
    Profile,
)
from events.models import AgendaPage, EventPage
from registrations.models import RegistrationSettings
from website.demo.documents import make_pdf
from website.models import Region, Theme

INDEX_SLUG = "communities"
OZA_SLUG = "cop-onderwijszorgarrangementen"
MEMBERS_ONLY_EVENT_SLUG = "intervisie-cop-onderwijszorgarrangementen"

REGIONS = (
    # (group title, region name in the taxonomy, trekker)
    ("Noord-Kennemerland", "Inspiratieregio Noord-Kennemerland", "Anouk de Boer"),
    ("Haaglanden", "Inspiratieregio Haaglanden", "Youssef Benali"),
    ("Nieuwe Waterweg Noord", "Inspiratieregio Nieuwe Waterweg Noord", "Karin Verhoef"),
    ("Amsterdam-Amstelland", "Amsterdam-Amstelland", "Ilse Bakker"),
    ("Flevoland", "Flevoland", "Kees van Dijk"),
    ("Rijk van Nijmegen", "Rijk van Nijmegen", "Sander Mulder"),
    ("Groningen", "Groningen", "Marieke Visser"),
    ("Rotterdam Rijnmond", "Rotterdam Rijnmond", "Bas Lammers"),
    ("Twente", None, "Lotte Jansen"),
    ("Zuid-Limburg", None, "Ruud Hermans"),
    ("Utrecht Stad", None, "Esra Kaya"),
)

PEOPLE = {
    # name: (organisation, function, region name)
    "Anouk de Boer": ("Gemeente Alkmaar", "Beleidsmedewerker jeugd", "Noord-Kennemerland"),
    "Youssef Benali": ("SWV Passend Primair", "Orthopedagoog", "Haaglanden"),
    "Karin Verhoef": ("SWV Nieuwe Waterweg Noord", "Directeur", "Rotterdam Rijnmond"),
    "Ilse Bakker": ("SWV VO Amstelland", "Consulent passend onderwijs", "Amsterdam-Amstelland"),
    "Kees van Dijk": ("Leerplicht regio Flevoland", "Leerplichtambtenaar", "Flevoland"),
    "Sander Mulder": ("Jeugdhulp Noord", "Teamleider", "Rijk van Nijmegen"),
    "Marieke Visser": ("Basisschool De Wilgen", "Intern begeleider", "Groningen"),
    "Bas Lammers": ("Gemeente Vlaardingen", "Ketenregisseur", "Rotterdam Rijnmond"),
    "Lotte Jansen": ("Gemeente Enschede", "Beleidsadviseur onderwijs", None),
    "Ruud Hermans": ("SWV Heuvelland", "Coördinator thuiszitters", None),
    "Esra Kaya": ("Gemeente Utrecht", "Programmamanager jeugd", None),
    "Priya Ramdin": ("Gemeente Zwolle", "Wethouder onderwijs", None),
    "Tom Hendriks": ("Praktijkschool Het Baken", "Schoolleider", None),
    "Fatma Yilmaz": ("Gemeente Dronten", "Beleidsadviseur", "Flevoland"),
    "Joris Smit": ("Cordaan Jeugd", "Jeugdspecialist", "Amsterdam-Amstelland"),
}

OZA_MEMBERS = ("Fatma Yilmaz", "Joris Smit", "Tom Hendriks", "Priya Ramdin", "Karin Verhoef")

OZA_POSTS = (
    (
        "Joris Smit",
        "Wie betaalt wat bij een arrangement op school?",
        "<p>Bij ons loopt een arrangement waarin een jeugdhulpverlener twee dagen per week "
        "in de klas meewerkt. De vraag waar onderwijs ophoudt en zorg begint, komt steeds "
        "terug. Hoe hebben jullie de verdeling van de kosten vastgelegd?</p>",
        (
            (
                "Fatma Yilmaz",
                "<p>Wij werken met één gezamenlijk budget per arrangement en "
                "een jaarlijkse afrekening; dat scheelt veel discussie per leerling.</p>",
            ),
            (
                "Priya Ramdin",
                "<p>Bij ons staat het in de regionale afspraken met het "
                "samenwerkingsverband. Ik deel de afspraken graag als document.</p>",
            ),
        ),
        "Afspraken arrangementen (voorbeeld)",
    ),
    (
        "Karin Verhoef",
        "Overzicht van onderzoeken naar OZA's",
        "<p>Tijdens de werksessie van juni werd gevraagd om één overzicht van wat de "
        "onderzoeken over onderwijszorgarrangementen opleveren. Ik verzamel titels: "
        "<strong>zet hieronder wat u kent</strong>, dan maken we er samen een lijst van.</p>",
        (("Tom Hendriks", "<p>Ik ken de monitor van het NJi; die mist nog in de lijst.</p>"),),
        None,
    ),
)

REGION_POST = (
    "Terugblik op de werksessie",
    "<p>Fijn dat we in juni weer bij elkaar zaten. Wie neemt de afspraken over "
    "thuiszitters mee naar het volgende overleg met de gemeenten?</p>",
)


def _person(name):
    User = get_user_model()
    email = name.lower().replace(" ", ".") + ".cop@example.nl"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    organisation, function, region = PEOPLE[name]
    Profile.objects.get_or_create(
        user=user,
        defaults={
            "name": name,
            "organisation": organisation,
            "job_title": function,
            "region": Region.objects.filter(name=region).first() if region else None,
        },
    )
    return user


def _publish(page):
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def _index(home):
    index = CommunityIndexPage.objects.first()
    if index is not None:
        return index
    index = CommunityIndexPage(
        title="Communities",
        slug=INDEX_SLUG,
        intro=(
            "Groepen waarin deelnemers van het netwerk elkaar tussen de bijeenkomsten door "
            "treffen: de inspiratieregio's en themagroepen. Lid worden kan met een account."
        ),
        show_in_menus=True,
        live=False,
    )
    home.add_child(instance=index)
    return _publish(index)


def _group(index, slug, **fields):
    existing = CommunityPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    group = CommunityPage(slug=slug, live=False, **fields)
    index.add_child(instance=group)
    return _publish(group), True


def _document(group, user, title, paragraphs):
    data = make_pdf(title, paragraphs)
    name = title.lower().replace(" ", "-").replace("(", "").replace(")", "") + ".pdf"
    return SimpleUploadedFile(name, data, content_type="application/pdf"), title


def _members_only_event(agenda):
    existing = EventPage.objects.child_of(agenda).filter(slug=MEMBERS_ONLY_EVENT_SLUG).first()
    if existing is not None:
        return existing
    day = timezone.localdate() + datetime.timedelta(days=24)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 30)))
    event = EventPage(
        title="Intervisie COP onderwijszorgarrangementen",
        slug=MEMBERS_ONLY_EVENT_SLUG,
        kind=EventPage.Kind.NETWERKBIJEENKOMST,
        start=start,
        end=start + datetime.timedelta(hours=1, minutes=30),
        attendance=EventPage.Attendance.ONLINE,
        online_note="Online; de link krijgt u na uw aanmelding.",
        intro=(
            "Leden van de COP bespreken elkaars arrangementen: wat werkt, waar loopt u vast, "
            "en wie kan helpen. Alleen voor leden van de groep."
        ),
        live=False,
    )
    event.themes = list(Theme.objects.filter(slug__startswith="onderwijszorgarrangementen"))
    event.registration_settings = [RegistrationSettings(capacity=20)]
    agenda.add_child(instance=event)
    return _publish(event)


def load(stdout=None):
    home = Site.objects.get(is_default_site=True).root_page.specific
    agenda = AgendaPage.objects.first()
    created = 0
    with transaction.atomic():
        index = _index(home)
        upcoming_sessions = (
            list(
                EventPage.objects.live()
                .filter(kind=EventPage.Kind.WERKSESSIE, start__gt=timezone.now())
                .order_by("start")[:2]
            )
            if agenda
            else []
        )
        for title, region_name, trekker_name in REGIONS:
            slug = "inspiratieregio-" + title.lower().replace(" ", "-")
            group, new = _group(
                index,
                slug,
                title=f"Inspiratieregio {title}",
                kind=CommunityPage.Kind.INSPIRATIEREGIO,
                region=Region.objects.filter(name=region_name).first() if region_name else None,
                policy=CommunityPage.Policy.APPROVAL,
                intro=(
                    f"Onderwijs, gemeenten en jeugdhulp in {title} leren van elkaar tussen de "
                    "werksessies door."
                ),
                description=(
                    "<p>Een van de elf inspiratieregio's van het netwerk. Leden delen wat werkt "
                    "in de samenwerking tussen onderwijs en jeugdhulp, bereiden de werksessies "
                    "voor en spreken af wie wat oppakt.</p>"
                ),
            )
            if not new:
                continue
            created += 1
            trekker = _person(trekker_name)
            services.enrol(group, trekker, role=Membership.Role.TREKKER)
            if upcoming_sessions:
                group.community_events = [
                    CommunityEvent(event=event, members_only=False, sort_order=number)
                    for number, event in enumerate(upcoming_sessions)
                ]
                group = _publish(group)
            if title in ("Noord-Kennemerland", "Flevoland"):
                member = _person("Fatma Yilmaz" if title == "Flevoland" else "Priya Ramdin")
                services.enrol(group, member, notify=Membership.Notify.DAILY)
                post = services.create_post(group, trekker, *REGION_POST)
                services.create_reply(post, member, "<p>Dat doe ik; ik zet het op de agenda.</p>")

        oza, new = _group(
            index,
            OZA_SLUG,
            title="COP Onderwijszorgarrangementen",
            kind=CommunityPage.Kind.THEMA,
            theme=Theme.objects.filter(slug__startswith="onderwijszorgarrangementen").first(),
            policy=CommunityPage.Policy.APPROVAL,
            intro=(
                "De community of practice over onderwijszorgarrangementen (OZA), ontstaan op "
                "de werksessie van 17 juni 2021."
            ),
            description=(
                "<p>Voor wie werkt aan arrangementen waarin onderwijs en zorg samen één aanbod "
                "vormen: in de school of op een zorglocatie. We wisselen voorbeelden uit, "
                "zoeken uit wie wat betaalt en houden bij wat onderzoek oplevert.</p>"
            ),
        )
        if new:
            created += 1
            trekker = _person("Ilse Bakker")
            services.enrol(oza, trekker, role=Membership.Role.TREKKER)
            people = {name: _person(name) for name in OZA_MEMBERS}
            for number, user in enumerate(people.values()):
                services.enrol(oza, user, listed=number % 3 != 2)
            for author, title, body, replies, attachment in OZA_POSTS:
                post = services.create_post(oza, people[author], title, body)
                for reply_author, reply in replies:
                    services.create_reply(post, people[reply_author], reply)
                if attachment:
                    upload, doc_title = _document(
                        oza,
                        people[author],
                        attachment,
                        [
                            "Voorbeeld van afspraken tussen gemeente en samenwerkingsverband "
                            "over onderwijszorgarrangementen.",
                            "1. Eén budget per arrangement. 2. Jaarlijkse afrekening. "
                            "3. Een vaste contactpersoon aan beide kanten.",
                        ],
                    )
                    services.add_document(oza, people[author], upload, doc_title, post=post)
            upload, doc_title = _document(
                oza,
                trekker,
                "Werkagenda COP OZA",
                [
                    "Wat de COP dit jaar wil doen: voorbeelden verzamelen, een overzicht van "
                    "onderzoek maken en twee intervisiemomenten houden."
                ],
            )
            services.add_document(oza, trekker, upload, doc_title)
            if agenda:
                links = [
                    CommunityEvent(
                        event=_members_only_event(agenda), members_only=True, sort_order=0
                    )
                ]
                workshop = EventPage.objects.filter(
                    slug="workshop-onderwijszorgarrangementen-op-uitnodiging"
                ).first()
                if workshop:
                    links.append(CommunityEvent(event=workshop, members_only=False, sort_order=1))
                oza.community_events = links
                _publish(oza)
    if stdout is not None:
        stdout.write(
            gettext("Communities: %(created)d groups added (%(total)d in all).")
            % {"created": created, "total": CommunityPage.objects.count()}
        )
    return {"groups": created}
