"""Demo content for the agenda: the network's past meetings and a year of new ones.

``load(stdout=None)`` is called by ``manage.py load_demo`` after the website's own
demo content, and can run on its own (it creates the taxonomy rows it needs).
It is idempotent: pages are looked up by slug under the agenda and only created
when missing, so a second run adds nothing and never overwrites an editor's work.

The past meetings carry the facts of the network's own documents (dates, places,
organisations, themes); the texts are written for this demo. Start and end times
the documents do not give are chosen for the demo. Upcoming meetings are laid out
relative to today: an inspiratie-estafette on the last Friday of every month
outside the summer holiday and December, with two or three host locations, and a werksessie
every quarter.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from wagtail.models import Site
from wagtail.rich_text import RichText

from events.models import (
    AgendaPage,
    EventPage,
    EventSession,
    ReportAgreement,
    ReportEventLink,
    ReportPage,
)
from website.models import Audience, Organisation, Region, Theme

AGENDA_SLUG = "agenda"
Kind = EventPage.Kind
HOST = EventSession.Kind.HOST_LOCATION
BREAKOUT = EventSession.Kind.BREAKOUT

# Names as the website's taxonomy files spell them; created here when missing.
OZA = "Onderwijszorgarrangementen (OZA)"
THUISZITTERS = "Thuiszitters"
ONDERWIJS_JEUGDHULP = "Onderwijs-jeugdhulp"
REGIONAAL = "Regionale samenwerking"
OUDERS = "Ouderbetrokkenheid"
INCLUSIEF = "Inclusief onderwijs"
VERZUIM = "Verzuim"
VROEG = "Vroegsignalering"
BELEID = "Beleidsmedewerkers gemeente"
BESTUUR = "Wethouders en bestuurders"
SWV = "Samenwerkingsverbanden"
JEUGDHULP = "Jeugdhulpprofessionals"
SCHOOLLEIDERS = "Schoolleiders"

ORGANISATIONS = {
    # name: (kind, street, postcode, city)
    "Van Koetsveldschool": ("school", "Archimedesplantsoen 98", "1098 KB", "Amsterdam"),
    "Cordaan Jeugd": ("jeugdhulp", "", "", "Amsterdam"),
    "Praktijkonderwijs Dronten": ("school", "Educalaan 8a", "8251 GC", "Dronten"),
    "Gemeente Dronten": ("gemeente", "", "", "Dronten"),
    "PPO Noord-Kennemerland": ("samenwerkingsverband", "Hertog Aalbrechtweg 5", "", "Alkmaar"),
    "Gemeente Nijmegen": ("gemeente", "", "", "Nijmegen"),
    "SWV Nieuwe Waterweg Noord": ("samenwerkingsverband", "", "", "Vlaardingen"),
    "Samenwerkingsverband PO 20.01": ("samenwerkingsverband", "", "", "Groningen"),
    "Academische Werkplaats Samen op School": ("overig", "", "", "Almere"),
    "Nederlands Jeugdinstituut (NJi)": ("overig", "", "", "Utrecht"),
}
REGIONS = {
    # name: kind
    "Noord-Kennemerland": "jeugdzorgregio",
    "Amsterdam-Amstelland": "jeugdzorgregio",
    "Flevoland": "jeugdzorgregio",
    "Rijk van Nijmegen": "jeugdzorgregio",
    "Rotterdam Rijnmond": "jeugdzorgregio",
    "Groningen": "jeugdzorgregio",
    "Haaglanden": "jeugdzorgregio",
}


def named(model, name, **defaults):
    """The row with this name (any case), created when missing."""
    found = model.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    slug = slugify(name)[:150]
    found = model.objects.filter(slug=slug).first()
    return found or model.objects.create(name=name, slug=slug, **defaults)


def organisation(name):
    kind, street, postcode, city = ORGANISATIONS[name]
    return named(Organisation, name, kind=kind, street=street, postcode=postcode, city=city)


def region(name):
    return named(Region, name, kind=REGIONS.get(name, "jeugdzorgregio"))


def paragraphs(*texts):
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in texts]


def at(day, hour, minute=0):
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute)),
        timezone.get_current_timezone(),
    )


@dataclass
class SessionSpec:
    kind: str
    title: str = ""
    organisation: str = ""
    start: tuple = ()
    end: tuple = ()
    lunch: bool = False
    text: str = ""
    theme: str = ""
    online: bool = False
    room: str = ""
    capacity: int | None = None


@dataclass
class EventSpec:
    slug: str
    title: str
    kind: str
    day: datetime.date
    start: tuple
    end: tuple
    intro: str
    body: tuple = ()
    attendance: str = EventPage.Attendance.ON_SITE
    venue: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    online_note: str = ""
    themes: tuple = ()
    regions: tuple = ()
    audiences: tuple = ()
    organiser: str = ""
    contact_name: str = ""
    contact_email: str = ""
    sessions: tuple = ()
    follows_up: str = ""


@dataclass
class ReportSpec:
    slug: str
    title: str
    kind: str
    date: datetime.date
    events: tuple
    intro: str
    body: list = field(default_factory=list)
    agreements: tuple = ()
    themes: tuple = ()
    regions: tuple = ()
    author: str = ""


def outcome(title, theme="", goes_well=(), can_improve=(), building_blocks=()):
    return (
        "outcome",
        {
            "theme": named(Theme, theme) if theme else None,
            "title": title,
            "goes_well": "\n".join(goes_well),
            "can_improve": "\n".join(can_improve),
            "building_blocks": "\n".join(building_blocks),
        },
    )


def quote(text, attribution=""):
    return ("quote", {"text": text, "attribution": attribution})


# -- the network's meetings so far ------------------------------------------------------

VISION_MEETING = EventSpec(
    slug="visiebijeenkomst-noord-kennemerland-2016",
    title="Visiebijeenkomst kwetsbare kinderen en jongeren in Noord-Kennemerland",
    kind=Kind.VISIEBIJEENKOMST,
    day=datetime.date(2016, 10, 28),
    start=(13, 0),
    end=(17, 0),
    intro=(
        "Wethouders, onderwijsbestuurders en beleidsmedewerkers uit Noord-Kennemerland "
        "maken vier ambities uit hun gezamenlijke transformatieagenda concreet, aan de "
        "hand van situaties van echte kinderen."
    ),
    body=paragraphs(
        "Aan vier ronde tafels verkennen we wat er nodig is om kwetsbare kinderen en "
        "jongeren te geven wat ze nodig hebben: passend onderwijs, passende zorg en een "
        "passende opvoeding. Elke tafel eindigt met concrete acties en een trekker.",
    ),
    venue="Kantoor van de samenwerkingsverbanden po en vo/vso",
    city="Alkmaar",
    themes=(THUISZITTERS, OZA, ONDERWIJS_JEUGDHULP, REGIONAAL),
    regions=("Noord-Kennemerland",),
    audiences=(BESTUUR, BELEID, SWV),
    organiser="PPO Noord-Kennemerland",
    sessions=(
        SessionSpec(
            BREAKOUT, "Naadloze verbinding tussen jeugdhulp en onderwijs", theme=ONDERWIJS_JEUGDHULP
        ),
        SessionSpec(BREAKOUT, "Thuiszitten is geen optie", theme=THUISZITTERS),
        SessionSpec(BREAKOUT, "Onderwijszorgarrangementen", theme=OZA),
        SessionSpec(BREAKOUT, "Doelgroep- en populatiebenadering", theme=REGIONAAL),
    ),
)

VISION_FOLLOW_UP = EventSpec(
    slug="vervolgbijeenkomst-noord-kennemerland-2017",
    title="Vervolgbijeenkomst: hoe staat het met de afspraken?",
    kind=Kind.VERVOLGBIJEENKOMST,
    day=datetime.date(2017, 4, 28),
    start=(13, 0),
    end=(16, 0),
    intro=(
        "Een half jaar na de visiebijeenkomst kijken dezelfde bestuurders en "
        "beleidsmedewerkers samen naar wat er van de afspraken terechtkwam, en wat er "
        "nog nodig is."
    ),
    venue="Kantoor van de samenwerkingsverbanden po en vo/vso",
    city="Alkmaar",
    themes=(THUISZITTERS, OZA),
    regions=("Noord-Kennemerland",),
    audiences=(BESTUUR, BELEID, SWV),
    organiser="PPO Noord-Kennemerland",
    follows_up=VISION_MEETING.slug,
)

ESTAFETTE_MARCH_2018 = EventSpec(
    slug="inspiratie-estafette-23-maart-2018",
    title="Inspiratie-estafette 23 maart 2018: Amsterdam en Dronten",
    kind=Kind.INSPIRATIE_ESTAFETTE,
    day=datetime.date(2018, 3, 23),
    start=(11, 0),
    end=(14, 0),
    intro=(
        "Twee praktijken laten zien hoe onderwijs en jeugdhulp samen één aanbod maken: "
        "een school voor speciaal onderwijs in Amsterdam en de gemeente Dronten met haar "
        "partners."
    ),
    body=paragraphs(
        "Beleidsmedewerkers, bestuurders en coördinatoren van samenwerkingsverbanden "
        "kijken een ochtend mee in de keuken van een collega, stellen vragen en nemen "
        "ideeën mee naar de eigen regio. U kiest één van de twee locaties.",
    ),
    themes=(OZA, ONDERWIJS_JEUGDHULP),
    regions=("Amsterdam-Amstelland", "Flevoland"),
    audiences=(BELEID, BESTUUR, SWV),
    contact_email="info@samenspel.nl",
    sessions=(
        SessionSpec(
            HOST,
            organisation="Van Koetsveldschool",
            start=(11, 0),
            end=(14, 0),
            lunch=True,
            text=(
                "Openbaar speciaal onderwijs dat al jaren samenwerkt met Cordaan Jeugd, "
                "met zorg-onderwijsgroepen binnen de school."
            ),
            capacity=20,
        ),
        SessionSpec(
            HOST,
            title="Praktijkonderwijs Dronten",
            organisation="Praktijkonderwijs Dronten",
            start=(11, 0),
            end=(13, 30),
            lunch=True,
            text=(
                "De gemeente Dronten, het samenwerkingsverband po en vo en de jeugdhulp "
                "vertellen hoe zij onderwijszorgarrangementen samen inrichten, van "
                "toeleiding tot uitvoering."
            ),
            capacity=25,
        ),
    ),
)

ESTAFETTE_MAY_2018 = EventSpec(
    slug="inspiratie-estafette-18-mei-2018",
    title="Inspiratie-estafette 18 mei 2018: Amsterdam en Alkmaar",
    kind=Kind.INSPIRATIE_ESTAFETTE,
    day=datetime.date(2018, 5, 18),
    start=(9, 0),
    end=(14, 0),
    intro=(
        "Op vrijdag 18 mei openen de Van Koetsveldschool in Amsterdam en PPO "
        "Noord-Kennemerland in Alkmaar hun deuren."
    ),
    body=paragraphs(
        "In Alkmaar vertellen professionals uit de dagelijkse praktijk over de "
        "onderwijszorggroepen voor jonge kinderen en voor leerlingen van zeven tot "
        "twaalf jaar. In Amsterdam ziet u hoe school en jeugdzorg in één groep "
        "samenwerken.",
    ),
    themes=(OZA, ONDERWIJS_JEUGDHULP),
    regions=("Amsterdam-Amstelland", "Noord-Kennemerland"),
    audiences=(BELEID, BESTUUR, SWV),
    contact_email="info@samenspel.nl",
    sessions=(
        SessionSpec(
            HOST,
            organisation="Van Koetsveldschool",
            start=(11, 0),
            end=(14, 0),
            lunch=True,
            text="Samen met Cordaan Jeugd: zorg en onderwijs onder één dak.",
            capacity=20,
        ),
        SessionSpec(
            HOST,
            title="PPO Noord-Kennemerland",
            organisation="PPO Noord-Kennemerland",
            start=(9, 0),
            end=(11, 0),
            text="Onderwijszorggroepen, met de onderwijs- en ondersteuningsbehoefte van elk "
            "kind als vertrekpunt.",
            capacity=20,
        ),
    ),
)

NATIONAL_EXCHANGE_2018 = EventSpec(
    slug="landelijke-uitwisseling-30-mei-2018",
    title="Landelijke uitwisseling voor onderwijs en zorgpartners",
    kind=Kind.NETWERKBIJEENKOMST,
    day=datetime.date(2018, 5, 30),
    start=(13, 0),
    end=(17, 0),
    intro=(
        "Regio's delen hun ervaringen met de samenwerking tussen onderwijs en zorg. U "
        "gaat naar huis met handvatten voor de samenwerking met uw eigen partners."
    ),
    city="Utrecht",
    themes=(ONDERWIJS_JEUGDHULP, REGIONAAL),
    audiences=(SWV, JEUGDHULP, BELEID),
    organiser="Nederlands Jeugdinstituut (NJi)",
)

NETWORK_MEETING_2020 = EventSpec(
    slug="netwerkbijeenkomst-25-november-2020",
    title="Landelijke netwerkbijeenkomst onderwijs en jeugd (online)",
    kind=Kind.NETWERKBIJEENKOMST,
    day=datetime.date(2020, 11, 25),
    start=(13, 30),
    end=(16, 30),
    attendance=EventPage.Attendance.ONLINE,
    online_note="Online; de link krijgt u na aanmelding.",
    intro=(
        "Leidinggevenden en beleidsmedewerkers onderwijs en jeugd van gemeenten uit alle "
        "42 jeugdzorgregio's praten in twee rondes break-outsessies over samen optrekken: "
        "eerst over het wat, daarna over het hoe."
    ),
    themes=(REGIONAAL, ONDERWIJS_JEUGDHULP, INCLUSIEF),
    audiences=(BELEID, SWV),
    sessions=(
        SessionSpec(
            BREAKOUT,
            "Ronde 1: het wat",
            start=(14, 0),
            end=(14, 45),
            online=True,
            text="Wat betekent samen optrekken in uw regio, en wat zijn de bouwstenen?",
        ),
        SessionSpec(
            BREAKOUT,
            "Ronde 2: het hoe",
            start=(15, 0),
            end=(15, 45),
            online=True,
            text="Hoe gaat een gezamenlijke visie leven, van werkvloer tot bestuurstafel?",
        ),
    ),
)

WERKSESSIE_JUNE_2021 = EventSpec(
    slug="werksessie-17-juni-2021",
    title="Werksessie inspiratieregio's 17 juni 2021",
    kind=Kind.WERKSESSIE,
    day=datetime.date(2021, 6, 17),
    start=(14, 0),
    end=(17, 0),
    attendance=EventPage.Attendance.ONLINE,
    online_note="Online; de link krijgt u na aanmelding.",
    intro=(
        "Eerst een plenair deel met nieuws uit het programma en een voorbeeld uit de "
        "praktijk; daarna gaan de elf inspiratieregio's en de nieuw aangesloten regio's in "
        "kleine groepen uiteen, elk rond een zelfgekozen thema."
    ),
    themes=(OZA, OUDERS, REGIONAAL),
    audiences=(BELEID, SWV),
    sessions=(
        SessionSpec(BREAKOUT, "Positieve gevolgen van corona", online=True),
        SessionSpec(
            BREAKOUT,
            "Regiovisie jeugdhulp en opdrachtgeverschap",
            online=True,
            theme=ONDERWIJS_JEUGDHULP,
        ),
        SessionSpec(BREAKOUT, "Ouderbetrokkenheid", online=True, theme=OUDERS),
        SessionSpec(
            BREAKOUT, "Regionale samenwerking duurzaam maken", online=True, theme=REGIONAAL
        ),
        SessionSpec(BREAKOUT, "Samenwerking rond het Nationaal Programma Onderwijs", online=True),
        SessionSpec(BREAKOUT, "Onderwijszorgarrangementen", online=True, theme=OZA),
    ),
)

WERKSESSIE_SEPTEMBER_2021 = EventSpec(
    slug="werksessie-16-september-2021",
    title="Werksessie inspiratieregio's 16 september 2021",
    kind=Kind.WERKSESSIE,
    day=datetime.date(2021, 9, 16),
    start=(14, 0),
    end=(17, 0),
    attendance=EventPage.Attendance.ONLINE,
    online_note="Online; de link krijgt u na aanmelding.",
    intro=(
        "De volgende werksessie van de inspiratieregio's: we gaan verder waar we in juni "
        "gebleven waren, met opnieuw kleine groepen per thema."
    ),
    themes=(OZA, REGIONAAL),
    audiences=(BELEID, SWV),
    follows_up=WERKSESSIE_JUNE_2021.slug,
    sessions=(
        SessionSpec(
            BREAKOUT, "Onderwijszorgarrangementen: wie betaalt wat?", online=True, theme=OZA
        ),
        SessionSpec(BREAKOUT, "Ouders laten meedenken over beleid", online=True, theme=OUDERS),
        SessionSpec(BREAKOUT, "Tijdelijk geld als vliegwiel", online=True, theme=REGIONAAL),
    ),
)

PAST_EVENTS = (
    VISION_MEETING,
    VISION_FOLLOW_UP,
    ESTAFETTE_MARCH_2018,
    ESTAFETTE_MAY_2018,
    NATIONAL_EXCHANGE_2018,
    NETWORK_MEETING_2020,
    WERKSESSIE_JUNE_2021,
    WERKSESSIE_SEPTEMBER_2021,
)


def reports():
    """The reports, built on demand (their blocks point at taxonomy rows)."""
    return (
        ReportSpec(
            slug="verslag-visiebijeenkomst-noord-kennemerland-2016",
            title="Verslag: vier ambities, concrete afspraken",
            kind=ReportPage.Kind.VERSLAG,
            date=datetime.date(2016, 11, 4),
            events=(VISION_MEETING.slug,),
            intro=(
                "Bestuurders en beleidsmedewerkers uit Noord-Kennemerland spraken aan vier "
                "tafels over kwetsbare kinderen en jongeren, en spraken af wie wat oppakt."
            ),
            body=[
                *paragraphs(
                    "Elke tafel begon bij de situatie van een kind. Dat hielp om snel van "
                    "algemene woorden naar concrete stappen te gaan. Hieronder per tafel wat "
                    "we hoorden."
                ),
                outcome(
                    "Naadloze verbinding tussen jeugdhulp en onderwijs",
                    ONDERWIJS_JEUGDHULP,
                    goes_well=("Iedereen wil dat elk kind naar school gaat, op zijn niveau.",),
                    can_improve=(
                        "Scholen weten vaak niet of een kind al hulp krijgt, of wanneer het "
                        "na een opname terugkomt.",
                        "Ouders hebben te maken met te veel mensen uit te veel organisaties.",
                    ),
                    building_blocks=(
                        "Vroeg signaleren door de school als vertrekpunt.",
                        "Hulp zo licht als het kan en zo zwaar als nodig, dicht bij school "
                        "en thuis.",
                        "Eisen over de terugkeer naar school opnemen in de inkoop van jeugdhulp.",
                    ),
                ),
                outcome(
                    "Thuiszitten is geen optie",
                    THUISZITTERS,
                    goes_well=(
                        "Gemeenten, scholen en samenwerkingsverbanden willen minder "
                        "vrijstellingen van onderwijs.",
                    ),
                    building_blocks=(
                        "Professionals handelen snel en samen bij een niet-pluisgevoel.",
                        "Ruimte voor professionals om te doen wat nodig is.",
                        "Bestaande thuiszittersprojecten beter volgen.",
                    ),
                ),
                outcome(
                    "Onderwijszorgarrangementen",
                    OZA,
                    building_blocks=(
                        "Trajecten waarin zorg, onderwijs en werk samengaan, ook in de "
                        "financiering.",
                        "Netwerkgroepen voor de jongste kinderen en voor jongeren blijven "
                        "elkaar opzoeken.",
                    ),
                ),
                outcome(
                    "Doelgroep- en populatiebenadering",
                    REGIONAAL,
                    goes_well=(
                        "Gegevens van scholen, gemeenten en GGD samen bekijken helpt "
                        "om hulp beter te plannen.",
                    ),
                    can_improve=(
                        "Spreek liever van een thematische benadering: niemand mag "
                        "buiten de boot vallen.",
                    ),
                ),
                quote(
                    "Samen zijn onderwijs en gemeenten meer dan de som van de delen.",
                    "Conclusie van een van de tafels",
                ),
            ],
            agreements=(
                (
                    "Er komt een gezamenlijk thuiszitterspact voor Noord-Kennemerland, als "
                    "onderdeel van de transformatieagenda.",
                    "Regiegroep",
                    datetime.date(2017, 4, 28),
                ),
                (
                    "Een pilot met trajecten waarin zorg, onderwijs en werk samengaan start na de "
                    "kerst in Bergen.",
                    "Jan Mesu (bestuurlijk trekker)",
                    datetime.date(2017, 4, 28),
                ),
                (
                    "De Verwijsindex wordt in de hele regio ingevoerd, in het onderwijs en bij "
                    "instellingen die de gemeenten financieren.",
                    "Regiegroep",
                    datetime.date(2017, 4, 28),
                ),
                (
                    "Het samenwerkingsverband adviseert bij elke aanvraag voor vrijstelling; een "
                    "gemeente die afwijkt, legt uit waarom.",
                    "Gemeenten en samenwerkingsverbanden",
                    None,
                ),
            ),
            themes=(THUISZITTERS, OZA),
            regions=("Noord-Kennemerland",),
        ),
        ReportSpec(
            slug="verslag-inspiratie-estafette-dronten-2018",
            title="Verslag: goed is goed genoeg in Dronten",
            kind=ReportPage.Kind.VERSLAG,
            date=datetime.date(2018, 4, 3),
            events=(ESTAFETTE_MARCH_2018.slug,),
            intro=(
                "In Dronten werken gemeente, jeugdhulp en onderwijs samen vanuit één "
                "uitgangspunt: goed is goed genoeg. Bezoekers uit het hele land keken mee."
            ),
            body=[
                *paragraphs(
                    "De gemeente presenteerde de werkwijze samen met haar partners uit "
                    "jeugdhulp en onderwijs; professionals vertelden hoe het er in de klas "
                    "aan toegaat. Samenwerken gaat niet vanzelf: partners spreken niet "
                    "dezelfde taal en kijken verschillend naar ondersteuning en geld.",
                    "Wat werkt in Dronten: afspraken kort en in gewone taal opschrijven, "
                    "elkaars rol kennen en respecteren, en een ondersteuningsteam dat op "
                    "school zichtbaar en bereikbaar is.",
                ),
                outcome(
                    "Wat bezoekers meenamen",
                    OZA,
                    goes_well=(
                        "Het zorgteam is op school aanwezig, dus leerkrachten lopen even "
                        "binnen met een vraag.",
                        "Ouders en leerlingen vinden snel de juiste hulp.",
                    ),
                    can_improve=("Samenwerken kost tijd: reken daar vanaf het begin op.",),
                    building_blocks=(
                        "Handelingsgericht werken als gemeenschappelijke basis.",
                        "Eén taal voor alle partners, ook richting ouders.",
                    ),
                ),
                quote("Zichtbaar en beschikbaar zijn, daar begint het mee.", "Een bezoeker"),
                *paragraphs(
                    "De leerlingen van de praktijkschool verzorgden de lunch, en dat deden "
                    "ze uitstekend."
                ),
            ],
            themes=(OZA, ONDERWIJS_JEUGDHULP),
            regions=("Flevoland",),
        ),
        ReportSpec(
            slug="samenvatting-netwerkbijeenkomst-25-november-2020",
            title="Samenvatting van de break-outsessies van 25 november 2020",
            kind=ReportPage.Kind.SAMENVATTING,
            date=datetime.date(2020, 12, 4),
            events=(NETWORK_MEETING_2020.slug,),
            intro=(
                "258 deelnemers uit de 42 jeugdzorgregio's spraken in twee rondes over samen "
                "optrekken. Dit zijn de rode draden."
            ),
            body=[
                outcome(
                    "Ronde 1: samen optrekken in de regio",
                    REGIONAAL,
                    goes_well=(
                        "Veel regio's werken aan een gedeelde visie of ontwikkelagenda.",
                        "Er is veel bereidheid om het anders te doen.",
                        "De aanpak van thuiszitten is in veel regio's goed op gang.",
                    ),
                    can_improve=(
                        "Minder losse initiatieven, meer sturing op gedeelde doelen.",
                        "Betrek de werkvloer, jongeren en ouders bij de visie.",
                        "Van pilot naar structurele aanpak blijft lastig, vaak door geld.",
                    ),
                ),
                outcome(
                    "Ronde 1: bouwstenen voor een gezamenlijke visie",
                    INCLUSIEF,
                    building_blocks=(
                        "Niet alleen een visie, ook doelen en concrete opgaven.",
                        "Heldere rollen, taken en mandaten.",
                        "De juiste mensen met mandaat aan tafel.",
                        "Continuïteit, ook als mensen wisselen.",
                    ),
                ),
                outcome(
                    "Ronde 2: van werkvloer tot bestuurstafel",
                    ONDERWIJS_JEUGDHULP,
                    building_blocks=(
                        "Trek op alle niveaus tegelijk op.",
                        "Kies een stip op de horizon en vertaal die naar ieders rol.",
                        "Houd het kort: één A4 dat iedereen kan delen.",
                        "Vier successen en laat ze zien.",
                    ),
                ),
                outcome(
                    "Ronde 2: onderwerpen voor de volgende bijeenkomsten",
                    goes_well=(),
                    building_blocks=(
                        "Inclusiever onderwijs en wat dat van de samenleving vraagt.",
                        "Ouders vanaf het begin goed betrekken.",
                        "Regie op onderwijszorgarrangementen.",
                        "Communities en themabijeenkomsten voor professionals.",
                    ),
                ),
            ],
            themes=(REGIONAAL, INCLUSIEF),
        ),
        ReportSpec(
            slug="sfeerimpressie-werksessie-17-juni-2021",
            title="Sfeerimpressie van de werksessie van 17 juni",
            kind=ReportPage.Kind.SFEERIMPRESSIE,
            date=datetime.date(2021, 6, 22),
            events=(WERKSESSIE_JUNE_2021.slug,),
            intro=(
                "Een vruchtbare middag met de inspiratieregio's: van regionale samenwerking "
                "duurzaam maken tot de mensen die verandering aanjagen."
            ),
            body=[
                *paragraphs(
                    "In het plenaire deel hoorden we nieuws uit het programma en een verhaal "
                    "uit Vlaardingen, waar samenwerkingsverband en gemeente samen werken aan "
                    "betere ontwikkelkansen voor kinderen. Daarna koos elk groepje zijn "
                    "eigen thema."
                ),
                outcome(
                    "Aanjagers van verandering",
                    goes_well=(
                        "Voorbeelden van anderen direct koppelen aan de eigen praktijk.",
                        "Namen en informatie uitwisselen, en samen de eerste volgende stap "
                        "bepalen.",
                    ),
                ),
                outcome(
                    "Als de gemeenteraad vindt dat het al goed gaat",
                    ONDERWIJS_JEUGDHULP,
                    building_blocks=(
                        "Vertel verhalen en bespreek casussen: ze maken beleid tastbaar.",
                        "Neem bij bestuurlijke afspraken de ambtelijke organisatie mee.",
                        "Betrek alle domeinen bij beleid en bij inkoop.",
                    ),
                ),
                outcome(
                    "Onderwijszorgarrangementen",
                    OZA,
                    can_improve=(
                        "Er is behoefte aan overzicht: wie betaalt wat, en wat zeggen alle "
                        "onderzoeken?",
                    ),
                ),
                quote(
                    "Zonder het onderwijs aan tafel begin ik hier niet meer aan.",
                    "Een deelnemer",
                ),
                *paragraphs("De volgende werksessie is op 16 september."),
            ],
            agreements=(
                (
                    "Een overzicht maken van de ontwikkelingen rond onderwijszorgarrangementen.",
                    "Nederlands Jeugdinstituut",
                    datetime.date(2021, 9, 16),
                ),
            ),
            themes=(OZA, OUDERS, REGIONAAL),
        ),
    )


# -- upcoming meetings, relative to today ------------------------------------------------

ESTAFETTE_HOSTS = (
    (
        "Van Koetsveldschool",
        (11, 0),
        (14, 0),
        True,
        "Zorg en onderwijs samen in de klas, met Cordaan Jeugd.",
    ),
    (
        "Praktijkonderwijs Dronten",
        (11, 0),
        (13, 30),
        True,
        "Hoe gemeente, samenwerkingsverband en jeugdhulp één ondersteuningsteam vormen.",
    ),
    (
        "PPO Noord-Kennemerland",
        (9, 30),
        (12, 0),
        False,
        "Onderwijszorggroepen voor jonge kinderen, van dichtbij.",
    ),
    (
        "Gemeente Nijmegen",
        (10, 0),
        (12, 30),
        False,
        "Jeugdspecialisten op school: vroeg erbij, met korte lijnen naar de leerkracht.",
    ),
    (
        "SWV Nieuwe Waterweg Noord",
        (13, 0),
        (15, 30),
        False,
        "Bijzonder individueel arrangeren: wat er kan als partners samen beslissen.",
    ),
    (
        "Samenwerkingsverband PO 20.01",
        (10, 0),
        (13, 0),
        True,
        "Dreigend thuiszitten voorkomen met een gedeelde handreiking.",
    ),
    (
        "Academische Werkplaats Samen op School",
        (13, 30),
        (16, 0),
        False,
        "Onderzoek en praktijk samen: wat we leren over samenwerking in de school.",
    ),
)
HOST_REGIONS = {
    "Van Koetsveldschool": "Amsterdam-Amstelland",
    "Praktijkonderwijs Dronten": "Flevoland",
    "PPO Noord-Kennemerland": "Noord-Kennemerland",
    "Gemeente Nijmegen": "Rijk van Nijmegen",
    "SWV Nieuwe Waterweg Noord": "Rotterdam Rijnmond",
    "Samenwerkingsverband PO 20.01": "Groningen",
    "Academische Werkplaats Samen op School": "Flevoland",
}
WERKSESSIE_THEMES = (
    (OZA, OUDERS, REGIONAAL),
    (THUISZITTERS, VERZUIM, INCLUSIEF),
    (VROEG, ONDERWIJS_JEUGDHULP, OZA, OUDERS),
    (INCLUSIEF, REGIONAAL, THUISZITTERS),
)
MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
# No estafette in the summer holiday or in the week of Christmas.
HOLIDAY_MONTHS = (7, 8, 12)


def last_friday(year, month):
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return last - datetime.timedelta(days=(last.weekday() - 4) % 7)


def third_thursday(year, month):
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(3 - first.weekday()) % 7 + 14)


def months_ahead(today, count=12):
    year, month = today.year, today.month
    for _ in range(count + 1):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def dutch_date(day):
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def upcoming_events(today):
    """A year of estafettes (last Friday, not in summer) and quarterly werksessies."""
    specs = []
    horizon = today + datetime.timedelta(days=366)
    for index, (year, month) in enumerate(months_ahead(today)):
        friday = last_friday(year, month)
        if today < friday <= horizon and month not in HOLIDAY_MONTHS:
            count = 2 + (index % 2)
            hosts = [ESTAFETTE_HOSTS[(index * 2 + n) % len(ESTAFETTE_HOSTS)] for n in range(count)]
            start = min(host[1] for host in hosts)
            end = max(host[2] for host in hosts)
            cities = ", ".join(ORGANISATIONS[host[0]][3] for host in hosts)
            specs.append(
                EventSpec(
                    slug=f"inspiratie-estafette-{friday:%Y-%m-%d}",
                    title=f"Inspiratie-estafette {dutch_date(friday)}: {cities}",
                    kind=Kind.INSPIRATIE_ESTAFETTE,
                    day=friday,
                    start=start,
                    end=end,
                    intro=(
                        f"Op vrijdag {dutch_date(friday)} openen {count} praktijken hun deuren. "
                        "Kies één locatie, kijk mee en neem ideeën mee naar uw eigen regio."
                    ),
                    themes=(OZA, ONDERWIJS_JEUGDHULP),
                    regions=tuple(dict.fromkeys(HOST_REGIONS[host[0]] for host in hosts)),
                    audiences=(BELEID, BESTUUR, SWV, SCHOOLLEIDERS),
                    contact_email="info@samenspel.nl",
                    sessions=tuple(
                        SessionSpec(
                            HOST,
                            organisation=name,
                            start=begin,
                            end=finish,
                            lunch=lunch,
                            text=text,
                            capacity=20,
                        )
                        for name, begin, finish, lunch, text in hosts
                    ),
                )
            )
        if month % 3 == 0:
            thursday = third_thursday(year, month)
            if today < thursday <= horizon:
                themes = WERKSESSIE_THEMES[(month // 3) % len(WERKSESSIE_THEMES)]
                specs.append(
                    EventSpec(
                        slug=f"werksessie-{thursday:%Y-%m-%d}",
                        title=f"Werksessie inspiratieregio's {dutch_date(thursday)}",
                        kind=Kind.WERKSESSIE,
                        day=thursday,
                        start=(14, 0),
                        end=(16, 30),
                        attendance=EventPage.Attendance.ONLINE,
                        online_note="Online; de link krijgt u na aanmelding.",
                        intro=(
                            "Een korte plenaire start, daarna kiest u een deelsessie en "
                            "wisselt u ervaringen uit met collega's uit andere regio's."
                        ),
                        themes=themes,
                        audiences=(BELEID, SWV),
                        sessions=tuple(
                            SessionSpec(
                                BREAKOUT,
                                theme=theme,
                                online=True,
                                capacity=15,
                                title=f"Deelsessie {theme}",
                            )
                            for theme in themes
                        ),
                    )
                )
    return specs


# -- building pages ------------------------------------------------------------------------


def publish(page, when=None):
    revision = page.save_revision()
    revision.publish()
    if when is not None:
        type(page).objects.filter(pk=page.pk).update(first_published_at=when)


def get_agenda(home):
    agenda = AgendaPage.objects.child_of(home).first()
    if agenda is not None:
        return agenda, False
    agenda = AgendaPage(
        title="Agenda",
        slug=AGENDA_SLUG,
        intro=(
            "Inspiratie-estafettes, werksessies en andere bijeenkomsten van het netwerk. "
            "Filter op wat u zoekt en zet de agenda in uw eigen agenda."
        ),
        show_in_menus=True,
        live=False,
    )
    home.add_child(instance=agenda)
    publish(agenda)
    return agenda, True


def build_event(agenda, spec, known):
    existing = EventPage.objects.child_of(agenda).filter(slug=spec.slug).first()
    if existing is not None:
        return existing, False
    event = EventPage(
        title=spec.title,
        slug=spec.slug,
        kind=spec.kind,
        start=at(spec.day, *spec.start),
        end=at(spec.day, *spec.end),
        attendance=spec.attendance,
        venue=spec.venue,
        street=spec.street,
        postcode=spec.postcode,
        city=spec.city,
        online_note=spec.online_note,
        intro=spec.intro,
        body=list(spec.body),
        organiser=organisation(spec.organiser) if spec.organiser else None,
        contact_name=spec.contact_name,
        contact_email=spec.contact_email,
        follows_up=known.get(spec.follows_up),
        live=False,
    )
    event.sessions = [
        EventSession(
            sort_order=number,
            kind=session.kind,
            title=session.title,
            organisation=organisation(session.organisation) if session.organisation else None,
            start_time=datetime.time(*session.start) if session.start else None,
            end_time=datetime.time(*session.end) if session.end else None,
            lunch=session.lunch,
            text=session.text,
            theme=named(Theme, session.theme) if session.theme else None,
            online=session.online,
            room=session.room,
            capacity=session.capacity,
        )
        for number, session in enumerate(spec.sessions)
    ]
    event.themes = [named(Theme, name) for name in spec.themes]
    event.regions = [region(name) for name in spec.regions]
    event.audiences = [named(Audience, name) for name in spec.audiences]
    agenda.add_child(instance=event)
    publish(event, when=at(spec.day, 9) - datetime.timedelta(days=30))
    return event, True


def build_report(agenda, spec, known):
    existing = ReportPage.objects.child_of(agenda).filter(slug=spec.slug).first()
    if existing is not None:
        return existing, False
    report = ReportPage(
        title=spec.title,
        slug=spec.slug,
        kind=spec.kind,
        date=spec.date,
        author=spec.author,
        intro=spec.intro,
        body=spec.body,
        live=False,
    )
    report.event_links = [
        ReportEventLink(event=known[slug], sort_order=number)
        for number, slug in enumerate(spec.events)
    ]
    report.agreements = [
        ReportAgreement(text=text, trekker=trekker, follow_up_date=when, sort_order=number)
        for number, (text, trekker, when) in enumerate(spec.agreements)
    ]
    report.themes = [named(Theme, name) for name in spec.themes]
    report.regions = [region(name) for name in spec.regions]
    agenda.add_child(instance=report)
    publish(report, when=at(spec.date, 10))
    return report, True


def load(stdout=None, today=None):
    """Create the agenda page, the seed events with their reports, and upcoming events."""
    today = today or timezone.localdate()
    created = {"events": 0, "reports": 0}
    with transaction.atomic():
        home = Site.objects.get(is_default_site=True).root_page.specific
        agenda, _ = get_agenda(home)
        known = {}
        for spec in (*PAST_EVENTS, *upcoming_events(today)):
            known[spec.slug], new = build_event(agenda, spec, known)
            created["events"] += new
        for spec in reports():
            _, new = build_report(agenda, spec, known)
            created["reports"] += new
    if stdout is not None:
        stdout.write(
            gettext(
                "Agenda: %(events)d events and %(reports)d reports added (%(total)d events in all)."
            )
            % {**created, "total": EventPage.objects.count()}
        )
    return created
