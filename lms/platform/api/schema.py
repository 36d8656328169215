"""OpenAPI schema hooks: the document covers API v1 only (not Wagtail's internal admin API) and
names each way to authenticate."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_api_v1(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """The schema names `Authorization: Bearer <token>` apart from DRF's `Token <token>`."""

    target_class = "lms.platform.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": "The token from auth/token/, sent as `Bearer <token>`."}
