from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import reset_remote_addr, set_remote_addr


class AuditContextMiddleware:
    """Makes the caller's address available to audit entries written anywhere in the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_remote_addr(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            reset_remote_addr(token)
