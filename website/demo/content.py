"""The demo site's texts: Dutch content as an editor would write it in the admin.

This is page content (data), not interface text, so it is not run through gettext:
editors own it and change it in Wagtail. The facts (dates, places, organisations)
come from the network's own documents; the sentences are written for this site.

Bodies are functions of ``refs`` so they can link to pages, images and documents
that the builder has created: ``refs.link("privacy", "privacyverklaring")``,
``refs.image("dronten")``, ``refs.page("stel-uw-vraag")``, ``refs.document("oogst-2020")``.
"""

import datetime
from dataclasses import dataclass, field

from .images import Recipe

# --- images -----------------------------------------------------------------------------

IMAGES = {
    recipe.key: recipe
    for recipe in [
        Recipe(
            key="home",
            title="Demo: samen aan de slag",
            label="Samen aan de slag",
            palette="groen",
            style="netwerk",
        ),
        Recipe(
            key="over-ons",
            title="Demo: het netwerk",
            label="Scholen · gemeenten · jeugdhulp",
            palette="zand",
            style="cirkels",
        ),
        Recipe(
            key="college-tour",
            title="Demo: college tour Samen op School",
            label="College tour Samen op School",
            palette="paars",
            style="netwerk",
        ),
        Recipe(
            key="onderzoek-2018",
            title="Demo: onderzoek aansluiting",
            label="Onderzoek 2018",
            palette="paars",
            style="golven",
        ),
        Recipe(
            key="ondersteuning",
            title="Demo: ondersteuning op maat",
            label="Ondersteuning op maat",
            palette="blauw",
            style="brug",
        ),
        Recipe(
            key="column",
            title="Demo: goed samenspel rendeert",
            label="Goed samenspel rendeert",
            palette="groen",
            style="cirkels",
        ),
        Recipe(
            key="column-verbinding",
            title="Demo: informatie, kennis, verbinding",
            label="Informatie → kennis → verbinding",
            palette="zand",
            style="golven",
        ),
        Recipe(
            key="dronten",
            title="Demo: samen beter in Dronten",
            label="Samen beter in Dronten",
            palette="oranje",
            style="blokken",
        ),
        Recipe(
            key="nijmegen",
            title="Demo: school als vindplaats",
            label="School als vindplaats",
            palette="groen",
            style="brug",
        ),
        Recipe(
            key="nijmegen-schakels",
            title="Demo: drie schakels op school",
            label="Drie schakels op school",
            palette="zand",
            style="cirkels",
        ),
        Recipe(
            key="amsterdam",
            title="Demo: Van Koetsveldschool",
            label="Zorg en onderwijs in één groep",
            palette="paars",
            style="cirkels",
        ),
        Recipe(
            key="noord-kennemerland",
            title="Demo: onderwijszorggroepen",
            label="Onderwijszorggroepen",
            palette="groen",
            style="blokken",
        ),
        Recipe(
            key="groningen",
            title="Demo: handreiking thuiszitters",
            label="Handreiking thuiszitters",
            palette="blauw",
            style="golven",
        ),
    ]
}


# --- documents --------------------------------------------------------------------------

BREAKOUT_SUMMARY = [
    "Op 25 november 2020 kwamen 258 leidinggevenden en beleidsmedewerkers onderwijs en jeugd "
    "uit alle 42 jeugdzorgregio's online bijeen, op uitnodiging van het Steunpunt Passend "
    "Onderwijs, de PO-Raad en de VO-raad. In twee rondes break-outsessies spraken zij over de "
    "samenwerking tussen samenwerkingsverbanden en gemeenten. Dit is een korte samenvatting.",
    "## Ronde 1: wat betekent samen optrekken?",
    "Wat goed gaat: veel regio's werken aan een gedeelde visie of ontwikkelagenda, zowel "
    "bestuurlijk als in de uitvoering. Er is bereidheid om nieuwe wegen te zoeken. Rond "
    "thuiszitters is de samenwerking in veel regio's op gang gekomen, en de lijnen zijn kort.",
    "Wat beter kan: er zijn nog veel losse initiatieven zonder gedeelde doelen. Betrek de "
    "werkvloer, jongeren en ouders al bij het maken van de visie. De stap van pilot naar "
    "structurele aanpak is lastig, vaak door geld. Afspraken over leerlingen die in een andere "
    "gemeente naar school gaan, lopen vast op verschillende regels en budgetten.",
    "Bouwstenen voor een gezamenlijke aanpak: duidelijke doelen naast de visie, heldere rollen "
    "en mandaten, de juiste mensen aan tafel, continuïteit bij wisselingen van personeel, en een "
    "overzicht van het netwerk rond kind en gezin dat voor iedereen zichtbaar is.",
    "## Ronde 2: hoe laat je de visie leven?",
    "Trek op alle niveaus tegelijk op, van werkvloer tot bestuur. Kies een stip op de horizon, "
    "maak het concreet en kort, vier successen en deel voorbeelden. Organiseer communities en "
    "themabijeenkomsten voor leerkrachten en andere professionals.",
    "Concrete doelen die genoemd werden: inzetten op preventie met goed toegeruste "
    "schoolondersteuningsteams, investeren in vroegsignalering, interprofessionele teams, en "
    "alle jongeren in beeld die ondersteuning krijgen in onderwijs of jeugdhulp.",
    "## Voor de volgende bijeenkomsten",
    "Inclusiever onderwijs, de communicatie met ouders vanaf het begin, een gezamenlijk "
    "informatiepunt voor ouders, onderwijshuisvesting, regie op onderwijszorgarrangementen, de "
    "overgang van po naar vo, en de kennis van jongeren en ouders zelf.",
]

