"""API test fixtures: a client holding a real token issued through the service."""

import pytest
from rest_framework.test import APIClient

from jigsaw.access.choices import Role
from jigsaw.api.services import api_token_issue


@pytest.fixture
def issue_token(make_user):
    """issue_token(user) -> the secret of a new token acting as that user."""

    def _issue(user, name: str = "Police case system", days: int = 90) -> str:
        return api_token_issue(actor=None, user=user, name=name, days=days).secret

    return _issue


@pytest.fixture
def api_as(make_user, issue_token):
    """api_as(role, **user_fields) -> an APIClient sending a token of a new user of that role; .user, .secret."""

    def _client(role: str = Role.SOCIAL_WORKER, **fields) -> APIClient:
        user = make_user(role, **fields)
        secret = issue_token(user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        client.user = user
        client.secret = secret
        return client

    return _client
