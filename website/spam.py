"""Keeping bots out of public forms without ever blocking a person.

Two layers: a honeypot field that people never see (screen readers skip it too)
and a per-IP limit on *successful* submissions, so someone correcting typing
errors is never counted. Registrations and subscriptions use the same helpers.

The limit allows FORM_RATE_LIMIT submissions per address and form in a fixed window
of FORM_RATE_WINDOW seconds that starts with the first one (later ones never move
it). The counts live in their own table (:class:`~website.models.SubmissionCount`),
whatever cache is configured, and are raised with one atomic statement, so the limit
holds under simultaneous submissions from several processes and hosts, at one query
per submission.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from website.models.limits import SubmissionCount

HONEYPOT_FIELD = "website_url"


def honeypot_filled(request):
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())


def client_ip(request):
    # Behind a proxy, configure it to overwrite REMOTE_ADDR (gunicorn's
    # --forwarded-allow-ips); a raw X-Forwarded-For header is trivially forged.
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope):
    # A keyed hash: the table never holds an address, and without the SECRET_KEY nobody
    # can test the four billion IPv4 addresses against it.
    return salted_hmac("samenspel.spam", f"{scope}:{client_ip(request)}").hexdigest()[:64]


# One statement, atomic on PostgreSQL and SQLite alike: the row of this address and scope
# is created, or its count raised, or (its window over) a new window begun. Concurrent
# submissions queue on the row, so each sees the count the ones before it left.
_ADD = """
INSERT INTO {table} ({key}, {count}, {expires}) VALUES (%s, %s, %s)
ON CONFLICT ({key}) DO UPDATE SET
    {count} = CASE WHEN {table}.{expires} <= %s THEN excluded.{count}
                   ELSE {table}.{count} + excluded.{count} END,
    {expires} = CASE WHEN {table}.{expires} <= %s THEN excluded.{expires}
                     ELSE {table}.{expires} END
RETURNING {count}, {expires}
"""


def _add(key, count, now=None):
    """Add ``count`` submissions to ``key``'s window; returns (count now, window end)."""
    now = now or timezone.now()
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    sql = _ADD.format(
        table=quote(SubmissionCount._meta.db_table),
        key=quote("key"),
        count=quote("count"),
        expires=quote("expires_at"),
    )
    expires_at = now + timedelta(seconds=settings.FORM_RATE_WINDOW)
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, count, adapt(expires_at), adapt(now), adapt(now)])
        used, ends = cursor.fetchone()
    if isinstance(ends, str):  # SQLite hands back its text; naive means UTC there
        ends = parse_datetime(ends)
        if timezone.is_naive(ends):
            ends = timezone.make_aware(ends, UTC)
    return used, ends


@dataclass
class Taken:
    """Submissions counted by :func:`take_submissions`; give them back when nothing came of them."""

    key: str
    count: int
    window_ends: object

    def give_back(self):
        # Only from the window they were counted in; a new window starts from nothing.
        SubmissionCount.objects.filter(key=self.key, expires_at=self.window_ends).update(
            count=F("count") - self.count
        )


def take_submissions(request, scope, count=1):
    """Count ``count`` submissions from this address for ``scope``, if the limit allows.

    Returns a :class:`Taken` (call ``give_back()`` when the submission came to nothing,
    say the registration closed meanwhile), or ``None`` when the address has used up
    its submissions for this window: then nothing is counted. Atomic: of N simultaneous
    submissions with room for L, exactly L are let through. Call it once the form is
    valid, so that someone correcting typing errors is never counted.
    """
    key = _key(request, scope)
    used, ends = _add(key, count)
    taken = Taken(key, count, ends)
    if used > settings.FORM_RATE_LIMIT:
        taken.give_back()
        return None
    return taken


def rate_limited(request, scope):
    """True when this address has used up its submissions for ``scope`` (a read only).

    Between this check and :func:`count_submission` others may submit too; forms
    take their place with :func:`take_submissions` instead, which decides and counts
    in one step.
    """
    row = SubmissionCount.objects.filter(key=_key(request, scope), expires_at__gt=timezone.now())
    used = row.values_list("count", flat=True).first() or 0
    return used >= settings.FORM_RATE_LIMIT


def count_submission(request, scope, count=1):
    """Count a submission that was made (atomic; it never moves the window's end)."""
    _add(_key(request, scope), count)


def prune_submission_counts(now=None):
    """Delete the counts of windows that are over; returns how many."""
    deleted, _ = SubmissionCount.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted


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
