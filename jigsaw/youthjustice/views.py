"""Youth justice screens: thin; services decide, selectors read through the access policy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jigsaw.access.policy import Action, can
from jigsaw.people.selectors import person_get


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.YOUTH_JUSTICE):
        raise PermissionDenied
    return render(request, "youthjustice/index.html", {"page_title": "Youth justice"})


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    if not can(request.user, Action.YOUTH_JUSTICE):
        raise PermissionDenied
    subject = person_get(user=request.user, person_id=person_id, purpose="youth justice record")
    return render(request, "youthjustice/person.html", {"page_title": "Youth justice record", "person": subject})
