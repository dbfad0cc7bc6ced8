"""Who is calling, for the audit log: the caller's address, trusted only as far as our own proxies.

django-auditlog's middleware believes any X-Forwarded-For header, which a client can
write itself. AuditlogMiddleware below replaces it (settings.MIDDLEWARE) and reads the
forwarded headers only when the request came through a proxy in JIGSAW_TRUSTED_PROXIES.
"""

from collections.abc import Callable

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .context import reset_remote_addr, set_remote_addr


def _from_trusted_proxy(request: HttpRequest) -> bool:
    return request.META.get("REMOTE_ADDR") in getattr(settings, "JIGSAW_TRUSTED_PROXIES", ())


def client_address(request: HttpRequest) -> str | None:
    """The client's address: the peer's, or the nearest client a trusted proxy names."""
    peer = request.META.get("REMOTE_ADDR")
    forwarded = request.headers.get("X-Forwarded-For", "")
    if not forwarded or not _from_trusted_proxy(request):
        return peer
    # Our proxy appends the address it saw; the last entry not itself a trusted proxy is the client.
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    trusted = set(getattr(settings, "JIGSAW_TRUSTED_PROXIES", ()))
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return peer


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """auditlog's middleware (actor, correlation id) with the address taken from client_address."""

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)

    @staticmethod
    def _get_remote_port(request: HttpRequest) -> int | None:
        if not _from_trusted_proxy(request):
            return None
        return BaseAuditlogMiddleware._get_remote_port(request)


class AuditContextMiddleware:
    """Makes the caller's address available to audit entries written anywhere in the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_remote_addr(client_address(request))
        try:
            return self.get_response(request)
        finally:
            reset_remote_addr(token)
