from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.pages import form_page

from . import selectors, services
from .forms import ProduceForm
from .permissions import may_produce_returns
from .years import CollectionYear

CONTENT_TYPES = {
    "xml": "application/xml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _area(user: Any) -> None:
    if not may_produce_returns(user):
        raise PermissionDenied("Only an analyst can produce the statutory returns")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _area(request.user)
    return render(
        request,
        "returns/index.html",
        {
            "page_title": "Statutory returns",
            "runs": selectors.run_list(user=request.user),
            "settings_missing": services.settings_missing(),
        },
    )


@login_required
def produce(request: HttpRequest) -> HttpResponse:
    _area(request.user)

    def save(data: dict[str, Any]) -> str:
        run = services.return_produce(actor=request.user, kind=data["kind"], year=CollectionYear(int(data["year"])))
        return reverse("returns:run", args=[run.pk])

    return form_page(
        request,
        form_class=ProduceForm,
        title="Produce a statutory return",
        back=reverse("returns:index"),
        save=save,
        intro=(
            "Jigsaw builds the return from the records and checks the children in need census and the SSDA903 "
            "with the sector's validators. A large council's return takes a minute or two."
        ),
        button="Produce the return",
        success="Return produced",
    )


@login_required
def run(request: HttpRequest, run_id: int) -> HttpResponse:
    _area(request.user)
    record = selectors.run_detail(user=request.user, run_id=run_id)
    return render(
        request,
        "returns/run.html",
        {
            "page_title": str(record),
            "run": record,
            "files": list(record.files.values_list("name", flat=True)),
            "worklist": selectors.worklist(user=request.user, run=record),
        },
    )


@login_required
def download(request: HttpRequest, run_id: int, name: str) -> HttpResponse:
    _area(request.user)
    record = selectors.run_detail(user=request.user, run_id=run_id)
    try:
        file = services.return_file_download(actor=request.user, run=record, name=name)
    except ApplicationError as error:
        raise Http404(str(error)) from error
    extension = name.rsplit(".", 1)[-1]
    response = HttpResponse(bytes(file.content), content_type=CONTENT_TYPES.get(extension, "application/octet-stream"))
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response
