"""Point 6 and the hide/report part of 7: posts, replies, attachments, the member
directory and its contact form, group documents."""

import re

import pytest
from django.test import TestCase

from communities import services, signals
from communities.accounts.services import delete_account
from communities.models import Attachment, Post, Reply
from website.models import OutgoingMail

from .conftest import client_for, last_mail, sub, upload, visible_text


def test_a_member_posts_with_attachments_and_another_member_reads_it(people, group):
    author = client_for(people["member"])
    response = author.post(
        sub(group, "post_list"),
        {
            "title": "Verzuimaanpak Lelystad",
            "body": "Eerste alinea.\n\nTweede alinea.",
            "files": [upload("plan.pdf", b"%PDF plan"), upload("cijfers.csv", b"a;b")],
        },
    )
    post = Post.objects.get(title="Verzuimaanpak Lelystad")
    assert response["Location"] == sub(group, "post", post.pk)
    assert post.body == "<p>Eerste alinea.</p>\n\n<p>Tweede alinea.</p>"
    assert post.attachments.count() == 2
    reader = client_for(people["trekker"])
    text = visible_text(reader.get(sub(group, "post_list")).content.decode())
    assert "Verzuimaanpak Lelystad" in text and "Mirjam Lid" in text and "2 bijlagen" in text
    page = reader.get(sub(group, "post", post.pk)).content.decode()
    assert "plan.pdf" in page and "cijfers.csv" in page


def test_post_and_reply_bodies_keep_safe_formatting_only(people, group):
    body = (
        '<p onclick="steel()">Zie <a href="javascript:alert(1)">dit</a> en '
        '<a href="https://example.nl">dat</a> <strong>vet</strong></p>'
        "<script>alert(1)</script><img src=x onerror=alert(1)><iframe src=//evil></iframe>"
    )
    post = services.create_post(group, people["member"], "Opmaak", body)
    reply = services.create_reply(post, people["trekker"], body)
    for stored in (post.body, reply.body):
        assert "<strong>vet</strong>" in stored
        assert (
            'href="https://example.nl"' in stored and 'rel="nofollow noopener noreferrer"' in stored
        )
        for bad in ("script", "onclick", "javascript:", "<img", "onerror", "iframe"):
            assert bad not in stored
    html = client_for(people["member"]).get(sub(group, "post", post.pk)).content.decode()
    assert "<script>alert(1)</script>" not in html and "javascript:alert" not in html


def test_an_empty_or_bad_post_gets_a_dutch_error(people, group):
    client = client_for(people["member"])
    response = client.post(sub(group, "post_list"), {"title": "", "body": "<script></script>"})
    assert response.status_code == 400
    text = visible_text(response.content.decode())
    assert "Controleer het formulier" in text and "Schrijf een bericht." in text
    response = client.post(
        sub(group, "post_list"),
        {"title": "Met virus", "body": "Tekst", "files": [upload("virus.exe", b"MZ")]},
    )
    assert response.status_code == 400
    assert "Bestanden van deze soort kunnen niet worden toegevoegd" in visible_text(
        response.content.decode()
    )
    assert not Post.objects.filter(title="Met virus").exists()


def test_replies_are_posted_and_signals_go_out_after_commit(people, group, post):
    seen = []

    def on_post(sender, post, **kwargs):
        seen.append(("post", post.pk, Post.objects.filter(pk=post.pk).exists()))

    def on_reply(sender, reply, **kwargs):
        seen.append(("reply", reply.pk, Reply.objects.filter(pk=reply.pk).exists()))

    signals.post_created.connect(on_post)
    signals.reply_created.connect(on_reply)
    try:
        with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
            new = services.create_post(group, people["member"], "Nieuw", "Tekst")
            reply = services.create_reply(post, people["trekker"], "Goed idee")
        assert seen == []  # nothing before the commit
        for callback in callbacks:
            callback()
        assert ("post", new.pk, True) in seen and ("reply", reply.pk, True) in seen
    finally:
        signals.post_created.disconnect(on_post)
        signals.reply_created.disconnect(on_reply)
    client_for(people["member"]).post(sub(group, "post", post.pk), {"body": "Ik ook"})
    text = visible_text(
        client_for(people["trekker"]).get(sub(group, "post", post.pk)).content.decode()
    )
    assert "Goed idee" in text and "Ik ook" in text


def test_a_report_mails_the_trekkers_and_a_trekker_hides_the_post(people, group, post):
    member = client_for(people["trekker"])  # any member may report; a trekker too
    reporter = client_for(people["member"])
    reporter.post(sub(group, "report", post.pk), {"reason": "Bevat namen van leerlingen"})
    mail = last_mail("trekker@example.nl")
    assert mail.subject == "Melding in Inspiratieregio Flevoland"
    assert "Bevat namen van leerlingen" in mail.body_text
    assert sub(group, "post", post.pk) in mail.body_text
    # The trekker of another group is not told.
    assert not OutgoingMail.objects.filter(
        to="trekker.oza@example.nl", subject__startswith="Melding"
    )
    assert "Bevat namen van leerlingen" in visible_text(
        member.get(sub(group, "manage")).content.decode()
    )
    member.post(sub(group, "hide", post.pk))
    post.refresh_from_db()
    assert post.hidden_at and post.hidden_by == people["trekker"]
    assert reporter.get(sub(group, "post", post.pk)).status_code == 404
    member.post(sub(group, "hide", post.pk), {"tonen": "1"})
    assert reporter.get(sub(group, "post", post.pk)).status_code == 200


