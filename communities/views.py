"""The group's own pages below /communities/<slug>/ (routed by CommunityPage).

Every view here decides access from the membership first (:class:`Access`); members-only
answers are ``Cache-Control: private, no-store``. Anonymous visitors of a members-only
page are sent to sign in; signed-in non-members get a 403 that shows nothing of the
area; a trekker's powers apply to their own group only (every row is looked up within
the group).
"""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from communities import forms, services
from communities.models import Attachment, CommunityEvent, Membership, Post, Reply
from website import spam
from website.models.pages import paginate

CONTACT_SCOPE = "communities-contact"


def private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class Access:
    """What the person making the request may do in ``community``."""

    def __init__(self, request, community):
        user = request.user
        self.user = user
        self.membership = community.membership_for(user)
        self.is_admin = bool(user.is_authenticated and user.is_superuser)
        active = self.membership is not None and self.membership.is_active
        self.is_member = active or self.is_admin
        self.is_trekker = (active and self.membership.is_trekker) or self.is_admin
        self.is_pending = self.membership is not None and not active


def render(request, community, template, context=None, status=200, title=None):
    access = getattr(request, "_community_access", None) or Access(request, community)
    full = {
        "page": community,
        "self": community,
        "access": access,
        "page_title": f"{title} – {community.title}" if title else community.title,
        "subpage_title": title,
        **(context or {}),
    }
    return TemplateResponse(request, template, full, status=status)


def _guard(check):
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, community, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = Access(request, community)
            request._community_access = access
            if not check(access):
                return private(
                    render(
                        request,
                        community,
                        "communities/refused.html",
                        {"trekkers_only": check is _trekker},
                        status=403,
                        title=_("Members only"),
                    )
                )
            return private(view(request, community, access, *args, **kwargs))

        return wrapped

    return decorator


def _member(access):
    return access.is_member


def _trekker(access):
    return access.is_trekker


members_only = _guard(_member)
trekkers_only = _guard(_trekker)


def post_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapped


# Public: the group page and joining.
def group_page(request, community):
    access = Access(request, community)
    request._community_access = access
    join_form = None
    if request.user.is_authenticated and access.membership is None:
        form_class = (
            forms.OpenJoinForm if community.policy == community.Policy.OPEN else forms.JoinForm
        )
        join_form = form_class(prefix="join")
    response = render(
        request,
        community,
        "pages/community_page.html",
        {
            "join_form": join_form,
            "trekkers": [
                services.display_name(m.user)
                for m in community.trekkers().select_related("user__profile").order_by("pk")
            ],
            "member_count": community.active_members().count(),
            "events": group_events(community, access, upcoming_only=True)[:5],
        },
    )
    return private(response) if request.user.is_authenticated else response


def group_events(community, access, upcoming_only=False):
    """The group agenda: its live events; members-only ones for members (and admins)."""
    links = CommunityEvent.objects.filter(community=community, event__live=True)
    if not access.is_member:
        links = links.filter(members_only=False)
    if upcoming_only:
        links = links.filter(event__end__gte=timezone.now())
    return list(links.select_related("event").order_by("event__start", "event__pk"))


@post_only
def join(request, community):
    if not request.user.is_authenticated:
        return redirect_to_login(community.url)
    form_class = forms.OpenJoinForm if community.policy == community.Policy.OPEN else forms.JoinForm
    form = form_class(request.POST, prefix="join")
    if not form.is_valid():
        messages.error(request, _("Please check the form."))
        return redirect(community.url)
    try:
        membership = services.join(
            community,
            request.user,
            message=form.cleaned_data.get("message", ""),
            listed=form.cleaned_data["listed"],
            notify=form.cleaned_data["notify"],
        )
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
        return redirect(community.url)
    if membership.is_active:
        messages.success(request, _("Welcome! You are now a member of this group."))
    else:
        messages.success(
            request,
            _(
                "Your request has been sent to the trekkers. "
                "You will get an e-mail when they decide."
            ),
        )
    return redirect(community.url)


@post_only
def leave(request, community):
    if not request.user.is_authenticated:
        return redirect_to_login(community.url)
    membership = community.membership_for(request.user)
    if membership is not None:
        was_active = membership.is_active
        services.leave(membership)
        messages.success(
            request,
            _("You have left the group.") if was_active else _("Your request has been withdrawn."),
        )
    return redirect(community.url)


