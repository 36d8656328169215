"""Token authentication that accepts both `Authorization: Token …` and `Bearer …`."""

from rest_framework.authentication import TokenAuthentication, get_authorization_header


class BearerOrTokenAuthentication(TokenAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].decode(errors="ignore").lower() not in self.keywords:
            return None
        self.keyword = parts[0].decode()
        return super().authenticate(request)

    def authenticate_header(self, request):
        return "Token"
