"""Routes of lms.discussions under /api/v1/."""

from django.urls import path

from lms.discussions.api import views

urlpatterns = [
    path("threads/", views.ThreadListView.as_view(), name="api-discussion-threads"),
    path("threads/<id:pk>/", views.ThreadDetailView.as_view(), name="api-discussion-thread"),
    path("threads/<id:pk>/posts/", views.ThreadPostsView.as_view(),
         name="api-discussion-thread-posts"),
    path("threads/<id:pk>/status/", views.ThreadStatusView.as_view(),
         name="api-discussion-thread-status"),
    path("threads/<id:pk>/pin/", views.ThreadPinView.as_view(), name="api-discussion-thread-pin"),
    path("threads/<id:pk>/follow/", views.ThreadFollowView.as_view(),
         name="api-discussion-thread-follow"),
    path("posts/<id:pk>/", views.PostDetailView.as_view(), name="api-discussion-post"),
    path("posts/<id:pk>/vote/", views.PostVoteView.as_view(), name="api-discussion-post-vote"),
    path("posts/<id:pk>/flag/", views.PostFlagView.as_view(), name="api-discussion-post-flag"),
    path("posts/<id:pk>/hide/", views.PostHideView.as_view(), name="api-discussion-post-hide"),
    path("posts/<id:pk>/restore/", views.PostRestoreView.as_view(),
         name="api-discussion-post-restore"),
    path("posts/<id:pk>/endorse/", views.PostEndorseView.as_view(),
         name="api-discussion-post-endorse"),
    path("posts/<id:pk>/accept/", views.PostAcceptView.as_view(),
         name="api-discussion-post-accept"),
    path("courses/<id:pk>/participation/", views.ParticipationView.as_view(),
         name="api-discussion-participation"),
    path("me/discussion-settings/", views.MyDiscussionSettingsView.as_view(),
         name="api-my-discussion-settings"),
    path("me/notifications/", views.MyNotificationsView.as_view(),
         name="api-my-notifications"),
    path("me/notifications/unread/", views.MyUnreadView.as_view(),
         name="api-my-notifications-unread"),
    path("me/notifications/read/", views.MyNotificationsReadView.as_view(),
         name="api-my-notifications-read"),
]
