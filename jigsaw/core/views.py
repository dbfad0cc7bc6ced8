from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render

from jigsaw.timescales.selectors import person_heading

from . import selectors


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    worker = None
    if request.GET.get("worker"):
        # A team manager opening one of their workers' lists.
        worker = selectors.team_member(manager=request.user, worker_id=request.GET["worker"])
    work = selectors.my_work(
        user=request.user, worker=worker, kind=request.GET.get("kind", ""), child=request.GET.get("child")
    )
    title = "My work" if worker is None else f"{worker.full_name or worker.username}'s work"
    return render(
        request,
        "core/my_work.html",
        {
            "page_title": title,
            "work": work,
            "worker": worker,
            "cases": work.cases,
            "person_heading": person_heading,
        },
    )


# Error pages: GOV.UK's pattern (say what happened, what to do, a way back), with nothing of
# the case (not even the address asked for, which can hold an id): a page that does not exist
# and a restricted record a user may not know of must answer the same.

ERROR_PAGES = {
    400: "There is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    500: "Sorry, there is a problem with the service",
}


def _error_page(request: HttpRequest, status: int) -> HttpResponse:
    context = {"page_title": ERROR_PAGES[status], "nav_path": ""}
    return render(request, f"core/errors/{status}.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its token (often a page left open past the session): no bare "403 Forbidden"."""
    context = {"page_title": "Your form could not be sent", "nav_path": ""}
    return render(request, "core/errors/403_form.html", context, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Whatever failed (the database, say) may fail again while the page is drawn: the menu
    # counts notifications, the footer asks who is signed in. Then a page that needs nothing.
    try:
        return _error_page(request, 500)
    except Exception:  # the last answer must not fail too
        return HttpResponseServerError(SERVER_ERROR_PLAIN, content_type="text/html; charset=utf-8")


SERVER_ERROR_PLAIN = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: arial, sans-serif; margin: 2em;">
<h1>Sorry, there is a problem with the service</h1>
<p>Try again later. Nothing you saved before this page has been lost.</p>
<p>If you need to act now to keep a child safe, phone the front door or your manager.</p>
<p><a href="/">Go to My work</a></p>
</body></html>
"""
