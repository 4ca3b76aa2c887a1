"""Every write on groups that touches several rows or sends mail.

Views, the demo and tests call these functions. Mail goes through the outbox
(website.mail.queue_mail) in the same transaction as the rows it is about.
"""

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from communities import signals
from communities.accounts.services import verified_addresses
from communities.models import (
    Attachment,
    CommunityPage,
    Invitation,
    Membership,
    Post,
    PostReport,
    Reply,
)
from website.mail import absolute_url, page_url, queue_mail

PRIVATE_COLLECTION = "Communities (besloten)"


class NotAllowed(PermissionDenied):
    """A step the person may not take; the message is Dutch and meant for them."""


# Private parts: an auth group for Wagtail's view restrictions, a document collection.
def private_parts(community):
    """The group's auth group and private collection, made on first need.

    The auth group mirrors the active members; Wagtail's own view restrictions use it
    (members-only events, the collection's documents) as a second lock behind the
    membership checks in communities.views.
    """
    with transaction.atomic():
        return _private_parts(community)


def _private_parts(community):
    community = CommunityPage.objects.select_for_update().get(pk=community.pk)
    changed = []
    if community.member_group_id is None:
        group, _created = Group.objects.get_or_create(name=f"Community {community.pk}: leden")
        community.member_group = group
        changed.append("member_group")
    if community.collection_id is None:
        root = Collection.get_first_root_node()
        parent = root.get_children().filter(name=PRIVATE_COLLECTION).first()
        if parent is None:
            parent = root.add_child(name=PRIVATE_COLLECTION)
        collection = parent.add_child(name=f"{community.title} ({community.pk})")
        community.collection = collection
        changed.append("collection")
    if changed:
        CommunityPage.objects.filter(pk=community.pk).update(
            **{f"{name}_id": getattr(community, name).pk for name in changed}
        )
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection_id=community.collection_id,
        defaults={"restriction_type": CollectionViewRestriction.GROUPS},
    )
    restriction.groups.add(community.member_group_id)
    return community.member_group, community.collection


def _sync_group(membership):
    group, _collection = private_parts(membership.community)
    if membership.status == Membership.Status.ACTIVE:
        membership.user.groups.add(group)
    else:
        membership.user.groups.remove(group)


def sync_event_restrictions(event_ids=None):
    """Members-only events carry one Wagtail view restriction listing the member groups of
    every community that links them as members-only; so ``public()`` listings, feeds,
    search and the sitemap leave them out, and only those members (and admins) see them.
    Restrictions we made on events no longer members-only are removed.
    """
    from communities.models import CommunityEvent

    ours = Group.objects.filter(name__startswith="Community ", name__endswith=": leden")
    links = CommunityEvent.objects.select_related("community")
    restricted = PageViewRestriction.objects.filter(
        restriction_type=PageViewRestriction.GROUPS, groups__in=ours
    )
    if event_ids is not None:
        links = links.filter(event_id__in=event_ids)
        restricted = restricted.filter(page_id__in=event_ids)
    # Every event we restrict now (a link may have been taken out) gets looked at again.
    wanted = {page_id: set() for page_id in restricted.values_list("page_id", flat=True)}
    for link in links:
        wanted.setdefault(link.event_id, set())
        if link.members_only:
            # Kept while the group is unpublished too: never made public by accident.
            group, _collection = private_parts(link.community)
            wanted[link.event_id].add(group.pk)
    ours = set(ours)
    for event_id, group_ids in wanted.items():
        existing = [
            restriction
            for restriction in PageViewRestriction.objects.filter(
                page_id=event_id, restriction_type=PageViewRestriction.GROUPS
            ).prefetch_related("groups")
            if all(group in ours for group in restriction.groups.all())
        ]
        if not group_ids:
            for restriction in existing:
                restriction.delete()
            continue
        restriction = existing[0] if existing else None
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page_id=event_id, restriction_type=PageViewRestriction.GROUPS
            )
        if {group.pk for group in restriction.groups.all()} != group_ids:
            restriction.groups.set(group_ids)
            restriction.save()  # a changed restriction is a changed page (page cache)
        for extra in existing[1:]:
            extra.delete()


# Mail.
def _mail(to, subject, paragraphs, button=None, key=None, reply_to="", purpose="communities"):
    queue_mail(
        to=to,
        template="communities/notice",
        context={
            "subject": subject,
            "paragraphs": paragraphs,
            "button": button,
            "site_name": _site_name(),
        },
        key=key,
        purpose=purpose,
        reply_to=reply_to,
    )


