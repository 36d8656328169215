"""Registers lms.discussions' admin screens with Wagtail: the moderation queue."""

from wagtail import hooks

from lms.discussions.admin_moderation import ModerationViewSet, moderation_menu_item


@hooks.register("register_admin_viewset")
def register_moderation():
    return ModerationViewSet()


@hooks.register("register_admin_menu_item")
def register_moderation_menu():
    return moderation_menu_item()