ESTAFETTE_PRACTICES_CSV = (
    "datum;praktijk;organisatie;adres;tijd\r\n"
    "vrijdag 23 maart 2018;Onderwijs en jeugdzorg op de Van Koetsveldschool;"
    "Van Koetsveldschool en Cordaan Jeugd;Archimedesplantsoen 98, 1098 KB Amsterdam;"
    "11.00–14.00 uur, met lunch\r\n"
    "vrijdag 23 maart 2018;Samen beter, Dronten;Gemeente Dronten, samenwerkingsverband po en vo, "
    "jeugdhulp;Educalaan 8a, 8251 GC Dronten;11.00–13.30 uur, met lunch\r\n"
    "vrijdag 18 mei 2018;Onderwijs en jeugdzorg op de Van Koetsveldschool;"
    "Van Koetsveldschool en Cordaan Jeugd;Archimedesplantsoen 98, 1098 KB Amsterdam;"
    "11.00–14.00 uur, met lunch\r\n"
    "vrijdag 18 mei 2018;Onderwijszorggroepen in Noord-Kennemerland;PPO Noord-Kennemerland;"
    "Hertog Aalbrechtweg 5, Alkmaar;9.00–11.00 uur\r\n"
)


@dataclass(frozen=True)
class DocumentSpec:
    key: str
    title: str
    filename: str

    def render(self):
        if self.filename.endswith(".pdf"):
            from .documents import make_pdf

            return make_pdf(self.title, BREAKOUT_SUMMARY)
        # Excel opens a UTF-8 CSV correctly only with a BOM.
        return ESTAFETTE_PRACTICES_CSV.encode("utf-8-sig")


DOCUMENTS = {
    spec.key: spec
    for spec in [
        DocumentSpec(
            "oogst-2020",
            "Samenvatting break-outsessies 25 november 2020",
            "samenvatting-break-outsessies-25-november-2020.pdf",
        ),
        DocumentSpec(
            "estafettes-2018",
            "Praktijken inspiratie-estafettes 2018 (CSV)",
            "praktijken-inspiratie-estafettes-2018.csv",
        ),
    ]
}


# --- helpers ----------------------------------------------------------------------------


def image_block(refs, key, caption=""):
    return (
        "image",
        {"image": refs.image(key), "alt_text": IMAGES[key].alt_text, "caption": caption},
    )


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def quote(text, attribution=""):
    return ("quote", {"text": text, "attribution": attribution})


def cta(refs, title, text, button_label, page_key):
    return (
        "call_to_action",
        {
            "title": title,
            "text": text,
            "button_label": button_label,
            "page": refs.page(page_key),
            "url": "",
        },
    )


def downloads(refs, *keys, title="Downloads"):
    return ("downloads", {"title": title, "documents": [refs.document(key) for key in keys]})


# --- home -------------------------------------------------------------------------------

HOME_INTRO = (
    "Samenspel is het landelijke netwerk waarin scholen, samenwerkingsverbanden, gemeenten en "
    "jeugdhulp van elkaar leren. We gaan bij elkaar op bezoek, werken samen aan lastige "
    "vraagstukken en delen wat werkt."
)


def home_body(refs):
    return [
        heading("Leren in de praktijk"),
        paragraph(
            "<p>Eén vrijdag per maand opent een school, jeugdhulporganisatie of gemeente de "
            "deuren voor een <b>inspiratie-estafette</b>: een ochtend meekijken hoe anderen het "
            "aanpakken, met tijd voor vragen en een lunch. In <b>werksessies</b> gaan deelnemers "
            "in kleine groepen aan de slag met één thema, van thuiszitters tot "
            "onderwijszorgarrangementen.</p>"
            "<p>Het netwerk is er voor beleidsmedewerkers en bestuurders van gemeenten, "
            "schoolleiders, samenwerkingsverbanden en professionals uit de jeugdhulp. Lees "
            f"{refs.link('over-ons', 'meer over het netwerk')}.</p>"
        ),
        image_block(refs, "home"),
        cta(
            refs,
            "Werkt uw regio goed samen?",
            "Deel uw praktijkvoorbeeld met het netwerk. De redactie leest mee en neemt contact "
            "met u op voordat er iets online komt.",
            "Praktijkvoorbeeld insturen",
            "praktijkvoorbeeld-insturen",
        ),
        cta(
            refs,
            "Loopt u vast?",
            "Onze experts kennen de regels, de geldstromen en de voorbeelden uit het land.",
            "Stel uw vraag",
            "stel-uw-vraag",
        ),
    ]


# --- pages under home -------------------------------------------------------------------


def over_ons_body(refs):
    return [
        paragraph(
            "<p>Overal in het land werken onderwijs, gemeenten en jeugdhulp aan dezelfde vraag: "
            "hoe zorgen we dat kinderen en jongeren zich goed ontwikkelen, ook als het niet "
            "vanzelf gaat? Het antwoord verschilt per regio. Daarom leren we van elkaar: van wat "
            "lukt, en van wat schuurt.</p>"
        ),
        heading("Wat we doen"),
        paragraph(
            "<ul>"
            "<li><b>Inspiratie-estafettes.</b> Eén vrijdag per maand opent een praktijk de "
            "deuren. U kijkt mee en praat met de mensen die het werk doen.</li>"
            "<li><b>Werksessies.</b> Eerst een plenair deel, daarna kleine groepen per thema; "
            "online of op locatie.</li>"
            "<li><b>Netwerk- en visiebijeenkomsten.</b> Bestuurders en beleidsmakers maken samen "
            "afspraken en komen later terug om te zien wat ervan terechtkwam.</li>"
            "<li><b>Communities.</b> Regionale groepen, zoals de inspiratieregio's, en "
            "themagroepen, bijvoorbeeld over onderwijszorgarrangementen.</li>"
            "<li><b>Verslagen, nieuws en praktijkvoorbeelden</b> op deze site, en een "
            "nieuwsbrief.</li>"
            "</ul>"
        ),
        heading("Voor wie"),
        paragraph(
            "<p>Voor beleidsmedewerkers en bestuurders van gemeenten, directeuren en "
            "coördinatoren van samenwerkingsverbanden, schoolleiders en intern begeleiders, "
            "leerplichtambtenaren en professionals uit de jeugdhulp. Iedereen die werkt aan de "
            "aansluiting tussen onderwijs en jeugdhulp is welkom.</p>"
        ),
        image_block(refs, "over-ons", "Scholen, gemeenten en jeugdhulp: samen meer dan apart."),
        heading("Onze thema's"),
        paragraph(
            "<p>Thuiszitters, onderwijszorgarrangementen (OZA), inclusief onderwijs, verzuim, "
            "ouderbetrokkenheid, vroegsignalering en de aansluiting tussen onderwijs en "
            f"jeugdhulp. Bij {refs.link('actueel', 'Actueel')} vindt u per thema nieuws en "
            "voorbeelden uit de regio's.</p>"
        ),
        heading("Wat deelnemers opbrachten"),
        paragraph(
            "<p>Op de netwerkbijeenkomst van 25 november 2020 dachten 258 deelnemers uit alle 42 "
            "jeugdzorgregio's mee over samen optrekken in de regio: wat gaat goed, wat kan beter, "
            "en hoe laat je een gezamenlijke visie leven? Hieronder vindt u een samenvatting van "
            "hun break-outsessies.</p>"
        ),
        downloads(refs, "oogst-2020"),
        cta(
            refs,
            "Een vraag over samenwerking?",
            "Stel hem aan onze experts. U krijgt binnen vijf werkdagen antwoord.",
            "Stel uw vraag",
            "stel-uw-vraag",
        ),
    ]


