"""Signed links of a subscriber: confirm (expires), preferences and unsubscribe (do not).

A token is ``<id>.<signature>`` (confirm tokens carry a timestamp too), signed with the
``SECRET_KEY`` and a salt that holds the subscriber's random nonce, so a token cannot be
derived from the id and every link sent before is revoked by changing the nonce.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from website.mail import absolute_url

SEPARATOR = "."


def _salt(kind, subscriber_nonce):
    return f"samenspel.newsletter.{kind}.{subscriber_nonce}"


def confirm_days():
    return getattr(settings, "NEWSLETTER_CONFIRM_DAYS", 7)


def make_token(kind, subscriber):
    salt = _salt(kind, subscriber.token_nonce)
    if kind == "confirm":
        return signing.TimestampSigner(salt=salt, sep=SEPARATOR).sign(str(subscriber.pk))
    return signing.Signer(salt=salt, sep=SEPARATOR).sign(str(subscriber.pk))


class Expired(Exception):
    """A confirm link older than NEWSLETTER_CONFIRM_DAYS, but otherwise genuine."""


def read_token(kind, token):
    """The subscriber the token belongs to, or ``None`` for a wrong, forged or revoked token.

    Raises :class:`Expired` for a genuine confirm token that is too old.
    """
    from newsletter.models import Subscriber

    token = token or ""
    pk = token.partition(SEPARATOR)[0]
    if len(token) > 200 or not (pk.isascii() and pk.isdigit()):
        return None
    subscriber = Subscriber.objects.filter(pk=int(pk)).first()
    if subscriber is None:
        return None
    salt = _salt(kind, subscriber.token_nonce)
    try:
        if kind == "confirm":
            signer = signing.TimestampSigner(salt=salt, sep=SEPARATOR)
            value = signer.unsign(token, max_age=confirm_days() * 86400)
        else:
            value = signing.Signer(salt=salt, sep=SEPARATOR).unsign(token)
    except signing.SignatureExpired as error:
        raise Expired from error
    except signing.BadSignature:
        return None
    return subscriber if value == str(subscriber.pk) else None


def confirm_url(subscriber):
    return absolute_url(reverse("newsletter:confirm", args=[make_token("confirm", subscriber)]))


def preferences_url(subscriber):
    return absolute_url(
        reverse("newsletter:preferences", args=[make_token("preferences", subscriber)])
    )


def unsubscribe_url(subscriber):
    return absolute_url(
        reverse("newsletter:unsubscribe", args=[make_token("unsubscribe", subscriber)])
    )
