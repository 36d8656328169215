"""The v1 API: each app contributes its routes under /api/v1/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from lms.platform.views import api_not_found

urlpatterns = [
    path("", include("lms.platform.api.urls")),
    path("", include("lms.core.api.urls")),
    path("", include("lms.courses.api.urls")),
    path("", include("lms.video.api.urls")),
    path("", include("lms.quizzes.api.urls")),
    path("", include("lms.discussions.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a separate request, not inline, so the
    # Content-Security-Policy needs no 'unsafe-inline' for scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# Last: any other address under /api/v1/ (unknown, or an id the `<id:…>` converter refuses) is
# the JSON 404, with DEBUG on too. Only addresses ending in "/" are caught, so APPEND_SLASH still
# redirects /api/v1/courses to /api/v1/courses/.
urlpatterns += [re_path(r"^.*/$", api_not_found)]
