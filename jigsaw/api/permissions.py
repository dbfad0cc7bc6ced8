from typing import Any

from rest_framework.permissions import BasePermission

from jigsaw.access.policy import Action, can


class CanUseApi(BasePermission):
    """The token's user must hold a role that may use the API (analysts, administrators... may not)."""

    message = "Your role does not include using the API"

    def has_permission(self, request: Any, view: Any) -> bool:
        return can(request.user, Action.USE_API)
