"""People screens: search ("already known?"), the person's page, edits, history and merges.

Thin: forms check shape, services decide, selectors read through the access policy.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from jigsaw.access.policy import Action, can
from jigsaw.access.services import break_glass_grant
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error

from . import forms, services
from .models import Person, PersonMerge
from .network import family_network_svg
from .selectors import (
    person_by_council_id,
    person_family_network,
    person_get,
    person_history,
    person_households,
    person_list,
    person_open_services,
    person_search,
)
from .validators import normalise_nhs_number


def _require(user: Any, action: Action, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


@login_required
def search(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.SEARCH)
    searched = {k: v for k, v in request.GET.items() if k != "page"}
    form = forms.SearchForm(searched or None)
    results = None
    page = _page_number(request)
    title = "Is this child or family already known?"
    if searched and form.is_valid():
        from .matching import SearchQuery

        d = form.cleaned_data
        query = SearchQuery(
            name=d["name"],
            dob_text=d["dob"],
            postcode=d["postcode"],
            address=d["address"],
            nhs_number=d["nhs_number"],
            upn=d["upn"],
            school=d["school"],
        )
        results = person_search(user=request.user, query=query, limit=SEARCH_PAGE_SIZE, page=page)
        # The page title is the first thing a screen reader says after the search: the count leads it.
        title = f"{_found_text(results, page)} – {title}"
    elif searched:
        title = f"Error: {title}"
    query_string = urlencode(searched)
    return render(
        request,
        "people/search.html",
        {
            "page_title": title,
            "form": form,
            "results": results,
            "page": page,
            "first_shown": (page - 1) * SEARCH_PAGE_SIZE + 1,
            "found_text": _found_text(results, page) if results else "",
            "can_create": can(request.user, Action.CREATE),
            "query_string": query_string,
            "previous_url": f"?{query_string}&page={page - 1}" if results and page > 1 else None,
            "next_url": f"?{query_string}&page={page + 1}" if results and results.more else None,
        },
    )


SEARCH_PAGE_SIZE = 10


def _page_number(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("page", "1")), 1), 50)
    except ValueError:
        return 1


def _found_text(results: Any, page: int) -> str:
    shown = len(results.people)
    if not shown:
        return "No people found" if page == 1 else "No more people found"
    first = (page - 1) * SEARCH_PAGE_SIZE + 1
    people = "person" if shown == 1 and page == 1 and not results.more else "people"
    if page == 1 and not results.more:
        return f"{shown} {people} found"
    return f"People {first} to {first + shown - 1} found" + (", and more" if results.more else "")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=pk, purpose=request.GET.get("purpose", ""))
    if person.merged_into_id and person_list(user=request.user).filter(pk=person.merged_into_id).exists():
        messages.info(
            request, f"This record was merged into {person.merged_into.council_id}. You are seeing the record kept."
        )
        return redirect("people:detail", person.merged_into_id)
    network = person_family_network(user=request.user, person=person)
    return render(
        request,
        "people/detail.html",
        {
            "page_title": person.display_name,
            "person": person,
            "network": network,
            "network_svg": family_network_svg(network),
            "open_services": person_open_services(person=person),
            "households": person_households(user=request.user, person=person),
            "can_change": can(request.user, Action.CHANGE, person),
            "can_merge": can(request.user, Action.MERGE, person),
            "can_view_audit": can(request.user, Action.VIEW_AUDIT, person),
        },
    )


def _create_initial(request: HttpRequest) -> dict:
    """Carry over what was typed into the search, so nothing is typed twice."""
    name = request.GET.get("name", "").split()
    initial = {}
    if name:
        initial["given_names"] = " ".join(name[:-1]) if len(name) > 1 else name[0]
        initial["family_name"] = name[-1] if len(name) > 1 else ""
    for key in ("nhs_number", "upn", "school"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    return initial


@login_required
def create(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.CREATE)
    form = forms.PersonForm(request.POST or None, initial=_create_initial(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, data=form.cleaned_data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{person.display_name} added, council id {person.council_id}")
            return redirect("people:detail", person.pk)
    return render(request, "people/person_form.html", {"page_title": "Add a person", "form": form, "person": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=pk, purpose="edit")
    _require(request.user, Action.CHANGE, person)
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS} | {"version": person.version}
    initial["disability_codes"] = person.disability_codes.split()
    form = forms.PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.person_update(actor=request.user, person=person, data=data, expected_version=version)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Details saved")
            return redirect("people:detail", person.pk)
    return render(
        request,
        "people/person_form.html",
        {"page_title": f"Change details of {person.display_name}", "form": form, "person": person},
    )


# Small "add a row" screens share one shape: a form, a service call, back to the person.
_ADDERS = {
    "address": (forms.AddressForm, "Add an address", lambda u, p, d: services.address_add(actor=u, person=p, **d)),
    "name": (forms.NameForm, "Add a previous name or alias", lambda u, p, d: services.name_add(actor=u, person=p, **d)),
    "identifier": (
        forms.IdentifierForm,
        "Add an identifier",
        lambda u, p, d: services.identifier_add(actor=u, person=p, **d),
    ),
    "contact": (forms.ContactForm, "Add contact details", lambda u, p, d: services.contact_add(actor=u, person=p, **d)),
}


@login_required
def add_detail(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    if what not in _ADDERS:
        raise Http404
    form_class, title, action = _ADDERS[what]
    person = person_get(user=request.user, person_id=pk, purpose="edit")
    _require(request.user, Action.CHANGE, person)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(request.user, person, form.cleaned_data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{title[4:].capitalize()} saved")
            return redirect("people:detail", person.pk)
    return render(request, "people/add_detail.html", {"page_title": title, "form": form, "person": person})


@login_required
def add_relationship(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=pk, purpose="edit")
    _require(request.user, Action.CHANGE, person)
    form = forms.RelationshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = person_by_council_id(user=request.user, council_id=form.cleaned_data["other"])
        if other is None:
            form.add_error("other", "No person you can see has that council id")
        else:
            try:
                services.relationship_add(
                    actor=request.user,
                    from_person=other,
                    to_person=person,
                    kind=form.cleaned_data["kind"],
                    started_on=form.cleaned_data["started_on"],
                    ended_on=form.cleaned_data["ended_on"],
                )
            except ApplicationError as e:
                add_application_error(form, e)
            else:
                messages.success(request, f"Relationship with {other.display_name} saved")
                return redirect("people:detail", person.pk)
    return render(
        request, "people/add_detail.html", {"page_title": "Add a relationship", "form": form, "person": person}
    )


@login_required
def add_household(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=pk, purpose="edit")
    _require(request.user, Action.CHANGE, person)
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        other = person_by_council_id(user=request.user, council_id=form.cleaned_data["other"])
        if other is None:
            form.add_error("other", "No person you can see has that council id")
        else:
            try:
                services.household_join(
                    actor=request.user, person=person, with_person=other, joined_on=form.cleaned_data["joined_on"]
                )
            except ApplicationError as e:
                add_application_error(form, e)
            else:
                messages.success(request, f"{person.display_name} added to the household of {other.display_name}")
                return redirect("people:detail", person.pk)
    return render(
        request, "people/add_detail.html", {"page_title": "Add to a household", "form": form, "person": person}
    )


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=pk, purpose="viewed history")
    versions = person_history(user=request.user, person=person)
    return render(
        request,
        "people/history.html",
        {"page_title": f"History of {person.display_name}", "person": person, "versions": versions},
    )


@login_required
def merge_choose(request: HttpRequest, pk: int) -> HttpResponse:
    kept = person_get(user=request.user, person_id=pk, purpose="merge")
    _require(request.user, Action.MERGE, kept)
    form = forms.MergeChooseForm(request.POST or request.GET or None)
    if (request.method == "POST" or "other" in request.GET) and form.is_valid():
        other = person_by_council_id(user=request.user, council_id=form.cleaned_data["other"])
        if other is None:
            form.add_error("other", "No person you can see has that council id")
        elif other.pk == kept.pk:
            form.add_error("other", "Enter the council id of a different record")
        else:
            return redirect("people:merge-confirm", kept.pk, other.pk)
    return render(
        request, "people/merge_choose.html", {"page_title": "Merge a duplicate record", "form": form, "person": kept}
    )


@login_required
def merge_confirm(request: HttpRequest, pk: int, other_pk: int) -> HttpResponse:
    kept = person_get(user=request.user, person_id=pk, purpose="merge")
    duplicate = person_get(user=request.user, person_id=other_pk, purpose="merge")
    _require(request.user, Action.MERGE, kept)
    form = forms.MergeConfirmForm(
        request.POST or None, initial={"kept_version": kept.version, "duplicate_version": duplicate.version}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.person_merge(
                actor=request.user,
                kept=kept,
                duplicate=duplicate,
                reason=d["reason"],
                expected_versions=(d["kept_version"], d["duplicate_version"]),
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{duplicate.council_id} merged into {kept.council_id}")
            return redirect("people:detail", kept.pk)
    fields = ["council_id", *services.PERSON_FIELDS]
    return render(
        request,
        "people/merge_confirm.html",
        {
            "page_title": "Check the records before you merge them",
            "form": form,
            "kept": kept,
            "duplicate": duplicate,
            "fields": fields,
        },
    )


@login_required
def merges(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.FIND_DUPLICATES)
    scope = person_list(user=request.user)
    rows = PersonMerge.objects.filter(kept__in=scope).select_related("kept", "duplicate", "merged_by", "reviewed_by")[
        :200
    ]
    return render(request, "people/merges.html", {"page_title": "Merged records", "merges": rows})


@login_required
def merge_review(request: HttpRequest, merge_id: int) -> HttpResponse:
    merge = get_object_or_404(PersonMerge.objects.filter(kept__in=person_list(user=request.user)), pk=merge_id)
    form = forms.ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_merge_review(reviewer=request.user, merge=merge, note=form.cleaned_data["note"])
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Merge reviewed")
            return redirect("people:merges")
    return render(request, "people/merge_review.html", {"page_title": "Review a merge", "merge": merge, "form": form})


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    _require(request.user, Action.FIND_DUPLICATES)
    from .matching import find_duplicates

    scope = person_list(user=request.user)
    pairs = find_duplicates(scope, limit=100)
    people = scope.in_bulk({p.person_a_id for p in pairs} | {p.person_b_id for p in pairs})
    rows = [
        (people[p.person_a_id], people[p.person_b_id], p)
        for p in pairs
        if p.person_a_id in people and p.person_b_id in people
    ]
    from jigsaw.audit.models import AuditKind
    from jigsaw.audit.services import audit_record

    audit_record(
        actor=request.user,
        kind=AuditKind.SEARCH,
        model=Person,
        purpose="batch duplicate finder",
        details={"pairs": len(rows)},
    )
    return render(request, "people/duplicates.html", {"page_title": "Likely duplicate records", "rows": rows})


@login_required
def break_glass(request: HttpRequest) -> HttpResponse:
    """Emergency access for a partner practitioner: exact identifier, a reason, time-limited, reviewed."""
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ident = form.cleaned_data["identifier"].strip().upper()
        person = Person.objects.active().filter(restricted_area="").filter(council_id=ident).first() or (
            Person.objects.active().filter(restricted_area="", nhs_number=normalise_nhs_number(ident)).first()
            if normalise_nhs_number(ident).isdigit()
            else None
        )
        if person is None or not can(request.user, Action.BREAK_GLASS, person):
            # Same answer whether or not the record exists, so the form cannot be used to fish.
            form.add_error(
                "identifier", "You cannot use emergency access for that number. Check it, or ask the front door"
            )
        else:
            try:
                break_glass_grant(user=request.user, person=person, reason=form.cleaned_data["reason"])
            except ApplicationError as e:
                add_application_error(form, e)
            else:
                return redirect("people:detail", person.pk)
    return render(request, "people/break_glass.html", {"page_title": "Emergency access to a record", "form": form})
