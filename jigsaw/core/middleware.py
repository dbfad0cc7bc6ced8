"""Response headers every page of Jigsaw needs because of what it holds.

- `Cache-Control: no-store` (with Django's other never-cache headers) on every response but
  static files: nearly every page shows a child's or a family's details, and a shared office
  computer's browser cache, the back button after signing out, or a proxy must not keep a copy.
  Static files (WhiteNoise) keep their long caching; they hold nothing personal.
- `Permissions-Policy` on every response: no page uses the camera, microphone, location,
  payments or the like, so none may (nor anything injected into one).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """{"camera": [], "fullscreen": ["self"]} -> 'camera=(), fullscreen=(self)'."""
    return ", ".join(f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items())


class PrivacyHeadersMiddleware:
    """Sits above WhiteNoise in MIDDLEWARE, so it sees static responses too (and leaves their caching)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.permissions_policy = permissions_policy_header(getattr(settings, "JIGSAW_PERMISSIONS_POLICY", {}))
        self.static_prefix = "/" + settings.STATIC_URL.strip("/") + "/" if settings.STATIC_URL else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if self.static_prefix and request.path.startswith(self.static_prefix):
            return response
        # A view that already said no-store (the API token screen, say) has said enough.
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response
