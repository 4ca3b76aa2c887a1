"""A visitor subscribes in the footer, confirms from the mail, changes preferences and
unsubscribes, in Chromium; every page is checked with axe-core."""

import re

from playwright.sync_api import expect

from newsletter.models import Subscriber
from website.models import OutgoingMail, Theme

from .axe import assert_accessible


def test_subscribe_confirm_change_preferences_and_unsubscribe(page, home, console_errors):
    Theme.objects.create(name="Thuiszitters", slug="thuiszitters")
    page.goto("/")
    footer = page.locator("footer")
    expect(footer.get_by_role("heading", name="Nieuwsbrief")).to_be_visible()
    assert_accessible(page)

    footer.get_by_label("E-mailadres").fill("lotte@example.nl")
    footer.get_by_label("Naam").fill("Lotte de Vries")
    footer.get_by_role("button", name="Abonneren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw mailbox")
    assert_accessible(page)

    mail = OutgoingMail.objects.get(to="lotte@example.nl", purpose="newsletter.confirm")
    link = re.search(r"https?://\S+/nieuwsbrief/bevestigen/\S+/", mail.body_text).group(0)
    page.goto(link.split("testserver", 1)[-1] if "testserver" in link else link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bevestig uw aanmelding")
    assert Subscriber.objects.get().status == "pending"  # opening the link is not enough
    assert_accessible(page)

    page.get_by_role("button", name="Ja, bevestig mijn aanmelding").click()
    expect(page.get_by_text("Dank u wel: uw aanmelding is bevestigd.")).to_be_visible()
    assert Subscriber.objects.get().status == "confirmed"
    assert_accessible(page)

    main = page.locator("main")
    main.get_by_label("Thuiszitters").check()
    main.get_by_label("Naam").fill("Lotte Jansen")
    main.get_by_role("button", name="Voorkeuren opslaan").click()
    expect(page.get_by_text("Uw voorkeuren zijn opgeslagen.")).to_be_visible()
    subscriber = Subscriber.objects.get()
    assert subscriber.name == "Lotte Jansen"
    assert [theme.name for theme in subscriber.themes.all()] == ["Thuiszitters"]
    assert_accessible(page)

    main.get_by_role("button", name="Afmelden voor de nieuwsbrief").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("U bent afgemeld")
    assert Subscriber.objects.get().status == "unsubscribed"
    assert_accessible(page)
    assert console_errors == []
