"""The import review screens: values a legacy import set aside, to check and resolve."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jigsaw.access.policy import Action, can
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.forms import GovukForm
from jigsaw.core.pages import form_page

from .import_review import (
    import_set_aside_get,
    import_set_aside_list,
    import_set_aside_resolve,
    may_review_imports,
    record_kept,
)
from .models import ImportSetAside

PAGE_SIZE = 50
# The file's columns as the person's page names them.
FIELD_LABELS = {
    "given_name": "Given names",
    "family_name": "Family name",
    "preferred_name": "Preferred name",
    "other_names": "Other names",
    "date_of_birth": "Date of birth",
    "expected_date_of_birth": "Expected date of birth",
    "sex": "Sex",
    "nhs_number": "NHS number",
    "upn": "Unique pupil number",
    "ethnicity": "Ethnicity",
    "school": "School or setting",
    "address": "Address",
    "postcode": "Postcode",
}


class ResolveForm(GovukForm):
    note = forms.CharField(
        label="What did you do about this value?",
        help_text="For example: corrected the NHS number from the GP's letter, or: not this person's number",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what you did about this value"},
    )


def _row(user: Any, item: ImportSetAside) -> dict[str, Any]:
    person = record_kept(item.person)
    return {
        "item": item,
        "person": person,
        "label": FIELD_LABELS.get(item.field, item.field.replace("_", " ").capitalize()),
        "can_change": can(user, Action.CHANGE, person),
    }


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    if not may_review_imports(request.user):
        raise PermissionDenied
    resolved = request.GET.get("show") == "resolved"
    page = Paginator(import_set_aside_list(user=request.user, resolved=resolved), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [_row(request.user, item) for item in page.object_list]
    audit_record(
        actor=request.user,
        kind=AuditKind.VIEW,
        model=ImportSetAside,
        purpose="import review list",
        details={"resolved": resolved, "page": page.number, "values": len(rows)},
        also_about=[row["item"].person_id for row in rows],
    )
    return render(
        request,
        "people/import_review.html",
        {
            "page_title": "Resolved values from imports" if resolved else "Values set aside by imports",
            "page": page,
            "rows": rows,
            "resolved": resolved,
            "query": "show=resolved" if resolved else "",
        },
    )


@login_required
def review_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = import_set_aside_get(user=request.user, item_id=item_id)
    row = _row(request.user, item)
    audit_record(
        actor=request.user,
        kind=AuditKind.VIEW,
        obj=item,
        purpose="import review: a value set aside",
        subject_person_id=item.person_id,
    )

    def save(data: dict[str, Any]) -> str:
        import_set_aside_resolve(user=request.user, item=item, note=data["note"])
        return reverse("people:import-review")

    return form_page(
        request,
        form_class=ResolveForm,
        title="Check a value set aside by an import",
        back=reverse("people:import-review"),
        save=save,
        success=f"{row['label']} of {row['person'].display_name} marked as resolved",
        template="people/import_review_item.html",
        button="Mark as resolved",
        **row,
    )
