"""API token authentication: DRF's own, also under the `Bearer` keyword many clients send."""

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer <key>`, the same tokens as `Authorization: Token <key>`."""

    keyword = "Bearer"