def _site_name():
    from website.models import SiteSettings

    row = SiteSettings.objects.first()
    return (row.organisation_name if row else "") or "Samenspel"


def display_name(user):
    """What other members see of a person: their profile name, else "lid"."""
    if user is None:
        return _("deleted member")
    profile = getattr(user, "profile", None)
    return (profile.name if profile else "") or _("member without a name")


def sub_url(community, name, *args):
    return page_url(community) + community.reverse_subpage(name, args=args).lstrip("/")


def _notify_trekkers(community, subject, paragraphs, button, key_prefix):
    for trekker in community.trekkers().select_related("user"):
        _mail(
            trekker.user.email,
            subject,
            paragraphs,
            button,
            key=f"{key_prefix}:{trekker.user_id}" if key_prefix else None,
        )


# Joining and leaving.
def join(community, user, *, message="", listed=False, notify=Membership.Notify.IMMEDIATELY):
    """Join an open group at once, or ask to join a group on approval.

    Returns the membership (active or pending). A group by invitation only refuses.
    """
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        existing = community.memberships.filter(user=user).first()
        if existing:
            return existing
        if community.policy == CommunityPage.Policy.INVITATION:
            raise NotAllowed(_("This group can only be joined by invitation of a trekker."))
        now = timezone.now()
        is_open = community.policy == CommunityPage.Policy.OPEN
        membership = Membership.objects.create(
            community=community,
            user=user,
            status=Membership.Status.ACTIVE if is_open else Membership.Status.PENDING,
            joined_at=now if is_open else None,
            message=message.strip(),
            listed=listed,
            notify=notify,
        )
        if is_open:
            _sync_group(membership)
        else:
            _notify_trekkers(
                community,
                _("Request to join %(group)s") % {"group": community.title},
                [
                    _("%(name)s asks to join %(group)s.")
                    % {"name": display_name(user), "group": community.title},
                    *(
                        [_("Their message: %(message)s") % {"message": membership.message}]
                        if membership.message
                        else []
                    ),
                    _("Approve or decline the request on the group's trekker page."),
                ],
                (sub_url(community, "manage"), _("To the requests")),
                f"communities:request:{membership.pk}",
            )
        return membership


def approve(membership, by):
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status == Membership.Status.ACTIVE:
            return membership
        membership.status = Membership.Status.ACTIVE
        membership.joined_at = timezone.now()
        membership.save(update_fields=["status", "joined_at"])
        _sync_group(membership)
        community = membership.community
        _mail(
            membership.user.email,
            _("Welcome to %(group)s") % {"group": community.title},
            [
                _("Your request to join %(group)s has been approved. Welcome!")
                % {"group": community.title},
                _("You now read and write the group's messages and see its documents."),
            ],
            (page_url(community), _("To the group")),
            key=f"communities:approved:{membership.pk}",
        )
        return membership


def decline(membership, by):
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        membership = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if membership is None or membership.status != Membership.Status.PENDING:
            return
        community = membership.community
        _mail(
            membership.user.email,
            _("Your request to join %(group)s") % {"group": community.title},
            [
                _("Your request to join %(group)s has not been approved.")
                % {"group": community.title},
                _("Questions? Reply to the trekkers through the site's contact details."),
            ],
            (page_url(community), _("About the group")),
            key=f"communities:declined:{membership.pk}",
        )
        membership.delete()


