"""Site routes of lms.courses (the pages themselves are Wagtail pages)."""

from django.urls import path

from lms.courses import views

app_name = "courses"
urlpatterns = [
    path("<id:course_id>/enrol/", views.enrol, name="enrol"),
    path("<id:course_id>/withdraw/", views.withdraw, name="withdraw"),
    path("lectures/<id:lecture_id>/done/", views.mark_done, name="mark_done"),
]
