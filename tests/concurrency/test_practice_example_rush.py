"""Ten simultaneous practice examples with one title: all stored, no 500 (issue 9, point 21).

Ten visitors, each with their own browser session (cookie and CSRF token), post the
"Praktijkvoorbeeld insturen" form at the same instant with the same title, against the
live server on PostgreSQL. Each post must land: ten submissions, ten drafts with ten
different slugs, ten mails to the editors. Before the parent row was locked, nine of
them collided on the slug (and on the page tree's path) and gave 500s.
"""

import re

import pytest
from django.conf import settings as django_settings
from wagtail.contrib.forms.models import FormSubmission

from website.models import ArticlePage, OutgoingMail
from website.models.pages import ArticleIndexPage

from ..website.factories import add_practice_form
from .conftest import post_at_once

pytestmark = [
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL (DATABASE_URL): SQLite serialises all writes",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PEOPLE = 10


@pytest.fixture
def practice_form(home, settings):
    settings.FORM_RATE_LIMIT = 10_000  # every request comes from 127.0.0.1
    index = home.add_child(instance=ArticleIndexPage(title="Actueel", slug="actueel"))
    form_page = add_practice_form(home, index)
    form_page.save_revision().publish()
    return form_page


def rush(base_url, path):
    def fields(number, form):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        return {
            "csrfmiddlewaretoken": token,
            "naam": f"Inzender {number}",
            "e_mailadres": f"inzender{number}@example.nl",
            "titel": "Schakelklas in Nijmegen",
            "beschrijving": f"Voorbeeld nummer {number}.",
        }

    return post_at_once(base_url + path, base_url, PEOPLE, fields, open_form=True, follow=True)


def test_ten_simultaneous_examples_with_one_title_are_all_kept(rush_server, practice_form):
    statuses = rush(rush_server, practice_form.url)

    assert statuses == [200] * PEOPLE
    assert FormSubmission.objects.filter(page=practice_form).count() == PEOPLE
    drafts = ArticlePage.objects.filter(title="Schakelklas in Nijmegen")
    slugs = sorted(drafts.values_list("slug", flat=True))
    assert len(slugs) == PEOPLE
    assert set(slugs) == {"schakelklas-in-nijmegen"} | {
        f"schakelklas-in-nijmegen-{n}" for n in range(2, PEOPLE + 1)
    }
    assert not drafts.filter(live=True).exists()
    assert OutgoingMail.objects.filter(purpose="form.submission").count() == PEOPLE
