"""Signal receivers of lms.core: every user gets a trainee profile."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.core.models import TraineeProfile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lms_core_profile_for_user")
def profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        TraineeProfile.objects.get_or_create(user=instance)