def enrol(community, user, *, role=Membership.Role.MEMBER, listed=True, notify=None):
    """Make ``user`` an active member at once, without mail (the demo; operators)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            community=community,
            user=user,
            defaults={
                "role": role,
                "listed": listed,
                "status": Membership.Status.ACTIVE,
                "joined_at": timezone.now(),
                "notify": notify or Membership.Notify.IMMEDIATELY,
            },
        )
        _sync_group(membership)
        return membership


def leave(membership):
    with transaction.atomic():
        membership.status = Membership.Status.PENDING
        _sync_group(membership)
        Membership.objects.filter(pk=membership.pk).delete()


def remove_member(membership, by):
    """A trekker removes a member (or declines by removing); their posts stay."""
    if membership.user_id == by.pk:
        raise NotAllowed(_("Use 'Leave the group' to remove yourself."))
    leave(membership)


def set_role(membership, role):
    Membership.objects.filter(pk=membership.pk, status=Membership.Status.ACTIVE).update(role=role)


# Invitations.
def invite(community, email, by):
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        email = email.strip().lower()
        invitation = community.invitations.filter(
            email__iexact=email, accepted_at=None
        ).first() or Invitation.objects.create(community=community, email=email, invited_by=by)
        url = absolute_url(f"/communities/uitnodiging/{invitation.token}/")
        _mail(
            email,
            _("Invitation: %(group)s") % {"group": community.title},
            [
                _("%(name)s invites you to join %(group)s, a group of the network.")
                % {"name": display_name(by), "group": community.title},
                _(
                    "Accept by signing in, or creating an account, with this e-mail address "
                    "(%(email)s). We send you a code to type in; no password needed."
                )
                % {"email": email},
            ],
            (url, _("Accept the invitation")),
            key=f"communities:invitation:{invitation.pk}",
        )
        return invitation


def accept_invitation(invitation, user):
    """Make ``user`` a member, if they proved the invited address is theirs."""
    if invitation.email.lower() not in verified_addresses(user):
        raise NotAllowed(
            _(
                "This invitation was sent to another e-mail address. Sign in with the address "
                "the invitation was sent to."
            )
        )
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        membership, _created = Membership.objects.get_or_create(
            community=invitation.community,
            user=user,
            defaults={"status": Membership.Status.ACTIVE, "joined_at": timezone.now()},
        )
        if membership.status != Membership.Status.ACTIVE:
            membership.status = Membership.Status.ACTIVE
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at"])
        _sync_group(membership)
        if invitation.accepted_at is None:
            invitation.accepted_at = timezone.now()
            invitation.save(update_fields=["accepted_at"])
        return membership


# Exchange.
def add_document(community, user, upload, title="", post=None):
    """Store an uploaded file as a Wagtail document in the group's private collection.

    The stored file name starts with a random directory, so even the storage path
    cannot be guessed; the file is served by communities.views.document only.
    """
    _group, collection = private_parts(community)
    name = get_valid_filename(PurePosixPath(upload.name).name) or "bestand"
    document = get_document_model()(
        title=(title or name)[:255], collection=collection, uploaded_by_user=user
    )
    document.file.save(f"{secrets.token_hex(16)}/{name}", ContentFile(upload.read()), save=False)
    document.save()
    return Attachment.objects.create(
        community=community, post=post, document=document, added_by=user
    )


def create_post(community, author, title, body, files=()):
    with transaction.atomic():
        post = Post.objects.create(community=community, author=author, title=title, body=body)
        for upload in files:
            add_document(community, author, upload, post=post)
        transaction.on_commit(lambda: signals.post_created.send(sender=Post, post=post))
    return post


def create_reply(post, author, body):
    with transaction.atomic():
        reply = Reply.objects.create(post=post, author=author, body=body)
        transaction.on_commit(lambda: signals.reply_created.send(sender=Reply, reply=reply))
    return reply


def hide(item, by):
    """A trekker hides a post or a reply: members no longer see it; it is kept."""
    type(item).objects.filter(pk=item.pk, hidden_at=None).update(
        hidden_at=timezone.now(), hidden_by=by
    )


def unhide(item):
    type(item).objects.filter(pk=item.pk).update(hidden_at=None, hidden_by=None)


def report(post, reporter, reason, reply=None):
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        row = PostReport.objects.create(post=post, reply=reply, reporter=reporter, reason=reason)
        community = post.community
        what = _("a reply to the message “%(title)s”") if reply else _("the message “%(title)s”")
        _notify_trekkers(
            community,
            _("Reported in %(group)s") % {"group": community.title},
            [
                _("%(name)s reported %(what)s in %(group)s.")
                % {
                    "name": display_name(reporter),
                    "what": what % {"title": post.title},
                    "group": community.title,
                },
                _("Reason: %(reason)s") % {"reason": reason},
                _("You can hide it on the message's page."),
            ],
            (sub_url(community, "post", post.pk), _("To the message")),
            f"communities:report:{row.pk}",
        )
        return row


def contact_member(community, sender, membership, message):
    """Mail a listed member through the site; the sender's address goes as Reply-To."""
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        _mail(
            membership.user.email,
            _("Message from %(name)s (%(group)s)")
            % {"name": display_name(sender), "group": community.title},
            [
                _("%(name)s, member of %(group)s, sends you this message through the site:")
                % {"name": display_name(sender), "group": community.title},
                message,
                _("Reply to this e-mail to answer %(name)s directly.")
                % {"name": display_name(sender)},
            ],
            None,
            reply_to=sender.email,
            purpose="communities-contact",
        )
