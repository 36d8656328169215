"""Wagtail admin screens of lms.security, under /admin/security/: the audit trail (filtered,
paginated, exported to CSV and XLSX, never changed from here) and the sign-in lockouts of
django-axes, which the training office lifts one by one or by username and/or address.

Registered by lms.security.wagtail_hooks (SecurityViewSet, URL namespace "lms_security": the
trail at reverse("lms_security:events"), the lockouts at reverse("lms_security:lockouts")).
Both screens check their permission on the server, for every method: view_securityevent for
the trail, unlock_account for the lockouts."""

import ipaddress

import django_filters
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Max, Q, Sum
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from lms.platform.admin_screens import AdminScreen
from lms.platform.exports import LocalSpreadsheetExport
from lms.security import services
from lms.security.models import SecurityEvent

VIEW_EVENTS = "lms_security.view_securityevent"
UNLOCK = "lms_security.unlock_account"

# Seconds matter in a security trail; this spelling reads the same in every language.
WHEN_FORMAT = "Y-m-d H:i:s"


def _when(value):
    return date_format(timezone.localtime(value), WHEN_FORMAT) if value else ""


# --- The audit trail --------------------------------------------------------------------------


class TrailPolicy(ModelPermissionPolicy):
    """The trail only grows (SecurityEvent refuses any change): the admin may list and export
    it, never add, change or delete an event, whatever permissions a group was given."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, "view")

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(["view"] if "view" in actions else [])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class TrailDateRangeField(django_filters.fields.DateRangeField):
    """Days the trail can hold: a year such as 1 would not fit a time zone's conversion."""

    def clean(self, value):
        days = super().clean(value)
        for moment in (days.start, days.stop) if days is not None else ():
            if moment is not None and not 2000 <= moment.year <= 2999:
                raise forms.ValidationError(_("Give dates between the years 2000 and 2999."),
                                            code="date_out_of_range")
        return days


class TrailDateRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = TrailDateRangeField


class SecurityEventFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Event"),
                                       choices=SecurityEvent.Kind.choices)
    channel = django_filters.ChoiceFilter(label=gettext_lazy("Through"),
                                          choices=SecurityEvent.Channel.choices)
    username = django_filters.CharFilter(
        label=gettext_lazy("Username"), method="filter_username", max_length=150,
        help_text=gettext_lazy("Who acted or whose account it was; part of a name will do."))
    address = django_filters.CharFilter(
        label=gettext_lazy("Address"), method="filter_address", max_length=45,
        help_text=gettext_lazy("A whole address, or its beginning (“10.2.”) for a network."))
    date = TrailDateRangeFilter(
        field_name="created_at", label=gettext_lazy("Date"), widget=DateRangePickerWidget)

    class Meta:
        model = SecurityEvent
        fields = []

    def filter_username(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor_name__icontains=value) | Q(subject_name__icontains=value))

    def filter_address(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        try:
            return queryset.filter(address=str(ipaddress.ip_address(value)))
        except ValueError:
            return queryset.filter(address__startswith=value)


class SecurityEventIndexView(LocalSpreadsheetExport, generic.IndexView):
    """The trail, newest first: 50 a page, two queries a page whatever its length (the names
    are kept on each event, so no account is read)."""

    model = SecurityEvent
    permission_required = "view"
    any_permission_required = ["view"]
    template_name = "lms_security/admin/events_index.html"
    page_title = gettext_lazy("Security events")
    header_icon = "history"
    paginate_by = 50
    filterset_class = SecurityEventFilterSet
    export_filename = "security-events"
    list_export = ["created_at", "get_kind_display", "actor_name", "subject_name", "address",
                   "get_channel_display", "what", "user_agent"]
    export_headings = {
        "created_at": gettext_lazy("When"), "get_kind_display": gettext_lazy("Event"),
        "actor_name": gettext_lazy("By"), "subject_name": gettext_lazy("Account"),
        "address": gettext_lazy("Address"), "get_channel_display": gettext_lazy("Through"),
        "what": gettext_lazy("What"), "user_agent": gettext_lazy("Browser"),
    }

    @cached_property
    def columns(self):
        return [
            Column("created_at", label=_("When"), accessor=lambda event: _when(
                event.created_at)),
            Column("kind", label=_("Event"), accessor="get_kind_display"),
            Column("actor_name", label=_("By")),
            Column("subject_name", label=_("Account")),
            Column("address", label=_("Address")),
            Column("channel", label=_("Through"), accessor="get_channel_display"),
            Column("what", label=_("What"), accessor="what"),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["retention_days"] = settings.LMS_AUDIT_RETENTION_DAYS
        context["site_history_url"] = reverse("wagtailadmin_reports:site_history")
        return context


# --- Sign-in lockouts -------------------------------------------------------------------------

LOCKED_SHOWN = 200
FAILING_SHOWN = 50
_FIELDS = {"username", "ip_address"}


def _lockout_parameter_sets():
    """django-axes' AXES_LOCKOUT_PARAMETERS as tuples of fields: [("username", "ip_address")]
    by default (one username from one address), or ("username",), ("ip_address",) when each
    locks on its own. Anything this screen cannot group by falls back to the default."""
    sets = []
    for item in getattr(settings, "AXES_LOCKOUT_PARAMETERS", None) or []:
        fields = (item,) if isinstance(item, str) else tuple(item)
        if fields and set(fields) <= _FIELDS:
            sets.append(tuple(name for name in ("username", "ip_address") if name in fields))
    return sets or [("username", "ip_address")]


def _failure_limit():
    limit = settings.AXES_FAILURE_LIMIT
    return limit if isinstance(limit, int) else 5


def _recent():
    """Attempts still counted by django-axes: those within the cool-off of now."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())


def _row(values, *, locked):
    last = values["last"]
    return {"username": values.get("username"), "address": values.get("ip_address"),
            "by_username": "username" in values, "by_address": "ip_address" in values,
            "failures": values["failures"], "last_at": last, "last": _when(last),
            "until": _when(last + get_cool_off()) if locked else "", "locked": locked}


def current_lockouts():
    """What django-axes refuses now: for each of its lockout parameter sets, the groups whose
    failures within the cool-off reached AXES_FAILURE_LIMIT (one query a set)."""
    limit, rows = _failure_limit(), []
    for fields in _lockout_parameter_sets():
        groups = (_recent().values(*fields)
                  .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                  .filter(failures__gte=limit).order_by("-last")[:LOCKED_SHOWN])
        rows.extend(_row(values, locked=True) for values in groups)
    return sorted(rows, key=lambda row: row["last_at"], reverse=True)


def failing_sign_ins():
    """Username and address pairs with failures within the cool-off, short of a lockout."""
    groups = (_recent().values("username", "ip_address")
              .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
              .filter(failures__lt=_failure_limit()).order_by("-last")[:FAILING_SHOWN])
    return [_row(values, locked=False) for values in groups]


class LiftForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), required=False, max_length=255)
    address = forms.GenericIPAddressField(label=gettext_lazy("Address"), required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("username") and not data.get("address"):
            raise forms.ValidationError(_("Give a username, an address, or both."))
        return data


class LockoutsView(AdminScreen, TemplateView):
    """Sign-ins refused after too many failures, each lifted with a button, or lifted by
    username and/or address. Lifting goes through services.lockout_lift, which records it."""

    permission = UNLOCK
    template_name = "lms_security/admin/lockouts.html"
    page_title = gettext_lazy("Sign-in lockouts")
    header_icon = "lock"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        cool_off_minutes = max(1, int(get_cool_off().total_seconds() // 60))
        events_url = ""
        if self.request.user.has_perm(VIEW_EVENTS):
            events_url = f"{reverse('lms_security:events')}?kind={SecurityEvent.Kind.LOCKED_OUT.value}"
        context.update({
            "lockouts": current_lockouts(),
            "failing": failing_sign_ins(),
            "failure_limit": _failure_limit(),
            "cool_off_minutes": cool_off_minutes,
            "form": kwargs.get("form") or LiftForm(),
            "events_url": events_url,
        })
        return context

    def post(self, request, *args, **kwargs):
        form = LiftForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        username = form.cleaned_data["username"] or None
        address = form.cleaned_data["address"] or None
        attempts = AccessAttempt.objects.all()
        if username:
            attempts = attempts.filter(username=username)
        if address:
            attempts = attempts.filter(ip_address=address)
        who = " · ".join(part for part in (username, address) if part)
        if not attempts.exists():
            messages.warning(request, _("No failed sign-ins match %(who)s; nothing was "
                                        "changed.") % {"who": who})
            return redirect("lms_security:lockouts")
        lifted = services.lockout_lift(actor=request.user, username=username,
                                       ip_address=address)
        messages.success(request, ngettext(
            "Lockout lifted for %(who)s (%(count)s record of failed sign-ins cleared).",
            "Lockout lifted for %(who)s (%(count)s records of failed sign-ins cleared).",
            lifted) % {"who": who, "count": lifted})
        return redirect("lms_security:lockouts")


# --- Registration -----------------------------------------------------------------------------


class SecurityViewSet(ViewSet):
    """/admin/security/events/ (with results/ for Wagtail's filtering without reloading) and
    /admin/security/lockouts/. Nothing else: no add, edit, delete or inspect of an event."""

    name = "lms_security"
    url_prefix = "security"
    icon = "lock"

    def get_urlpatterns(self):
        events = {"index_url_name": self.get_url_name("events"),
                  "index_results_url_name": self.get_url_name("events_results")}
        return [
            path("events/", self.construct_view(SecurityEventIndexView, **events),
                 name="events"),
            path("events/results/", self.construct_view(SecurityEventIndexView, **events,
                                                        results_only=True),
                 name="events_results"),
            path("lockouts/", LockoutsView.as_view(), name="lockouts"),
        ]
