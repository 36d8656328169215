"""Who may do what with the video library: Wagtail's ownership policy, as for its images and
documents. Those who may add videos (instructors, the training office) change and delete their
own; those with the change or delete permission (the training office), any; those with the
view permission see the library."""

from wagtail.permission_policies import OwnershipPermissionPolicy

from lms.video.models import Video


class VideoPermissionPolicy(OwnershipPermissionPolicy):
    """Wagtail's ownership policy, which knows add, change and delete, plus "view": the library
    is seen by those with the view or change permission."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_active and (user.has_perm("lms_video.view_video")
                                       or user.has_perm("lms_video.change_video"))
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


video_permission_policy = VideoPermissionPolicy(Video, owner_field_name="uploaded_by")


def may_upload(user):
    return video_permission_policy.user_has_permission(user, "add")


def may_follow(user, video):
    """See a video's status and progress: its uploader and whoever sees the library."""
    return (video.uploaded_by_id == user.pk
            or video_permission_policy.user_has_permission(user, "view"))
