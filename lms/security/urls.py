"""Site URLs of lms.security, under /accounts/."""

from django.urls import path

from lms.security import views

urlpatterns = [
    path("security/", views.security_page, name="account-security"),
    path("security/sessions/end/", views.sessions_end, name="account-sessions-end"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/codes/", views.recovery_codes, name="two-factor-codes"),
    path("two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("session/keepalive/", views.keepalive, name="session-keepalive"),
]
