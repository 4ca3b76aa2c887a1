"""Form submissions hold names and e-mail addresses: only Redactie and admins read them.

Wagtail lets everyone who may edit a form page read and export its submissions;
the group "Auteurs" may edit every page, so without our hook authors could.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from .factories import add_question_form

NAME = "Fatima de Vries"


@pytest.fixture
def form_page(home):
    form_page = add_question_form(home)
    FormSubmission.objects.create(
        page=form_page,
        form_data={"naam": NAME, "e_mail": "fatima@school.nl", "vraag": "Hoe meld ik mij aan?"},
    )
    return form_page


def member_of(django_user_model, email, group):
    user = django_user_model.objects.create_user(email=email, password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def urls(form_page):
    submissions = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    return {
        "forms": reverse("wagtailforms:index"),
        "submissions": submissions,
        "csv": submissions + "?export=csv",
        "xlsx": submissions + "?export=xlsx",
        "delete": reverse("wagtailforms:delete_submissions", args=[form_page.pk])
        + f"?selected-submissions={FormSubmission.objects.get().pk}",
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client, form_page):
    for url in urls(form_page).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=/admin/")


def test_auteurs_can_edit_the_form_page_but_not_read_or_export_its_submissions(
    client, django_user_model, form_page
):
    author = member_of(django_user_model, "auteur@example.nl", "Auteurs")
    client.force_login(author)
    # They may edit the page itself...
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[form_page.pk]))
    assert edit.status_code == 200
    # ...without its submissions being offered there or in the menu...
    assert urls(form_page)["submissions"] not in edit.content.decode()
    assert reverse("wagtailforms:index") not in client.get("/admin/").content.decode()
    assert form_page.title not in client.get(urls(form_page)["forms"]).content.decode()
    # ...and the submissions themselves are refused, in every format.
    for name in ("submissions", "csv", "xlsx", "delete"):
        response = client.get(urls(form_page)[name])
        assert response.status_code in (302, 403), name
        assert NAME not in response.content.decode(errors="replace"), name
    assert FormSubmission.objects.count() == 1


@pytest.mark.parametrize("who", ["Redactie", "superuser"])
def test_redactie_and_admins_read_and_export_submissions(
    client, django_user_model, superuser, form_page, who
):
    user = superuser if who == "superuser" else member_of(django_user_model, "r@example.nl", who)
    client.force_login(user)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[form_page.pk]))
    assert urls(form_page)["submissions"] in edit.content.decode()  # "Totaal inzendingen 1"
    assert form_page.title in client.get(urls(form_page)["forms"]).content.decode()
    assert NAME in client.get(urls(form_page)["submissions"]).content.decode()
    export = client.get(urls(form_page)["csv"])
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    assert NAME in b"".join(export.streaming_content).decode()
