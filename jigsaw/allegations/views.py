"""Allegations against staff (LADO) screens: thin; services decide, selectors read through the access policy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jigsaw.access.policy import Action, can
from jigsaw.people.selectors import person_get


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.LADO):
        raise PermissionDenied
    return render(
        request, "allegations/index.html", {"page_title": "Allegations against people who work with children"}
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    if not can(request.user, Action.LADO):
        raise PermissionDenied
    subject = person_get(user=request.user, person_id=person_id, purpose="allegations against staff (lado) record")
    return render(request, "allegations/person.html", {"page_title": "Allegations (LADO)", "person": subject})
