"""Site routes of the trainee's learning space: My learning and its calendar."""

from django.urls import path

from lms.courses import learning_views

urlpatterns = [
    path("", learning_views.my_learning, name="learning"),
    path("sessions.ics", learning_views.sessions_calendar, name="learning-calendar"),
]
