"""Ids typed by people or forged in URLs and forms: digits only, and small enough for every
database. SQLite raises OverflowError (a 500) on an integer beyond 64 bits where PostgreSQL
simply finds nothing; 18 digits is below both limits and above any real id."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

MAX_DIGITS = 18


def parse_id(value):
    """The int an id string stands for, or None when it is not 1 to 18 ASCII digits."""
    value = str(value)
    if 0 < len(value) <= MAX_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


class IdConverter:
    """`<id:name>` in URL patterns: like `<int:...>`, but at most 18 digits (else a 404)."""

    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")


class IdModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose forged ids are "not one of the choices", never a 500."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class IdModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A django-filter ModelChoiceFilter (API lists, admin list filters) on IdModelChoiceField."""

    field_class = IdModelChoiceField


def api_id_field(**kwargs):
    """A DRF field for an id in a request body: 1 to 18 digits, so a forged huge number is a
    400, never a 500."""
    from rest_framework import serializers

    return serializers.IntegerField(min_value=1, max_value=10 ** MAX_DIGITS - 1, **kwargs)
