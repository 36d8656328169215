"""URL configuration of the reference site: the API, accounts, languages, admin and Wagtail pages."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core.views import LoginView

urlpatterns = [
    path("api/v1/", include("config.api_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("course-actions/", include("lms.courses.urls")),
    path("learning/", include("lms.courses.learning_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "lms.platform.views.bad_request"
handler403 = "lms.platform.views.permission_denied"
handler404 = "lms.platform.views.page_not_found"
handler500 = "lms.platform.views.server_error"
