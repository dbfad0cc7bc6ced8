from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
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


def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the app answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
