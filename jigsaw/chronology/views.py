"""Chronology screens: the merged chronology with its filters, adding an entry, correcting
one, and the PDF.

Thin: forms check shape, services decide, selectors read through the access policy. A
child the user may not see is a 404 on every screen.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from jigsaw.access.policy import Action, can
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error
from jigsaw.people.selectors import person_get
from jigsaw.records.disclosures import DisclosureRoute, disclosure_record, downloaded_by

from . import forms, services
from .choices import Significance
from .pdf import chronology_pdf
from .selectors import (
    ChronologyFilters,
    can_add_entry,
    chronology_agencies,
    chronology_page,
    entry_can_correct,
    entry_get,
)

SIGNIFICANCE_TAG = {
    Significance.LOW: "govuk-tag--grey",
    Significance.STANDARD: "",  # the default tag colour
    Significance.HIGH: "govuk-tag--orange",
    Significance.CRITICAL: "govuk-tag--red",
}


CHRONOLOGY_PAGE_SIZE = 100


def _filter_query(request: HttpRequest) -> str:
    """The filters in the query string, as typed, for the PDF link."""
    query = request.GET.copy()
    for key in list(query):
        if key not in forms.FILTER_KEYS:
            del query[key]
    return query.urlencode()


@require_GET
@login_required
def chronology(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, audit=False)
    agencies = chronology_agencies(user=request.user, person=person)
    has_filters = any(k in request.GET for k in forms.FILTER_KEYS)
    form = forms.FilterForm(request.GET if has_filters else None, agencies=agencies)
    filters = form.filters() if has_filters and form.is_valid() else ChronologyFilters()
    # A long chronology is read a page at a time (newest first); the PDF has every entry.
    page = chronology_page(
        user=request.user,
        person=person,
        page=request.GET.get("page"),
        per_page=CHRONOLOGY_PAGE_SIZE,
        **filters.as_kwargs(),
    )
    agency_name = next((a.name for a in agencies if a.pk == filters.agency_id), None)
    may_change = can(request.user, Action.CHANGE, person)
    total, entries = page.paginator.count, page.object_list
    return render(
        request,
        "chronology/chronology.html",
        {
            "page_title": f"Chronology of {person.display_name}",
            "person": person,
            "form": form,
            "entries": entries,
            "page": page,
            "total": total,
            "filters_applied": filters.describe(agency_name),
            "query": _filter_query(request) if form.is_bound and not form.errors else "",
            "can_add": can_add_entry(request.user, person),
            "can_correct": {e.pk for e in entries if entry_can_correct(request.user, e, may_change_child=may_change)},
            "tag_class": SIGNIFICANCE_TAG,
            # Each entry's link, without a reverse() per entry: the pattern ends /entries/<id>/correct/.
            "correct_url": reverse("chronology:correct", args=[person.pk, 0]),
        },
    )


@require_GET
@login_required
def pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, audit=False)
    agencies = chronology_agencies(user=request.user, person=person)
    form = forms.FilterForm(request.GET, agencies=agencies)
    if not form.is_valid():
        # Back to the screen, which shows what is wrong with the filters.
        return redirect(f"{reverse('chronology:chronology', args=[person.pk])}?{request.GET.urlencode()}")
    data = chronology_pdf(user=request.user, person=person, filters=form.filters(), agencies=agencies)
    # A PDF leaves Jigsaw's control once downloaded: the disclosure log says who took it.
    disclosure_record(
        person_id=person.pk,
        route=DisclosureRoute.PDF_DOWNLOAD,
        what="Chronology (PDF)",
        **downloaded_by(request.user),
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chronology-{person.council_id}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, purpose="add chronology entry")
    if not can_add_entry(request.user, person):
        raise PermissionDenied
    form = forms.EntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_entry_add(actor=request.user, person=person, **form.cleaned_data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Entry added to the chronology")
            return redirect("chronology:chronology", person.pk)
    return render(
        request,
        "chronology/entry_form.html",
        {"page_title": "Add a chronology entry", "form": form, "person": person, "agency": request.user.agency},
    )


@login_required
def correct(request: HttpRequest, person_id: int, entry_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, purpose="correct chronology entry")
    entry = entry_get(user=request.user, person=person, entry_id=entry_id)
    if not entry_can_correct(request.user, entry):
        raise PermissionDenied
    form = forms.CorrectionForm(
        request.POST if request.method == "POST" else None, initial={"summary": entry.summary, "detail": entry.detail}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_correct(actor=request.user, entry=entry, **form.cleaned_data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Entry corrected. The original is kept and shown as corrected")
            return redirect("chronology:chronology", person.pk)
    return render(
        request,
        "chronology/correct_form.html",
        {"page_title": "Correct a chronology entry", "form": form, "person": person, "entry": entry},
    )
