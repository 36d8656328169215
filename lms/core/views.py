"""Site views of lms.core: sign-in."""

from django.contrib.auth import views as auth_views


class LoginView(auth_views.LoginView):
    template_name = "lms_core/login.html"
    redirect_authenticated_user = True
