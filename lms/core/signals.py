"""Signals of lms.core: every user gets a trainee profile; imports announce whom they moved; the
cached main menu follows the pages."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from lms.core import menus
from lms.core.models import TraineeProfile

# Sent once by a trainee import, inside its transaction (bulk writes send no post_save), with
# `user_ids`: the trainees whose category was set or changed, `updated_user_ids`: the
# accounts that existed before, whose name and position were written again,
# `created_user_ids`: the accounts it made, `uploaded_by` and `file_name`. Receivers that fail
# roll the import back.
trainees_imported = Signal()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lms_core_profile_for_user")
def profile_for_new_user(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        TraineeProfile.objects.get_or_create(user=instance)


@receiver(page_published, dispatch_uid="lms_core_menu_published")
@receiver(page_unpublished, dispatch_uid="lms_core_menu_unpublished")
@receiver(post_page_move, dispatch_uid="lms_core_menu_moved")
@receiver(post_save, sender=Site, dispatch_uid="lms_core_menu_site_saved")
@receiver(post_delete, sender=Site, dispatch_uid="lms_core_menu_site_deleted")
def menu_follows_pages(sender, **kwargs):
    menus.forget_menus()


@receiver(post_delete, dispatch_uid="lms_core_menu_page_deleted")
def menu_follows_deleted_pages(sender, instance, **kwargs):
    # Deleting a page deletes its specific row and its Page row: one signal each.
    if isinstance(instance, Page) and type(instance) is Page:
        menus.forget_menus()
