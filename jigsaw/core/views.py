from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .selectors import my_cases, team_cases


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/my_work.html",
        {"page_title": "My work", "cases": my_cases(user=request.user), "team": team_cases(user=request.user)},
    )


def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
