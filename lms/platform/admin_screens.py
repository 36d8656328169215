"""Small pieces the apps' Wagtail admin screens share: a permission gate and a menu item."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class PermissionRequiredMixin:
    """Refuse the view (403) unless the user has `permission` ("app_label.codename"), or
    whatever `has_permission` decides in a view that overrides it."""

    permission = ""

    def has_permission(self, request):
        return request.user.has_perm(self.permission)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with `permission`, or for whom `shown_to(user)` is
    true when that is given instead."""

    def __init__(self, *args, permission="", shown_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission
        self.shown_to = shown_to

    def is_shown(self, request):
        if self.shown_to is not None:
            return self.shown_to(request.user)
        return request.user.has_perm(self.permission)


class TitleBreadcrumbMixin:
    """Put the view's own title after "Home" in the admin header (Wagtail shows the last crumb)."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class AdminScreen(PermissionRequiredMixin, TitleBreadcrumbMixin, WagtailAdminTemplateMixin):
    """Base of an app's own admin screen: permission gate, Wagtail layout, titled header."""
