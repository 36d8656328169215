"""Writes of lms.core: work units, categories, roles, profiles and trainee imports."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from lms.core import accounts
from lms.core.importing import validate_trainee_table
from lms.core.models import HomePage, TraineeCategory, TraineeImport, TraineeProfile, WorkUnit
from lms.core.roles import ROLES_BY_SLUG
from lms.core.signals import trainees_imported
from lms.platform.importing import (
    by_key_ignoring_case,
    check_upload,
    read_upload,
    table_error_message,
)
from lms.platform.tabular import TableError

logger = logging.getLogger(__name__)
WRITE_BATCH = 1000


# --- Work units -------------------------------------------------------------------------------


def work_unit_create(*, name, code, kind=WorkUnit.Kind.OTHER, parent=None, supervisors=()):
    """Add a unit at the root of the tree or under `parent`."""
    fields = {"name": name, "code": code, "kind": kind}
    with transaction.atomic():
        if parent is not None:
            parent = WorkUnit.objects.get(pk=parent.pk)
        unit = parent.add_child(**fields) if parent else WorkUnit.add_root(**fields)
        if supervisors:
            unit.supervisors.set(supervisors)
    return unit


def work_unit_update(*, unit, name, code, kind, parent=None, supervisors=None):
    """Change a unit's fields and, when `parent` differs, move it with its whole subtree."""
    with transaction.atomic():
        # Tree fields of an instance go stale as siblings are added; work on fresh rows only.
        unit = WorkUnit.objects.select_for_update().get(pk=unit.pk)
        if parent is not None:
            parent = WorkUnit.objects.get(pk=parent.pk)
            if parent.path.startswith(unit.path):
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or one of its own "
                                 "sub-units.")}
                )
        WorkUnit.objects.filter(pk=unit.pk).update(name=name, code=code, kind=kind)
        unit.refresh_from_db()
        current_parent = unit.get_parent(update=True)
        if (parent.pk if parent else None) != (current_parent.pk if current_parent else None):
            if parent is None:
                unit.move(WorkUnit.get_first_root_node(), "sorted-sibling")
            else:
                unit.move(parent, "sorted-child")
            unit.refresh_from_db()
        if supervisors is not None:
            unit.supervisors.set(supervisors)
    return unit


def work_unit_delete(*, unit):
    """Delete an empty unit; a unit with sub-units or members is refused (nothing is lost)."""
    unit = WorkUnit.objects.get(pk=unit.pk)
    if unit.get_children_count():
        raise ValidationError(_("“%(unit)s” has sub-units; move or delete them first.")
                              % {"unit": unit.name})
    if TraineeProfile.objects.filter(work_unit=unit).exists():
        raise ValidationError(_("“%(unit)s” still has members; move them to another unit first.")
                              % {"unit": unit.name})
    unit.delete()


# --- Categories and roles ---------------------------------------------------------------------


def category_create(*, name, slug, annual_required_hours, min_elective_hours, description="",
                    sort_order=0):
    category = TraineeCategory(
        name=name,
        slug=slug,
        description=description,
        annual_required_hours=annual_required_hours,
        min_elective_hours=min_elective_hours,
        sort_order=sort_order,
    )
    category.full_clean()
    category.save()
    return category


def user_add_role(*, user, role_slug):
    """Put a user in a role's group (idempotent)."""
    role = ROLES_BY_SLUG[role_slug]
    group, _created = Group.objects.get_or_create(name=role.group_name)
    user.groups.add(group)


def profile_update(*, profile, **fields):
    """Change profile fields (work_unit, category, position, rank_level, phone) after checks."""
    allowed = {"work_unit", "category", "position", "rank_level", "phone"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"profile_update() got unexpected fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user"])
    profile.save()
    return profile


