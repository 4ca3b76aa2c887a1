"""Demo nieuwsbrief: the nieuwsbrief page with two sent issues in its archive, one
published issue waiting to be sent, and a handful of subscribers.

``load(stdout=None)`` runs after the events and registrations demos in
``manage.py load_demo``. Running it again adds nothing. Subscribers use example.nl
addresses; the facts come from the seed documents, the words are our own.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import Page, Site

from events.models import EventPage, ReportPage
from newsletter.models import (
    IssueSend,
    NewsletterIndexPage,
    NewsletterIssuePage,
    Subscriber,
    SubscriberEvent,
)
from website.models import ArticlePage, FormPage, Theme

SUBSCRIBERS = (
    ("Anouk de Boer", "anouk.deboer@example.nl", "confirmed", ["thuiszitters", "verzuim"]),
    ("Youssef Benali", "youssef.benali@example.nl", "confirmed", ["onderwijszorgarrangementen"]),
    ("Marieke Visser", "marieke.visser@example.nl", "confirmed", []),
    ("Sander Mulder", "sander.mulder@example.nl", "confirmed", ["inclusief-onderwijs"]),
    ("Priya Ramdin", "priya.ramdin@example.nl", "confirmed", ["onderwijszorgarrangementen"]),
    ("Tom Hendriks", "tom.hendriks@example.nl", "pending", []),
    ("Ilse Bakker", "ilse.bakker@example.nl", "unsubscribed", []),
)


def _moment(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _pages(model, slugs):
    return [page.pk for page in model.objects.live().filter(slug__in=slugs)]


def _past_issues():
    return [
        {
            "title": "Nieuwsbrief december 2020",
            "slug": "nieuwsbrief-december-2020",
            "sent": _moment(2020, 12, 10),
            "preheader": "Terugblik op de landelijke netwerkbijeenkomst",
            "body": [
                {
                    "type": "intro",
                    "value": "Op 25 november 2020 kwamen 258 deelnemers uit de 42 "
                    "jeugdzorgregio's online bij elkaar. In deze nieuwsbrief leest u wat de "
                    "deelsessies opleverden en hoe we verder gaan.",
                },
                {
                    "type": "text",
                    "value": "<p>In twee rondes spraken de deelnemers over wat goed gaat in de "
                    "samenwerking tussen onderwijs en jeugdhulp, wat beter kan en welke "
                    "bouwstenen nodig zijn. Veel regio's vroegen om communities en "
                    "themabijeenkomsten; daar gaan we mee aan de slag.</p>",
                },
                {
                    "type": "reports",
                    "value": {
                        "title": "Lees het verslag",
                        "pages": _pages(
                            ReportPage, ["samenvatting-netwerkbijeenkomst-25-november-2020"]
                        ),
                    },
                },
            ],
        },
        {
            "title": "Nieuwsbrief juli 2021",
            "slug": "nieuwsbrief-juli-2021",
            "sent": _moment(2021, 7, 6),
            "preheader": "De werksessie met de inspiratieregio's",
            "body": [
                {
                    "type": "intro",
                    "value": "Op 17 juni 2021 werkten de elf inspiratieregio's en de regio's "
                    "die zich net aansloten samen in kleine groepen, elk rond een zelfgekozen "
                    "thema.",
                },
                {
                    "type": "text",
                    "value": "<p>Uit de werksessie komt een community of practice over "
                    "onderwijszorgarrangementen voort. Wilt u meedoen? Meld u aan via de "
                    "agenda; de volgende werksessie staat al gepland.</p>",
                },
                {
                    "type": "reports",
                    "value": {
                        "title": "Sfeerimpressie",
                        "pages": _pages(ReportPage, ["sfeerimpressie-werksessie-17-juni-2021"]),
                    },
                },
                {
                    "type": "events",
                    "value": {
                        "title": "Volgende werksessie",
                        "pages": _pages(EventPage, ["werksessie-16-september-2021"]),
                    },
                },
            ],
        },
    ]


def _upcoming_issue():
    articles = list(ArticlePage.objects.live().order_by("-first_published_at")[:2])
    submit = FormPage.objects.live().filter(slug="praktijkvoorbeeld-insturen").first()
    return {
        "title": "Nieuwsbrief: wat komt er aan",
        "slug": "nieuwsbrief-wat-komt-er-aan",
        "preheader": "De komende inspiratie-estafettes en werksessies",
        "body": [
            {
                "type": "intro",
                "value": "Elke maand opent een school, zorgaanbieder of gemeente op vrijdag de "
                "deuren voor een inspiratie-estafette. Hieronder ziet u waar u de komende "
                "tijd welkom bent.",
            },
            {"type": "upcoming", "value": {"title": "Komende bijeenkomsten", "count": 4}},
            {
                "type": "articles",
                "value": {"title": "Uit het netwerk", "pages": [a.pk for a in articles]},
            },
            {
                "type": "call_to_action",
                "value": {
                    "title": "Deel uw praktijkvoorbeeld",
                    "text": "Werkt uw regio op een manier waar anderen van kunnen leren? "
                    "Laat het ons weten.",
                    "button_label": "Praktijkvoorbeeld insturen",
                    "page": submit.pk if submit else None,
                    "url": "",
                },
            },
        ],
    }


def _issue(index, spec):
    existing = NewsletterIssuePage.objects.filter(slug=spec["slug"]).first()
    if existing:
        return existing, False
    issue = NewsletterIssuePage(
        title=spec["title"], slug=spec["slug"], preheader=spec["preheader"], body=spec["body"]
    )
    index.add_child(instance=issue)
    revision = issue.save_revision()
    revision.publish()
    if "sent" in spec:
        NewsletterIssuePage.objects.filter(pk=issue.pk).update(
            first_published_at=spec["sent"], last_published_at=spec["sent"]
        )
        IssueSend.objects.create(
            issue=issue,
            status=IssueSend.Status.DONE,
            scheduled_for=spec["sent"],
            started_at=spec["sent"],
            finished_at=spec["sent"] + datetime.timedelta(minutes=4),
        )
    return issue, True


def _subscribers():
    now = timezone.now()
    created = 0
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for name, email, status, theme_slugs in SUBSCRIBERS:
        if Subscriber.objects.filter(email=email).exists():
            continue
        subscriber = Subscriber.objects.create(
            email=email,
            name=name,
            status=status,
            source=Subscriber.Source.FORM,
            source_detail="/nieuwsbrief/",
            consent_text=gettext("Yes, send me the newsletter (demo)."),
            privacy_version="2026-1",
            requested_at=now - datetime.timedelta(days=30),
            confirmed_at=None if status == "pending" else now - datetime.timedelta(days=30),
            unsubscribed_at=now - datetime.timedelta(days=3) if status == "unsubscribed" else None,
        )
        subscriber.themes.set(
            [theme for slug, theme in themes.items() if slug.startswith(tuple(theme_slugs))]
            if theme_slugs
            else []
        )
        SubscriberEvent.objects.create(
            subscriber=subscriber, kind=SubscriberEvent.Kind.REQUESTED, at=subscriber.requested_at
        )
        if subscriber.confirmed_at:
            SubscriberEvent.objects.create(
                subscriber=subscriber,
                kind=SubscriberEvent.Kind.CONFIRMED,
                at=subscriber.confirmed_at,
            )
        created += 1
    return created


def load(stdout=None):
    with transaction.atomic():
        home = Site.objects.get(is_default_site=True).root_page.specific
        index = NewsletterIndexPage.objects.first()
        if index is None:
            index = NewsletterIndexPage(
                title="Nieuwsbrief",
                slug="nieuwsbrief",
                show_in_menus=True,
                intro="Eens in de zes weken het nieuws uit het netwerk: komende "
                "bijeenkomsten, verslagen en voorbeelden uit de regio's.",
            )
            home.add_child(instance=index)
            index.save_revision().publish()
        index = Page.objects.get(pk=index.pk).specific
        issues = sum(_issue(index, spec)[1] for spec in [*_past_issues(), _upcoming_issue()])
        subscribers = _subscribers()
    if stdout is not None:
        stdout.write(
            gettext("Newsletter: %(issues)d issues and %(subscribers)d subscribers added.")
            % {"issues": issues, "subscribers": subscribers}
        )
    return {"issues": issues, "subscribers": subscribers}
