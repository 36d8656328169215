"""Site routes of lms.quizzes under /learning/quizzes/: my results, and a quiz's own page."""

from django.urls import path

from lms.quizzes import views

urlpatterns = [
    path("", views.my_quizzes, name="my-quizzes"),
    path("<int:pk>/", views.quiz_page, name="quiz-page"),
]
