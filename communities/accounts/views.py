"""A member's own pages: profile, "Mijn aanmeldingen", delete my account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from communities.accounts import services
from communities.accounts.forms import DeleteAccountForm, ProfileForm
from communities.models import Profile
from registrations import tokens
from registrations.models import Registration


def private(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    profile, _created = Profile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("communities:profile")
    return private(
        render(request, "account/profile.html", {"form": form, "page_title": _("My profile")})
    )


@never_cache
@login_required
@require_safe
def my_registrations(request):
    """Registrations made with an address the person verified, newest event first."""
    addresses = services.verified_addresses(request.user)
    registrations = (
        Registration.objects.filter(email__in=addresses)
        .exclude(email="")
        .select_related("event", "session")
        .order_by("-event__start", "pk")
    )
    for registration in registrations:
        registration.manage_path = tokens.manage_path(registration)
    return private(
        render(
            request,
            "account/registrations.html",
            {
                "registrations": registrations,
                "addresses": addresses,
                "page_title": _("My registrations"),
            },
        )
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    user = request.user
    staff = user.has_perm("wagtailadmin.access_admin")
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and not staff and form.is_valid():
        logout(request)
        services.delete_account(user)
        return redirect("communities:account_deleted")
    context = {"form": form, "staff": staff, "page_title": _("Delete my account")}
    return private(render(request, "account/delete.html", context))


@require_safe
def account_deleted(request):
    return render(request, "account/deleted.html", {"page_title": _("Account deleted")})
