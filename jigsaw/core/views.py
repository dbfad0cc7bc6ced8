from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jigsaw.timescales.selectors import person_heading

from . import selectors


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    work = selectors.my_work(user=request.user)
    return render(
        request,
        "core/my_work.html",
        {
            "page_title": "My work",
            "work": work,
            "cases": work.cases,
            "team": work.team,
            "person_heading": person_heading,
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
