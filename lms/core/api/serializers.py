"""Serializers of lms.core's API: the signed-in person (me/)."""

from django.utils.translation import get_language
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