def privacy_body(refs):
    contact = refs.contact_email
    mail = f'<a href="mailto:{contact}">{contact}</a>'
    return [
        heading("Wie is verantwoordelijk"),
        paragraph(
            "<p>Het netwerk Samenspel is verantwoordelijk voor de persoonsgegevens die via deze "
            "website worden verzameld. Heeft u een vraag over privacy, of wilt u een van uw "
            f"rechten gebruiken? Mail naar {mail}.</p>"
        ),
        heading("Welke gegevens we gebruiken, en waarom"),
        paragraph(
            "<ul>"
            "<li><b>Aanmelden voor een bijeenkomst.</b> Uw naam, e-mailadres, organisatie en "
            "functie, uw keuze voor een locatie of deelsessie, en als u die opgeeft uw "
            "dieetwensen en wat u nodig heeft om goed mee te kunnen doen. We gebruiken ze om uw "
            "plek te reserveren, u een bevestiging en praktische informatie te sturen en een "
            "presentielijst te maken. Grondslag: de afspraak die u maakt door u aan te "
            "melden.</li>"
            "<li><b>Nieuwsbrief.</b> Uw e-mailadres, de thema's die u kiest, en het bewijs van "
            "uw toestemming: wanneer u zich aanmeldde en wanneer u dat bevestigde. Grondslag: uw "
            "toestemming, die u met één klik weer intrekt.</li>"
            "<li><b>Formulieren</b> (Stel uw vraag, Praktijkvoorbeeld insturen). Uw naam, "
            "e-mailadres, organisatie en wat u ons schrijft. We gebruiken ze om uw vraag te "
            "beantwoorden of uw voorbeeld te bespreken. Grondslag: ons gerechtvaardigd belang om "
            "op uw bericht te reageren.</li>"
            "<li><b>Communities.</b> Uw naam, e-mailadres, organisatie, de groepen waarvan u lid "
            "bent en wat u daar plaatst. Grondslag: de afspraak die u maakt door lid te "
            "worden.</li>"
            "<li><b>Bescherming tegen misbruik.</b> Om spam tegen te gaan tellen we kort hoe "
            "vaak een formulier vanaf hetzelfde IP-adres wordt verstuurd.</li>"
            "</ul>"
            "<p>We vragen niet meer dan we nodig hebben, en we verkopen geen gegevens.</p>"
        ),
        heading("Hoe lang we gegevens bewaren"),
        paragraph(
            "<ul>"
            f"<li>Aanmeldingen voor bijeenkomsten: tot {refs.registration_retention} na afloop. "
            "Daarna maken we ze automatisch anoniem; alleen tellingen blijven over. Dieetwensen "
            "en wat u nodig heeft om mee te doen, wissen we al "
            f"{refs.sensitive_retention} na de bijeenkomst.</li>"
            "<li>Nieuwsbrief: zolang u ingeschreven bent. Na afmelden sturen we niets meer en "
            "bewaren we alleen wat nodig is om te laten zien dat u zich heeft afgemeld.</li>"
            "<li>Vragen en ingestuurde voorbeelden: tot een jaar nadat we ze hebben afgehandeld, "
            "tenzij een voorbeeld met uw instemming is gepubliceerd.</li>"
            "<li>Communities: zolang u lid bent; na opzeggen verwijderen we uw profiel.</li>"
            "<li>IP-adressen voor de spamcontrole: tien minuten.</li>"
            "</ul>"
        ),
        heading("Met wie we gegevens delen"),
        paragraph(
            "<p>Organisatoren van een bijeenkomst zien wie zich voor hún bijeenkomst heeft "
            "aangemeld. Verder delen we gegevens alleen met dienstverleners die ons helpen de "
            "website te laten werken: de hostingpartij en de dienst die onze e-mail verstuurt. "
            "Met hen hebben we een verwerkersovereenkomst, en de gegevens blijven binnen de "
            "Europese Unie.</p>"
        ),
        heading("Cookies"),
        paragraph(
            "<p>Deze website gebruikt alleen cookies die nodig zijn om te werken: een "
            "sessiecookie en een cookie die formulieren beschermt tegen misbruik. We gebruiken "
            "geen cookies of scripts van derden om u te volgen, en geen advertenties.</p>"
        ),
        heading("Beveiliging"),
        paragraph(
            "<p>De verbinding met de website is versleuteld. Alleen mensen die de gegevens voor "
            "hun werk nodig hebben, kunnen erbij. Links in onze e-mails, bijvoorbeeld om een "
            "aanmelding te wijzigen, zijn persoonlijk en niet te raden.</p>"
        ),
        heading("Uw rechten"),
        paragraph(
            "<p>U mag uw gegevens inzien, laten verbeteren of laten verwijderen. U kunt ook "
            "vragen om een kopie in een gangbaar bestandsformaat, bezwaar maken tegen het gebruik "
            "of het gebruik laten beperken, en u kunt uw toestemming altijd intrekken. Mail "
            f"daarvoor naar {mail}; we reageren binnen een maand.</p>"
            "<p>Bent u niet tevreden over hoe wij met uw gegevens omgaan? Dan kunt u een klacht "
            "indienen bij de Autoriteit Persoonsgegevens.</p>"
        ),
        paragraph(f"<p><i>Versie {refs.privacy_version}.</i></p>"),
    ]


