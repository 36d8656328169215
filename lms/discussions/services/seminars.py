"""Seminars: a thread whose facilitator (an instructor) posts prompts for everyone, and whose
trainees work in groups formed by trainee category or work unit, each group with its own space
(its posts are seen by the group and the course's moderators only)."""

from django.db import transaction
from django.utils.translation import gettext as _

from lms.core.models import TraineeProfile
from lms.courses.models import Enrolment, course_training_year
from lms.courses.selectors import LEARNING
from lms.discussions.models import Post, SeminarGroup, SeminarMember, Thread
from lms.discussions.selectors import group_of
from lms.discussions.services.common import (
    DiscussionRefused,
    locked,
    moderator_check,
    thread_touched,
)


def groups_form(*, thread_id, by, basis):
    """Split the course's trainees into the seminar's groups by trainee category or work unit
    (those with none form a group of their own); forming them again replaces the groups, as
    long as no trainee has written in one. Returns the groups."""
    if basis not in SeminarGroup.Basis.values:
        raise DiscussionRefused("bad_grouping", _(
            "Groups are formed by trainee category or by work unit."), status=400)
    with transaction.atomic():
        thread = (locked(Thread.objects).select_related("course")
                  .filter(pk=thread_id).first())
        if thread is None:
            raise DiscussionRefused("not_found", _("No such thread."), status=404)
        moderator_check(by, thread.course_id)
        if thread.kind != Thread.Kind.SEMINAR:
            raise DiscussionRefused("not_a_seminar", _("This thread is not a seminar."),
                                    status=400)
        if Post.objects.filter(thread=thread, group__isnull=False).exists():
            raise DiscussionRefused("groups_in_use", _(
                "The groups have started writing: they can no longer be formed again."),
                status=409)
        course = thread.course
        trainees = Enrolment.objects.filter(course=course, year=course_training_year(course),
                                            status__in=LEARNING).values_list("user_id",
                                                                             flat=True)
        members, names = _split(trainees, basis)
        SeminarGroup.objects.filter(thread=thread).delete()
        ordered = sorted(members, key=lambda key: (key is None, names[key], key or 0))
        groups = SeminarGroup.objects.bulk_create([
            SeminarGroup(thread=thread, position=n, basis=basis, name=names[key])
            for n, key in enumerate(ordered, start=1)])
        SeminarMember.objects.bulk_create([
            SeminarMember(thread=thread, group=group, user_id=user_id)
            for group, key in zip(groups, ordered, strict=True)
            for user_id in members[key]])
        thread_touched(thread.pk)
    return groups


def _split(trainees, basis):
    """({category or unit id, or None: [user ids]}, {the same key: the group's name}) of the
    trainees. Units of one name in different places (every county has its finance bureau) stay
    apart, named with their code; those with no category or unit are a group of their own."""
    field = "category" if basis == SeminarGroup.Basis.CATEGORY else "work_unit"
    rows = {user_id: (key, name, code) for user_id, key, name, code in (
        TraineeProfile.objects.filter(user_id__in=trainees).values_list(
            "user_id", f"{field}_id", f"{field}__name",
            "work_unit__code" if field == "work_unit" else f"{field}__slug"))}
    members, names, seen = {}, {}, {}
    for user_id in trainees:
        key, name, code = rows.get(user_id, (None, "", ""))
        members.setdefault(key, []).append(user_id)
        names[key] = name or (_("No category") if field == "category" else _("No work unit"))
        if key is not None:
            seen.setdefault(name, {})[key] = code
    for name, keys in seen.items():
        if len(keys) > 1:
            for key, code in keys.items():
                names[key] = f"{name} ({code})"
    return members, names


def post_group(thread, standing, parent):
    """The group of a new post in a seminar, or DiscussionRefused: a trainee writes in their
    group's space once the groups are formed; a moderator's post goes in the space of the post
    it answers (a prompt when it answers the opening or a prompt)."""
    if standing.oversees:
        return parent.group_id
    has_groups = SeminarGroup.objects.filter(thread=thread).exists()
    mine = group_of(thread.pk, standing.user) if has_groups else None
    if mine is None:
        raise DiscussionRefused("no_group", _(
            "The facilitator has not placed you in a group of this seminar yet."))
    if parent.group_id is not None and parent.group_id != mine:
        raise DiscussionRefused("parent_not_found", _(
            "The post you are replying to is not in this thread."), status=400)
    return mine
