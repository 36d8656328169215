"""Small pieces the apps' Wagtail admin screens share: a permission gate and a menu item."""

from django.core.exceptions import PermissionDenied
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class PermissionRequiredMixin:
    """Refuse the view (403) unless the user has `permission` ("app_label.codename")."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users with `permission`."""

    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class TitleBreadcrumbMixin:
    """Put the view's own title after "Home" in the admin header (Wagtail shows the last crumb)."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class AdminScreen(PermissionRequiredMixin, TitleBreadcrumbMixin, WagtailAdminTemplateMixin):
    """Base of an app's own admin screen: permission gate, Wagtail layout, titled header."""
