"""Routes of lms.courses under /api/v1/."""

from django.urls import path

from lms.courses.api import views

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="api-courses"),
    path("courses/<id:pk>/", views.CourseDetailView.as_view(), name="api-course"),
    path("courses/<id:pk>/enrol/", views.EnrolView.as_view(), name="api-course-enrol"),
    path("courses/<id:pk>/withdraw/", views.WithdrawView.as_view(), name="api-course-withdraw"),
    path("me/plan/", views.MyPlanView.as_view(), name="api-my-plan"),
    path("me/learning/", views.MyLearningView.as_view(), name="api-my-learning"),
]
