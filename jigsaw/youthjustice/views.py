"""Youth justice screens: thin; services decide, selectors read through the access policy.

The service's screens are for its own officers (403 for anyone else); a young person the
user may not see is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.policy import Action, can
from jigsaw.core.pages import form_page
from jigsaw.people.matching import SearchQuery
from jigsaw.people.selectors import person_get, person_search
from jigsaw.people.services import person_create
from jigsaw.timescales.calendar import add_calendar_months
from jigsaw.timescales.choices import STATUS_TAG_CLASSES

from . import forms, selectors, services
from .permissions import YouthJusticeAction, yj_can


def _area(request: HttpRequest) -> None:
    if not can(request.user, Action.YOUTH_JUSTICE):
        raise PermissionDenied


def _require(user: Any, action: YouthJusticeAction, person: Any = None) -> None:
    if not yj_can(user, action, person):
        raise PermissionDenied


def _record_url(person_id: int) -> str:
    return reverse("youthjustice:person", args=[person_id])


def _case(request: HttpRequest, case_id: int, action: YouthJusticeAction) -> Any:
    _area(request)
    case = selectors.case_get(user=request.user, case_id=case_id)
    _require(request.user, action, case.person)
    return case


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _area(request)
    return render(
        request,
        "youthjustice/index.html",
        {
            "page_title": "Youth justice",
            "cases": selectors.open_cases(user=request.user),
            "can_open": yj_can(request.user, YouthJusticeAction.OPEN_CASE),
        },
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request)
    record = selectors.youth_justice_record(user=request.user, person_id=person_id)
    user, subject = request.user, record.person
    return render(
        request,
        "youthjustice/person.html",
        {
            "page_title": f"Youth justice: {subject.display_name}",
            "person": subject,
            "record": record,
            "can": {action.value: yj_can(user, action, subject) for action in YouthJusticeAction},
            "tag_classes": STATUS_TAG_CLASSES,
        },
    )


# Opening a case: is the young person already known?


@login_required
def find(request: HttpRequest) -> HttpResponse:
    _area(request)
    _require(request.user, YouthJusticeAction.OPEN_CASE)
    form = forms.FindForm(request.GET or None)
    results = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        query = SearchQuery(given_name=d["given_names"], family_name=d["family_name"], date_of_birth=d["date_of_birth"])
        results = person_search(user=request.user, query=query, purpose="youth justice: is the young person known?")
    return render(
        request,
        "youthjustice/find.html",
        {"page_title": "Is the young person already known?", "form": form, "results": results},
    )


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    _area(request)
    _require(request.user, YouthJusticeAction.OPEN_CASE)

    def save(d: dict[str, Any]) -> str:
        created = person_create(actor=request.user, data=d)
        return reverse("youthjustice:case-open", args=[created.pk])

    return form_page(
        request,
        form_class=forms.NewPersonForm,
        title="Add a young person",
        back=reverse("youthjustice:find"),
        save=save,
        intro="Only if the search found no record of them: a second record of the same person splits their history.",
        button="Add and continue",
        initial={k: request.GET.get(k, "") for k in ("given_names", "family_name")},
    )


@login_required
def case_open(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request)
    subject = person_get(user=request.user, person_id=person_id, purpose="open a youth justice case")
    _require(request.user, YouthJusticeAction.OPEN_CASE, subject)
    officers = selectors.youth_justice_officers()

    def save(d: dict[str, Any]) -> str:
        worker = form_officers.get(d["case_worker"])
        services.case_open(
            actor=request.user,
            person=subject,
            referred_on=d["referred_on"],
            referral_reason=d["referral_reason"],
            case_worker=worker,
        )
        return _record_url(subject.pk)

    form_officers = {str(u.pk): u for u in officers}
    return form_page(
        request,
        form_class=forms.CaseOpenForm,
        form_kwargs={"officers": officers},
        initial={"case_worker": str(request.user.pk)},
        title="Open a youth justice case",
        back=reverse("youthjustice:find"),
        save=save,
        person=subject,
        button="Open the case",
        success="Youth justice case opened",
    )


@login_required
def case_close(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.CLOSE_CASE)
    return form_page(
        request,
        form_class=forms.CloseForm,
        title="Close the case",
        back=_record_url(case.person_id),
        save=lambda d: (
            services.case_close(actor=request.user, case=case, closed_on=d["closed_on"], reason=d["reason"]),
            _record_url(case.person_id),
        )[1],
        person=case.person,
        intro="Running youth justice deadlines stop, and the case leaves the case worker's list.",
        button="Close the case",
        success="Case closed",
    )


@login_required
def partner_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.RECORD_PARTNER)
    return form_page(
        request,
        form_class=forms.PartnerForm,
        title="Add a partner agency contact",
        back=_record_url(case.person_id) + "#partners",
        save=lambda d: (services.partner_add(actor=request.user, case=case, **d), _record_url(case.person_id))[1],
        person=case.person,
        button="Add the contact",
        success="Partner contact added",
    )


# Offences and outcomes


@login_required
def offence_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.RECORD_OFFENCE)
    return form_page(
        request,
        form_class=forms.OffenceForm,
        title="Record an offence",
        back=_record_url(case.person_id),
        save=lambda d: (services.offence_record(actor=request.user, case=case, **d), _record_url(case.person_id))[1],
        person=case.person,
        button="Save the offence",
        success="Offence recorded",
    )


@login_required
def outcome_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.RECORD_OUTCOME)
    offences = list(selectors.case_offences(case, without_outcome=True))

    def save(d: dict[str, Any]) -> str:
        chosen = [by_id[i] for i in d.pop("offences") if i in by_id]
        services.outcome_record(actor=request.user, case=case, offences=chosen, **d)
        return _record_url(case.person_id)

    by_id = {str(o.pk): o for o in offences}
    if not offences:
        return render(
            request,
            "core/form.html",
            {
                "page_title": "Record an outcome",
                "form": None,
                "back": _record_url(case.person_id),
                "person": case.person,
                "no_form_reason": "Every offence of this case has an outcome. Record the offence first.",
            },
        )
    return form_page(
        request,
        form_class=forms.OutcomeForm,
        form_kwargs={"offences": offences},
        title="Record an outcome",
        back=_record_url(case.person_id),
        save=save,
        person=case.person,
        button="Save the outcome",
        success="Outcome recorded",
    )


# Assessments


@login_required
def assessment_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.RECORD_ASSESSMENT)
    outcomes = list(selectors.case_outcomes(case))
    by_id = {str(o.pk): o for o in outcomes}

    def save(d: dict[str, Any]) -> str:
        d["outcome"] = by_id.get(d.get("outcome") or "")
        services.assessment_record(actor=request.user, case=case, **d)
        return _record_url(case.person_id)

    return form_page(
        request,
        form_class=forms.AssessmentForm,
        form_kwargs={"outcomes": outcomes},
        initial={"outcome": str(outcomes[0].pk)} if outcomes else None,
        title="Record an assessment",
        back=_record_url(case.person_id),
        save=save,
        person=case.person,
        sections=[
            ("The assessment", ["kind", "completed_on", "outcome"]),
            ("Ratings", ["likelihood_of_reoffending", "risk_of_serious_harm", "safety_and_wellbeing"]),
            ("Explanations and conclusions", ["narrative"]),
            ("Shared with the safeguarding record", ["safety_summary"]),
        ],
        button="Save the assessment",
        success="Assessment recorded",
    )


# Interventions


@login_required
def intervention_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.RECORD_INTERVENTION)
    return form_page(
        request,
        form_class=forms.InterventionForm,
        title="Start an intervention",
        back=_record_url(case.person_id) + "#interventions",
        save=lambda d: (
            services.intervention_start(actor=request.user, case=case, **d),
            _record_url(case.person_id) + "#interventions",
        )[1],
        person=case.person,
        button="Save the intervention",
        success="Intervention recorded",
    )


@login_required
def intervention_progress(request: HttpRequest, intervention_id: int) -> HttpResponse:
    _area(request)
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    _require(request.user, YouthJusticeAction.RECORD_INTERVENTION, intervention.person)
    back = _record_url(intervention.person_id) + "#interventions"
    return form_page(
        request,
        form_class=forms.ProgressForm,
        initial={
            "sessions_attended": intervention.sessions_attended,
            "progress": intervention.progress,
            "progress_notes": intervention.progress_notes,
            "ended_on": intervention.ended_on,
        },
        record=intervention,
        title="Record progress",
        caption=f"{intervention.person.display_name}: {intervention}",
        intro=f"{intervention.sessions_planned} sessions planned, from {selectors._d(intervention.started_on)}.",
        back=back,
        save=lambda d: (
            services.intervention_progress_record(
                actor=request.user, intervention=intervention, expected_version=d.pop("version"), **d
            ),
            back,
        )[1],
        button="Save progress",
        success="Progress recorded",
    )


# Victims and restorative justice


@login_required
def victim_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, YouthJusticeAction.RECORD_VICTIM)
    offences = list(selectors.case_offences(case))
    by_id = {str(o.pk): o for o in offences}
    back = _record_url(case.person_id) + "#victims"

    def save(d: dict[str, Any]) -> str:
        d["offence"] = by_id.get(d.get("offence") or "")
        services.victim_record(actor=request.user, case=case, **d)
        return back

    return form_page(
        request,
        form_class=forms.VictimForm,
        form_kwargs={"offences": offences},
        title="Record a victim",
        back=back,
        save=save,
        person=case.person,
        intro="The victim's details stay with the youth justice service. Contact them only with their consent.",
        button="Save the victim",
        success="Victim recorded",
    )


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


@login_required
def victim_contact(request: HttpRequest, victim_id: int) -> HttpResponse:
    _area(request)
    victim = selectors.victim_get(user=request.user, victim_id=victim_id)
    _require(request.user, YouthJusticeAction.RECORD_VICTIM, victim.person)
    back = _record_url(victim.person_id) + "#victims"

    def save(d: dict[str, Any]) -> str:
        services.victim_contact_record(
            actor=request.user,
            victim=victim,
            contacted_on=d["contacted_on"],
            contact_consent=d["contact_consent"],
            rj_offered=d["rj_offered"] == "yes",
            wants_restorative_justice=_yes_no(d["wants_restorative_justice"]),
            views=d["views"],
        )
        return back

    return form_page(
        request,
        form_class=forms.VictimContactForm,
        title="Record contact with the victim",
        caption=f"{victim.person.display_name}: victim {victim.name}",
        back=back,
        save=save,
        button="Save",
        success="Contact with the victim recorded",
    )


@login_required
def restorative_add(request: HttpRequest, victim_id: int) -> HttpResponse:
    _area(request)
    victim = selectors.victim_get(user=request.user, victim_id=victim_id)
    _require(request.user, YouthJusticeAction.RECORD_RESTORATIVE, victim.person)
    back = _record_url(victim.person_id) + "#victims"
    return form_page(
        request,
        form_class=forms.RestorativeForm,
        title="Plan restorative work",
        caption=f"{victim.person.display_name}: with {victim.name}",
        intro="Both the victim and the young person must agree before restorative work is planned.",
        back=back,
        save=lambda d: (services.restorative_work_plan(actor=request.user, victim=victim, **d), back)[1],
        button="Save",
        success="Restorative work planned",
    )


@login_required
def restorative_complete(request: HttpRequest, work_id: int) -> HttpResponse:
    _area(request)
    work = selectors.restorative_work_get(user=request.user, work_id=work_id)
    _require(request.user, YouthJusticeAction.RECORD_RESTORATIVE, work.person)
    back = _record_url(work.person_id) + "#victims"
    return form_page(
        request,
        form_class=forms.RestorativeCompleteForm,
        title="Record restorative work completed",
        caption=f"{work.person.display_name}: {work}",
        back=back,
        save=lambda d: (services.restorative_work_complete(actor=request.user, work=work, **d), back)[1],
        button="Save",
        success="Restorative work completed",
    )


# Measures


def _default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months, to today."""
    return add_calendar_months(today, -12) + dt.timedelta(days=1), today


@login_required
def measures(request: HttpRequest) -> HttpResponse:
    _area(request)
    today = timezone.localdate()
    start, end = _default_period(today)
    form = forms.MeasuresForm(request.GET or None, initial={"date_from": start, "date_to": end})
    figures = None
    if not request.GET:
        figures = selectors.measures(user=request.user, date_from=start, date_to=end, today=today)
    elif form.is_valid():
        figures = selectors.measures(
            user=request.user,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            today=today,
        )
    return render(
        request,
        "youthjustice/measures.html",
        {"page_title": "Youth justice measures", "form": form, "m": figures},
    )
