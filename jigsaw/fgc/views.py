"""Family group conferences screens: thin; services decide, selectors read through the access policy."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jigsaw.access.policy import Action, can
from jigsaw.people.selectors import person_get


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.FAMILY_GROUP_CONFERENCE):
        raise PermissionDenied
    return render(request, "fgc/index.html", {"page_title": "Family group conferences"})


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    if not can(request.user, Action.FAMILY_GROUP_CONFERENCE):
        raise PermissionDenied
    subject = person_get(user=request.user, person_id=person_id, purpose="family group conferences record")
    return render(request, "fgc/person.html", {"page_title": "Family group conferences", "person": subject})
