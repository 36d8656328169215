"""Routes of lms.quizzes under /api/v1/."""

from django.urls import path

from lms.quizzes.api import views

urlpatterns = [
    path("quizzes/<id:pk>/", views.QuizDetailView.as_view(), name="api-quiz"),
    path("quizzes/<id:pk>/attempts/", views.QuizAttemptsView.as_view(),
         name="api-quiz-attempts"),
    path("attempts/<id:pk>/", views.AttemptDetailView.as_view(), name="api-quiz-attempt"),
    path("attempts/<id:pk>/answers/", views.AttemptAnswersView.as_view(),
         name="api-quiz-attempt-answers"),
    path("attempts/<id:pk>/submit/", views.AttemptSubmitView.as_view(),
         name="api-quiz-attempt-submit"),
    path("quizzes/<id:pk>/statistics/", views.QuizStatisticsView.as_view(),
         name="api-quiz-statistics"),
    path("me/quiz-attempts/", views.MyQuizAttemptsView.as_view(), name="api-my-quiz-attempts"),
    path("grading/", views.GradingQueueView.as_view(), name="api-quiz-grading"),
    path("answers/<id:pk>/grade/", views.AnswerGradeView.as_view(), name="api-quiz-answer-grade"),
]
