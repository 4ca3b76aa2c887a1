"""Mail about new posts and replies, per member's own setting (``Membership.notify``).

- *at once*: one mail per post or reply, queued by the worker (task
  ``communities.tasks.notify_members``, enqueued when ``communities.signals.post_created``
  / ``reply_created`` arrive; the groups' services send them after the commit), keyed
  per message and member, so a signal delivered twice mails nobody twice;
- *daily*: :func:`send_digests` (a periodic job in ``communities/tasks.py``) sends each
  member at most one summary a day, keyed per member and day, whoever runs it and how
  often;
- *never*: nothing.

Nobody is mailed about their own message; a hidden message is mailed to nobody (hidden
before the digest goes out: left out of it); only active members of the group are
mailed. Every link is absolute (``website.mail``).
"""

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import override

from communities import signals
from communities.models import Membership, Post, Reply
from communities.services import display_name, sub_url
from website.mail import absolute_url, queue_mail, render_mail
from website.models import OutgoingMail

logger = logging.getLogger("samenspel.communities")
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EXCERPT_WORDS = 60
#: A digest catches up at most this many days after a pause (a stopped worker).
DIGEST_CATCH_UP_DAYS = 7


def digest_hour():
    """From this hour (Amsterdam) the day's digest goes out; the job runs every hour."""
    return getattr(settings, "COMMUNITIES_DIGEST_HOUR", 7)


def connect():
    signals.post_created.connect(post_created, dispatch_uid="communities.notify.post")
    signals.reply_created.connect(reply_created, dispatch_uid="communities.notify.reply")


def excerpt(html):
    return Truncator(" ".join(strip_tags(html).split())).words(EXCERPT_WORDS)


def post_url(post):
    return sub_url(post.community, "post", post.pk)


def settings_url(community):
    return sub_url(community, "member_settings")


def _immediate_recipients(community, author_id):
    return (
        Membership.objects.filter(
            community=community,
            status=Membership.Status.ACTIVE,
            notify=Membership.Notify.IMMEDIATELY,
        )
        .exclude(user_id=author_id)
        .select_related("user")
    )


def _site_name():
    from communities.services import _site_name as site_name

    return site_name()


def _mail_members(recipients, context, key_prefix, purpose):
    """One mail per recipient, rendered once (the text is the same for every member)."""
    subject, text, html = render_mail("communities/message", context)
    with transaction.atomic():
        for membership in recipients:
            queue_mail(
                to=membership.user.email,
                subject=subject,
                text=text,
                html=html,
                key=f"{key_prefix}:{membership.user_id}",
                purpose=purpose,
            )


def post_created(sender, post, **kwargs):
    """Hand the mails about a new post to the worker (``post_created`` receiver): a group of
    hundreds must not make posting slow, and the post is stored whatever the mail does."""
    _hand_over("post", post.pk)


def reply_created(sender, reply, **kwargs):
    """Hand the mails about a new reply to the worker (``reply_created`` receiver)."""
    _hand_over("reply", reply.pk)


def _hand_over(kind, pk):
    from communities.tasks import notify_members

    try:
        notify_members.enqueue(kind=kind, pk=pk)
    except Exception:  # the message is stored; a mail problem must not turn it into an error
        logger.exception("Could not hand over the mails about %s %s", kind, pk)


def mail_about_post(post_id):
    """Mail the members who want every message at once about a post (in the worker)."""
    post = Post.objects.select_related("community", "author__profile").filter(pk=post_id).first()
    if post is not None and not post.hidden_at:
        _mail_about("post", post, post)


def mail_about_reply(reply_id):
    """Mail the members who want every message at once about a reply (in the worker)."""
    reply = Reply.objects.select_related("post__community", "author__profile")
    reply = reply.filter(pk=reply_id).first()
    if reply is not None and not reply.hidden_at and not reply.post.hidden_at:
        _mail_about("reply", reply, reply.post)


def _mail_about(kind, message, post):
    if not post.community.live:
        return
    with override(settings.LANGUAGE_CODE):
        context = {
            "kind": kind,
            "community": post.community,
            "title": post.title,
            "author": display_name(message.author),
            "excerpt": excerpt(message.body),
            "url": post_url(post),
            "settings_url": settings_url(post.community),
            "site_name": _site_name(),
        }
        recipients = _immediate_recipients(post.community, message.author_id)
        key = f"communities:{kind}:{message.pk}"
        _mail_members(recipients, context, key, f"communities.{kind}")


