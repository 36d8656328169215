"""Token authentication that accepts both `Authorization: Token …` and `Bearer …`."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token

from lms.core.querytemplates import QueryTemplate


def _user_fields():
    return [field.attname for field in get_user_model()._meta.concrete_fields]


def _token_query(*, key):
    return Token.objects.filter(key=key).values(
        "created", *(f"user__{name}" for name in _user_fields()))


# Every API request with a token runs this lookup: its SQL is compiled once and replayed.
_TOKEN = QueryTemplate(_token_query)


class BearerOrTokenAuthentication(TokenAuthentication):
    keywords = (b"token", b"bearer")

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        # Compared as bytes: a keyword that is not ASCII is simply not ours (DRF's behaviour),
        # where decoding it would have been a 500.
        if not parts or parts[0].lower() not in self.keywords:
            return None
        self.keyword = parts[0].decode("ascii")
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        """DRF's lookup and checks (same errors), reading the token and its user in one row."""
        rows = _TOKEN.bind(key=key)[:1]
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        row = rows[0]
        names = _user_fields()
        user = get_user_model().from_db(DEFAULT_DB_ALIAS, names,
                                         [row[f"user__{name}"] for name in names])
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        token = Token(key=key, user=user, created=row["created"])
        token._state.adding, token._state.db = False, DEFAULT_DB_ALIAS
        return user, token

    def authenticate_header(self, request):
        return "Token"
