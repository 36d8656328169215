"""Registers the video library with the Wagtail admin."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.video.admin_views import VideoViewSet
from lms.video.chooser import video_chooser_viewset
from lms.video.models import Video
from lms.video.permissions import video_permission_policy

register_permission_policy(Video, video_permission_policy)


@hooks.register("register_admin_viewset")
def register_video_library():
    return VideoViewSet()


@hooks.register("register_admin_viewset")
def register_video_chooser():
    return video_chooser_viewset
