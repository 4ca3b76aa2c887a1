from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware


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
