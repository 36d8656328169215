"""Routes of lms.courses under /api/v1/."""

from django.urls import path

from lms.courses.api import views

urlpatterns = [
    path("courses/", views.CourseListView.as_view(), name="api-courses"),
    path("courses/<int:pk>/", views.CourseDetailView.as_view(), name="api-course"),
    path("courses/<int:pk>/enrol/", views.EnrolView.as_view(), name="api-course-enrol"),
    path("courses/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="api-course-withdraw"),
    path("me/plan/", views.MyPlanView.as_view(), name="api-my-plan"),
]
