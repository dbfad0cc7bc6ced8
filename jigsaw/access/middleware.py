from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class TwoFactorRequiredMiddleware:
    """A signed-in user must pass two-factor before any page but the sign-in ones.

    Demo users are exempt only when the demo mode is on (JIGSAW_DEMO_MODE), and the
    README says so. The API uses tokens and is not affected (its screens for administrators
    check two-factor themselves).
    """

    # The sign-in screens themselves (two-factor and its set-up code included), and sign-out.
    OPEN_PREFIXES = ("/account/sign-in/", "/account/two-factor/", "/account/sign-out/", "/static/", "/api/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.user.is_verified()
            and not (settings.JIGSAW_DEMO_MODE and user.demo_2fa_exempt)
            and not request.path.startswith(self.OPEN_PREFIXES)
        ):
            return redirect(reverse("access:two-factor") + f"?next={request.get_full_path()}")
        return self.get_response(request)
