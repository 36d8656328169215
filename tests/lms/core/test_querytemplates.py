"""lms.core.querytemplates: replayed SQL gives exactly the ORM's rows, or falls back to the ORM."""

import logging
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Subquery
from django.db.models.query import QuerySet
from django.utils import timezone

from lms.core.models import TraineeCategory, TraineeProfile
from lms.core.querytemplates import BoundTemplate, QueryTemplate

pytestmark = pytest.mark.django_db


def categories(*, min_hours=None, slugs=None, name=None, with_members=False):
    members = (TraineeProfile.objects.filter(category=OuterRef("pk")).order_by()
               .values("category").annotate(n=Count("pk")).values("n"))
    found = TraineeCategory.objects.annotate(members=Subquery(members))
    if min_hours is not None:
        found = found.filter(annual_required_hours__gte=min_hours)
    if slugs is not None:
        found = found.filter(slug__in=slugs)
    if name is not None:
        found = found.filter(name=name)
    if with_members:
        found = found.filter(members__gt=0)
    return found.order_by("name").values("id", "name", "annual_required_hours", "members")


@pytest.fixture
def eight_categories(unit_tree):
    made = [TraineeCategory.objects.create(name=f"Category {n}", slug=f"c{n}",
                                           annual_required_hours=Decimal(n * 10))
            for n in range(8)]
    for n, category in enumerate(made[:3]):
        for m in range(n + 1):
            user = User.objects.create_user(f"member-{n}-{m}")
            TraineeProfile.objects.filter(user=user).update(category=category)
    return made


VALUE_SETS = [
    {},
    {"min_hours": Decimal("25")},
    {"min_hours": Decimal("25.5"), "with_members": True},
    {"slugs": ["c1", "c2", "c7"]},
    {"name": "Category 3"},
    {"name": "no such category"},
    {"with_members": True},
]


@pytest.mark.parametrize("values", VALUE_SETS, ids=lambda v: ",".join(v) or "none")
def test_replayed_rows_and_counts_equal_the_orm(eight_categories, values):
    template = QueryTemplate(categories)
    bound = template.bind(**values)
    expected = list(categories(**values))
    if "slugs" in values:
        # Lists of strings are not parameters (only short lists of ints): the ORM answers.
        assert isinstance(bound, QuerySet)
    else:
        assert isinstance(bound, BoundTemplate)
    assert list(bound) == expected
    assert bound.count() == len(expected)
    assert bound[1:3] == expected[1:3]
    assert bound[2:] == expected[2:]
    # The same shape with other values replays the SQL compiled for the first ones.
    if "min_hours" in values:
        other = {**values, "min_hours": Decimal("60")}
        assert list(template.bind(**other)) == list(categories(**other))


def test_values_keep_their_types_and_converters(eight_categories):
    template = QueryTemplate(lambda *, minimum: User.objects.filter(pk__gte=minimum)
                             .order_by("pk").values("pk", "date_joined", "is_active"))
    User.objects.update(date_joined=timezone.now() - timedelta(days=3))
    first = User.objects.order_by("pk").first().pk
    rows = template.bind(minimum=first)[:2]
    orm = list(User.objects.filter(pk__gte=first).order_by("pk")
               .values("pk", "date_joined", "is_active")[:2])
    assert rows == orm
    assert rows[0]["date_joined"].tzinfo is not None  # aware, as the ORM gives it
    assert rows[0]["is_active"] is True
    hours = QueryTemplate(categories).bind(min_hours=Decimal("0"))[:1][0]["annual_required_hours"]
    assert isinstance(hours, Decimal)


def test_lists_of_ints_are_parameters_per_length(eight_categories, django_assert_num_queries):
    template = QueryTemplate(lambda *, ids: TraineeCategory.objects.filter(pk__in=ids)
                             .order_by("pk").values("pk"))
    ids = [c.pk for c in eight_categories]
    two = template.bind(ids=ids[:2])
    assert isinstance(two, BoundTemplate)
    assert [row["pk"] for row in two] == ids[:2]
    assert [row["pk"] for row in template.bind(ids=ids[5:7])] == ids[5:7]
    assert [row["pk"] for row in template.bind(ids=ids[:5])] == ids[:5]
    # No ids: Django knows nothing can match and runs no SQL; neither does the template.
    with django_assert_num_queries(0):
        empty = template.bind(ids=[])
        assert isinstance(empty, BoundTemplate)
        assert list(empty) == [] and empty.count() == 0


