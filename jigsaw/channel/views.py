"""Channel panel (Prevent) screens: thin; services decide, selectors read through the access policy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jigsaw.access.policy import Action, can
from jigsaw.people.selectors import person_get


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.CHANNEL):
        raise PermissionDenied
    return render(request, "channel/index.html", {"page_title": "Channel panel"})


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    if not can(request.user, Action.CHANNEL):
        raise PermissionDenied
    subject = person_get(user=request.user, person_id=person_id, purpose="channel panel (prevent) record")
    return render(request, "channel/person.html", {"page_title": "Channel record", "person": subject})
