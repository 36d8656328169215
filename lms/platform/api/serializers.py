"""Serializers every app's API shares: the error body and the token exchange."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ApiErrorSerializer(serializers.Serializer):
    """The API's error body (lms.platform.api.errors); refusals carry a stable `code`."""

    code = serializers.CharField(help_text=_("A stable word, e.g. enrolment_closed."))
    detail = serializers.CharField(help_text=_("A translated explanation for the person."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text=_("With code `invalid`: the messages of each invalid field or parameter."))


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False,
                                     write_only=True)
    otp = serializers.CharField(
        required=False, allow_blank=True, write_only=True,
        help_text=_("For accounts with two-factor sign-in: a code from the authenticator app "
                    "or a recovery code."))

    def validate(self, attrs):
        from lms.security import checks

        request = self.context.get("request")
        user = authenticate(request=request, username=attrs["username"],
                            password=attrs["password"])
        if user is None:
            checks.refuse_if_locked_out(request)
            raise serializers.ValidationError(
                _("The username or password is not correct."), code="invalid_credentials"
            )
        checks.token_allowed(user=user, otp=attrs.get("otp", ""))
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
