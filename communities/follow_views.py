"""The "Volgen" page, the private calendar feed and its secret address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities import feeds as community_feeds
from communities import following
from communities.accounts.views import private
from communities.follow_forms import FollowForm
from communities.models import Profile
from events import feeds
from website.mail import absolute_url


def calendar_urls(profile):
    """The private feed's addresses (https and webcal), or None without a token."""
    if not profile.calendar_token:
        return None
    url = absolute_url(reverse("follow:calendar", args=[profile.calendar_token]))
    return {"https": url, "webcal": "webcal://" + url.split("://", 1)[1]}


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow(request):
    profile = following.profile_for(request.user)
    initial = {
        "themes": profile.followed_themes.all(),
        "regions": profile.followed_regions.all(),
        "communities": profile.followed_communities.all(),
    }
    form = FollowForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        _profile, changed = following.save_follows(request.user, **form.follows())
        messages.success(request, _("What you follow has been saved."))
        if changed:
            messages.info(
                request,
                _("The themes of your newsletter subscription have been changed to match."),
            )
        return redirect("follow:page")
    context = {
        "form": form,
        "page_title": _("Follow"),
        "calendar": calendar_urls(profile),
        "subscriptions": list(following.confirmed_subscriptions(request.user)),
    }
    return private(render(request, "account/follow.html", context))


@never_cache
@login_required
@require_POST
def reset_calendar(request):
    following.reset_calendar_token(request.user)
    messages.success(
        request,
        _("Your private calendar has a new address. The old address no longer works."),
    )
    return redirect(reverse("follow:page") + "#agenda")


@never_cache
@login_required
@require_POST
def stop_calendar(request):
    following.stop_calendar(request.user)
    messages.success(
        request, _("Your private calendar is switched off. Its address no longer works.")
    )
    return redirect(reverse("follow:page") + "#agenda")


@require_safe
def private_calendar(request, token):
    """The feed behind the secret address: no sign-in (calendar programs cannot), so the
    address is the key. An unknown or reset address is a plain 404."""
    profile = Profile.objects.filter(calendar_token=token).select_related("user").first()
    if profile is None or not token or not profile.user.is_active:
        raise Http404
    calendar = community_feeds.private_calendar(profile.user, profile=profile)
    filename = f"{slugify(feeds.site_name())}-mijn-agenda.ics"
    return feeds.calendar_response(request, calendar, filename, private=True)
