"""URL configuration of the reference site: the API, accounts, languages, admin and Wagtail pages."""

import posixpath

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core.views import LoginView
from lms.video.delivery import video_file

urlpatterns = [
    path("api/v1/", include("config.api_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("lms.security.urls")),
    path("course-actions/", include("lms.courses.urls")),
    path("learning/quizzes/", include("lms.quizzes.urls")),
    path("learning/notifications/", include("lms.discussions.urls")),
    path("learning/", include("lms.courses.learning_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # A video's files, for the holder of a signed address (lms.video.delivery).
    path("video-files/<str:token>/<path:name>", video_file, name="video-file"),
]



def media_file(request, path):
    """Uploaded images and documents while developing (DEBUG). Videos are never served from
    here, however the path is spelt ("//videos", "./videos", "x/../videos"): only through
    their signed addresses above (in production, see the README's nginx notes)."""
    if posixpath.normpath("/" + path).lstrip("/").startswith("videos/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


media_patterns = [re_path(r"^media/(?P<path>.*)$", media_file)]
if settings.DEBUG:
    urlpatterns += media_patterns

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "lms.platform.views.bad_request"
handler403 = "lms.platform.views.permission_denied"
handler404 = "lms.platform.views.page_not_found"
handler500 = "lms.platform.views.server_error"