# -- the daily digest ------------------------------------------------------------------------


def digest_key(user_id, day):
    return f"communities:digest:{user_id}:{day.isoformat()}"


def _midnight(day):
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def _window_start(user_id, today):
    """Where this member's digest starts: where their previous one ended (the midnight
    of the day it was sent), else yesterday's midnight; at most a week back."""
    earliest = today - timedelta(days=DIGEST_CATCH_UP_DAYS)
    previous = (
        OutgoingMail.objects.filter(key__startswith=f"communities:digest:{user_id}:")
        .order_by("-key")
        .values_list("key", flat=True)
        .first()
    )
    start = today - timedelta(days=1)
    if previous:
        sent_on = datetime.strptime(previous.rsplit(":", 1)[1], "%Y-%m-%d").date()
        start = max(min(sent_on, today), earliest)
    return _midnight(start)


def digest_items(memberships, start, end):
    """Posts and replies in these groups, between ``start`` and ``end``, not hidden, not
    the member's own: ``[(community, [(post, [replies])])]`` in group and time order."""
    user_id = memberships[0].user_id
    communities = {membership.community_id: membership.community for membership in memberships}
    posts = (
        Post.objects.filter(
            community_id__in=communities,
            hidden_at=None,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(author_id=user_id)
        .select_related("author__profile")
    )
    replies = (
        Reply.objects.filter(
            post__community_id__in=communities,
            post__hidden_at=None,
            hidden_at=None,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(author_id=user_id)
        .select_related("author__profile", "post__author__profile")
    )
    threads = {}
    for post in posts:
        threads.setdefault(post.pk, {"post": post, "new": True, "replies": []})
    for reply in replies:
        thread = threads.setdefault(
            reply.post_id, {"post": reply.post, "new": False, "replies": []}
        )
        thread["replies"].append(reply)
    grouped = {}
    for thread in sorted(threads.values(), key=lambda item: item["post"].created_at):
        post = thread["post"]
        grouped.setdefault(post.community_id, []).append(
            {
                "title": post.title,
                "new": thread["new"],
                "author": display_name(post.author),
                "excerpt": excerpt(post.body) if thread["new"] else "",
                "replies": [
                    {"author": display_name(reply.author), "excerpt": excerpt(reply.body)}
                    for reply in sorted(thread["replies"], key=lambda reply: reply.created_at)
                ],
                "url": post_url_for(communities[post.community_id], post.pk),
            }
        )
    return [
        {
            "community": communities[community_id],
            "threads": threads_of_group,
            "settings_url": settings_url(communities[community_id]),
        }
        for community_id, threads_of_group in sorted(
            grouped.items(), key=lambda item: communities[item[0]].title
        )
    ]


def post_url_for(community, post_id):
    return sub_url(community, "post", post_id)


def send_digests(now=None):
    """Each member with a daily setting gets one summary of yesterday's messages (or of
    what came since their last summary). Safe to run any number of times, by several
    workers at once: the outbox key per member and day lets one mail through. Returns
    the number of digests this run queued (or found queued by a worker at the same moment)."""
    now = timezone.localtime(now or timezone.now(), AMSTERDAM)
    if now.hour < digest_hour():
        return 0
    today = now.date()
    end = _midnight(today)
    daily = (
        Membership.objects.filter(
            status=Membership.Status.ACTIVE,
            notify=Membership.Notify.DAILY,
            community__live=True,
        )
        .select_related("community", "user")
        .order_by("user_id", "community__title")
    )
    by_user = {}
    for membership in daily:
        by_user.setdefault(membership.user_id, []).append(membership)
    queued = 0
    with override(settings.LANGUAGE_CODE):
        for user_id, memberships in by_user.items():
            key = digest_key(user_id, today)
            if OutgoingMail.objects.filter(key=key).exists():
                continue
            groups = digest_items(memberships, _window_start(user_id, today), end)
            if not groups:
                continue
            context = {
                "groups": groups,
                "day": today - timedelta(days=1),
                "count": sum(len(group["threads"]) for group in groups),
                "site_name": _site_name(),
                "account_url": absolute_url(reverse("follow:page")),
            }
            with transaction.atomic():
                queue_mail(
                    to=memberships[0].user.email,
                    template="communities/digest",
                    context=context,
                    key=key,
                    purpose="communities.digest",
                )
            queued += 1
    return queued
