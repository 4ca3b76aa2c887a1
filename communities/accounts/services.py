"""Writes on accounts that touch several rows."""

from allauth.account.models import EmailAddress
from django.db import transaction

from registrations.services import erase_person


def verified_addresses(user):
    """The addresses the person proved are theirs (typed the code sent there)."""
    return sorted(
        {
            address.lower()
            for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
    )


def delete_account(user):
    """Forget the person: erase what is stored under their verified addresses, then
    delete the account with its profile, addresses and authenticators.

    Registrations (and invitations and mails) under a verified address are anonymised
    by the AVG erasure the organisers use (registrations.services.erase_person); an
    address the person never verified may belong to someone else and is left alone.
    Returns the number of registrations erased.
    """
    from communities.models import Invitation

    erased = 0
    addresses = verified_addresses(user)
    for email in addresses:
        erased += erase_person(email)
    with transaction.atomic():
        # Group invitations sent to the person's addresses go; memberships go with the
        # account. Posts and replies stay, shown as written by "verwijderd lid" (author
        # set to NULL by on_delete=SET_NULL; the author's name is never copied onto them).
        Invitation.objects.filter(email__in=addresses).delete()
        user.delete()
    return erased
