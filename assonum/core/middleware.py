import re

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

# Wagtail's preview views (pages being edited or added, snippets): /admin/.../preview/[<pk>/]
ADMIN_PREVIEW_PATH = re.compile(r"/preview/(?:[^/]+/)?$")


def frame_ancestors(request) -> list[str] | None:
    """Who may frame this response, when it is not the policy's own ``'none'``.

    Only Wagtail's live preview: the admin edit page shows the page being edited in an iframe
    of the same origin. Wagtail renders that page through a dummy request (``is_dummy``,
    ``is_preview``) whose response is the preview view's; the preview views themselves sit
    under ``/admin/.../preview/``. Everything else, admin included, may not be framed.
    """
    if getattr(request, "is_dummy", False) and getattr(request, "is_preview", False):
        return [SELF]
    path = request.path_info
    if path.startswith(settings.ADMIN_URL_PREFIX) and ADMIN_PREVIEW_PATH.search(path):
        return [SELF]
    return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with a separate, looser policy for Wagtail's admin only.

    Public pages get the strict policy of ``CONTENT_SECURITY_POLICY`` (``script-src 'self'``,
    no inline script, no nonce, so that a page is the same for every visitor and can be
    cached); the admin (which ships inline scripts) gets ``CONTENT_SECURITY_POLICY_ADMIN``.
    """

    def get_policy_parts(self, request, response, report_only=False):
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts = PolicyParts(config=settings.CONTENT_SECURITY_POLICY_ADMIN)
        else:
            parts = super().get_policy_parts(request, response, report_only=report_only)
        ancestors = frame_ancestors(request)
        if ancestors is not None and not report_only:
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ancestors}
        return parts


class SecurityHeadersMiddleware:
    """``Permissions-Policy`` and ``Cross-Origin-Resource-Policy`` on every response.

    Django's SecurityMiddleware sets the others (HSTS, nosniff, Referrer-Policy, COOP). The
    values are settings (``PERMISSIONS_POLICY``, ``CROSS_ORIGIN_RESOURCE_POLICY``); a view
    that sets its own keeps it, and open data served to any site
    (``Access-Control-Allow-Origin: *``: the directory export and API) is ``cross-origin``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", "")
        self.resource_policy = getattr(settings, "CROSS_ORIGIN_RESOURCE_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self.resource_policy:
            policy = ("cross-origin" if response.headers.get("Access-Control-Allow-Origin") == "*"
                      else self.resource_policy)
            response.headers.setdefault("Cross-Origin-Resource-Policy", policy)
        return response
