from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

EMAIL = "admin@samenspel.test"
PASSWORD = "samenspel-admin"  # noqa: S105  (development only, refused when DEBUG is off)


class Command(BaseCommand):
    help = "Create the development admin account (only with DEBUG on) and print its credentials."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on (development).")
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=EMAIL,
            defaults={"first_name": "Beheer", "is_staff": True, "is_superuser": True},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        # Verified, so signing in with the password needs no code from the mailbox; no
        # second factor in development (SAMENSPEL_ADMIN_MFA_REQUIRED is off there).
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Beheer: http://127.0.0.1:8000/admin/  e-mail: {EMAIL}  wachtwoord: {PASSWORD}"
                + ("" if created else "  (account bestond al; wachtwoord ongewijzigd)")
            )
        )
