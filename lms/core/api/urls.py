"""Routes of lms.core under /api/v1/."""

from django.urls import path

from lms.core.api import views

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("health/", views.HealthView.as_view(), name="api-health"),
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-auth-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
]