def accessibility_body(refs):
    contact = refs.contact_email
    mail = f'<a href="mailto:{contact}">{contact}</a>'
    return [
        heading("Onze ambitie"),
        paragraph(
            "<p>Wij streven ernaar dat deze website voldoet aan de Web Content Accessibility "
            "Guidelines (WCAG) 2.1 op niveau A en AA, de norm die ook voor de Nederlandse "
            "overheid geldt (EN 301 549). Dat betekent onder meer: alles werkt met alleen een "
            "toetsenbord, u ziet steeds waar de focus staat, tekst heeft genoeg contrast, "
            "afbeeldingen hebben een tekstalternatief, formulieren hebben duidelijke labels en "
            "begrijpelijke foutmeldingen, en informatie wordt nooit alleen met kleur "
            "gegeven.</p>"
        ),
        heading("Hoe we dit controleren"),
        paragraph(
            "<ul>"
            "<li>Bij elke wijziging aan de website draaien automatische controles met axe-core "
            "in een echte browser, op de belangrijkste pagina's en formulieren.</li>"
            "<li>We testen met alleen het toetsenbord, met inzoomen tot 400 procent en met een "
            "schermlezer.</li>"
            "<li>Redacteuren moeten bij elke afbeelding een tekstalternatief invullen; zonder kan "
            "een pagina met die afbeelding niet worden opgeslagen.</li>"
            "</ul>"
        ),
        heading("Wat nog niet goed is"),
        paragraph(
            "<ul>"
            "<li>Sommige oudere documenten om te downloaden, zoals pdf's van verslagen, zijn "
            "niet volledig toegankelijk. Heeft u een document in een andere vorm nodig? Mail ons, "
            "dan sturen we het binnen vijf werkdagen toe.</li>"
            "<li>Bij foto's in oudere verslagen is de beschrijving soms te kort. We vullen die "
            "aan.</li>"
            "<li>De beheeromgeving voor redacteuren valt buiten deze verklaring en voldoet nog "
            "niet op alle punten.</li>"
            "</ul>"
        ),
        heading("Laat het ons weten"),
        paragraph(
            "<p>Loopt u tegen een probleem aan, of kunt u iets niet vinden of gebruiken? Mail "
            f"naar {mail} of gebruik het formulier {refs.link('stel-uw-vraag', 'Stel uw vraag')}. "
            "Vertel ons om welke pagina het gaat en wat er misgaat. U krijgt binnen vijf "
            "werkdagen een reactie, en we proberen het probleem binnen een maand op te "
            "lossen.</p>"
        ),
        paragraph(
            f"<p><i>Deze verklaring is opgesteld op {refs.today_text} en wordt elk jaar "
            "herzien.</i></p>"
        ),
    ]


QUESTION_FORM = {
    "intro": (
        "<p>Loopt u vast in de samenwerking tussen onderwijs, gemeente en jeugdhulp? Onze "
        "experts kennen de wet- en regelgeving, de spelregels en de geldstromen, en weten wat "
        "elders al werkt. Stel uw vraag; u krijgt binnen vijf werkdagen antwoord.</p>"
    ),
    "fields": [
        ("Naam", "singleline", True, ""),
        ("E-mailadres", "email", True, "Hierop sturen we ons antwoord."),
        ("Organisatie", "singleline", False, ""),
        ("Vraag", "multiline", True, ""),
    ],
    "subject": "Nieuwe vraag via de website",
    "thank_you_text": (
        "<p>Dank u wel voor uw vraag. We hebben hem goed ontvangen en nemen binnen vijf "
        "werkdagen contact met u op.</p>"
    ),
}


def question_privacy_notice(refs):
    return (
        "<p>We gebruiken uw gegevens alleen om uw vraag te beantwoorden, en we bewaren ze tot een "
        "jaar nadat we uw vraag hebben afgehandeld. Lees meer in onze "
        f"{refs.link('privacy', 'privacyverklaring')}.</p>"
    )


PRACTICE_FORM = {
    "intro": (
        "<p>Werken onderwijs, gemeente en jeugdhulp in uw regio op een mooie manier samen? Deel "
        "het met het netwerk. De redactie leest uw voorbeeld, neemt zo nodig contact met u op en "
        "publiceert het daarna bij de praktijkvoorbeelden.</p>"
    ),
    "fields": [
        ("Naam", "name", True, ""),
        ("E-mailadres", "email", True, "Voor vragen van de redactie; we publiceren het niet."),
        ("Organisatie", "singleline", True, ""),
        ("Regio", "singleline", True, "Bijvoorbeeld uw gemeente of jeugdzorgregio."),
        ("Titel", "singleline", True, "Een korte titel voor uw voorbeeld."),
        ("Beschrijving", "multiline", True, "Wat doet u, met wie, en wat levert het op?"),
    ],
    "subject": "Nieuw praktijkvoorbeeld ingestuurd",
    "thank_you_text": (
        "<p>Dank u wel! Uw praktijkvoorbeeld is bij de redactie binnen. We bekijken het en laten "
        "u weten wanneer het online staat.</p>"
    ),
}


def practice_privacy_notice(refs):
    return (
        "<p>We gebruiken uw naam en e-mailadres alleen om met u over uw voorbeeld te overleggen. "
        "Uw naam komt alleen online als u daarmee instemt. Lees meer in onze "
        f"{refs.link('privacy', 'privacyverklaring')}.</p>"
    )


