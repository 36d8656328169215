"""What reaches the audit trail by signal: sign-ins, failures, sign-outs, lockouts, role and
group changes, rights on accounts, trainee imports; and the session list kept up to date."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver

from lms.core.signals import trainees_imported
from lms.courses.services.years import training_year_changed
from lms.platform.exports import exported
from lms.security import audit, services, sessions
from lms.security.models import SecurityEvent

Kind = SecurityEvent.Kind
User = get_user_model()


@receiver(user_logged_in, dispatch_uid="lms_security_signed_in")
def signed_in(sender, request, user, token=False, **kwargs):
    if token:  # the API's token exchange: no session to follow
        audit.record(Kind.SIGN_IN, actor=user, request=request, detail={"token": True})
        return
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request, user)
    services.session_started(request=request, user=user)
    audit.record(Kind.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="lms_security_signed_out")
def signed_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    key = request.session.session_key if hasattr(request, "session") else None
    if key:
        services.session_forget(session_key=key)
    reason = getattr(request, "lms_session_expired", "")
    audit.record(Kind.SESSION_EXPIRED if reason else Kind.SIGN_OUT, actor=user, request=request,
                 detail={"reason": reason} if reason else None)


@receiver(user_login_failed, dispatch_uid="lms_security_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Attempts refused while locked out leave no trace (the lockout itself is recorded): a
    # flood of them must cost nothing and write nothing.
    if request is not None and getattr(request, "axes_locked_out", False) and getattr(
            request, "axes_failures_since_start", None) is None:
        return
    username = str(credentials.get("username", "") or "")[:150]
    audit.record(Kind.SIGN_IN_FAILED, actor=None, subject_name=username or "?",
                 request=request)


@receiver(user_locked_out, dispatch_uid="lms_security_locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    # axes also sends this for each attempt refused during a lockout; only its start counts.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    audit.record(Kind.LOCKED_OUT, actor=None, subject_name=str(username or ip_address or "?"),
                 request=request, detail={"address": ip_address,
                                          "failures": request.axes_failures_since_start})


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="lms_security_groups")
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        # Which groups are about to go: only known before they go.
        pk_set = set(instance.groups.values_list("pk", flat=True)) if not reverse else set(
            instance.user_set.values_list("pk", flat=True))
        action = "post_remove"
    if not pk_set:
        return
    if reverse:  # group.user_set.add(users…): `instance` is the group
        users = User.objects.filter(pk__in=pk_set)
        for user in users:
            _record_groups(user, action, [instance.name])
    else:
        names = list(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        _record_groups(instance, action, names)


def _record_groups(user, action, names):
    added = action == "post_add"
    if added:
        services.api_token_recheck(user)
    audit.record(Kind.ROLE_CHANGED, subject=user,
                 summary=("+ " if added else "− ") + ", ".join(sorted(names)),
                 detail={"added" if added else "removed": sorted(names)})


@receiver(pre_save, sender=User, dispatch_uid="lms_security_account_rights")
def account_rights_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    watched = {"is_superuser", "is_staff", "is_active"}
    if raw or instance.pk is None or (update_fields is not None and not
                                      watched & set(update_fields)):
        return
    before = User.objects.filter(pk=instance.pk).values(*watched).first()
    if before is None:
        return
    changed = {name: [before[name], getattr(instance, name)] for name in sorted(watched)
               if before[name] != getattr(instance, name)}
    if changed.get("is_superuser") == [False, True]:
        services.api_token_recheck(instance)
    if changed:
        audit.record(Kind.ACCOUNT_CHANGED, subject=instance,
                     summary=", ".join(f"{name}: {old} → {new}"
                                       for name, (old, new) in changed.items()),
                     detail=changed)


@receiver(trainees_imported, dispatch_uid="lms_security_trainees_imported")
def trainees_import_recorded(sender, user_ids, updated_user_ids=(), created_user_ids=(),
                             uploaded_by=None, file_name="", **kwargs):
    services.owe_password_change(created_user_ids)
    audit.record(Kind.IMPORT, actor=uploaded_by, subject_name="",
                 summary=f"trainees: {file_name}",
                 detail={"what": "trainees", "file": file_name,
                         "created": len(created_user_ids), "updated": len(updated_user_ids)})




@receiver(exported, dispatch_uid="lms_security_exported")
def export_recorded(sender, request, what, file_format, rows=None, **kwargs):
    audit.record(Kind.EXPORT, request=request, summary=f"{what} ({file_format})",
                 detail={"what": str(what), "format": str(file_format), "rows": rows,
                         "path": request.get_full_path()[:300]})


@receiver(training_year_changed, dispatch_uid="lms_security_year")
def year_recorded(sender, year, by, closed, log_entry=None, **kwargs):
    audit.record(Kind.YEAR_CLOSED if closed else Kind.YEAR_REOPENED, actor=by,
                 summary=str(year),
                 detail={"year": year, "wagtail_log": getattr(log_entry, "pk", None)})
