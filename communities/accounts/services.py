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
    erased = 0
    for email in verified_addresses(user):
        erased += erase_person(email)
    with transaction.atomic():
        # Hook for the communities' posts (not built yet): keep the posts of a deleted
        # member, shown as written by "verwijderd lid" (author set to NULL with
        # on_delete=SET_NULL, and the author's name never copied onto the post).
        user.delete()
    return erased
