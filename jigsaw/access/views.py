"""Sign in (password, then authenticator code), two-factor set-up with a one-time code, sign out,
your account, and the screens where administrators and team managers issue set-up codes."""

import base64
from collections.abc import Callable
from functools import wraps
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error

from .forms import CodeForm, EnrolmentCodeForm, FindUserForm, SignInForm
from .models import EnrolmentCode
from .policy import Action, can
from .selectors import CANDIDATES_SHOWN, enrolment_code_candidate_get, enrolment_code_candidates
from .services import (
    enrolment_code_display,
    enrolment_code_issue,
    enrolment_code_redeem,
    enrolment_is_open,
    totp_device_confirm,
    totp_device_for_setup,
)

# The set-up code this session has accepted (its id): it, and nothing else, lets the session
# see a QR code and confirm a new authenticator.
ENROLMENT_SESSION_KEY = "jigsaw_enrolment_code"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _two_factor_exempt(user) -> bool:
    return bool(settings.JIGSAW_DEMO_MODE and user.demo_2fa_exempt)


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(f"/account/two-factor/?next={quote(_next_url(request))}")
        form.add_error(
            None,
            f"Enter a correct username and password. After {settings.AXES_FAILURE_LIMIT} wrong tries you will "
            f"have to wait {_cool_off_minutes()} minutes before trying again",
        )
    return render(request, "access/sign_in.html", {"form": form, "next": _next_url(request), "page_title": "Sign in"})


def _cool_off_minutes() -> int:
    return round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this after too many wrong passwords for one user name from one address."""
    return render(
        request,
        "access/locked_out.html",
        {"page_title": "You need to wait before trying again", "minutes": _cool_off_minutes()},
        status=429,
    )


def _session_enrolment(request: HttpRequest) -> EnrolmentCode | None:
    """The set-up code this session accepted, while it still allows setting up an authenticator."""
    pk = request.session.get(ENROLMENT_SESSION_KEY)
    enrolment = EnrolmentCode.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if not enrolment_is_open(user=request.user, enrolment=enrolment):
        request.session.pop(ENROLMENT_SESSION_KEY, None)
        return None
    return enrolment


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if _two_factor_exempt(user):
        return redirect(_next_url(request))
    enrolment = _session_enrolment(request)
    setting_up = enrolment is not None
    if user.is_verified() and not setting_up:
        return redirect(_next_url(request))
    if not setting_up and not user_has_device(user, confirmed=True):
        # First sign-in: a password alone never enrols an authenticator (a stolen one could).
        return redirect(reverse("access:enrol") + f"?next={quote(_next_url(request))}")
    form = CodeForm(request.POST or None)
    device = totp_device_for_setup(user=user) if setting_up else None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        devices = [device] if setting_up else list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
        allowed = [d.verify_is_allowed()[0] for d in devices]
        if not any(allowed):
            # django-otp slows down guessing after a wrong code; say so rather than "wrong".
            form.add_error("code", "Wait a few seconds, then enter the code your authenticator app shows now")
            return render(request, "access/two_factor.html", _two_factor_context(request, form, setting_up, device))
        if setting_up:
            if totp_device_confirm(user=user, device=device, code=code, enrolment=enrolment):
                request.session.pop(ENROLMENT_SESSION_KEY, None)
                otp_login(request, device)
                return redirect(_next_url(request))
        else:
            for candidate in devices:
                if candidate.verify_token(code):
                    otp_login(request, candidate)
                    return redirect(_next_url(request))
        form.add_error("code", "That code is not right. Check your authenticator app and enter the code it shows now")
    return render(request, "access/two_factor.html", _two_factor_context(request, form, setting_up, device))


def _two_factor_context(request: HttpRequest, form: CodeForm, setting_up: bool, device: TOTPDevice | None) -> dict:
    context = {
        "form": form,
        "next": _next_url(request),
        "setting_up": setting_up,
        "page_title": "Set up two-factor authentication" if setting_up else "Two-factor authentication",
    }
    if setting_up and device is not None:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR code for your authenticator app"
        )
        context["secret"] = _group(device.bin_key)
    return context


def _group(key: bytes) -> str:
    b32 = base64.b32encode(key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Enter the one-time set-up code, before the QR code of a new authenticator is shown."""
    if _two_factor_exempt(request.user):
        return redirect(_next_url(request))
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = enrolment_code_redeem(user=request.user, code=form.cleaned_data["code"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            request.session[ENROLMENT_SESSION_KEY] = enrolment.pk
            return redirect(reverse("access:two-factor") + f"?next={quote(_next_url(request))}")
    first_time = not user_has_device(request.user, confirmed=True)
    return render(
        request,
        "access/enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "first_time": first_time,
            "page_title": "Enter your set-up code",
            "enrolment_code_hours": settings.JIGSAW_ENROLMENT_CODE_HOURS,
        },
    )


def sign_out(request: HttpRequest) -> HttpResponse:
    """GET asks to confirm (a link cannot sign anyone out by surprise); POST signs out."""
    if request.method == "POST":
        logout(request)
        return render(request, "access/signed_out.html", {"page_title": "You have signed out"})
    if not request.user.is_authenticated:
        return redirect("access:sign-in")
    return render(request, "access/sign_out.html", {"page_title": "Sign out"})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "access/account.html",
        {"page_title": "Your account", "has_2fa": user_has_device(request.user, confirmed=True)},
    )


def enrolment_code_issuer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, past two-factor, and a role that issues set-up codes (system administrator, team manager)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_verified() or _two_factor_exempt(user)):
            return redirect(reverse("access:two-factor") + "?next=" + quote(request.get_full_path()))
        if not can(user, Action.ISSUE_ENROLMENT_CODE):
            raise PermissionDenied("Your role does not include issuing set-up codes")
        return view(request, *args, **kwargs)

    return wrapper


@enrolment_code_issuer_required
@require_http_methods(["GET"])
def enrolment_codes(request: HttpRequest) -> HttpResponse:
    form = FindUserForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    users = list(enrolment_code_candidates(issuer=request.user, query=query)[: CANDIDATES_SHOWN + 1])
    return render(
        request,
        "access/enrolment_codes.html",
        {
            "page_title": "Two-factor set-up codes",
            "form": form,
            "users": users[:CANDIDATES_SHOWN],
            "more": len(users) > CANDIDATES_SHOWN,
            "query": query,
            "enrolment_code_hours": settings.JIGSAW_ENROLMENT_CODE_HOURS,
        },
    )


@enrolment_code_issuer_required
@require_http_methods(["GET", "POST"])
def enrolment_code_new(request: HttpRequest, user_id: int) -> HttpResponse:
    user = enrolment_code_candidate_get(issuer=request.user, user_id=user_id)
    error = ""
    if request.method == "POST":
        try:
            issued = enrolment_code_issue(actor=request.user, user=user)
        except ApplicationError as refusal:
            error = refusal.message
        else:
            # Shown on this response only: never stored, never put in the session or a redirect.
            return render(
                request,
                "access/enrolment_code_issued.html",
                {
                    "page_title": "Set-up code issued",
                    "for_user": user,
                    "code": enrolment_code_display(issued.code),
                    "expires_at": issued.enrolment.expires_at,
                },
            )
    return render(
        request,
        "access/enrolment_code_new.html",
        {"page_title": f"Issue a set-up code for {user}", "for_user": user, "error": error},
    )