@dataclass
class PageSpec:
    key: str  # slug, and the name refs use
    kind: str  # "index", "standard" or "form"
    title: str
    intro: str
    show_in_menus: bool = False
    body: object = None  # function of refs
    form: dict = field(default_factory=dict)
    privacy_notice: object = None  # function of refs
    draft_parent: str = ""


# In menu order; the events app adds the Agenda in front of them.
PAGES = [
    PageSpec(
        "actueel",
        "index",
        "Actueel",
        "Nieuws, columns en praktijkvoorbeelden uit het netwerk: wat speelt er, en hoe pakken "
        "regio's het aan?",
        show_in_menus=True,
    ),
    PageSpec(
        "over-ons",
        "standard",
        "Over het netwerk",
        "Samenspel verbindt scholen, samenwerkingsverbanden, gemeenten en jeugdhulp, zodat elk "
        "kind krijgt wat het nodig heeft: passend onderwijs, passende zorg en een passende "
        "opvoeding.",
        show_in_menus=True,
        body=over_ons_body,
    ),
    PageSpec(
        "stel-uw-vraag",
        "form",
        "Stel uw vraag",
        "",
        show_in_menus=True,
        form=QUESTION_FORM,
        privacy_notice=question_privacy_notice,
    ),
    PageSpec(
        "praktijkvoorbeeld-insturen",
        "form",
        "Praktijkvoorbeeld insturen",
        "",
        form=PRACTICE_FORM,
        privacy_notice=practice_privacy_notice,
        draft_parent="actueel",
    ),
    PageSpec(
        "privacy",
        "standard",
        "Privacyverklaring",
        "Samenspel gaat zorgvuldig om met uw persoonsgegevens. Hier leest u welke gegevens we "
        "gebruiken, waarom, hoe lang we ze bewaren en welke rechten u heeft.",
        body=privacy_body,
    ),
    PageSpec(
        "toegankelijkheid",
        "standard",
        "Toegankelijkheidsverklaring",
        "Samenspel wil dat iedereen deze website kan gebruiken, ook mensen met een beperking. "
        "Hier leest u hoe toegankelijk de site is en hoe u ons laat weten wat beter kan.",
        body=accessibility_body,
    ),
]


# --- articles ---------------------------------------------------------------------------


@dataclass
class ArticleSpec:
    slug: str
    kind: str  # ArticlePage.Kind value
    title: str
    date: datetime.date
    intro: str
    image: str  # key in IMAGES
    body: object  # function of refs
    themes: tuple = ()
    regions: tuple = ()
    author: str = ""


def college_tour_body(refs):
    return [
        paragraph(
            "<p>Tijdens de college tour geven Jantien Gerdes en Sharon Stellaard twee "
            "interactieve lezingen. Ze gaan in op de bouwstenen van samenwerking zoals de theorie "
            "die beschrijft, en op wat goede samenwerking in de praktijk oplevert voor leerlingen, "
            "ouders en professionals.</p>"
            "<p>De academische werkplaats brengt onderzoek en praktijk rond onderwijs en jeugdhulp "
            "bij elkaar. Meer informatie staat op de website van ‘Samen op School’.</p>"
        ),
    ]


def onderzoek_2018_body(refs):
    return [
        paragraph(
            "<p>Het consortium Evaluatie Passend Onderwijs doet het onderzoek in opdracht van het "
            "Nationaal Regieorgaan Onderwijsonderzoek (NRO). Lokaal en regionaal wordt hard "
            "gewerkt aan de verbinding, maar een landelijk beeld ontbrak nog. Daarom krijgen de "
            "beleidsmedewerkers jeugd van alle gemeenten en de directeuren van alle "
            "samenwerkingsverbanden po en vo een online vragenlijst.</p>"
        ),
        heading("Waar het onderzoek over gaat"),
        paragraph(
            "<ol>"
            "<li>Hoe is de aansluiting georganiseerd, en in welke vormen komt die voor?</li>"
            "<li>Hoe effectief en efficiënt vinden gemeenten en samenwerkingsverbanden hun "
            "aanpak?</li>"
            "<li>Wat loopt goed, waar zitten de knelpunten en welke oplossingen zien zij?</li>"
            "<li>Hangen de antwoorden samen met kenmerken van de gemeente of het "
            "samenwerkingsverband?</li>"
            "</ol>"
        ),
        paragraph(
            "<p>De uitkomsten worden dit najaar gepresenteerd, onder meer op de Dag van Jeugd op "
            "1 november 2018.</p>"
        ),
    ]


def ondersteuning_body(refs):
    return [
        paragraph(
            "<p>Het gaat om situaties waarin de regels van het onderwijs, de Jeugdwet, de Wet "
            "langdurige zorg en de Zorgverzekeringswet tegelijk meespelen. Het NJi en Lecso werken "
            "daarbij samen met de VNG en de ministeries van OCW en VWS, en bouwen voort op wat er "
            "in de regio al aan kennis en ervaring is.</p>"
            "<p>Minister Slob noemde dit ondersteuningstraject in zijn Kamerbrief van 5 februari "
            "2018.</p>"
        ),
        cta(
            refs,
            "Loopt u vast met een leerling?",
            "Onze experts kennen de wetgeving en de geldstromen, en weten wat elders werkt.",
            "Stel uw vraag",
            "stel-uw-vraag",
        ),
    ]


