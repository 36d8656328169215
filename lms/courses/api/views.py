"""API views of lms.courses: the catalogue, a course, enrol/withdraw and the trainee's plan."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from lms.courses import learning, selectors, services
from lms.courses.api.serializers import (
    CourseDetailSerializer,
    CourseSerializer,
    EnrolmentResultSerializer,
    LearningSerializer,
    PlanSerializer,
)
from lms.courses.filters import CatalogueFilter
from lms.courses.models import CoursePage, plausible_training_year
from lms.courses.outline import course_detail
from lms.platform.api.serializers import ApiErrorSerializer


class TrainingYearField(serializers.IntegerField):
    """A training year within 50 years of this one (as the site's screens accept)."""

    def to_internal_value(self, data):
        year = super().to_internal_value(data)
        if plausible_training_year(year) is None:
            raise serializers.ValidationError(_("Give a training year within 50 years of this one."))
        return year


class PlanYearSerializer(serializers.Serializer):
    plan_year = TrainingYearField(required=False, help_text=_(
        "The plan a course without dates is seen in and chosen into; this year when left out. "
        "A course with dates always belongs to the year it starts. Within 50 years of this one."))


class PlanQuerySerializer(serializers.Serializer):
    year = TrainingYearField(required=False, help_text=_(
        "Training year; this year when left out. Within 50 years of this one."))


def _validated(serializer_class, data, name):
    """The one optional year of a query or body, checked (a bad one is a 400 naming it)."""
    query = serializer_class(data=data)
    query.is_valid(raise_exception=True)
    return query.validated_data.get(name)


def _plan_year(data):
    return _validated(PlanYearSerializer, data, "plan_year")


class CatalogueFilterBackend(DjangoFilterBackend):
    """The catalogue's filters, speaking of the plan year asked for."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {**super().get_filterset_kwargs(request, queryset, view),
                "year": view.plan_year}


class CourseListView(generics.ListAPIView):
    """The catalogue: live courses the requester may view, with seats left and the requester's
    status and kind, each in its training year (the year it starts; a course without dates in
    `plan_year`, this year by default). The filters are those of the catalogue page; `format`
    is the course format here, so the response format is chosen by the Accept header only."""

    serializer_class = CourseSerializer
    filter_backends = [CatalogueFilterBackend]
    filterset_class = CatalogueFilter
    plan_year = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.plan_year = _plan_year(request.query_params)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no request
            return CoursePage.objects.none()
        return selectors.catalogue(self.request)

    def paginate_queryset(self, queryset):
        return selectors.course_cards(super().paginate_queryset(queryset), request=self.request,
                                      plan_year=self.plan_year)

    @extend_schema(parameters=[PlanYearSerializer],
                   responses={200: CourseSerializer(many=True), 400: ApiErrorSerializer,
                              404: ApiErrorSerializer})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CourseDetailView(APIView):
    """One live course the requester may view: its card, objectives, instructors, sessions and
    lectures."""

    @extend_schema(parameters=[PlanYearSerializer],
                   responses={200: CourseDetailSerializer, 400: ApiErrorSerializer,
                              404: ApiErrorSerializer})
    def get(self, request, pk):
        plan_year = _plan_year(request.query_params)
        course = get_object_or_404(selectors.viewable_courses(request), pk=pk)
        detail = course_detail(course, request, plan_year=plan_year)
        return Response(CourseDetailSerializer(detail).data)


class EnrolmentActionView(APIView):
    """Runs one enrolment service on a live course; a refusal is a 400 with its own code."""

    service = None  # a staticmethod of lms.courses.services taking user= and course=

    def post(self, request, pk):
        plan_year = _plan_year(request.data)
        course = get_object_or_404(selectors.viewable_courses(request), pk=pk)
        # A refusal (EnrolmentRefused) becomes a 400 with its code in lms.platform.api.errors.
        enrolment = self.service(user=request.user, course=course, plan_year=plan_year)
        return Response(EnrolmentResultSerializer(enrolment).data)


_ENROLMENT_RESPONSES = {200: EnrolmentResultSerializer, 400: ApiErrorSerializer,
                        404: ApiErrorSerializer}
_ENROLMENT_REQUEST = PlanYearSerializer


class EnrolView(EnrolmentActionView):
    """Choose a course: enrolled, awaiting approval or wait-listed. Asking again changes nothing.

    Refusal codes: year_closed, not_offered, enrolment_not_open, enrolment_closed,
    prerequisites_missing, timetable_clash.
    """

    service = staticmethod(services.enrolment_request)

    @extend_schema(request=_ENROLMENT_REQUEST, responses=_ENROLMENT_RESPONSES)
    def post(self, request, pk):
        return super().post(request, pk)


class WithdrawView(EnrolmentActionView):
    """Leave a course when the one withdrawal rule allows it (the catalogue's `can_withdraw`);
    the seat goes to the first on the waiting list.

    Refusal codes: year_closed, not_enrolled, already_completed, required_course,
    assigned_by_office, withdrawal_closed.
    """

    service = staticmethod(services.enrolment_withdraw)

    @extend_schema(request=_ENROLMENT_REQUEST, responses=_ENROLMENT_RESPONSES)
    def post(self, request, pk):
        return super().post(request, pk)


class MyPlanView(APIView):
    """The requester's training plan for a year (this year by default): required and chosen
    courses and the hours."""

    @extend_schema(parameters=[PlanQuerySerializer],
                   responses={200: PlanSerializer, 400: ApiErrorSerializer})
    def get(self, request):
        plan = selectors.plan_for(request.user, request=request,
                                  year=_validated(PlanQuerySerializer, request.query_params, "year"))
        return Response(PlanSerializer(plan).data)


class MyLearningView(APIView):
    """My learning for a year (this year by default): hours, courses in progress with the next
    lecture, queue places, choices awaiting approval, upcoming class sessions, completions."""

    @extend_schema(parameters=[PlanQuerySerializer],
                   responses={200: LearningSerializer, 400: ApiErrorSerializer})
    def get(self, request):
        data = learning.my_learning(
            request.user, request=request,
            year=_validated(PlanQuerySerializer, request.query_params, "year"))
        return Response(LearningSerializer(data, context={"request": request}).data)
