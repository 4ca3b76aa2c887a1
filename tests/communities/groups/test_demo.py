"""Point 11: load_demo gives the eleven inspiratieregio's and the OZA group, with
members, posts, documents and a members-only event; running it again adds nothing."""

import pytest

from communities import demo
from communities.models import Attachment, CommunityPage, Membership, Post
from events import demo as events_demo
from registrations import demo as registrations_demo
from website.demo import builder

from .conftest import client_for, sub, visible_text

pytestmark = pytest.mark.django_db


def test_demo_groups_members_posts_documents_and_events_once(client, files_on_disk):
    builder.build()
    events_demo.load()
    registrations_demo.load()
    assert demo.load() == {"groups": 12}
    assert demo.load() == {"groups": 0}

    regions = CommunityPage.objects.filter(kind=CommunityPage.Kind.INSPIRATIEREGIO)
    assert regions.count() == 11
    assert regions.filter(title="Inspiratieregio Haaglanden", region__name__contains="Haaglanden")
    oza = CommunityPage.objects.get(kind=CommunityPage.Kind.THEMA)
    assert oza.theme.name == "Onderwijszorgarrangementen (OZA)"
    assert all(group.trekkers().count() == 1 for group in CommunityPage.objects.all())
    assert Post.objects.filter(community=oza).count() == 2
    assert Attachment.objects.filter(community=oza, post=None).count() == 1

    index = visible_text(client.get("/communities/").content.decode())
    assert "COP Onderwijszorgarrangementen" in index and "Inspiratieregio Twente" in index

    closed = oza.community_events.get(members_only=True).event
    assert closed.title not in client.get("/agenda/").content.decode()
    member = Membership.objects.filter(community=oza, role="member").first().user
    text = visible_text(client_for(member).get(sub(oza, "agenda")).content.decode())
    assert closed.title in text
    posts = visible_text(client_for(member).get(sub(oza, "post_list")).content.decode())
    assert "Wie betaalt wat bij een arrangement op school?" in posts
