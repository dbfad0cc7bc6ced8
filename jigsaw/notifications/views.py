from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services
from .kinds import kind_label

PAGE_SIZE = 50


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(selectors.notification_list(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page_title": "Your notifications",
            "page": page,
            "unread_only": unread_only,
            "unread": selectors.unread_count(user=request.user),
            "kind_label": kind_label,
        },
    )


@login_required
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Follow a notification: it is marked read, and the user goes to the thing itself."""
    return redirect(services.notification_open(user=request.user, notification_id=notification_id))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("notifications:list")


@login_required
@require_POST
def notification_unread(request: HttpRequest, notification_id: int) -> HttpResponse:
    services.notification_mark_unread(user=request.user, notification_id=notification_id)
    return redirect("notifications:list")
