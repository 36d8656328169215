"""Signal receivers of lms.courses: plans follow categories, freed seats go to the waiting list."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from lms.core.models import TraineeProfile
from lms.core.signals import trainees_imported
from lms.courses.models import CoursePage


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

    for year in open_plan_years():
        plans_sync(year=year, user_ids=user_ids)


@receiver(page_published, sender=CoursePage, dispatch_uid="lms_courses_fill_freed_seats")
def fill_seats_after_publish(sender, instance, **kwargs):
    """A course published with more seats (or none) takes people off its waiting list."""
    from lms.courses.services import waitlist_fill

    transaction.on_commit(lambda: waitlist_fill(course=instance))
