"""Signal receivers of lms.courses: plans follow categories, freed seats go to the waiting list,
and a course's cached page parts are dropped when what they show changes."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.signals import page_published, post_page_move

from lms.core.models import TraineeProfile
from lms.core.signals import trainees_imported
from lms.courses import parts
from lms.courses.models import ClassSession, CoursePage, CourseTopic, LecturePage


@receiver(post_save, sender=TraineeProfile, dispatch_uid="lms_courses_plan_follows_category")
def plan_follows_category(sender, instance, created, raw=False, **kwargs):
    if raw or not instance.category_changed:
        return
    instance.loaded_category_id = instance.category_id
    from lms.courses.services import plan_sync_required

    user = instance.user
    transaction.on_commit(lambda: plan_sync_required(user=user))


@receiver(trainees_imported, dispatch_uid="lms_courses_imported_plans")
def plans_follow_import(sender, user_ids, **kwargs):
    """One set-based sync per open plan year for everyone an import moved, in the import's
    transaction: the import lands with the plans synced, or not at all."""
    from lms.courses.services import open_plan_years, plans_sync

    if user_ids:
        for year in open_plan_years():
            plans_sync(year=year, user_ids=user_ids)
    parts.forget_taught_by(kwargs.get("updated_user_ids", ()))


@receiver(page_published, sender=CoursePage, dispatch_uid="lms_courses_fill_freed_seats")
def fill_seats_after_publish(sender, instance, **kwargs):
    """A course published with more seats (or none) takes people off its waiting list."""
    from lms.courses.services import waitlist_fill

    transaction.on_commit(lambda: waitlist_fill(course=instance))


# --- A course's cached page parts (lms.courses.parts) ------------------------------------------

@receiver(post_save, sender=CoursePage, dispatch_uid="lms_courses_parts_course_saved")
@receiver(pre_delete, sender=CoursePage, dispatch_uid="lms_courses_parts_course_deleted")
def forget_course_parts(sender, instance, raw=False, **kwargs):
    """A course saved (its instructors or prerequisites set in code, not only by a publish) or
    deleted: its parts and those of the courses that list it as a prerequisite."""
    if raw:
        return
    parts.forget([instance.pk, *CoursePage.objects.filter(prerequisites=instance)
                  .values_list("pk", flat=True)])


@receiver(post_save, sender=LecturePage, dispatch_uid="lms_courses_parts_lecture_saved")
@receiver(pre_delete, sender=LecturePage, dispatch_uid="lms_courses_parts_lecture_deleted")
def forget_lecture_course(sender, instance, raw=False, **kwargs):
    """A lecture added, saved (published, unpublished, retitled) or deleted: its course's
    outline."""
    if not raw:
        parts.forget_course_of(instance)


@receiver(post_save, sender=ClassSession, dispatch_uid="lms_courses_parts_session_saved")
@receiver(post_delete, sender=ClassSession, dispatch_uid="lms_courses_parts_session_deleted")
def forget_session_course(sender, instance, raw=False, **kwargs):
    if not raw:
        parts.forget([instance.course_id])


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lms_courses_parts_person")
def forget_instructor_courses(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """An instructor renamed. Signing in writes last_login only, which no course shows."""
    if raw or created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    parts.forget_taught_by([instance.pk])


@receiver(post_save, sender=TraineeProfile, dispatch_uid="lms_courses_parts_profile")
def forget_instructor_title(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        parts.forget_taught_by([instance.user_id])


@receiver(post_save, sender=Tag, dispatch_uid="lms_courses_parts_topic_renamed")
def forget_topic_courses(sender, instance, created, raw=False, **kwargs):
    if not (raw or created):
        parts.forget(CourseTopic.objects.filter(tag=instance)
                     .values_list("content_object_id", flat=True))


@receiver(page_published, dispatch_uid="lms_courses_parts_above_published")
@receiver(post_page_move, dispatch_uid="lms_courses_parts_moved")
def forget_courses_below(sender, instance, **kwargs):
    """A page above courses published (its slug, and so their URLs, may have changed) or a
    page moved: the courses at or below it, whose cached fragments hold URLs."""
    moved = "parent_page_before" in kwargs
    if sender in (CoursePage, LecturePage) and not moved:
        return  # their own saves drop what they change (receivers above)
    courses = set(CoursePage.objects.descendant_of(instance, inclusive=True)
                  .values_list("pk", flat=True))
    if moved:  # a lecture taken from one course to another: both outlines change
        courses |= {kwargs["parent_page_before"].pk, kwargs["parent_page_after"].pk}
    parts.forget(courses)


@receiver(post_save, sender=get_image_model(), dispatch_uid="lms_courses_parts_cover_saved")
@receiver(pre_delete, sender=get_image_model(), dispatch_uid="lms_courses_parts_cover_deleted")
def forget_cover_courses(sender, instance, raw=False, **kwargs):
    """A cover image changed (a new file or focal point: new renditions) or deleted."""
    if not raw:
        parts.forget(CoursePage.objects.filter(cover_image=instance).values_list("pk", flat=True))
