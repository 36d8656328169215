"""Site routes of lms.courses (the pages themselves are Wagtail pages)."""

from django.urls import path

from lms.courses import views

app_name = "courses"
urlpatterns = [
    path("<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("<int:course_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lectures/<int:lecture_id>/done/", views.mark_done, name="mark_done"),
]