def trainee_create(*, username, full_name, password=None, email="", work_unit=None,
                   category=None, position="", rank_level="", phone="", roles=("trainee",)):
    """Create an account with its profile and roles; no password means it cannot log in yet."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model(username=username, first_name=full_name, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        profile_update(
            profile=user.trainee_profile,
            work_unit=work_unit,
            category=category,
            position=position,
            rank_level=rank_level,
            phone=phone,
        )
        for slug in roles:
            user_add_role(user=user, role_slug=slug)
    return user


# --- Site ---------------------------------------------------------------------------------------


def home_page_ensure(*, title="Cadre LMS"):
    """The default site with a live HomePage at its root (made when missing, else left alone)."""
    home = HomePage.objects.first()
    if home is None:
        locale, _created = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", locale=locale)
        )
        home = root.add_child(instance=HomePage(title=title, slug="home", locale=locale))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name=title)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home


# --- Trainee imports --------------------------------------------------------------------------


def trainee_import_create(*, uploaded_by, file_name, content, initial_password=""):
    """Record an upload and queue it; the worker applies it all-or-nothing."""
    check_upload(file_name=file_name, content=content)
    from lms.core.tasks import run_trainee_import

    with transaction.atomic():
        record = TraineeImport.objects.create(
            created_by=uploaded_by,
            file_name=file_name[:255],
            source=content,
            initial_password_hash=make_password(initial_password) if initial_password else "",
            language=translation.get_language() or "en",
        )
        transaction.on_commit(lambda: run_trainee_import.delay(record.pk))
    return record


def apply_trainee_rows(rows, *, uploaded_by, password_hash="", file_name=""):
    """Create or update one account and profile per row; returns (created, updated).

    Set-based (bulk writes, a constant number of queries per chunk of rows), so a provincial
    list of tens of thousands is one job. The caller holds the transaction: either every row
    lands or none does. Passwords of existing accounts are never touched, nor any account
    `uploaded_by` may not manage (PermissionDenied; validate_trainee_table reports those rows
    first). The import is announced once, with `trainees_imported`: the trainees whose category
    was set or changed, so their plans are synced in one pass, and the accounts it updated.
    """
    user_model = get_user_model()
    usernames = [row.username for row in rows]
    if accounts.unmanageable_usernames(actor=uploaded_by, usernames=usernames):
        raise PermissionDenied("The import names accounts its uploader may not manage.")
    existing = by_key_ignoring_case(user_model.objects.all(), "username", usernames)
    new_users, old_users, users = [], [], []
    for row in rows:
        user = existing.get(row.username.lower())
        if user is None:
            # make_password(None) is an unusable password, as set_unusable_password() writes.
            user = user_model(username=row.username, password=password_hash or make_password(None))
            new_users.append(user)
        else:
            old_users.append(user)
        user.first_name, user.last_name = row.full_name, ""
        user.email = row.email or user.email
        users.append(user)
    # Bulk writes send no post_save: the profiles and the role are written here instead.
    user_model.objects.bulk_create(new_users, batch_size=WRITE_BATCH)
    user_model.objects.bulk_update(old_users, ["first_name", "last_name", "email"],
                                   batch_size=WRITE_BATCH)
    now = timezone.now()
    profiles = {}
    for chunk in _chunks([user.pk for user in old_users]):
        profiles.update((p.user_id, p) for p in TraineeProfile.objects.filter(user_id__in=chunk))
    new_profiles, old_profiles, regrouped = [], [], []
    for row, user in zip(rows, users, strict=True):
        profile = profiles.get(user.pk)
        if profile is None:
            profile = TraineeProfile(user=user)
            new_profiles.append(profile)
        else:
            old_profiles.append(profile)
        if profile.category_id != row.category.pk or profile.pk is None:
            regrouped.append(user.pk)
        profile.work_unit, profile.category, profile.position = (
            row.work_unit, row.category, row.position)
        profile.rank_level = row.rank_level or profile.rank_level
        profile.phone = row.phone or profile.phone
        profile.updated_at = now
    TraineeProfile.objects.bulk_create(new_profiles, batch_size=WRITE_BATCH)
    TraineeProfile.objects.bulk_update(
        old_profiles, ["work_unit", "category", "position", "rank_level", "phone", "updated_at"],
        batch_size=WRITE_BATCH)
    group, _created = Group.objects.get_or_create(name=ROLES_BY_SLUG["trainee"].group_name)
    membership = user_model.groups.through
    membership.objects.bulk_create(
        [membership(user_id=user.pk, group_id=group.pk) for user in users],
        batch_size=WRITE_BATCH, ignore_conflicts=True)
    trainees_imported.send(sender=TraineeProfile, user_ids=regrouped,
                           updated_user_ids=[user.pk for user in old_users],
                           created_user_ids=[user.pk for user in new_users],
                           uploaded_by=uploaded_by, file_name=file_name)
    return len(new_users), len(old_users)


def _chunks(items, size=WRITE_BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def trainee_import_run(*, import_id):
    """Validate and apply one import; safe to call twice (a finished import is left alone)."""
    if not TraineeImport.objects.filter(pk=import_id, status=TraineeImport.Status.PENDING).update(
        status=TraineeImport.Status.RUNNING
    ):
        # Gone, finished, or already running elsewhere. A run interrupted mid-way rolled back,
        # so it is retried only when the row is still marked pending or running with no result.
        record = TraineeImport.objects.filter(pk=import_id).first()
        if record is None or record.is_finished:
            return record
    with transaction.atomic():
        record = TraineeImport.objects.select_for_update().get(pk=import_id)
        if record.is_finished:
            return record
        with translation.override(record.language):
            try:
                table = read_upload(bytes(record.source), record.file_name)
            except TableError as error:
                record.errors = [{"row": 0, "column": "", "message": table_error_message(error)}]
                record.status = TraineeImport.Status.FAILED
            else:
                record.total_rows = len(table.rows)
                result = validate_trainee_table(table, uploaded_by=record.created_by)
                if result.errors:
                    record.errors = result.errors
                    record.status = TraineeImport.Status.FAILED
                else:
                    sid = transaction.savepoint()
                    try:
                        record.created_count, record.updated_count = apply_trainee_rows(
                            result.rows,
                            uploaded_by=record.created_by,
                            password_hash=record.initial_password_hash,
                            file_name=record.file_name,
                        )
                    except Exception:
                        transaction.savepoint_rollback(sid)
                        logger.exception("Trainee import %s failed while writing", import_id)
                        record.errors = [
                            {"row": 0, "column": "", "message": _("The import failed while "
                             "saving; nothing was imported. Please try again.")}
                        ]
                        record.status = TraineeImport.Status.FAILED
                    else:
                        record.status = TraineeImport.Status.DONE
        record.finished_at = timezone.now()
        record.save()
    return record
