"""Children in care screens: thin; services decide, selectors read through the access policy
(a record the user may not see is a 404; an action their role does not include is a 403)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, can
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.pages import form_page
from jigsaw.people.models import Person

from . import forms, selectors, services
from .choices import RegisterView
from .permissions import CareAction, care_can, care_permissions


def _area(user: Any) -> None:
    if not can(user, Action.CHILDREN_IN_CARE):
        raise PermissionDenied


def _require(user: Any, action: CareAction, person: Any = None) -> None:
    if not care_can(user, action, person):
        raise PermissionDenied


def _record_url(person_id: int) -> str:
    return reverse("care:person", args=[person_id])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    _area(user)
    view = request.GET.get("view", RegisterView.IN_AREA)
    if view not in RegisterView.values:
        view = RegisterView.IN_AREA
    if view == RegisterView.HOSTED:
        rows = list(selectors.register_hosted(user=user)[:500])
    else:
        rows = list(selectors.register_episodes(user=user, out_of_area=view == RegisterView.OUT_OF_AREA)[:500])
    query = request.GET.get("q", "").strip()
    found = selectors.find_children(user=user, text=query) if query else None
    is_iro = user.role == Role.CP_CHAIR_IRO
    return render(
        request,
        "care/index.html",
        {
            "page_title": "Children in care",
            "view": view,
            "views": RegisterView,
            "rows": rows,
            "counts": selectors.register_counts(user=user),
            "query": query,
            "found": found,
            "caseload": list(selectors.iro_caseload(user=user)) if is_iro else [],
            "concerns": list(selectors.iro_open_concerns(user=user)) if is_iro else [],
            "reviews_awaiting": list(selectors.reviews_awaiting_record(user=user)[:100]),
            "can_record_hosted": care_can(user, CareAction.RECORD_HOSTED),
            "is_iro": is_iro,
        },
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request.user)
    record = selectors.care_record(user=request.user, person_id=person_id)
    return render(
        request,
        "care/person.html",
        {
            "page_title": "Children in care record",
            "person": record.person,
            "record": record,
            "can": care_permissions(request.user, record.person),
            "council": services.council_name(),
        },
    )


# Periods and episodes


@login_required
def period_start(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = selectors.person_for_care(user=request.user, person_id=person_id)
    _require(request.user, CareAction.START_CARE, subject)
    form_class = forms.PeriodStartForm

    def save(data: dict) -> str:
        services.period_start(
            actor=request.user,
            person=subject,
            started_on=data["started_on"],
            legal_status=data["legal_status"],
            category_of_need=data["category_of_need"],
            home_postcode=data.get("home_postcode", ""),
            uasc=bool(data.get("uasc")),
            placement=forms.PlacementFields.placement(data),
            previous_permanence=data.get("previous_permanence") or "Z1",
            previous_permanence_council=data.get("previous_permanence_council", ""),
            previous_permanence_on=data.get("previous_permanence_on"),
        )
        return _record_url(subject.pk)

    return form_page(
        request,
        form_class=form_class,
        title="Record a child coming into care",
        back=_record_url(subject.pk),
        save=save,
        person=subject,
        sections=form_class.sections,
        initial={"area": "inside", "previous_permanence": "Z1"},
        success="Period of care started",
    )


@login_required
def episode_change(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.CHANGE_EPISODE, period.person)
    current = period.episodes.filter(ended_on__isnull=True).first()
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "legal_status": current.legal_status,
            "placement_type": current.placement_type,
            "provider": current.provider,
            "provider_name": current.provider_name,
            "urn": current.urn,
            "postcode": current.placement_postcode,
            "area": "outside" if current.out_of_area else "inside",
            "host_council": current.host_council,
            # No distance: it belongs to the old address, and a move must not carry it over.
        }

    def save(data: dict) -> str:
        services.episode_change(
            actor=request.user,
            period=period,
            changed_on=data["changed_on"],
            kind=data["kind"],
            legal_status=data["legal_status"],
            placement=forms.PlacementFields.placement(data),
            reason_place_change=data.get("reason_place_change", ""),
            expected_version=data["version"],
        )
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.EpisodeChangeForm,
        record=period,
        title="Record a change of placement or legal status",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        sections=forms.EpisodeChangeForm.sections,
        initial=initial,
        success="Change recorded",
    )


@login_required
def period_end(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.END_CARE, period.person)

    def save(data: dict) -> str:
        services.period_end(actor=request.user, period=period, ended_on=data["ended_on"], reason=data["reason"])
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.PeriodEndForm,
        title="Record the end of care",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        success="Period of care ended",
    )


# Other councils' children placed here


@login_required
def hosted_add(request: HttpRequest) -> HttpResponse:
    _require(request.user, CareAction.RECORD_HOSTED)

    def save(data: dict) -> str:
        subject = None
        council_id = (data.get("council_id") or "").strip()
        if council_id:
            subject = Person.objects.visible_to(request.user).filter(council_id__iexact=council_id).first()
            if subject is None:
                raise ApplicationError("No child you can see has that council id", field="council_id")
        person_data = {
            "given_names": data.get("given_names") or "",
            "family_name": data.get("family_name") or "",
            "date_of_birth": data.get("date_of_birth"),
        }
        if subject is None and not data.get("not_known"):
            known = selectors.possible_matches(user=request.user, **person_data)
            if known:
                names = "; ".join(f"{p.display_name} ({p.council_id})" for p in known)
                raise ApplicationError(
                    f"This child may already be known: {names}. Enter their council id, or confirm that "
                    "none of them is this child",
                    field="council_id",
                )
        hosted = services.hosted_child_record(
            actor=request.user,
            person=subject,
            person_data=person_data,
            placing_council=data["placing_council"],
            contact_name=data["contact_name"],
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            received_on=data["received_on"],
            placed_on=data["placed_on"],
            placement_type=data.get("placement_type", ""),
            provider_name=data.get("provider_name", ""),
            placement_postcode=data.get("placement_postcode", ""),
        )
        return _record_url(hosted.person_id)

    return form_page(
        request,
        form_class=forms.HostedChildForm,
        title="Record a child placed here by another council",
        back=reverse("care:index") + "?view=hosted",
        save=save,
        sections=forms.HostedChildForm.sections,
        intro="Record the child from the notification the placing council sent.",
        success="Placement recorded",
    )


@login_required
def hosted_end(request: HttpRequest, hosted_id: int) -> HttpResponse:
    hosted = selectors.hosted_get(user=request.user, hosted_id=hosted_id)
    _require(request.user, CareAction.RECORD_HOSTED, hosted.person)

    def save(data: dict) -> str:
        services.hosted_child_end(actor=request.user, hosted=hosted, ended_on=data["ended_on"])
        return _record_url(hosted.person_id)

    return form_page(
        request,
        form_class=forms.EndDateForm,
        title="Record that the placement here ended",
        back=_record_url(hosted.person_id),
        save=save,
        person=hosted.person,
    )


# The IRO


@login_required
def iro_allocate(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.ALLOCATE_IRO, period.person)
    iros = list(services.iro_candidates())

    def save(data: dict) -> str:
        iro = get_user_model().objects.filter(pk=data["iro"]).first()
        services.iro_allocate(
            actor=request.user,
            period=period,
            iro=iro,
            allocated_on=data["allocated_on"],
            expected_version=data["version"],
        )
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.IROAllocateForm,
        form_kwargs={"iros": iros},
        record=period,
        title="Allocate an independent reviewing officer",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        success="IRO allocated",
    )


@login_required
def note_add(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.MONITOR, period.person)

    def save(data: dict) -> str:
        services.monitoring_note_add(actor=request.user, period=period, noted_on=data["noted_on"], note=data["note"])
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.NoteForm,
        title="Add a monitoring note",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
    )


@login_required
def concern_raise(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.RAISE_CONCERN, period.person)

    def save(data: dict) -> str:
        services.concern_raise(actor=request.user, period=period, raised_on=data["raised_on"], summary=data["summary"])
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.ConcernRaiseForm,
        title="Raise a concern about practice",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        success="Concern raised",
    )


@login_required
def concern_escalate(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = selectors.concern_get(user=request.user, concern_id=concern_id)
    _require(request.user, CareAction.RAISE_CONCERN, concern.person)
    people = services.concern_escalation_candidates(person=concern.person, actor=request.user)
    default = services.concern_escalation_default(person=concern.person)

    def save(data: dict) -> str:
        chosen = next((u for u in people if str(u.pk) == data.get("escalated_to")), None)
        step = services.concern_escalate(
            actor=request.user,
            concern=concern,
            stage=data["stage"],
            escalated_on=data["escalated_on"],
            note=data.get("note", ""),
            escalated_to=chosen,
        )
        told = f" {step.escalated_to} has been told and has it on their My work." if step.escalated_to else ""
        messages.success(request, f"Concern escalated: {step.get_stage_display()}.{told}")
        return _record_url(concern.person_id) + "#concerns"

    return form_page(
        request,
        form_class=forms.ConcernEscalateForm,
        form_kwargs={"people": people},
        initial={"escalated_to": str(default.pk) if default and default in people else ""},
        title="Escalate the concern",
        back=_record_url(concern.person_id),
        save=save,
        person=concern.person,
        intro=f"Now at: {concern.get_stage_display()}.",
    )


@login_required
def concern_resolve(request: HttpRequest, concern_id: int) -> HttpResponse:
    concern = selectors.concern_get(user=request.user, concern_id=concern_id)
    _require(request.user, CareAction.RAISE_CONCERN, concern.person)

    def save(data: dict) -> str:
        services.concern_resolve(
            actor=request.user, concern=concern, resolved_on=data["resolved_on"], resolution=data["resolution"]
        )
        return _record_url(concern.person_id)

    return form_page(
        request,
        form_class=forms.ConcernResolveForm,
        title="Record that the concern is resolved",
        back=_record_url(concern.person_id),
        save=save,
        person=concern.person,
    )


# Reviews


@login_required
def review_convene(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.CONVENE_REVIEW, period.person)

    def save(data: dict) -> str:
        services.review_convene(
            actor=request.user,
            period=period,
            starts_at=forms.ReviewConveneForm.starts_at(data),
            location=data.get("location", ""),
        )
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.ReviewConveneForm,
        title="Convene a looked-after review",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        intro="The child's IRO chairs the review. Invite people from the meeting's page.",
        success="Review convened",
    )


@login_required
def review_record(request: HttpRequest, review_id: int) -> HttpResponse:
    review = selectors.review_get(user=request.user, review_id=review_id)
    _require(request.user, CareAction.RECORD_REVIEW, review.person)

    def save(data: dict) -> str:
        services.review_record(
            actor=request.user, review=review, held_on=data["held_on"], participation=data["participation"]
        )
        return _record_url(review.person_id)

    return form_page(
        request,
        form_class=forms.ReviewRecordForm,
        title="Record the looked-after review",
        back=_record_url(review.person_id),
        save=save,
        person=review.person,
        initial={"held_on": review.convened_for},
        success="Review recorded",
    )


# Health, education, visits, care leavers


@login_required
def health_add(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.RECORD_HEALTH, period.person)

    def save(data: dict) -> str:
        services.health_assessment_record(actor=request.user, period=period, kind=data["kind"], done_on=data["done_on"])
        return _record_url(period.person_id)

    has_initial = period.health_assessments.filter(kind="initial").exists()
    return form_page(
        request,
        form_class=forms.HealthForm,
        title="Record a health assessment",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        initial={"kind": "review" if has_initial else "initial"},
    )


def _yes(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@login_required
def health_outcomes(request: HttpRequest, period_id: int) -> HttpResponse:
    """The year's health outcomes (SSDA903 OC2) of a child looked after for 12 months at 31 March."""
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.RECORD_HEALTH, period.person)
    today = timezone.localdate()
    latest = today.year if today >= dt.date(today.year, 3, 31) else today.year - 1
    years = [y for y in (latest, latest - 1) if period.started_on <= dt.date(y - 1, 3, 31)]

    def save(data: dict) -> str:
        services.health_outcomes_record(
            actor=request.user,
            period=period,
            year=data["year"],
            sdq_score=data.get("sdq_score"),
            sdq_reason=data.get("sdq_reason", ""),
            health_check=data["health_check"] == "yes",
            immunisations=data["immunisations"] == "yes",
            teeth_check=data["teeth_check"] == "yes",
            health_assessment=data["health_assessment"] == "yes",
            substance_misuse=data["substance_misuse"] == "yes",
            intervention_received=_yes(data.get("intervention_received", "")),
            intervention_offered=_yes(data.get("intervention_offered", "")),
            convicted=data["convicted"] == "yes",
        )
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.HealthOutcomesForm,
        form_kwargs={"years": years or [latest]},
        initial={"year": (years or [latest])[0]},
        title="Record the year's health outcomes",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
        intro="For a child looked after for 12 months or more on 31 March: the SSDA903 return asks for these.",
        success="Health outcomes recorded",
    )


