"""How communities extend Wagtail: the gate on group documents, members-only events,
and "Voor u" on the home page and agenda."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail import hooks
from wagtail.models import PageViewRestriction

from communities import following
from communities.models import Attachment


@hooks.register("before_serve_document", order=-1)
def members_only_documents(document, request):
    """Wagtail's own document URL (/documenten/<id>/<name>) leads a group's members (and
    admins) to the group's download view; others get "not found" (or, not signed in, the
    sign-in page). A file of no group is left to Wagtail."""
    item = Attachment.objects.filter(document=document).select_related("community").first()
    if item is None:
        return None
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if user.is_superuser or item.community.is_member(user):
        if (
            item.post_id
            and item.post.hidden_at
            and not (user.is_superuser or item.community.is_trekker(user))
        ):
            raise Http404
        # Wagtail takes only an HttpResponse from this hook, not a streamed file: the
        # group's own download view serves it (checking membership again).
        community = item.community
        return redirect(community.url + community.reverse_subpage("download", args=[item.pk]))
    raise Http404


@hooks.register("before_serve_page", order=-1)
def refuse_signed_in_outsiders(page, request, serve_args, serve_kwargs):
    """A signed-in person whom a page's group restriction keeps out (a members-only
    event of a group they are not in) gets "not found", not a sign-in loop."""
    if not request.user.is_authenticated:
        return None
    restrictions = page.get_view_restrictions()
    if any(
        item.restriction_type == PageViewRestriction.GROUPS and not item.accept_request(request)
        for item in restrictions
    ):
        return render(request, "404.html", status=404)
    return None


@hooks.register("register_personal_section")
def for_you(request, place):
    """ "Voor u": the next events matching what the signed-in person follows.

    Shown first on the home page and the agenda (``{% personal_sections %}``); with
    nothing followed yet, an invitation to choose.
    """
    profile = following.Profile.objects.filter(user=request.user).first()
    follows = any(following.followed(profile)) or following.is_member_anywhere(request.user)
    events = following.for_you_events(request.user, profile=profile) if follows else []
    context = {
        "events": events,
        "follows": follows,
        "place": place,
        "follow_url": reverse("follow:page"),
    }
    return render_to_string("components/for_you.html", context, request=request)


for_you.order = 10
