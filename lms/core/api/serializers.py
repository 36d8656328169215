"""Serializers of lms.core's API: the signed-in person (me/) and token requests."""

from django.contrib.auth import authenticate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.core.models import RankLevel, WorkUnit
from lms.core.roles import ROLES_BY_SLUG

# Plain serializers with declared fields: me/ is read on every page, and ModelSerializer would
# rebuild its fields from the models on every request.


class WorkUnitBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=WorkUnit.Kind.choices)
    path = serializers.SerializerMethodField(help_text="Names from the root unit down, joined by /")

    def get_path(self, unit) -> str:
        return " / ".join(self.context.get("unit_paths", {}).get(unit.pk, [unit.name]))


class CategoryBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()
    annual_required_hours = serializers.DecimalField(max_digits=6, decimal_places=1)
    min_elective_hours = serializers.DecimalField(max_digits=6, decimal_places=1)


class ProfileSerializer(serializers.Serializer):
    work_unit = WorkUnitBriefSerializer(allow_null=True)
    category = CategoryBriefSerializer(allow_null=True)
    position = serializers.CharField()
    rank_level = serializers.ChoiceField(choices=RankLevel.choices, allow_blank=True)
    rank_level_label = serializers.CharField(source="get_rank_level_display")
    phone = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """The signed-in person; the view hands it the profile, role slugs and supervised units."""

    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.SerializerMethodField()
    email = serializers.EmailField()
    roles = serializers.SerializerMethodField()
    role_labels = serializers.SerializerMethodField()
    is_staff = serializers.BooleanField()
    profile = serializers.SerializerMethodField()
    supervised_units = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()

    def get_full_name(self, user) -> str:
        return user.get_full_name() or user.get_username()

    def get_roles(self, user) -> list[str]:
        return self.context["roles"]

    def get_role_labels(self, user) -> list[str]:
        return [str(ROLES_BY_SLUG[slug].label) for slug in self.context["roles"]]

    @extend_schema_field(ProfileSerializer(allow_null=True))
    def get_profile(self, user):
        profile = self.context["profile"]
        return ProfileSerializer(profile, context=self.context).data if profile else None

    @extend_schema_field(WorkUnitBriefSerializer(many=True))
    def get_supervised_units(self, user):
        return WorkUnitBriefSerializer(
            self.context["supervised_units"], many=True, context=self.context
        ).data

    def get_language(self, user) -> str:
        return get_language()


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False,
                                     write_only=True)

    def validate(self, attrs):
        user = authenticate(
            request=self.context.get("request"),
            username=attrs["username"],
            password=attrs["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                _("The username or password is not correct."), code="invalid_credentials"
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class RowSerializer(serializers.Serializer):
    """Serializes rows that already hold each field's value under the field's name (dicts from a
    selector's `.values()`), the way DRF would, without its per-row overheads.

    On a list of twenty catalogue cards DRF spends more time copying the declared fields for
    every serializer and finding each value (`source` resolution, callable checks) than
    converting values. Here the fields are bound once per class and each field's
    `to_representation` runs on `row[name]` directly; fields hold no per-request state, so one
    set serves every thread. Fields therefore must not declare a `source` or need the context,
    and a None stays None as in DRF.
    """

    @classmethod
    def row_fields(cls):
        """[(name, to_representation)] of the readable fields, bound once for the class."""
        plan = cls.__dict__.get("_row_plan")
        if plan is None:
            plan = [(field.field_name, field.to_representation)
                    for field in cls()._readable_fields]
            cls._row_plan = plan
        return plan

    def to_representation(self, row):
        return {name: None if (value := row[name]) is None else represent(value)
                for name, represent in self.row_fields()}
