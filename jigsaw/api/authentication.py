"""`Authorization: Token <secret>`: the caller acts as the token's user, with exactly that user's access.

Revoked and expired tokens are refused with 401. Whether the user may use the API at all
is a separate question, answered by permissions.CanUseApi (403).
"""

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from .models import ApiTokenStatus
from .selectors import api_token_for_secret
from .services import api_token_touch

KEYWORD = "Token"


class ApiTokenAuthentication(BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token: IsAuthenticated answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as one word after 'Token', like: Authorization: Token jig_..."
            )
        try:
            secret = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed("The token is not valid") from None
        token = api_token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("The token is not valid")
        status = token.status_at(timezone.now())
        if status == ApiTokenStatus.REVOKED:
            raise exceptions.AuthenticationFailed("This token has been revoked. Ask your administrator for a new one.")
        if status == ApiTokenStatus.EXPIRED:
            raise exceptions.AuthenticationFailed("This token has expired. Ask your administrator for a new one.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("The account this token belongs to is not active")
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) when the token is missing or refused.
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes the token scheme."""

    target_class = "jigsaw.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An API token issued by a Jigsaw administrator, sent as `Authorization: Token jig_...`. "
                "The token acts with the access of the user it was issued to."
            ),
        }