@login_required
def pep_add(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.RECORD_PEP, period.person)

    def save(data: dict) -> str:
        services.education_plan_record(actor=request.user, period=period, done_on=data["done_on"])
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.PepForm,
        title="Record a personal education plan",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
    )


@login_required
def visit_add(request: HttpRequest, period_id: int) -> HttpResponse:
    period = selectors.period_get(user=request.user, period_id=period_id)
    _require(request.user, CareAction.RECORD_VISIT, period.person)

    def save(data: dict) -> str:
        services.visit_record(
            actor=request.user, period=period, visited_on=data["visited_on"], seen_alone=data["seen_alone"] == "yes"
        )
        return _record_url(period.person_id)

    return form_page(
        request,
        form_class=forms.VisitForm,
        title="Record a statutory visit",
        back=_record_url(period.person_id),
        save=save,
        person=period.person,
    )


@login_required
def leaver_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = selectors.person_for_care(user=request.user, person_id=person_id)
    _require(request.user, CareAction.RECORD_CARE_LEAVER, subject)

    def save(data: dict) -> str:
        services.care_leaver_contact_record(
            actor=request.user,
            person=subject,
            contacted_on=data["contacted_on"],
            in_touch=data["in_touch"],
            activity=data["activity"],
            accommodation=data["accommodation"],
        )
        return _record_url(subject.pk)

    return form_page(
        request,
        form_class=forms.LeaverForm,
        title="Record contact with a care leaver",
        back=_record_url(subject.pk),
        save=save,
        person=subject,
    )
