"""factory_boy factories of lms.core, built through the services where the tree needs it."""

from decimal import Decimal

import factory

from lms.core import services
from lms.core.models import TraineeCategory, WorkUnit


class WorkUnitFactory(factory.Factory):
    class Meta:
        model = WorkUnit

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = WorkUnit.Kind.OTHER
    parent = None

    @classmethod
    def _create(cls, model_class, *, parent=None, **kwargs):
        return services.work_unit_create(parent=parent, **kwargs)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TraineeCategory
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    annual_required_hours = Decimal("90")
    min_elective_hours = Decimal("30")


class UserFactory(factory.Factory):
    """A user made by services.trainee_create; password is `pass-<username>`."""

    class Meta:
        model = dict

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("name")
    roles = ("trainee",)
    work_unit = None
    category = None
    position = ""
    rank_level = ""
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @classmethod
    def _create(cls, model_class, *, first_name, **kwargs):
        return services.trainee_create(
            full_name=first_name, password=f"pass-{kwargs['username']}", **kwargs
        )
