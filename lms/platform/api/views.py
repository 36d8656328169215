"""API views every client starts from: the API root, the health check and the token exchange."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from lms.platform.api.serializers import (
    ApiErrorSerializer,
    TokenRequestSerializer,
    TokenSerializer,
)


class ApiRootView(APIView):
    """Links to the resources of API v1."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(exclude=True)
    def get(self, request):
        return Response(
            {
                "me": reverse("api-me", request=request),
                "courses": reverse("api-courses", request=request),
                "auth_token": reverse("api-auth-token", request=request),
                "schema": reverse("api-schema", request=request),
                "docs": reverse("api-docs", request=request),
            }
        )


class HealthView(APIView):
    """Liveness check for load balancers: answers without touching the database."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = []  # load balancers poll it from one address

    @extend_schema(responses={200: {"type": "object", "properties": {"status": {"type": "string"}}}})
    def get(self, request):
        return Response({"status": "ok"})


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token (the same token on every call)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer,
                   responses={200: TokenSerializer, 400: ApiErrorSerializer,
                              429: ApiErrorSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        with transaction.atomic():
            token, _created = Token.objects.get_or_create(user=user)
        # A sign-in like the site's, without a session: the audit trail records it, django-axes
        # clears the failures before it, Django notes the last sign-in.
        user_logged_in.send(sender=user.__class__, request=request, user=user, token=True)
        return Response({"token": token.key}, status=status.HTTP_200_OK)