def column_body(refs):
    return [
        paragraph(
            "<p>Sinds de Jeugdwet in 2015 inging, dragen gemeenten meer verantwoordelijkheid voor "
            "het opgroeien van jongeren. In dezelfde jaren verandert het onderwijs onder de wet "
            "passend onderwijs. Twee grote veranderingen, met dezelfde kinderen in het midden. "
            "Toch spreken onderwijs en gemeente nog vaak verschillende talen.</p>"
            "<p>In september 2022 kwamen de VNG, de PO-Raad, de VO-raad, de MBO Raad en de BMK met "
            "een gezamenlijk voorstel voor een sterke pedagogische basis. De kern: niet ieder "
            "vanuit de eigen wettelijke taak, maar samen vanuit wat een jeugdige nodig heeft. Dat "
            "vraagt professionals die diep in hun eigen vak zitten én de taal van de ander "
            "spreken.</p>"
        ),
        heading("Informatie is nog geen kennis"),
        paragraph(
            "<p>Scholen, samenwerkingsverbanden, zorgpartners en gemeenten delen volop gegevens. "
            "Maar een cijfer of een notitie gaat pas iets betekenen als de ontvanger weet welke "
            "gezamenlijke opgave erachter zit. Wie niet weet dat een ander aan hetzelfde werkt, "
            "ziet de verbinding niet. Daarom loont het om de lijnen tussen het beleid van het "
            "rijk, het onderwijs en de gemeente zichtbaar te maken.</p>"
        ),
        image_block(refs, "column-verbinding", "Van informatie naar kennis naar verbinding."),
        heading("Drie plekken waar de lijnen elkaar raken"),
        paragraph(
            "<ul>"
            "<li><b>Verzuim.</b> Het verzuimplan van minister Wiersma (juli 2022) zet in op beter "
            "verzuimbeleid en betere registratie op scholen, op onafhankelijke steunpunten voor "
            "ouders en jongeren, en op de mogelijkheid van tijdelijk onderwijs op afstand. Voor de "
            "gemeente raakt dat direct aan het werk van leerplichtambtenaren en "
            "jeugdregisseurs.</li>"
            "<li><b>Onderwijs en jeugdhulp.</b> Op meer dan de helft van de scholen werken "
            "onderwijs, jeugdgezondheidszorg en jeugdhulp al nauw samen, vaak met een "
            "jeugdhulpverlener die geregeld in de school is. Zorgen worden zo eerder opgemerkt. "
            "De gemeente beslist over de jeugdhulp die daarvoor nodig is.</li>"
            "<li><b>Inclusiever onderwijs.</b> Het kabinet wil de komende vijftien jaar toe naar "
            "onderwijs waarin zoveel mogelijk kinderen thuisnabij samen naar een reguliere school "
            "gaan, met speciaal onderwijs voor wie dat nodig heeft. De gemeente is betrokken via "
            "extra jeugdhulp, leerlingenvervoer en onderwijshuisvesting.</li>"
            "</ul>"
        ),
        quote("Samenwerken begint bij weten dat je aan dezelfde opgave werkt."),
        paragraph(
            "<p>Wie de opgave van de gemeente naast die van het onderwijs legt, ziet waar ze "
            "elkaar raken. Uit die informatie groeit kennis, uit kennis verbinding, en daaruit "
            "samenwerking. Dat is samenspel dat rendeert, voor de jeugd om wie het gaat.</p>"
        ),
    ]


def dronten_body(refs):
    return [
        paragraph(
            "<p>Bezoekers uit het hele land kwamen naar Praktijkonderwijs Dronten. Marga Klein "
            "Swormink vertelde samen met de drie partners, gemeente, jeugdhulp en onderwijs, hoe "
            "zij passend onderwijs en jeugdhulp op elkaar laten aansluiten. Professionals uit de "
            "praktijk lieten zien hoe dat er op een gewone schooldag uitziet.</p>"
        ),
        heading("Samenwerken kost tijd"),
        paragraph(
            "<p>Partners spreken niet vanzelf dezelfde taal en kijken elk op hun eigen manier "
            "naar ondersteuning, geld en proces. Wat in Dronten hielp: afspraken kort en in "
            "begrijpelijke taal opschrijven, van elkaar leren en elkaars rol respecteren. "
            "Handelingsgericht werken, pedagogiek en didactiek vormden het fundament, met "
            "aandacht voor één gedeelde taal en voor de relatie met ouders.</p>"
        ),
        heading("Een team in de school"),
        paragraph(
            "<p>Op school werkt een ondersteuningsteam met onder anderen de intern begeleider, de "
            "schoolmaatschappelijk werker en de jeugdgezondheidszorg. Omdat zij zichtbaar in het "
            "gebouw zijn, lopen docenten makkelijk binnen en komt hulp snel op gang, vaak al "
            "preventief in de klas. Dronten maakt daarbij onderscheid tussen "
            "onderwijszorgarrangementen in het vrij toegankelijke deel en in het niet vrij "
            "toegankelijke deel.</p>"
        ),
        quote("Goed is goed genoeg.", "Uitgangspunt van de samenwerking in Dronten"),
        heading("Hoe het verdergaat"),
        paragraph(
            "<p>In 2018 start een tussenvoorziening voor leerlingen uit het basisonderwijs die "
            "anders naar het (voortgezet) speciaal onderwijs zouden gaan. Het doel: ondersteuning "
            "gezamenlijk inzetten, zodat leerlingen weer kunnen instromen in het reguliere "
            "onderwijs. De ochtend eindigde met een lunch, verzorgd door leerlingen van de "
            "praktijkschool.</p>"
        ),
        downloads(refs, "estafettes-2018"),
    ]


