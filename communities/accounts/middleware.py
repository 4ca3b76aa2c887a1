"""Staff reach the Wagtail admin only with a second factor set up."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class AdminSecondFactorMiddleware:
    """Send a signed-in admin user without an authenticator to allauth's MFA setup.

    Runs on every request under /admin/ (Wagtail's admin has no hook before its own
    views that covers all of them, and ``before_serve_page`` is for the public site).
    Signing in already asks for the second factor of anyone who has one (allauth's
    login stage), so a session that reaches the admin has used it. Off only where
    ``SAMENSPEL_ADMIN_MFA_REQUIRED`` is false: development and the tests; production
    refuses to start with it off.
    """

    admin_prefix = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.SAMENSPEL_ADMIN_MFA_REQUIRED
            and request.path.startswith(self.admin_prefix)
            and request.user.is_authenticated
            and request.user.has_perm("wagtailadmin.access_admin")
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Before you can work in the admin, set up two-step verification: "
                    "an authenticator app on your phone, or a security key."
                ),
            )
            return redirect(reverse("mfa_index"))
        return self.get_response(request)
