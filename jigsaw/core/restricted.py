"""A restricted area's URLs (LADO, Channel): invisible, not merely forbidden, to everyone else.

Wrapped around every URL pattern of the area in its urls.py, so a page added later is covered
too. A signed-in user who may not enter the area gets the same 404 as a path that does not
exist: not a 403, which would tell them the area (and so, for a child, a case) is there. Someone
allowed in but outside the team (a professional invited to one LADO case) gets 404 for anything
else they may not do. Members of the team keep the ordinary answers. A visitor who is not
signed in is sent to sign in, as from every page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern


def restricted_area_urls(
    patterns: list[URLPattern],
    *,
    team: Callable[[Any], bool],
    may_enter: Callable[[Any], bool] | None = None,
) -> list[URLPattern]:
    """The patterns, each view answering 404 to a signed-in user outside `team` (unless
    `may_enter` lets them in), and 404 for any refusal (PermissionDenied) of such a user."""
    may_enter = may_enter or team

    def guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or team(user):
                return view(request, *args, **kwargs)
            if not may_enter(user):
                raise Http404
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                raise Http404 from None

        return guarded

    out = []
    for p in patterns:
        if not isinstance(p, URLPattern):  # an include() would escape the guard
            raise TypeError(f"{p!r}: a restricted area's URLs must be plain patterns")
        out.append(URLPattern(p.pattern, guard(p.callback), p.default_args, p.name))
    return out
