"""The subscriber's pages: subscribe, confirm, preferences and unsubscribe.

Nothing a visitor sees reveals whether an address is on the list: every valid
subscribe request ends on the same "check your inbox" page. The signed links in mails
(see :mod:`newsletter.tokens`) are the only key to a subscription. Mail scanners open
every link, so a GET never changes anything: confirming and unsubscribing take a
button (a POST). The unsubscribe address also takes RFC 8058 one-click POSTs from mail
programs, which carry no CSRF token: the signed token is the authority there.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from newsletter import subscriptions, tokens
from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.models import Subscriber
from website import spam

RATE_LIMIT_SCOPE = "newsletter"
Status = Subscriber.Status


def private(response):
    """Personal pages: not cached, not indexed, the token never leaks as a referrer."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _privacy_url(request):
    from website.models import SiteSettings

    site_settings = SiteSettings.for_request(request)
    page = site_settings.privacy_page if site_settings.privacy_page_id else None
    if page is None or not page.live:
        return ""
    return page.get_url(request=request)


def source_of(request):
    """The path of the page the form is on, without a personal link's token."""
    match = getattr(request, "resolver_match", None)
    token = match.kwargs.get("token") if match else None
    return request.path.replace(f"{token}/", "") if token else request.path


def subscribe_context(request, *, form=None, full=True, id_prefix="nb", initial=None):
    """What ``includes/newsletter_subscribe.html`` needs (as ``nb``)."""
    if form is None:
        initial = {"bron": source_of(request), **(initial or {})}
        form = SubscribeForm(full=full, initial=initial, auto_id=f"{id_prefix}-%s")
    return {
        "form": form,
        "full": full,
        "id": id_prefix,
        "action": reverse("newsletter:subscribe"),
        "notice": subscriptions.consent_notice(),
        "privacy_url": _privacy_url(request),
        "choose_url": reverse("newsletter:subscribe"),
    }


def render_page(request, template, context=None, status=200):
    return render(request, f"newsletter/{template}.html", context or {}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@spam.same_origin
def subscribe(request):
    """GET: the full form on its own page. POST: ask for a subscription (double opt-in)."""
    if request.method != "POST":
        context = {"page_title": _("Subscribe to the newsletter"), "nb": subscribe_context(request)}
        return render_page(request, "subscribe", context)
    if spam.honeypot_filled(request):
        return spam.refuse(request, "honeypot")
    # The footer's light form has no themes; the full form shows errors on its own page.
    form = SubscribeForm(request.POST, full=True, auto_id="nb-%s")
    if not form.is_valid():
        context = {
            "page_title": _("Subscribe to the newsletter"),
            "nb": subscribe_context(request, form=form),
        }
        return render_page(request, "subscribe", context)
    from website.models import SiteSettings

    data = form.cleaned_data
    # Decided and counted in one step, so simultaneous posts cannot slip under the limit.
    if spam.take_submissions(request, RATE_LIMIT_SCOPE) is None:
        return spam.refuse(request, "rate_limit")
    subscriptions.subscribe(
        email=data["email"],
        name=data["name"],
        themes=data.get("themes") or [],
        audiences=data.get("audiences") or [],
        consent_text=subscriptions.consent_notice(),
        privacy_version=SiteSettings.for_request(request).privacy_statement_version,
        source_detail=data["bron"],
    )
    # The same answer whether the address was new, pending, confirmed or unsubscribed.
    return HttpResponseRedirect(reverse("newsletter:subscribed"))


@require_safe
def subscribed(request):
    return render_page(request, "subscribed", {"page_title": _("Check your inbox")})


def invalid_link(request):
    context = {"page_title": _("This link does not work")}
    return private(render_page(request, "invalid_link", context, status=404))


def subscribe_again(request, subscriber, title, status=410):
    """A genuine but used-up link: offer the form again, with the address filled in."""
    context = {
        "page_title": title,
        "nb": subscribe_context(request, initial={"email": subscriber.email}),
    }
    return private(render_page(request, "subscribe_again", context, status=status))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button; only its POST confirms (mail scanners open every link)."""
    try:
        subscriber = tokens.read_token("confirm", token)
    except tokens.Expired:
        subscriber = _subscriber_of_expired(token)
        if subscriber is None:
            return invalid_link(request)
        return subscribe_again(request, subscriber, _("This confirmation link has expired"))
    if subscriber is None:
        return invalid_link(request)
    preferences = reverse(
        "newsletter:preferences", args=[tokens.make_token("preferences", subscriber)]
    )
    if subscriber.status == Status.CONFIRMED:
        return HttpResponseRedirect(preferences)
    if not subscriptions.can_confirm(subscriber):
        return subscribe_again(request, subscriber, _("This confirmation link is no longer valid"))
    if request.method == "POST":
        subscriptions.confirm(subscriber)
        return HttpResponseRedirect(f"{preferences}?bevestigd=1")
    context = {"page_title": _("Confirm your subscription"), "subscriber": subscriber}
    return private(render_page(request, "confirm", context))


def _subscriber_of_expired(token):
    """The subscriber of a genuine confirm token that is only too old."""
    pk = token.partition(tokens.SEPARATOR)[0]
    return Subscriber.objects.filter(pk=int(pk)).first() if pk.isdigit() else None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request, token):
    subscriber = tokens.read_token("preferences", token)
    if subscriber is None:
        return invalid_link(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST, auto_id="pref-%s")
        if form.is_valid():
            subscriptions.update_preferences(
                subscriber,
                name=form.cleaned_data["name"],
                themes=list(form.cleaned_data["themes"]),
                audiences=list(form.cleaned_data["audiences"]),
            )
            return HttpResponseRedirect(f"{request.path}?opgeslagen=1")
    else:
        form = PreferencesForm(
            auto_id="pref-%s",
            initial={
                "name": subscriber.name,
                "themes": list(subscriber.themes.all()),
                "audiences": list(subscriber.audiences.all()),
            },
        )
        saved = request.GET.get("opgeslagen") == "1"
    context = {
        "page_title": _("Your newsletter preferences"),
        "subscriber": subscriber,
        "form": form,
        "saved": saved,
        "just_confirmed": request.GET.get("bevestigd") == "1",
        "unsubscribe_url": reverse(
            "newsletter:unsubscribe", args=[tokens.make_token("unsubscribe", subscriber)]
        ),
        "receives": subscriber.status == Status.CONFIRMED,
    }
    return private(render_page(request, "preferences", context))


@csrf_exempt  # RFC 8058 one-click POSTs carry no CSRF token; the signed token is the authority.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button; a POST (the button, or a mail program's one-click) unsubscribes.

    A repeated POST answers 200 too: nothing is rotated that would make the link fail.
    """
    subscriber = tokens.read_token("unsubscribe", token)
    if subscriber is None:
        return invalid_link(request)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriptions.unsubscribe(subscriber, detail="one-click" if one_click else "link")
        context = {"page_title": _("You are unsubscribed"), "subscriber": subscriber}
        return private(render_page(request, "unsubscribed", context))
    context = {
        "page_title": _("Unsubscribe from the newsletter"),
        "subscriber": subscriber,
        "token": token,
        "already": subscriber.status not in (Status.PENDING, Status.CONFIRMED),
    }
    return private(render_page(request, "unsubscribe", context))
