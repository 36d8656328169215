"""Serializers of lms.courses' API: catalogue cards, course detail, enrolment results, the plan.

Plain serializers with declared fields (like me/): they read the cards and plans the selectors
assembled, so serializing runs no query of its own.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from lms.core.api.serializers import CategoryBriefSerializer
from lms.courses.models import CoursePage, CourseRequirement, Enrolment

# Totals of the plan are sums of many courses' hours: no max_digits, so they never overflow.
HOURS = {"max_digits": None, "decimal_places": 1}


class TopicSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class CourseSerializer(serializers.Serializer):
    """A catalogue card (selectors.CourseCard)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    format = serializers.ChoiceField(choices=CoursePage.Format.choices)
    format_label = serializers.CharField()
    credit_hours = serializers.DecimalField(**HOURS)
    topics = TopicSerializer(many=True)
    capacity = serializers.IntegerField(allow_null=True,
                                        help_text=_("Seats for trainees; null means no limit."))
    seats_left = serializers.IntegerField(allow_null=True, help_text=_("Null means no limit."))
    my_status = serializers.ChoiceField(
        choices=Enrolment.Status.choices, allow_null=True,
        help_text=_("The requester's enrolment this training year, if any."))
    my_kind = serializers.ChoiceField(
        choices=CourseRequirement.Kind.choices, allow_null=True,
        help_text=_("Required or elective for the requester's category; null if not offered."))
    requires_approval = serializers.BooleanField()
    enrolment_opens = serializers.DateTimeField(allow_null=True)
    enrolment_closes = serializers.DateTimeField(allow_null=True)
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    url = serializers.CharField(allow_null=True, help_text=_("The course's page on the site."))
    year = serializers.IntegerField(help_text=_(
        "The training year the card speaks of: the year the course starts, or for a course "
        "without dates this year's plan."))
    year_closed = serializers.BooleanField(help_text=_(
        "The training office has closed that year: nothing in it changes."))
    assigned = serializers.BooleanField(source="is_assigned", help_text=_(
        "The training office put the requester on the course."))
    can_choose = serializers.BooleanField(help_text=_("The requester may choose it now."))
    can_withdraw = serializers.BooleanField(help_text=_(
        "The requester may drop it now (the one withdrawal rule the withdraw endpoint applies)."))
    withdrawal_refusal = serializers.CharField(allow_null=True, help_text=_(
        "Why the requester may not drop it: year_closed, not_enrolled, already_completed, "
        "required_course, assigned_by_office or withdrawal_closed; null when they may."))


class InstructorSerializer(serializers.Serializer):
    """An instructor of a course (parts.Instructor)."""

    id = serializers.IntegerField()
    full_name = serializers.CharField(source="name")
    title = serializers.CharField(help_text=_("Their position; empty when none is recorded."))


class SessionSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()


class CourseBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()


class LectureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    credit_hours = serializers.DecimalField(**HOURS)
    done = serializers.BooleanField(help_text=_("Whether the requester has finished it."))


class CourseDetailSerializer(CourseSerializer):
    """One course (outline.CourseDetail): its card, its objectives, instructors, sessions and
    prerequisites, and the lectures the requester may view."""

    learning_objectives = serializers.SerializerMethodField(help_text=_("HTML."))
    instructors = InstructorSerializer(many=True)
    sessions = SessionSerializer(many=True)
    prerequisites = CourseBriefSerializer(many=True)
    lectures = LectureSerializer(many=True, help_text=_("The lectures the requester may view."))

    def get_learning_objectives(self, card) -> str:
        return str(expand_db_html(card.learning_objectives or ""))



class EnrolmentResultSerializer(serializers.Serializer):
    """Where the requester stands on a course after enrol/ or withdraw/."""

    status = serializers.ChoiceField(choices=Enrolment.Status.choices)
    status_label = serializers.CharField(source="get_status_display")
    enrolment_id = serializers.IntegerField(source="pk")
    course = serializers.IntegerField(source="course_id")


class PlanCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    credit_hours = serializers.DecimalField(**HOURS)
    format = serializers.ChoiceField(choices=CoursePage.Format.choices)


