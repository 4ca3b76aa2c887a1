"""The admin reads as one Dutch product, addressing editors as "u".

Wagtail's Dutch catalogue leaves some texts in English and says "je"; the
overrides in locale_overrides/ and a few templates fix what editors meet.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)


def visible_text(html):
    html = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def title(html):
    return re.search(r"(?s)<title>(.*?)</title>", html).group(1).strip()


@pytest.fixture
def redacteur(django_user_model, home):
    user = django_user_model.objects.create_user(
        email="redacteur@example.nl", password="geheim-wachtwoord"
    )
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


def test_login_page_is_dutch_and_says_samenspel(client, home):
    """The admin's login is the site's own (allauth's, in the site's frame)."""
    response = client.get(reverse("wagtailadmin_login"), follow=True)
    assert response.redirect_chain == [("/account/login/", 302)]
    html = response.content.decode()
    text = visible_text(html)
    assert "Inloggen" in text and "Wachtwoord" in text and "Stuur mij een inlogcode" in text
    assert "Password" not in text and "Wagtail" not in text and "Sign in" not in text
    assert "Aanmelden" not in text  # that is for meetings
    assert INFORMAL.findall(text) == []
    assert title(html) == "Inloggen | Samenspel"


def test_dashboard_is_dutch_formal_and_branded(client, redacteur):
    client.force_login(redacteur)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert title(html) == "Dashboard - Samenspel"
    assert "Handleiding voor redacteuren" in html and "Editor Guide" not in html
    text = visible_text(html)
    for english in ("Bold", "Italic", "Monospace", "Wagtail admin"):
        assert english not in text
    assert INFORMAL.findall(text) == []
    assert "ga naar uw" in text  # the keyboard shortcut notice, formally
    # No English "what's new" banner or update notice calling wagtail.org.
    assert "Wat is er nieuw in Wagtail" not in html
    assert "releases.wagtail.io" not in html and "Nieuwe versie van Wagtail" not in text


def test_page_choosers_and_explorer_show_the_root_in_dutch(client, redacteur):
    client.force_login(redacteur)
    chooser = client.get(reverse("wagtailadmin_choose_page")).json()["html"]
    assert "Hoofdniveau" in chooser and "Root" not in visible_text(chooser)
    explorer = client.get(reverse("wagtailadmin_explore_root")).content.decode()
    assert "Hoofdniveau" in title(explorer) and "Root" not in visible_text(explorer)
    assert INFORMAL.findall(visible_text(explorer)) == []


def test_sites_listing_has_dutch_column_headings(client, superuser, home):
    client.force_login(superuser)
    text = visible_text(client.get(reverse("wagtailsites:index")).content.decode())
    for dutch in ("Poort", "Sitenaam", "Beginpagina", "Standaard?"):
        assert dutch in text
    for english in ("Port", "Site name", "Root page", "Default"):
        assert english not in text


def test_not_found_page_is_dutch(client, redacteur):
    client.force_login(redacteur)
    response = client.get("/admin/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title(html) == "Fout 404: pagina niet gevonden - Samenspel"
    assert "Error 404" not in html and "Wagtail" not in visible_text(html)


def test_wagtail_texts_that_say_je_are_formal(client, redacteur):
    client.force_login(redacteur)
    response = client.get(reverse("wagtailadmin_account"))
    text = visible_text(response.content.decode())
    assert "wanneer uw paginawijziging is goedgekeurd" in text
    assert INFORMAL.findall(text) == []