def nijmegen_body(refs):
    return [
        paragraph(
            "<p>Twee jaar geleden begon de gemeente Nijmegen met het project ‘School als "
            "vindplaats’. Dit jaar krijgt zorgorganisatie Entrea een subsidie van 444.000 euro. "
            "Daarmee kunnen ongeveer acht jeugd(hulp)specialisten zo’n 644 kinderen vroeg helpen "
            "met een korte behandeling of training. Met 1.440 kinderen, ouders en leerkrachten "
            "voeren ze één keer een gesprek. Naar verwachting hebben uiteindelijk zo’n 110 "
            "kinderen vervolghulp nodig. De gemeente wil in 2019 en 2020 in elk geval "
            "doorgaan.</p>"
        ),
        heading("Ook de kleine vragen"),
        paragraph(
            "<p>Het project moet op termijn zorgkosten besparen, maar vooral voorkomen dat een "
            "kleine zorg uitgroeit tot een groot probleem. De jeugdspecialist helpt bijvoorbeeld "
            "bij de overstap van een kind naar het speciaal onderwijs, of zoekt samen met een "
            "eenzaam kind naar een club of naschoolse activiteit.</p>"
        ),
        image_block(
            refs, "nijmegen-schakels", "GGD, schoolmaatschappelijk werk en jeugdspecialist."
        ),
        heading("Drie schakels op school"),
        paragraph(
            "<p>Op de school van directeur Mascha Bies werkten de jeugdverpleegkundige van de GGD "
            "en het schoolmaatschappelijk werk al samen. De jeugdspecialist is daar als derde "
            "schakel bijgekomen. Met de intern begeleider bepalen ze wie welke vraag oppakt; eens "
            "in de zes weken overleggen alle partijen. Volgens Bies zit de kracht in de wekelijkse "
            "aanwezigheid: de lijnen met leerkrachten zijn kort, en school en thuis komen dichter "
            "bij elkaar.</p>"
            "<p>Het doel op langere termijn is dat school en zorg van elkaar leren, en dat de hulp "
            "vanuit school, het sociale wijkteam en de specialistische zorg beter op elkaar "
            "aansluiten.</p>"
            "<p><i>Bron: De Gelderlander.</i></p>"
        ),
    ]


def amsterdam_body(refs):
    return [
        paragraph(
            "<p>De Van Koetsveldschool is een openbare school voor speciaal onderwijs aan zeer "
            "moeilijk lerende kinderen. Samen met Cordaan Jeugd begeleidt de school leerlingen "
            "individueel. Sinds een paar jaar zijn er ook drie Zorg Onderwijs Groepen in het "
            "gebouw: inhoud en organisatie zijn zo op elkaar afgestemd dat leerkrachten en "
            "begeleiders als één team werken. Voor de naschoolse opvang werkt de school samen met "
            "Philadelphia.</p>"
        ),
        heading("Komen kijken"),
        paragraph(
            "<p>De school opende haar deuren tijdens de inspiratie-estafettes van vrijdag 23 "
            "maart en vrijdag 18 mei 2018, van 11.00 tot 14.00 uur met lunch, aan het "
            "Archimedesplantsoen 98 in Amsterdam.</p>"
        ),
        downloads(refs, "estafettes-2018"),
    ]


def noord_kennemerland_body(refs):
    return [
        paragraph(
            "<p>De regio heeft verschillende onderwijszorgarrangementen opgezet, zoals een "
            "onderwijszorggroep voor kinderen van 4 tot 7 jaar en onderwijszorggroep De Krekels "
            "voor leerlingen van 7 tot 12 jaar. Onderwijs en jeugdhulp werken er elke dag samen, "
            "met de behoeften van het kind als vertrekpunt.</p>"
        ),
        heading("Voortgekomen uit gezamenlijke ambities"),
        paragraph(
            "<p>Op 28 oktober 2016 kwamen wethouders, onderwijsbestuurders en beleidsmedewerkers "
            "uit Noord-Kennemerland bijeen in Alkmaar. Aan ronde tafels werkten zij vier ambities "
            "uit de transformatieagenda onderwijs en jeugd uit, waaronder ‘thuiszitten is geen "
            "optie’ en onderwijszorgarrangementen. Er kwam een thuiszitterspact voor de regio, en "
            "een netwerkgroep begon aan een arrangement voor kinderen van 3 tot en met 7 jaar: "
            "passend onderwijs, passende opvoeding en passende zorg in één aanpak. In Bergen "
            "startte een pilot waarin zorg, onderwijs en arbeid samen één traject vormen.</p>"
        ),
        paragraph(
            "<p>Tijdens de inspiratie-estafette van vrijdag 18 mei 2018 vertelden professionals "
            "van PPO Noord-Kennemerland aan de Hertog Aalbrechtweg in Alkmaar over hun dagelijkse "
            "samenwerking.</p>"
        ),
    ]


def groningen_body(refs):
    return [
        paragraph(
            "<p>In het voorjaar van 2017 schreven Olga Grooten en Gabriëlle Dijkman voor "
            "samenwerkingsverband PO 20.01 een handreiking over (dreigende) thuiszitters: "
            "scenario’s, wettelijke plichten, onderwijsconcepten en een overzicht van scholen en "
            "zorginstellingen in de provincie. De handreiking kwam op veel agenda’s; het advies "
            "was haar in te voeren binnen het bestaande beleid.</p>"
        ),
        heading("Een workshop in drie delen"),
        paragraph(
            "<p>Gabriëlle Dijkman (bureau Legato) en Cedin gaven de workshop als pilot binnen de "
            "Landelijke Werkagenda van de VNG. Twee dagdelen waren voor professionals uit zorg, "
            "gemeente en onderwijs, zoals orthopedagogen, intern begeleiders, leerkrachten en "
            "leerplichtambtenaren. Zij werkten met rollenspellen en casussen aan houding en "
            "communicatie, en stelden samen een advies op. Het derde dagdeel was voor managers en "
            "beleidsmakers, die over dat advies besloten. Deelname was op uitnodiging, voor een "
            "goede mix van deelnemers.</p>"
        ),
        heading("Wat het opleverde"),
        paragraph(
            "<ul>"
            "<li>Een profiel voor procesregie en professioneel voorzitterschap, met een "
            "trainingsaanbod, te ontwikkelen met onder meer Lecso.</li>"
            "<li>Een regionaal platform waar kennis en expertise te halen zijn.</li>"
            "<li>Scholing in houding, gesprekstechniek en intervisie.</li>"
            "<li>En bovenal: veel intensiever samenwerken tussen alle betrokken "
            "organisaties.</li>"
            "</ul>"
        ),
    ]


