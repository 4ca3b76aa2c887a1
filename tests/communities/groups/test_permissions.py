"""Point 10: every group view and file URL as anonymous, signed-in outsider, member,
trekker of another group, trekker and admin. Members-only answers carry what only
members may read; refusals carry none of it."""

import re

import pytest
from django.urls import reverse

from communities import services
from communities.models import Membership, Post, PostReport, Reply

from .conftest import ROLES, add_member, sub, upload

SECRET_TITLE = "Thuiszitters in Almere"
SECRET_BODY = "doorbraakoverleg"
FILE_BYTES = b"%PDF-1.4 besloten verslag"

MEMBERS = {"anonymous": "login", "outsider": 403, "member": 200, "other_trekker": 403}
TREKKERS = {**MEMBERS, "member": 403}
EVERYONE = dict.fromkeys(ROLES, 200)
# Wagtail's own document URL: a group's file does not exist for outsiders.
WAGTAIL_DOCUMENT = {**MEMBERS, "outsider": 404, "other_trekker": 404}


def expected(table, role):
    return {**{"trekker": 200, "admin": 200}, **table}.get(role)


@pytest.fixture
def document(group, people):
    return services.add_document(group, people["trekker"], upload("notulen.pdf"), "Notulen mei")


def views(group, post, document):
    attachment = post.attachments.get()
    listed = group.memberships.get(user__email="lid@example.nl")
    return [
        # (url, who may see it, what only those may read)
        (group.url, EVERYONE, None),
        (sub(group, "agenda"), EVERYONE, None),
        (sub(group, "post_list"), MEMBERS, SECRET_TITLE),
        (sub(group, "post", post.pk), MEMBERS, SECRET_BODY),
        (sub(group, "report", post.pk), MEMBERS, SECRET_TITLE),
        (sub(group, "members"), MEMBERS, "Mirjam Lid"),
        (sub(group, "contact", listed.pk), MEMBERS, "Mirjam Lid"),
        (sub(group, "documents"), MEMBERS, "Notulen mei"),
        (sub(group, "download", attachment.pk), MEMBERS, None),
        (sub(group, "download", document.pk), MEMBERS, None),
        (attachment.document.url, WAGTAIL_DOCUMENT, None),
        (document.document.url, WAGTAIL_DOCUMENT, None),
        (sub(group, "manage"), TREKKERS, "Uitnodigen per e-mail"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_group_page_and_file_answers_each_role_as_it_should(
    role, clients, group, post, document
):
    client = clients[role]
    for url, table, secret in views(group, post, document):
        response = client.get(url, follow=url.startswith("/documenten/"))
        want = expected(table, role)
        body = b"".join(response) if response.streaming else response.content
        if want == "login":
            login = reverse("account_login")
            if getattr(response, "redirect_chain", None):
                assert response.redirect_chain[0][0].startswith(login), url
            else:
                assert response.status_code == 302, url
                assert response["Location"].startswith(login), url
            continue
        assert response.status_code == want, (url, role, response.status_code)
        if want == 200 and table is not EVERYONE:
            assert response.get("Cache-Control") == "private, no-store", url
            if secret:
                assert secret.encode() in body, url
            if "/bestanden/" in url or url.startswith("/documenten/"):
                assert body == FILE_BYTES, url
        else:
            assert SECRET_BODY.encode() not in body, url
            assert SECRET_TITLE.encode() not in body, url
            assert FILE_BYTES not in body, url


def test_member_settings_only_for_the_member_themselves(clients, group):
    url = sub(group, "member_settings")
    assert clients["anonymous"].get(url).status_code == 302
    assert clients["outsider"].get(url).status_code == 403
    assert clients["other_trekker"].get(url).status_code == 403
    assert clients["admin"].get(url).status_code == 404  # an admin has no membership to set
    for role in ("member", "trekker"):
        response = clients[role].get(url)
        assert response.status_code == 200
        assert "Toon mij in de ledenlijst" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_writing_in_a_group_only_by_its_members(role, clients, people, group, post):
    client = clients[role]
    may = expected(MEMBERS, role) == 200
    client.post(sub(group, "post_list"), {"title": "Nieuw bericht", "body": "Tekst"})
    client.post(sub(group, "post", post.pk), {"body": "Een reactie"})
    client.post(sub(group, "report", post.pk), {"reason": "Hoort hier niet"})
    assert Post.objects.filter(title="Nieuw bericht").exists() == may
    assert Reply.objects.filter(body__contains="Een reactie").exists() == may
    assert PostReport.objects.filter(post=post).exists() == may


@pytest.mark.parametrize("role", ROLES)
def test_trekker_powers_only_for_the_groups_own_trekkers(
    role, clients, people, group, post, django_user_model
):
    from .conftest import make_person

    applicant = make_person(django_user_model, "aanvrager@example.nl", "Aanvrager")
    request = services.join(group, applicant)
    may = expected(TREKKERS, role) == 200
    client = clients[role]
    client.post(sub(group, "hide", post.pk))
    client.post(sub(group, "manage"), {"lid": request.pk, "actie": "goedkeuren"})
    client.post(sub(group, "manage"), {"invite": "1", "email": "nieuw@example.nl"})
    member = group.memberships.get(user=people["member"])
    client.post(sub(group, "manage"), {"lid": member.pk, "actie": "trekker"})
    post.refresh_from_db()
    request.refresh_from_db()
    member.refresh_from_db()
    assert (post.hidden_at is not None) == may
    assert (request.status == Membership.Status.ACTIVE) == may
    assert group.invitations.filter(email="nieuw@example.nl").exists() == may
    assert (member.role == Membership.Role.TREKKER) == may


def test_a_trekker_cannot_act_on_another_groups_members(clients, people, group, other_group):
    """The trekker of ``other_group`` posts a membership id of ``group`` to their own page."""
    member = group.memberships.get(user=people["member"])
    response = clients["other_trekker"].post(
        sub(other_group, "manage"), {"lid": member.pk, "actie": "verwijderen"}
    )
    assert response.status_code == 404
    assert group.memberships.filter(pk=member.pk).exists()


def test_group_files_have_unguessable_storage_names_and_pages_never_link_media(
    clients, group, post, document
):
    for item in (post.attachments.get(), document):
        name = item.document.file.name
        assert re.fullmatch(r"documents/[0-9a-f]{32}/[\w.-]+", name), name
        assert item.document.collection_id == type(group).objects.get(pk=group.pk).collection_id
    for url in (sub(group, "post", post.pk), sub(group, "documents")):
        html = clients["member"].get(url).content.decode()
        assert "/media/" not in html
        assert "/bestanden/" in html


def test_hidden_posts_and_their_files_are_gone_for_members_kept_for_trekkers(
    clients, people, group, post
):
    services.hide(post, people["trekker"])
    attachment = post.attachments.get()
    file_url = sub(group, "download", attachment.pk)
    for url in (sub(group, "post", post.pk), file_url, attachment.document.url):
        assert clients["member"].get(url, follow=True).status_code == 404, url
        assert clients["trekker"].get(url, follow=True).status_code == 200, url
    listing = clients["member"].get(sub(group, "post_list")).content.decode()
    assert SECRET_TITLE not in listing
    assert SECRET_TITLE in clients["trekker"].get(sub(group, "post_list")).content.decode()


def test_a_member_who_leaves_loses_access_at_once(clients, people, group, post):
    attachment = post.attachments.get()
    services.leave(group.memberships.get(user=people["member"]))
    assert clients["member"].get(sub(group, "post", post.pk)).status_code == 403
    assert clients["member"].get(attachment.document.url).status_code == 404
    add_member(group, people["member"])
    response = clients["member"].get(attachment.document.url, follow=True)
    assert response.status_code == 200
    assert b"".join(response) == FILE_BYTES
