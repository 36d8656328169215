"""The catalogue's filters: one django-filter FilterSet for the catalogue page and the API."""

import django_filters
from django import forms
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.models import Tag

from lms.core.models import TraineeCategory
from lms.courses.models import (
    CoursePage,
    CourseRequirement,
    CourseTopic,
    Enrolment,
    with_training_year,
)
from lms.platform.ids import IdModelChoiceFilter
from lms.platform.search import matching_ids


class CatalogueFilterForm(forms.Form):
    """The filters' form: the page renders it, the API reports its errors by field."""

    def clean(self):
        data = super().clean()
        low, high = data.get("min_hours"), data.get("max_hours")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The minimum hours are more than the maximum."))
        return data


class SlugFilter(django_filters.CharFilter):
    field_class = forms.SlugField


HOURS_FIELD = {"min_value": 0, "max_digits": 5, "decimal_places": 1}


class CatalogueFilter(django_filters.FilterSet):
    """Narrows the catalogue's courses (selectors.catalogue) for the request's user. Category,
    kind and seats speak of each course's own training year (the year it starts; for a course
    without dates, the plan year, this year unless given)."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    topic = SlugFilter(label=_("Topic"), method="filter_topic", max_length=100, allow_unicode=True)
    format = django_filters.ChoiceFilter(label=pgettext_lazy("course", "Format"),
                                         choices=CoursePage.Format.choices,
                                         empty_label=_("Any format"))
    category = IdModelChoiceFilter(label=_("Trainee category"),
                                   queryset=TraineeCategory.objects.all(),
                                   empty_label=_("Any category"), method="filter_category")
    kind = django_filters.ChoiceFilter(label=_("For me"), choices=CourseRequirement.Kind.choices,
                                       empty_label=_("Everything offered"), method="filter_kind")
    min_hours = django_filters.NumberFilter(label=_("At least (hours)"),
                                            field_name="credit_hours", lookup_expr="gte",
                                            **HOURS_FIELD)
    max_hours = django_filters.NumberFilter(label=_("At most (hours)"),
                                            field_name="credit_hours", lookup_expr="lte",
                                            **HOURS_FIELD)
    available = django_filters.BooleanFilter(label=_("Seats left only"), method="filter_available",
                                             widget=forms.CheckboxInput)

    class Meta:
        model = CoursePage
        fields = []
        form = CatalogueFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, year=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        self.year = year

    def _requirements(self, **conditions):
        """Requirements of the outer course in its training year (for Exists)."""
        return CourseRequirement.objects.filter(course=OuterRef("pk"),
                                                year=OuterRef("training_year"), **conditions)

    def with_topic_menu(self):
        """Show topics as a menu on the page (one query); the API validates the slug alone."""
        self.form.fields["topic"].widget = forms.Select(choices=[("", _("Any topic"))] + [
            (tag.slug, tag.name) for tag in Tag.objects.filter(
                lms_courses_coursetopic_items__isnull=False).distinct().order_by("name")
        ])
        return self

    def filter_search(self, courses, name, value):
        words = value.strip()
        if not words:
            return courses
        found = matching_ids(CoursePage.objects.live(), words)
        # Full-text search splits codes like "LAW-1" into words; a code typed in is found as is.
        return courses.filter(Q(pk__in=found) | Q(code__icontains=words))

    def filter_topic(self, courses, name, value):
        return courses.filter(pk__in=CourseTopic.objects.filter(tag__slug=value)
                              .values("content_object_id"))

    def filter_category(self, courses, name, value):
        return with_training_year(courses, self.year).filter(
            Exists(self._requirements(category=value)))

    def filter_kind(self, courses, name, value):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return courses.none()
        return with_training_year(courses, self.year).filter(Exists(self._requirements(
            category__trainees__user=user, kind=value)))

    def filter_available(self, courses, name, value):
        if not value:
            return courses
        seats = (Enrolment.objects.filter(course=OuterRef("pk"), year=OuterRef("training_year"),
                                          status__in=Enrolment.SEAT_STATUSES)
                 .order_by().values("course").annotate(n=Count("pk")).values("n"))
        return with_training_year(courses, self.year).alias(
            taken=Coalesce(Subquery(seats, output_field=IntegerField()), 0),
        ).filter(Q(capacity__isnull=True) | Q(capacity__gt=F("taken")))
