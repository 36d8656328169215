"""Routes of lms.courses under /api/v1/."""

urlpatterns = []
