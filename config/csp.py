"""django-csp's middleware, with the Wagtail admin's exceptions (see the settings' Content-Security-
Policy section and the README):

- under settings.LMS_CSP_ADMIN_PREFIX, settings.LMS_CSP_ADMIN_DIRECTIVES replace the site's
  directives (Wagtail 8 still writes inline scripts there, and frames its previews);
- a page preview, which Wagtail renders through the whole middleware chain again with a dummy
  request for the page's own address, marked `request.is_preview` as Wagtail's documentation
  tells templates to test, gets settings.LMS_CSP_PREVIEW_DIRECTIVES, so the admin's preview
  panel may frame it.

Every other response gets CONTENT_SECURITY_POLICY unchanged; a view's @csp_replace or @csp_update
still applies on top.
"""

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        prefix = getattr(settings, "LMS_CSP_ADMIN_PREFIX", "")
        if prefix and request.path_info.startswith(prefix):
            exception = getattr(settings, "LMS_CSP_ADMIN_DIRECTIVES", {})
        elif getattr(request, "is_preview", False):
            exception = getattr(settings, "LMS_CSP_PREVIEW_DIRECTIVES", {})
        else:
            return parts
        parts.replace = {**exception, **(parts.replace or {})}
        return parts