ARTICLES = [
    ArticleSpec(
        slug="college-tour-samen-op-school-almere",
        kind="nieuws",
        title="College tour ‘Samen op School’ in Almere",
        date=datetime.date(2018, 2, 26),
        intro=(
            "Wat maakt samenwerking tussen onderwijs en jeugdhulp effectief? Op 8 maart gaat de "
            "Academische Werkplaats Transformatie Jeugd ‘Samen op School’ daarover in gesprek in "
            "de Nieuwe Bibliotheek in Almere."
        ),
        image="college-tour",
        body=college_tour_body,
        themes=("Onderwijs-jeugdhulp",),
        regions=("Almere", "Flevoland"),
    ),
    ArticleSpec(
        slug="onderzoek-aansluiting-onderwijs-jeugdhulp-2018",
        kind="nieuws",
        title="Landelijk onderzoek naar de aansluiting tussen onderwijs en jeugdhulp",
        date=datetime.date(2018, 4, 16),
        intro=(
            "Hoe geven gemeenten en samenwerkingsverbanden de aansluiting tussen passend onderwijs "
            "en jeugdhulp vorm, en wat werkt? Een landelijk onderzoek brengt het in 2018 in kaart."
        ),
        image="onderzoek-2018",
        body=onderzoek_2018_body,
        themes=("Onderwijs-jeugdhulp", "Regionale samenwerking"),
    ),
    ArticleSpec(
        slug="ondersteuning-nji-en-lecso",
        kind="nieuws",
        title="NJi en Lecso helpen regio's bij vastgelopen situaties",
        date=datetime.date(2018, 3, 12),
        intro=(
            "Soms lukt het niet om een passende plek voor een kind te vinden, omdat onderwijs en "
            "zorg elk hun eigen regels hebben. Het Nederlands Jeugdinstituut en Lecso bieden "
            "regio's dan ondersteuning op maat."
        ),
        image="ondersteuning",
        body=ondersteuning_body,
        themes=("Thuiszitters", "Onderwijs-jeugdhulp"),
    ),
    ArticleSpec(
        slug="goed-samenspel-rendeert",
        kind="column",
        title="Goed samenspel rendeert",
        date=datetime.date(2022, 11, 21),
        author="een gastcolumnist",
        intro=(
            "Gemeenten en scholen werken vaak aan dezelfde opgave zonder het van elkaar te weten. "
            "Wie de verbanden ziet, kan samenwerken. Een column over het vinden van gedeelde grond."
        ),
        image="column",
        body=column_body,
        themes=("Verzuim", "Inclusief onderwijs", "Onderwijs-jeugdhulp"),
    ),
    ArticleSpec(
        slug="dronten-ieder-in-de-eigen-rol",
        kind="praktijkvoorbeeld",
        title="Dronten: ieder in de eigen rol",
        date=datetime.date(2018, 3, 28),
        intro=(
            "In Dronten hebben gemeente, onderwijs en jeugdhulp elk hun eigen rol, en respecteren "
            "ze die van de ander. Tijdens de inspiratie-estafette van 23 maart 2018 lieten ze zien "
            "hoe dat werkt."
        ),
        image="dronten",
        body=dronten_body,
        themes=("Onderwijszorgarrangementen (OZA)", "Onderwijs-jeugdhulp", "Vroegsignalering"),
        regions=("Dronten", "Flevoland"),
    ),
    ArticleSpec(
        slug="nijmegen-school-als-vindplaats",
        kind="praktijkvoorbeeld",
        title="Nijmegen: de school als vindplaats",
        date=datetime.date(2018, 4, 5),
        intro=(
            "Jeugdspecialisten die gewoon op school rondlopen: in Nijmegen helpt dat kinderen "
            "vroeg, met een kleine vraag of een korte training. Het project krijgt een vervolg."
        ),
        image="nijmegen",
        body=nijmegen_body,
        themes=("Vroegsignalering", "Onderwijs-jeugdhulp"),
        regions=("Nijmegen", "Rijk van Nijmegen"),
    ),
    ArticleSpec(
        slug="amsterdam-zorg-en-onderwijs-in-een-groep",
        kind="praktijkvoorbeeld",
        title="Amsterdam: zorg en onderwijs in één groep",
        date=datetime.date(2018, 5, 2),
        intro=(
            "De Van Koetsveldschool in Amsterdam en Cordaan Jeugd werken al meer dan tien jaar "
            "samen. In de school zijn drie groepen waarin onderwijs en zorg één geheel vormen."
        ),
        image="amsterdam",
        body=amsterdam_body,
        themes=("Onderwijszorgarrangementen (OZA)", "Inclusief onderwijs"),
        regions=("Amsterdam", "Amsterdam-Amstelland"),
    ),
    ArticleSpec(
        slug="noord-kennemerland-onderwijszorggroepen",
        kind="praktijkvoorbeeld",
        title="Noord-Kennemerland: onderwijszorggroepen voor jonge kinderen",
        date=datetime.date(2018, 5, 9),
        intro=(
            "In Noord-Kennemerland staan in onderwijszorggroepen de onderwijs- en "
            "ondersteuningsbehoeften van elk kind centraal. PPO Noord-Kennemerland laat zien hoe "
            "dat werkt."
        ),
        image="noord-kennemerland",
        body=noord_kennemerland_body,
        themes=("Onderwijszorgarrangementen (OZA)", "Thuiszitters"),
        regions=("Alkmaar", "Noord-Kennemerland", "PPO Noord-Kennemerland"),
    ),
    ArticleSpec(
        slug="groningen-handreiking-thuiszitters",
        kind="praktijkvoorbeeld",
        title="Groningen: de handreiking thuiszitters in de praktijk",
        date=datetime.date(2018, 2, 20),
        intro=(
            "Een handreiking is pas iets waard als mensen ermee werken. In Groningen hielp een "
            "workshop in drie delen om de Handreiking (dreigende) thuiszitters in te bedden."
        ),
        image="groningen",
        body=groningen_body,
        themes=("Thuiszitters", "Regionale samenwerking"),
        regions=("Groningen", "SWV PO 20.01 Groningen"),
    ),
]
