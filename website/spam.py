"""Keeping bots out of public forms without ever blocking a person.

Two layers: a honeypot field that people never see (screen readers skip it too)
and a per-IP limit on *successful* submissions, so someone correcting typing
errors is never counted. Registrations and subscriptions use the same helpers.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

HONEYPOT_FIELD = "website_url"


def honeypot_filled(request):
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def client_ip(request):
    # Behind a proxy, configure it to overwrite REMOTE_ADDR (gunicorn's
    # --forwarded-allow-ips); a raw X-Forwarded-For header is trivially forged.
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope):
    digest = hashlib.sha256(f"{scope}:{client_ip(request)}".encode()).hexdigest()[:32]
    return f"ratelimit:{digest}"


def rate_limited(request, scope):
    """True when this address has used up its submissions for ``scope``."""
    return cache.get(_key(request, scope), 0) >= settings.FORM_RATE_LIMIT


def count_submission(request, scope):
    key = _key(request, scope)
    window = settings.FORM_RATE_WINDOW
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return
    # Some backends (the database cache) give an incremented key their default
    # timeout; the count must last the whole window.
    cache.touch(key, window)


def refuse(request, reason):
    """A clear Dutch page instead of the form: 400 for the honeypot, 429 when limited."""
    if reason == "honeypot":
        status = 400
        message = _(
            "Your message could not be processed. If you are a person and see this, "
            "please e-mail us instead."
        )
    else:
        status = 429
        minutes = max(1, settings.FORM_RATE_WINDOW // 60)
        message = _(
            "We received many submissions from your address in a short time. "
            "Please try again in %(minutes)s minutes, or e-mail us."
        ) % {"minutes": minutes}
    response = render(request, "pages/refused.html", {"message": message}, status=status)
    if status == 429:
        response["Retry-After"] = str(settings.FORM_RATE_WINDOW)
    return response


def same_origin(view):
    """Public forms shown on every page (subscribe, register) without a CSRF cookie.

    A CSRF token in a form that sits on every page would set a cookie on every page and
    make no page cacheable. These forms are anonymous, so what CSRF guards against is
    another site making visitors' browsers post them; browsers say where a POST comes
    from (``Sec-Fetch-Site``, ``Origin``), and a POST from elsewhere is refused. A client
    that sends neither is not a browser another site can steer: it could post directly
    anyway, and meets the honeypot and rate limit like everyone.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not _from_this_site(request):
            message = _(
                "This form can only be sent from this website. Please open the page again "
                "and send the form from there."
            )
            return render(request, "pages/refused.html", {"message": message}, status=403)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def _from_this_site(request):
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE", "")
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    origin = request.META.get("HTTP_ORIGIN", "")
    if not origin:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
