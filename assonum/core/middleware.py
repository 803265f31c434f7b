from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a separate, looser policy for Wagtail's admin only.

    Public pages get the strict nonce-based policy of ``CONTENT_SECURITY_POLICY``; the admin
    (which ships inline scripts) gets ``CONTENT_SECURITY_POLICY_ADMIN`` without a nonce, since a
    nonce would disable 'unsafe-inline'.
    """

    def get_policy_parts(self, request, response, report_only=False):
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            return PolicyParts(config=settings.CONTENT_SECURITY_POLICY_ADMIN)
        return super().get_policy_parts(request, response, report_only=report_only)