class PlanEntrySerializer(serializers.Serializer):
    course = PlanCourseSerializer()
    status = serializers.ChoiceField(choices=Enrolment.Status.choices, source="enrolment.status")
    status_label = serializers.CharField(source="enrolment.get_status_display")
    kind = serializers.ChoiceField(choices=Enrolment.Source.choices, help_text=_(
        "How the course came into the plan: required, elective or staff."))
    kind_label = serializers.CharField()
    rules_overridden = serializers.BooleanField(source="enrolment.rules_overridden", help_text=_(
        "The training office assigned the course although the trainee's own choice would have "
        "been refused."))
    completed_at = serializers.DateTimeField(source="enrolment.completed_at", allow_null=True)
    credited_hours = serializers.DecimalField(source="enrolment.credited_hours", **HOURS)


class PlanSerializer(serializers.Serializer):
    """The requester's training plan for a year (selectors.plan_for)."""

    year = serializers.IntegerField()
    closed = serializers.BooleanField(help_text=_("The training office has closed this year."))
    category = CategoryBriefSerializer(allow_null=True)
    required_hours_due = serializers.DecimalField(**HOURS)
    min_elective_hours = serializers.DecimalField(**HOURS)
    planned_hours = serializers.DecimalField(**HOURS)
    planned_elective_hours = serializers.DecimalField(**HOURS)
    done_hours = serializers.DecimalField(**HOURS)
    owed_hours = serializers.DecimalField(
        help_text=_("Hours of the year's requirement not yet completed."), **HOURS)
    unplanned_hours = serializers.DecimalField(
        help_text=_("Hours of the year's requirement not yet covered by the plan."), **HOURS)
    elective_hours_to_choose = serializers.DecimalField(**HOURS)
    entries = PlanEntrySerializer(many=True)


class PageLinkSerializer(serializers.Serializer):
    """A page with where it is on the site (the request in the context picks the site)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, page) -> str | None:
        return page.get_url(request=self.context.get("request"))


class LearningCourseSerializer(PageLinkSerializer):
    code = serializers.CharField()


class InProgressSerializer(serializers.Serializer):
    course = LearningCourseSerializer()
    kind = serializers.ChoiceField(choices=Enrolment.Source.choices, source="enrolment.source")
    lectures_done = serializers.IntegerField(source="done")
    lectures_total = serializers.IntegerField(source="total")
    percent = serializers.IntegerField()
    next_lecture = PageLinkSerializer(allow_null=True, help_text=_(
        "The first lecture not done yet: where Start or Continue leads; null when all are done."))


class QueuePlaceSerializer(serializers.Serializer):
    course = LearningCourseSerializer()
    position = serializers.IntegerField(help_text=_("1 is the next to get a seat."))


class PendingSerializer(serializers.Serializer):
    course = LearningCourseSerializer()
    since = serializers.DateTimeField(source="status_changed_at")


class UpcomingSessionSerializer(serializers.Serializer):
    course = CourseBriefSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()


class CompletedSerializer(serializers.Serializer):
    course = LearningCourseSerializer()
    credited_hours = serializers.DecimalField(**HOURS)
    completed_at = serializers.DateTimeField(allow_null=True)


class LearningSerializer(serializers.Serializer):
    """My learning (lms.courses.learning.my_learning) for a training year."""

    year = serializers.IntegerField()
    closed = serializers.BooleanField(source="plan.closed")
    required_hours_due = serializers.DecimalField(source="plan.required_hours_due", **HOURS)
    planned_hours = serializers.DecimalField(source="plan.planned_hours", **HOURS)
    done_hours = serializers.DecimalField(source="plan.done_hours", **HOURS)
    owed_hours = serializers.DecimalField(source="plan.owed_hours", **HOURS)
    elective_hours_to_choose = serializers.DecimalField(source="plan.elective_hours_to_choose",
                                                        **HOURS)
    in_progress = InProgressSerializer(many=True)
    waitlisted = QueuePlaceSerializer(many=True)
    pending = PendingSerializer(many=True)
    upcoming_sessions = UpcomingSessionSerializer(many=True, source="sessions")
    completed = CompletedSerializer(many=True)
