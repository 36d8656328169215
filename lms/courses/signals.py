"""Signal receivers of lms.courses: a trainee's plan follows their category."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.core.models import TraineeProfile


@receiver(post_save, sender=TraineeProfile, dispatch_uid="lms_courses_plan_follows_category")
def plan_follows_category(sender, instance, created, raw=False, **kwargs):
    if raw or (instance.category_id is None and created):
        return
    from lms.courses.services import plan_sync_required

    user = instance.user
    transaction.on_commit(lambda: plan_sync_required(user=user))
