"""Training plans follow the requirements: the requirements grid of a year, and the sync that
puts each category's required courses into its trainees' plans. Set-based, so a requirement
change reaching tens of thousands of plans is a constant number of queries per chunk."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.core.models import TraineeProfile
from lms.courses.models import CoursePage, CourseRequirement, Enrolment
from lms.courses.services.common import chunks, set_status
from lms.courses.services.enrolment import waitlist_fill
from lms.courses.services.years import ensure_open, open_plan_years, year_is_closed

Status = Enrolment.Status
Source = Enrolment.Source
Kind = CourseRequirement.Kind
WRITE_BATCH = 1000


def _sync_one(user_id, wanted, current, year, now, new, changed, freed):
    """What syncing one trainee's plan writes: `wanted` maps course ids to their kind for the
    trainee's category, `current` their enrolments of the year by course id."""
    for course_id, kind in wanted.items():
        if kind != Kind.REQUIRED:
            continue
        enrolment = current.get(course_id)
        if enrolment and enrolment.status in Enrolment.ACTIVE_STATUSES:
            if enrolment.source != Source.REQUIRED and enrolment.status != Status.COMPLETED:
                enrolment.source = Source.REQUIRED
                set_status(enrolment, Status.ENROLLED, now)
                changed.append(enrolment)
            continue
        if enrolment is None:
            enrolment = Enrolment(user_id=user_id, course_id=course_id, year=year)
            new.append(enrolment)
        else:
            changed.append(enrolment)
        enrolment.source = Source.REQUIRED
        set_status(enrolment, Status.ENROLLED, now)
    for course_id, enrolment in current.items():
        if (enrolment.source != Source.REQUIRED or wanted.get(course_id) == Kind.REQUIRED
                or enrolment.status not in (Status.ENROLLED, Status.PENDING)):
            continue
        if wanted.get(course_id) == Kind.ELECTIVE:
            # Now an elective for the category: the trainee keeps the place (and may drop it
            # under the elective rules) rather than losing it half-way through.
            enrolment.source = Source.ELECTIVE
        else:
            set_status(enrolment, Status.WITHDRAWN, now)
            freed.add(course_id)
        changed.append(enrolment)


def plans_sync(*, year, user_ids=None, category_ids=None, now=None):
    """Put each category's required courses of `year` into the plans of these trainees (or of
    everyone in these categories) and take out required places no longer required (completed
    ones stay). Safe to run any number of times; a closed year is left alone.

    One transaction: every plan is synced or none. Returns how many enrolments were written.
    """
    if year_is_closed(year):
        return 0
    now = now or timezone.now()
    if user_ids is None:
        user_ids = TraineeProfile.objects.filter(category_id__in=list(category_ids or ()))\
            .order_by("user_id").values_list("user_id", flat=True)
    user_ids = list(dict.fromkeys(user_ids))
    requirements = {}
    # A dated course counts only in the year it starts (requirements_set refuses it elsewhere;
    # this guards rows written before that rule).
    in_year = Q(course__starts_on__isnull=True) | Q(course__starts_on__year=year)
    for course_id, category_id, kind in CourseRequirement.objects.filter(
            in_year, year=year, course__live=True).values_list("course_id", "category_id",
                                                               "kind"):
        requirements.setdefault(category_id, {})[course_id] = kind
    freed, written = set(), 0
    with transaction.atomic():
        for chunk in chunks(user_ids):
            categories = dict(TraineeProfile.objects.filter(user_id__in=chunk)
                              .values_list("user_id", "category_id"))
            current = {}
            for enrolment in (Enrolment.objects.select_for_update()
                              .filter(user_id__in=chunk, year=year)
                              .only("user", "course", "year", "status", "source")):
                current.setdefault(enrolment.user_id, {})[enrolment.course_id] = enrolment
            new, changed = [], []
            for user_id in chunk:
                _sync_one(user_id, requirements.get(categories.get(user_id), {}),
                          current.get(user_id, {}), year, now, new, changed, freed)
            Enrolment.objects.bulk_create(new, batch_size=WRITE_BATCH)
            Enrolment.objects.bulk_update(changed, ["source", "status", "status_changed_at"],
                                          batch_size=WRITE_BATCH)
            written += len(new) + len(changed)
    # The freed seats go to the waiting lists once the trainees' rows are released, each under
    # its course's lock: taking a course lock while holding trainees' rows would invert the
    # order enrolment uses (course, then row), and a caller's transaction (a grid save, an
    # import) holds the rows until it commits. Outside any transaction this runs at once.
    if freed:
        transaction.on_commit(lambda: _fill_freed(freed, year, now))
    return written


def _fill_freed(course_ids, year, now):
    for course in CoursePage.objects.filter(pk__in=course_ids):
        waitlist_fill(course=course, year=year, now=now)


def plan_sync_required(*, user, year=None, now=None):
    """Sync one trainee's plan for a year, or for every open plan year (their category
    changed)."""
    for plan_year in [year] if year else open_plan_years():
        plans_sync(year=plan_year, user_ids=[user.pk], now=now)


def plans_sync_for_categories(*, category_ids, year):
    """Re-sync the required courses of every trainee in these categories."""
    return plans_sync(year=year, category_ids=category_ids)


def requirements_set(*, year, cells, sync_now=False):
    """Write the requirements grid for a year: cells maps (course_id, category_id) to
    'required', 'elective' or '' (not offered). A course with dates belongs to the year it
    starts in and is refused in another year's grid. Plans of affected categories are re-synced
    by a worker task after commit, or before returning with `sync_now`. Returns the ids of the
    categories whose requirements changed."""
    valid = {"", *Kind.values}
    bad = [value for value in cells.values() if value not in valid]
    if bad:
        raise ValidationError(_("Unknown requirement kind: %(kind)s.") % {"kind": bad[0]})
    ensure_open(year)
    elsewhere = (CoursePage.objects.filter(pk__in={c for c, _x in cells}, starts_on__isnull=False)
                 .exclude(starts_on__year=year).only("title", "starts_on").order_by("path"))
    for course in elsewhere[:1]:
        raise ValidationError(_("“%(course)s” starts in %(start)s, so its requirements belong to "
                                "the %(start)s grid, not %(year)s.")
                              % {"course": course.title, "start": course.starts_on.year,
                                 "year": year})
    changed = set()
    with transaction.atomic():
        existing = {(r.course_id, r.category_id): r for r in CourseRequirement.objects.filter(
            year=year, course_id__in={c for c, _x in cells})}
        removed, added, by_kind = [], [], {}
        for (course_id, category_id), kind in cells.items():
            row = existing.get((course_id, category_id))
            if not kind:
                if row is not None:
                    removed.append(row.pk)
                    changed.add(category_id)
            elif row is None:
                added.append(CourseRequirement(course_id=course_id, category_id=category_id,
                                               year=year, kind=kind))
                changed.add(category_id)
            elif row.kind != kind:
                by_kind.setdefault(kind, []).append(row.pk)
                changed.add(category_id)
        for ids in chunks(removed):
            CourseRequirement.objects.filter(pk__in=ids).delete()
        CourseRequirement.objects.bulk_create(added, batch_size=WRITE_BATCH)
        for kind, row_ids in by_kind.items():
            for ids in chunks(row_ids):
                CourseRequirement.objects.filter(pk__in=ids).update(kind=kind)
        if changed and sync_now:
            plans_sync(year=year, category_ids=sorted(changed))
        elif changed:
            from lms.courses.tasks import sync_category_plans

            ids = sorted(changed)
            transaction.on_commit(lambda: sync_category_plans.delay(ids, year))
    return changed
