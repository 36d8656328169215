"""API views of lms.courses: the catalogue, a course, enrol/withdraw and the trainee's plan."""

from types import SimpleNamespace

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from wagtail.rich_text import expand_db_html

from lms.courses import selectors, services
from lms.courses.api.serializers import (
    ApiErrorSerializer,
    CourseDetailSerializer,
    CourseSerializer,
    EnrolmentResultSerializer,
    PlanSerializer,
)
from lms.courses.forms import CatalogueFilterForm
from lms.courses.models import CoursePage, CourseRequirement, current_training_year


class FormatIsAFilter(DefaultContentNegotiation):
    """`?format=` filters the catalogue by course format (as on the site), so it must not pick a
    renderer the way DRF's URL_FORMAT_OVERRIDE does (`?format=online` would be a 404)."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)  # the only setting the parent reads


def _filters_or_400(query_params):
    """The catalogue filters from the query string, validated by the site's own filter form."""
    if not any(name in query_params for name in CatalogueFilterForm.base_fields):
        return {}, None  # nothing to validate: the form costs more than the rest of the list
    form = CatalogueFilterForm(query_params)
    if not form.is_valid():
        raise exceptions.ValidationError({
            api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field: list(messages)
            for field, messages in form.errors.items()
        })
    return form.filters()


CATALOGUE_PARAMETERS = [
    OpenApiParameter("q", str, description=_("Search in titles, codes, summaries and topics.")),
    OpenApiParameter("topic", str, description=_("Topic slug.")),
    OpenApiParameter("format", str, enum=CoursePage.Format.values,
                     description=_("Course format.")),
    OpenApiParameter("category", int, description=_("Offered to this trainee category (id).")),
    OpenApiParameter("kind", str, enum=CourseRequirement.Kind.values,
                     description=_("Required or elective for the requester's category.")),
    OpenApiParameter("min_hours", OpenApiTypes.DECIMAL, description=_("At least these hours.")),
    OpenApiParameter("max_hours", OpenApiTypes.DECIMAL, description=_("At most these hours.")),
    OpenApiParameter("available", bool, description=_("Only courses with seats left.")),
]


class CourseListView(generics.ListAPIView):
    """The catalogue: live courses with seats left and the requester's status and kind.

    The filters are those of the catalogue page; `format` is the course format here, so the
    response format is chosen by the Accept header only.
    """

    serializer_class = CourseSerializer
    content_negotiation_class = FormatIsAFilter
    filter_backends = []  # the filters are the catalogue form's, applied by the selector

    def get_queryset(self):
        filters, search = _filters_or_400(self.request.query_params)
        return selectors.catalogue_cards(user=self.request.user, filters=filters, search=search)

    def paginate_queryset(self, queryset):
        return selectors.complete_cards(super().paginate_queryset(queryset),
                                        request=self.request._request)

    @extend_schema(parameters=CATALOGUE_PARAMETERS,
                   responses={200: CourseSerializer(many=True), 400: ApiErrorSerializer})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class CourseDetailView(APIView):
    """One live course: the catalogue fields, objectives, instructors, sessions, lectures."""

    @extend_schema(responses={200: CourseDetailSerializer, 404: ApiErrorSerializer})
    def get(self, request, pk):
        try:
            course = selectors.course_detail(pk, user=request.user)
        except CoursePage.DoesNotExist:
            raise exceptions.NotFound() from None
        card = selectors.course_card(course, request=request._request)
        card.update(
            learning_objectives=str(expand_db_html(course.learning_objectives or "")),
            instructors=course.instructors.all(),
            sessions=course.sessions.all(),
            prerequisites=course.prerequisites.all(),
            lectures=selectors.course_lectures(course, request.user),
        )
        return Response(CourseDetailSerializer(card).data)


class EnrolmentActionView(APIView):
    """Runs one enrolment service on a live course; a refusal is a 400 with its own code."""

    service = None  # a staticmethod of lms.courses.services taking user= and course=

    def post(self, request, pk):
        course = get_object_or_404(CoursePage.objects.live(), pk=pk)
        # A refusal (EnrolmentRefused) becomes a 400 with its code in lms.core.api.errors.
        enrolment = self.service(user=request.user, course=course)
        return Response(EnrolmentResultSerializer(enrolment).data)


_ENROLMENT_RESPONSES = {200: EnrolmentResultSerializer, 400: ApiErrorSerializer,
                        404: ApiErrorSerializer}


class EnrolView(EnrolmentActionView):
    """Choose a course: enrolled, awaiting approval or wait-listed. Asking again changes nothing.

    Refusal codes: not_offered, enrolment_not_open, enrolment_closed, prerequisites_missing,
    timetable_clash.
    """

    service = staticmethod(services.enrolment_request)

    @extend_schema(request=None, responses=_ENROLMENT_RESPONSES)
    def post(self, request, pk):
        return super().post(request, pk)


class WithdrawView(EnrolmentActionView):
    """Leave an elective before its deadline; the seat goes to the first on the waiting list.

    Refusal codes: not_enrolled, already_completed, required_course, withdrawal_closed.
    """

    service = staticmethod(services.enrolment_withdraw)

    @extend_schema(request=None, responses=_ENROLMENT_RESPONSES)
    def post(self, request, pk):
        return super().post(request, pk)


class PlanQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, help_text=_(
        "Training year; this year when left out. Within 50 years of this one."))

    def validate_year(self, year):
        if abs(year - current_training_year()) > 50:
            raise serializers.ValidationError(_("Give a training year within 50 years of this one."))
        return year


class MyPlanView(APIView):
    """The requester's training plan for a year (this year by default): required and chosen
    courses and the hours."""

    @extend_schema(parameters=[PlanQuerySerializer],
                   responses={200: PlanSerializer, 400: ApiErrorSerializer})
    def get(self, request):
        query = PlanQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        plan = selectors.plan_for(request.user, year=query.validated_data.get("year"))
        return Response(PlanSerializer(plan).data)