@members_only
def member_settings(request, community, access):
    if access.membership is None:  # an admin who is not a member
        raise Http404
    form = forms.MembershipSettingsForm(request.POST or None, instance=access.membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings for this group have been saved."))
        return redirect(request.path)
    return render(
        request, community, "communities/settings.html", {"form": form}, title=_("My settings")
    )


# Messages.
POSTS_PER_PAGE = 20


def visible_posts(community, access):
    posts = Post.objects.filter(community=community)
    if not access.is_trekker:
        posts = posts.filter(hidden_at=None)
    return posts


@members_only
def posts(request, community, access):
    form = forms.PostForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        post = services.create_post(
            community,
            request.user,
            form.cleaned_data["title"],
            form.cleaned_data["body"],
            form.cleaned_data["files"],
        )
        messages.success(request, _("Your message has been posted."))
        return redirect(community.url + community.reverse_subpage("post", args=[post.pk]))
    listing = (
        visible_posts(community, access)
        .select_related("author__profile")
        .annotate(
            reply_count=Count("replies", filter=Q(replies__hidden_at=None), distinct=True),
            attachment_count=Count("attachments", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        community,
        "communities/posts.html",
        {"posts": paginate(request, listing, POSTS_PER_PAGE), "form": form},
        status=400 if form.errors else 200,
        title=_("Messages"),
    )


def _post_or_404(community, access, post_id):
    post = visible_posts(community, access).select_related("author__profile").filter(pk=post_id)
    post = post.first()
    if post is None:
        raise Http404
    return post


@members_only
def post_detail(request, community, access, post_id):
    post = _post_or_404(community, access, post_id)
    form = forms.ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.create_reply(post, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your reply has been posted."))
        return redirect(request.path)
    replies = post.replies.select_related("author__profile")
    if not access.is_trekker:
        replies = replies.filter(hidden_at=None)
    return render(
        request,
        community,
        "communities/post.html",
        {
            "post": post,
            "replies": replies,
            "attachments": post.attachments.select_related("document"),
            "form": form,
            "report_form": forms.ReportForm(),
        },
        status=400 if form.errors else 200,
        title=post.title,
    )


@members_only
def report(request, community, access, post_id):
    post = _post_or_404(community, access, post_id)
    reply = None
    reply_id = request.POST.get("reactie") or request.GET.get("reactie")
    if reply_id:
        reply = Reply.objects.filter(post=post, pk=reply_id if reply_id.isdigit() else 0).first()
        if reply is None:
            raise Http404
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report(post, request.user, form.cleaned_data["reason"], reply=reply)
        messages.success(request, _("Thank you. The trekkers have been told."))
        return redirect(community.url + community.reverse_subpage("post", args=[post.pk]))
    return render(
        request,
        community,
        "communities/report.html",
        {"post": post, "reply": reply, "form": form},
        status=400 if form.errors else 200,
        title=_("Report"),
    )


@post_only
@trekkers_only
def hide(request, community, access, post_id):
    post = _post_or_404(community, access, post_id)
    reply_id = request.POST.get("reactie", "")
    item = post
    if reply_id:
        item = Reply.objects.filter(post=post, pk=reply_id if reply_id.isdigit() else 0).first()
        if item is None:
            raise Http404
    if request.POST.get("tonen"):
        services.unhide(item)
        messages.success(request, _("Shown to the members again."))
    else:
        services.hide(item, request.user)
        messages.success(request, _("Hidden. Members no longer see it; it is kept."))
    return redirect(community.url + community.reverse_subpage("post", args=[post.pk]))


# Members, documents, agenda.
@members_only
def members(request, community, access):
    listed = (
        community.active_members()
        .filter(listed=True)
        .select_related("user__profile__region")
        .order_by("user__profile__name", "pk")
    )
    return render(
        request,
        community,
        "communities/members.html",
        {"members": listed, "total": community.active_members().count()},
        title=_("Members"),
    )


@members_only
def contact(request, community, access, member_id):
    membership = (
        community.active_members()
        .filter(pk=member_id, listed=True)
        .select_related("user__profile")
        .first()
    )
    if membership is None:
        raise Http404
    form = forms.ContactForm(request.POST or None)
    if request.method == "POST" and spam.rate_limited(request, CONTACT_SCOPE):
        return spam.refuse(request, "rate")
    if request.method == "POST" and form.is_valid():
        spam.count_submission(request, CONTACT_SCOPE)
        services.contact_member(community, request.user, membership, form.cleaned_data["message"])
        messages.success(request, _("Your message has been sent."))
        return redirect(community.url + community.reverse_subpage("members"))
    return render(
        request,
        community,
        "communities/contact.html",
        {"member": membership, "name": services.display_name(membership.user), "form": form},
        status=400 if form.errors else 200,
        title=_("Send a message"),
    )


@members_only
def documents(request, community, access):
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_document(
            community, request.user, form.cleaned_data["file"], form.cleaned_data["title"]
        )
        messages.success(request, _("The document has been added."))
        return redirect(request.path)
    files = Attachment.objects.filter(community=community).select_related(
        "document", "post", "added_by__profile"
    )
    if not access.is_trekker:
        files = files.filter(Q(post=None) | Q(post__hidden_at=None))
    return render(
        request,
        community,
        "communities/documents.html",
        {
            "group_documents": [item for item in files if item.post_id is None],
            "post_attachments": [item for item in files if item.post_id is not None],
            "form": form,
        },
        status=400 if form.errors else 200,
        title=_("Documents"),
    )


@members_only
def download(request, community, access, attachment_id):
    item = (
        Attachment.objects.filter(community=community, pk=attachment_id)
        .select_related("document", "post")
        .first()
    )
    if item is None:
        raise Http404
    if item.post is not None and item.post.hidden_at and not access.is_trekker:
        raise Http404
    return file_response(item.document)


def file_response(document):
    """A group's file: downloaded, never rendered inline, never kept by a shared cache."""
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return private(response)


def agenda(request, community):
    access = Access(request, community)
    request._community_access = access
    events = group_events(community, access)
    now = timezone.now()
    response = render(
        request,
        community,
        "communities/agenda.html",
        {
            "upcoming": [link for link in events if link.event.end >= now],
            "past": [link for link in events if link.event.end < now][::-1],
        },
        title=_("Group agenda"),
    )
    return private(response) if request.user.is_authenticated else response


# The trekkers' page.
@trekkers_only
def manage(request, community, access):
    invite_form = forms.InviteForm(request.POST if "invite" in request.POST else None)
    if request.method == "POST":
        if "invite" in request.POST:
            if invite_form.is_valid():
                services.invite(community, invite_form.cleaned_data["email"], request.user)
                messages.success(request, _("The invitation has been sent."))
                return redirect(request.path)
        else:
            return _manage_action(request, community)
    memberships = community.memberships.select_related("user__profile").order_by(
        "status", "-role", "user__profile__name", "pk"
    )
    from communities.models import PostReport

    return render(
        request,
        community,
        "communities/manage.html",
        {
            "pending": [m for m in memberships if not m.is_active],
            "active": [m for m in memberships if m.is_active],
            "invite_form": invite_form,
            "invitations": community.invitations.filter(accepted_at=None).order_by("-created_at"),
            "reports": PostReport.objects.filter(post__community=community)
            .select_related("post", "reporter__profile")
            .order_by("-created_at")[:20],
        },
        status=400 if invite_form.errors else 200,
        title=_("Trekker page"),
    )


def _manage_action(request, community):
    member_id = request.POST.get("lid", "")
    membership = (
        community.memberships.filter(pk=member_id).select_related("user").first()
        if member_id.isdigit()
        else None
    )
    if membership is None:
        raise Http404
    action = request.POST.get("actie")
    try:
        if action == "goedkeuren":
            services.approve(membership, request.user)
            messages.success(request, _("Approved; the new member has been mailed."))
        elif action == "afwijzen":
            services.decline(membership, request.user)
            messages.success(request, _("Declined; the applicant has been mailed."))
        elif action == "verwijderen":
            services.remove_member(membership, request.user)
            messages.success(request, _("The member has been removed from the group."))
        elif action == "trekker":
            services.set_role(membership, Membership.Role.TREKKER)
            messages.success(request, _("This member is now a trekker."))
        elif action == "lid":
            services.set_role(membership, Membership.Role.MEMBER)
            messages.success(request, _("This trekker is now a member."))
        else:
            messages.error(request, _("Unknown action."))
    except services.NotAllowed as refusal:
        messages.error(request, str(refusal))
    return redirect(request.path)


# Invitations (routed by the index page).
def invitation(request, index, token):
    from communities.models import Invitation

    invitation = (
        Invitation.objects.filter(token=token, community__live=True)
        .select_related("community")
        .first()
    )
    if invitation is None:
        raise Http404
    community = invitation.community.specific
    error = None
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.accept_invitation(invitation, request.user)
        except services.NotAllowed as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Welcome! You are now a member of this group."))
            return redirect(community.url)
    response = TemplateResponse(
        request,
        "communities/invitation.html",
        {
            "page": index,
            "community": community,
            "invitation": invitation,
            "error": error,
            "page_title": _("Invitation"),
            "subpage_title": _("Invitation"),
            "already_member": community.is_member(request.user),
        },
        status=403 if error else 200,
    )
    response["Referrer-Policy"] = "same-origin"
    return private(response)
