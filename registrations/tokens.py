"""Personal links: manage a registration, accept an invitation.

A token is ``<id>.<signature>``: the row's id, signed (HMAC-SHA256 with the
``SECRET_KEY``, through :class:`django.core.signing.Signer`) with a salt that
contains a random nonce stored on the row. So a token

* cannot be guessed or derived from the id (it needs the secret key *and* the nonce);
* is checked in constant time (``Signer.unsign`` uses ``constant_time_compare``)
  and keeps working across a key rotation (``SECRET_KEY_FALLBACKS``);
* can be sent again (the duplicate-registration mail, the reminder) without
  storing it, and revoked by changing the nonce (anonymisation does).
"""

from django.core import signing
from django.urls import reverse

from website.mail import absolute_url  # noqa: F401  (links are built on the site's address)

SEPARATOR = "."


def _signer(kind, nonce):
    return signing.Signer(salt=f"samenspel.registrations.{kind}.{nonce}", sep=SEPARATOR)


def make_token(kind, obj):
    return _signer(kind, obj.token_nonce).sign(str(obj.pk))


def read_token(kind, model, token, queryset=None):
    """The object the token belongs to, or ``None`` for a wrong, forged or revoked token."""
    pk, sep, _signature = (token or "").partition(SEPARATOR)
    # isascii: str.isdigit() also accepts "²" and other digits int() refuses.
    if not sep or not (pk.isascii() and pk.isdigit()) or len(token) > 200:
        return None
    obj = (queryset if queryset is not None else model.objects).filter(pk=int(pk)).first()
    if obj is None:
        return None
    try:
        value = _signer(kind, obj.token_nonce).unsign(token)
    except signing.BadSignature:
        return None
    return obj if value == str(obj.pk) else None


def manage_token(registration):
    return make_token("manage", registration)


def invitation_token(invitation):
    return make_token("invitation", invitation)


def manage_path(registration):
    return reverse("registrations:manage", args=[manage_token(registration)])


def invitation_path(invitation):
    return reverse("registrations:invitation", args=[invitation_token(invitation)])
