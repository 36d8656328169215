"""Serializers of lms.core's API: the signed-in person (me/) and token requests."""

from django.contrib.auth import authenticate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lms.core.models import TraineeCategory, TraineeProfile, WorkUnit
from lms.core.roles import ROLES_BY_SLUG, role_slugs_for


class WorkUnitBriefSerializer(serializers.ModelSerializer):
    path = serializers.SerializerMethodField(help_text="Names from the root unit down, joined by /")

    class Meta:
        model = WorkUnit
        fields = ["id", "name", "code", "kind", "path"]

    def get_path(self, unit) -> str:
        return " / ".join(self.context.get("unit_paths", {}).get(unit.pk, [unit.name]))


class CategoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = TraineeCategory
        fields = ["id", "name", "slug", "annual_required_hours", "min_elective_hours"]


class ProfileSerializer(serializers.ModelSerializer):
    work_unit = WorkUnitBriefSerializer(allow_null=True)
    category = CategoryBriefSerializer(allow_null=True)
    rank_level_label = serializers.CharField(source="get_rank_level_display")

    class Meta:
        model = TraineeProfile
        fields = ["work_unit", "category", "position", "rank_level", "rank_level_label", "phone"]


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.SerializerMethodField()
    email = serializers.EmailField()
    roles = serializers.SerializerMethodField()
    role_labels = serializers.SerializerMethodField()
    is_staff = serializers.BooleanField()
    profile = ProfileSerializer(source="trainee_profile", allow_null=True)
    supervised_units = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()

    def get_full_name(self, user) -> str:
        return user.get_full_name() or user.get_username()

    def get_roles(self, user) -> list[str]:
        return role_slugs_for(user)

    def get_role_labels(self, user) -> list[str]:
        return [str(ROLES_BY_SLUG[slug].label) for slug in role_slugs_for(user)]

    @extend_schema_field(WorkUnitBriefSerializer(many=True))
    def get_supervised_units(self, user):
        return WorkUnitBriefSerializer(
            user.supervised_units.all(), many=True, context=self.context
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
