"""Member and staff accounts on django-allauth (see the README's "Accounts").

- ``adapter``: allauth's mails go through the outbox, in Dutch; where people land.
- ``middleware``: staff set up a second factor before they reach the admin.
- ``services``: deleting an account (the AVG erasure).
- ``views`` / ``forms``: profile, "Mijn aanmeldingen", delete my account.
"""
