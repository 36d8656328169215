"""Routes of lms.platform under /api/v1/: the root, health and the token exchange."""

from django.urls import path

from lms.platform.api import views

urlpatterns = [
    path("", views.ApiRootView.as_view(), name="api-root"),
    path("health/", views.HealthView.as_view(), name="api-health"),
    path("auth/token/", views.ObtainTokenView.as_view(), name="api-auth-token"),
]
