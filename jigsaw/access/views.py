"""Sign in (password, then authenticator code), sign out, and your account."""

import segno
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm, SignInForm
from .services import totp_device_confirm, totp_device_for_setup


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(f"/account/two-factor/?next={_next_url(request)}")
        form.add_error(None, "Enter a correct username and password. Your account is locked after several wrong tries.")
    return render(request, "access/sign_in.html", {"form": form, "next": _next_url(request), "page_title": "Sign in"})


def locked_out(request: HttpRequest, credentials: dict | None = None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this when a user name has had too many failed sign-ins."""
    hours = settings.AXES_COOLOFF_TIME
    minutes = round(hours * 60)
    return render(
        request,
        "access/locked_out.html",
        {"page_title": "Your account is locked", "minutes": minutes},
        status=403,
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.user.is_verified() or (settings.JIGSAW_DEMO_MODE and user.demo_2fa_exempt):
        return redirect(_next_url(request))
    setting_up = not user_has_device(user, confirmed=True)
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
            if totp_device_confirm(user=user, device=device, code=code):
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
        "page_title": "Two-factor authentication",
    }
    if setting_up and device is not None:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(
            scale=4, title="QR code for your authenticator app"
        )
        context["secret"] = _group(device.bin_key)
    return context


def _group(key: bytes) -> str:
    import base64

    b32 = base64.b32encode(key).decode().rstrip("=")
    return " ".join(b32[i : i + 4] for i in range(0, len(b32), 4))


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
