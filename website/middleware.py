from django.conf import settings
from django.contrib import messages
from django.http import QueryDict
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.shortcuts import redirect
from django.urls import reverse


class SiteContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    """Enforce the strict policy on the public site; report only in the admin.

    The Wagtail admin relies on inline scripts and styles, so there the same policy
    is sent as ``Content-Security-Policy-Report-Only``.
    """

    admin_prefixes = ("/admin/",)

    def process_response(self, request, response):
        if request.path.startswith(self.admin_prefixes):
            response._csp_config = {}
            response._csp_ro_config = settings.SECURE_CSP
        return super().process_response(request, response)


class CleanQueryMiddleware:
    """Query parameters without NUL characters, for every view, filter and form.

    PostgreSQL refuses a NUL in any text it is given ("A string literal cannot contain
    NUL (0x00) characters"), so ``?thema=%00`` reaching a filter used to give a 500.
    No filter, search or page number has a use for one: they are dropped here, once,
    before any view reads ``request.GET``. Posted form fields are refused by Django's
    own validator instead, with a Dutch error beside the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)


class PublishRefusedMiddleware:
    """A publication refused by a check (:mod:`website.publishing`) is a message, not a 500.

    Whichever admin screen published (the edit form, a workflow approval, a bulk
    action), the editor lands on the page's edit screen with the reasons in Dutch;
    nothing went live.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from website.publishing import PublishRefused

        if not isinstance(exception, PublishRefused):
            return None
        for message in exception.messages:
            messages.error(request, message)
        return redirect(reverse("wagtailadmin_pages:edit", args=[exception.page_id]))
