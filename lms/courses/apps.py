"""App configuration of lms.courses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "lms.courses"
    label = "lms_courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.core.roles import grant
        from lms.courses import completion, signals  # noqa: F401  (registers receivers, criteria)

        grant("curator", [
            "lms_courses.view_courserequirement", "lms_courses.change_courserequirement",
            "lms_courses.add_courserequirement", "lms_courses.delete_courserequirement",
            "lms_courses.view_enrolment", "lms_courses.change_enrolment",
            "lms_courses.add_enrolment",
            "lms_courses.view_trainingyear", "lms_courses.change_trainingyear",
            "wagtailimages.add_image", "wagtailimages.choose_image",
        ])
