"""The site's permission backend: Django's ModelBackend, reading a user's permissions in one query
instead of two.

Django's ModelBackend answers `user.has_perm` from the permissions given to the user and those
of their groups, each read by a query of its own the first time a request asks. Every page asks
(the header's admin link, who moderates a discussion, who sees a course's progress), so this
backend reads both sets with one UNION: the same permissions, the same rules for inactive
users, superusers and object permissions, half the round trips. Like Django's, it remembers
the answer on the user object for the rest of the request; a permission given during a request
shows once the user is read again.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

_NAME = ("content_type__app_label", "codename")


class PermissionBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        known = getattr(user_obj, "_lms_all_permissions", None)
        if known is None:
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(*_NAME)
            else:
                own = Permission.objects.filter(user=user_obj).values_list(*_NAME).order_by()
                rows = own.union(Permission.objects.filter(group__user=user_obj)
                                 .values_list(*_NAME).order_by())
            known = user_obj._lms_all_permissions = {f"{app}.{codename}"
                                                     for app, codename in rows}
        return known