def test_a_reply_is_reported_and_hidden_on_its_own(people, group, post):
    reply = services.create_reply(post, people["member"], "Ongepaste reactie")
    client_for(people["member"]).post(
        sub(group, "report", post.pk), {"reason": "Ongepast", "reactie": reply.pk}
    )
    assert "een reactie op het bericht" in last_mail("trekker@example.nl").body_text
    client_for(people["trekker"]).post(sub(group, "hide", post.pk), {"reactie": reply.pk})
    text = visible_text(
        client_for(people["member"]).get(sub(group, "post", post.pk)).content.decode()
    )
    assert "Ongepaste reactie" not in text and "doorbraakoverleg" in text


def test_directory_shows_listed_members_only_and_never_an_address(people, group):
    group.memberships.filter(user=people["trekker"]).update(listed=False)
    html = client_for(people["member"]).get(sub(group, "members")).content.decode()
    text = visible_text(html)
    assert "Mirjam Lid" in text and "SWV Flevoland" in text and "Beleid" in text
    assert "Tineke Trekker" not in text
    assert "De groep heeft 2 leden." in text
    for address in ("lid@example.nl", "trekker@example.nl", "buiten@example.nl"):
        assert address not in html


def test_contact_form_mails_through_the_outbox_without_showing_addresses(people, group):
    listed = group.memberships.get(user=people["member"])
    client = client_for(people["trekker"])
    page = client.get(sub(group, "contact", listed.pk)).content.decode()
    assert "lid@example.nl" not in page
    response = client.post(sub(group, "contact", listed.pk), {"message": "Zullen we bellen?"})
    assert response.status_code == 302
    mail = last_mail("lid@example.nl")
    assert mail.subject == "Bericht van Tineke Trekker (Inspiratieregio Flevoland)"
    assert "Zullen we bellen?" in mail.body_text
    assert mail.reply_to == "trekker@example.nl"
    assert mail.status == OutgoingMail.Status.SENT
    # Unlisted members cannot be written to.
    group.memberships.filter(pk=listed.pk).update(listed=False)
    assert client.get(sub(group, "contact", listed.pk)).status_code == 404


def test_group_documents_are_added_and_listed(people, group):
    client = client_for(people["member"])
    client.post(
        sub(group, "documents"), {"title": "Jaarplan 2027", "file": upload("jaarplan.docx", b"PK")}
    )
    item = Attachment.objects.get(document__title="Jaarplan 2027")
    assert item.post is None and item.added_by == people["member"]
    text = visible_text(client.get(sub(group, "documents")).content.decode())
    assert "Jaarplan 2027" in text
    response = client.post(sub(group, "documents"), {"title": "Leeg"})
    assert response.status_code == 400
    assert "Controleer het formulier" in visible_text(response.content.decode())


@pytest.mark.django_db
def test_posts_of_a_deleted_account_stay_as_verwijderd_lid(people, group, post):
    services.invite(group, "lid@example.nl", people["trekker"])
    delete_account(people["member"])
    assert not group.invitations.exists()
    assert not group.memberships.filter(user__email="lid@example.nl").exists()
    text = visible_text(
        client_for(people["trekker"]).get(sub(group, "post", post.pk)).content.decode()
    )
    assert "verwijderd lid" in text and "Mirjam" not in text
    assert "doorbraakoverleg" in text


def test_membership_settings_change_listing_and_mail_choice(people, group):
    client = client_for(people["member"])
    client.post(sub(group, "member_settings"), {"notify": "never"})
    membership = group.memberships.get(user=people["member"])
    assert membership.notify == "never" and not membership.listed


def test_contact_form_is_rate_limited(people, group, settings):
    settings.FORM_RATE_LIMIT = 2
    listed = group.memberships.get(user=people["member"])
    client = client_for(people["trekker"])
    url = sub(group, "contact", listed.pk)
    for _ in range(2):
        assert client.post(url, {"message": "Hallo"}).status_code == 302
    response = client.post(url, {"message": "Hallo"})
    assert response.status_code == 429
    assert (
        OutgoingMail.objects.filter(to="lid@example.nl", purpose="communities-contact").count() == 2
    )


def test_message_listing_costs_the_same_queries_for_few_and_many_posts(people, group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(people["member"])
    url = sub(group, "post_list")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.create_post(group, people["member"], "Eerste", "Tekst", [upload()])
    few = count()
    for number in range(6):
        post = services.create_post(group, people["trekker"], f"Bericht {number}", "Tekst")
        services.create_reply(post, people["member"], "Reactie")
    assert count() == few


def test_older_messages_stay_reachable_page_by_page(people, group):
    from datetime import timedelta

    from django.utils import timezone

    start = timezone.now() - timedelta(days=60)
    for number in range(1, 46):
        Post.objects.create(
            community=group,
            author=people["member"],
            title=f"Bericht {number:02d}",
            body="<p>Tekst</p>",
            created_at=start + timedelta(hours=number),
        )
    reader = client_for(people["trekker"])
    url = sub(group, "post_list")
    seen = []
    page = reader.get(url).content.decode()
    while True:
        seen += sorted(set(re.findall(r"Bericht \d\d", visible_text(page))), reverse=True)
        older = re.search(r'href="(\?pagina=\d+)" rel="next"', page)
        if older is None:
            break
        page = reader.get(url + older.group(1)).content.decode()
    assert seen == [f"Bericht {number:02d}" for number in range(45, 0, -1)]  # newest first
    assert "Pagina 3 van 3" in visible_text(page)
    assert reader.get(url + "?pagina=abc").status_code == 200  # a bad number: the first page
