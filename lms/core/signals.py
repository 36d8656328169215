"""Signals of lms.core: every user gets a trainee profile; imports announce whom they moved."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from lms.core.models import TraineeProfile

# Sent once by a trainee import, inside its transaction, with `user_ids`: the trainees whose
# category was set or changed (bulk writes send no post_save). Receivers that fail roll the
# import back.
trainees_imported = Signal()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lms_core_profile_for_user")
def profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        TraineeProfile.objects.get_or_create(user=instance)
