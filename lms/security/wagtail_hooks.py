"""Registers lms.security's admin screens with Wagtail: the "Security" menu (security events,
sign-in lockouts), their URLs under /admin/security/, the trail's read-only permission policy,
and the two permissions a superuser may give a group on Wagtail's group screen."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from lms.platform.admin_screens import PermissionMenuItem
from lms.security.admin_views import UNLOCK, VIEW_EVENTS, SecurityViewSet, TrailPolicy
from lms.security.models import SecurityEvent

register_permission_policy(SecurityEvent, TrailPolicy(SecurityEvent))


@hooks.register("register_admin_viewset")
def register_security_screens():
    return SecurityViewSet()


security_menu = Menu(items=[
    PermissionMenuItem(_("Security events"), reverse_lazy("lms_security:events"),
                       name="security-events", icon_name="history", order=10,
                       permission=VIEW_EVENTS),
    PermissionMenuItem(_("Sign-in lockouts"), reverse_lazy("lms_security:lockouts"),
                       name="sign-in-lockouts", icon_name="lock", order=20, permission=UNLOCK),
])


@hooks.register("register_admin_menu_item")
def register_security_menu():
    # Shown only when one of its items is (Wagtail hides an empty submenu).
    return SubmenuMenuItem(_("Security"), security_menu, name="lms-security", icon_name="lock",
                           order=700)


@hooks.register("register_permissions")
def security_permissions():
    return Permission.objects.filter(
        Q(content_type__app_label="lms_security")
        & (Q(codename="view_securityevent") | Q(codename="unlock_account")))
