"""Screens for administrators to issue, list and revoke API tokens (Action.MANAGE_TOKENS).

/api/ is outside the two-factor middleware (API clients use tokens), so these screens
check two-factor themselves.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from jigsaw.access.policy import Action, can
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error

from .forms import TokenIssueForm
from .selectors import api_token_get, api_token_list
from .services import api_token_issue, api_token_revoke


def token_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_verified() or (settings.JIGSAW_DEMO_MODE and user.demo_2fa_exempt)):
            return redirect(reverse("access:two-factor") + "?next=" + quote(request.get_full_path()))
        if not can(user, Action.MANAGE_TOKENS):
            raise PermissionDenied("Your role does not include managing API tokens")
        return view(request, *args, **kwargs)

    return wrapper


@token_admin_required
@require_http_methods(["GET"])
def token_list(request: HttpRequest) -> HttpResponse:
    return render(request, "api/token_list.html", {"tokens": api_token_list(fetched_by=request.user)})


@token_admin_required
@require_http_methods(["GET", "POST"])
def token_issue(request: HttpRequest) -> HttpResponse:
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_issue(
                actor=request.user,
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            # Shown on this response only: never stored, never put in the session or a redirect.
            response = render(request, "api/token_issued.html", {"token": issued.token, "secret": issued.secret})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_issue.html", {"form": form})


@token_admin_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = api_token_get(fetched_by=request.user, token_id=token_id)
    if token.revoked_at is not None:
        messages.info(request, f"Token {token.prefix}… was already revoked")
        return redirect("api:tokens")
    if request.method == "POST":
        try:
            api_token_revoke(actor=request.user, token=token)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Token {token.prefix}… ({token.name}) for {token.user} has been revoked")
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})