def test_a_transformed_value_falls_back_to_the_orm_once(eight_categories, caplog):
    template = QueryTemplate(lambda *, text: TraineeCategory.objects.filter(
        name__icontains=text).order_by("pk").values("slug"))
    with caplog.at_level(logging.WARNING, logger="lms.core.querytemplates"):
        first = template.bind(text="gory 1")
        second = template.bind(text="gory 2")
    assert isinstance(first, QuerySet) and isinstance(second, QuerySet)
    assert [row["slug"] for row in first] == ["c1"]
    assert [row["slug"] for row in second] == ["c2"]
    warnings = [r for r in caplog.records if "runs through the ORM" in r.getMessage()]
    assert len(warnings) == 1  # the shape is refused once, then remembered


def test_a_fixed_value_equal_to_a_stand_in_is_caught(eight_categories):
    # 7007.5 is the first Decimal stand-in of the first compile: were it taken for the
    # parameter, the fixed bound would be replaced by the caller's value.
    def build(*, minimum):
        return (TraineeCategory.objects.filter(annual_required_hours__lt=Decimal("7007.5"),
                                               annual_required_hours__gte=minimum)
                .order_by("pk").values("slug"))

    template = QueryTemplate(build)
    bound = template.bind(minimum=Decimal("50"))
    assert isinstance(bound, QuerySet)
    assert [row["slug"] for row in bound] == ["c5", "c6", "c7"]


def test_slicing_and_refusals_of_the_builder(eight_categories):
    sliced = QueryTemplate(lambda *, n: TraineeCategory.objects.filter(sort_order=n)
                           .values("pk")[:3])
    assert isinstance(sliced.bind(n=0), QuerySet)
    models = QueryTemplate(lambda *, n: TraineeCategory.objects.filter(sort_order=n))
    assert isinstance(models.bind(n=0), QuerySet)
    bound = QueryTemplate(lambda *, n: TraineeCategory.objects.filter(sort_order__gte=n)
                          .order_by("pk").values("slug")).bind(n=0)
    assert bound[0:1] == [{"slug": "c0"}]
    assert bound[99:] == []
    for item in (0, slice(None, None, 2)):
        with pytest.raises(TypeError):
            bound[item]


@pytest.mark.parametrize("build, slug", [
    # A string the builder lowers or strips is not the value the caller gave.
    (lambda *, slug: TraineeCategory.objects.filter(slug=slug.lower()).values("slug"), "C3"),
    (lambda *, slug: TraineeCategory.objects.filter(slug=slug.strip()).values("slug"), " c3 "),
], ids=["lower", "strip"])
def test_a_string_the_builder_changes_is_not_replayed(eight_categories, build, slug):
    bound = QueryTemplate(build).bind(slug=slug)
    assert isinstance(bound, QuerySet)
    assert list(bound) == [{"slug": "c3"}]


def test_a_number_the_builder_shifts_onto_a_sibling_is_not_replayed(eight_categories):
    # sort_order - 1 lands on the next stand-in of a series with stride 1: the second series,
    # with another stride, must not agree.
    def build(*, low, high):
        return (TraineeCategory.objects.filter(sort_order__gte=low - 1, sort_order__lte=high)
                .order_by("pk").values("slug"))

    bound = QueryTemplate(build).bind(low=5, high=0)
    assert isinstance(bound, QuerySet)
    assert list(bound) == list(build(low=5, high=0))


def test_distinct_and_grouped_queries_are_not_replayed(eight_categories):
    distinct = QueryTemplate(lambda *, n: TraineeProfile.objects.filter(
        category__sort_order__gte=n).values("category_id").distinct())
    bound = distinct.bind(n=0)
    assert isinstance(bound, QuerySet)
    assert bound.count() == 3

