"""Channel panel (Prevent) screens: thin; services decide, selectors read through the access policy.

Nobody outside the Channel panel's team may know a Channel record exists: every URL here
answers them 404, as a page that does not exist (urls.py: core.restricted.restricted_area_urls).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jigsaw.access.policy import Action, can
from jigsaw.core.ids import posted_id
from jigsaw.core.pages import form_page
from jigsaw.people.selectors import person_search

from . import forms, selectors, services
from .choices import ADOPTED_DECISIONS, FACTOR_BY_CODE, FIRST_DECISIONS, ConsentFrom, Decision, Dimension
from .permissions import ChannelAction, channel_can, is_channel_member


def _member(request: HttpRequest) -> None:
    """Records: outside the Channel panel they do not exist."""
    if not is_channel_member(request.user):
        raise Http404


def _may(request: HttpRequest, action: ChannelAction, person: Any = None) -> None:
    _member(request)
    if not channel_can(request.user, action, person):
        raise PermissionDenied


def _case_url(case: Any) -> str:
    return reverse("channel:case", args=[case.pk])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.CHANNEL):
        raise PermissionDenied
    return render(
        request,
        "channel/index.html",
        {
            "page_title": "Channel panel",
            "board": selectors.dashboard(user=request.user),
            "today": timezone.localdate(),
            "may_refer": channel_can(request.user, ChannelAction.REFER),
            "may_convene": channel_can(request.user, ChannelAction.CONVENE_PANEL),
        },
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    _member(request)
    subject = selectors.channel_person_get(user=request.user, person_id=person_id, purpose="Channel record")
    cases = selectors.cases_for_person(user=request.user, person=subject)
    return render(
        request,
        "channel/person.html",
        {
            "page_title": "Channel record",
            "person": subject,
            "cases": cases,
            "may_refer": channel_can(request.user, ChannelAction.REFER, subject) and not any(c.is_open for c in cases),
        },
    )


# Referral ------------------------------------------------------------------------------


@login_required
def refer_find(request: HttpRequest) -> HttpResponse:
    """ "Already known?" before a referral: pick the person, or add them as new (seen only by Channel)."""
    _may(request, ChannelAction.REFER)
    if request.method == "POST":
        found = selectors.channel_person_get(
            user=request.user, person_id=posted_id(request, "person_id"), purpose="Channel referral: link person"
        )
        return redirect("channel:refer", found.pk)
    form = forms.FindPersonForm(request.GET if request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        from jigsaw.people.matching import SearchQuery

        d = form.cleaned_data
        results = person_search(
            user=request.user,
            query=SearchQuery(name=d["name"], dob_text=d["dob"], postcode=d["postcode"]),
            limit=10,
            purpose="already known? search",
        )
    return render(
        request,
        "channel/find.html",
        {
            "page_title": "Is the person already known?",
            "form": form,
            "results": results,
            "query_string": request.GET.urlencode(),
        },
    )


def _referral(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "received_on": d["received_on"],
        "received_from": d["received_from"],
        "concern_type": d["concern_type"],
        "concerns": d["concerns"],
    }


@login_required
def refer(request: HttpRequest, person_id: int) -> HttpResponse:
    _member(request)
    subject = selectors.channel_person_get(user=request.user, person_id=person_id, purpose="Channel referral")
    _may(request, ChannelAction.REFER, subject)

    def save(d: dict[str, Any]) -> str:
        return _case_url(services.case_refer(actor=request.user, person=subject, **_referral(d)))

    return form_page(
        request,
        form_class=forms.ReferralForm,
        title="Record a Channel referral",
        back=reverse("channel:refer-find"),
        save=save,
        person=subject,
        initial={"received_from": forms.ReferralForm.base_fields["received_from"].initial},
        success="Referral recorded. Next, ask for consent",
        button="Record the referral",
    )


@login_required
def refer_new(request: HttpRequest) -> HttpResponse:
    _may(request, ChannelAction.REFER)
    name = request.GET.get("name", "").split()
    initial = {
        "received_from": forms.ReferralForm.base_fields["received_from"].initial,
        "sex": "U",
        "given_names": " ".join(name[:-1]) if len(name) > 1 else (name[0] if name else ""),
        "family_name": name[-1] if len(name) > 1 else "",
    }

    def save(d: dict[str, Any]) -> str:
        person_data = {k: d[k] for k in ("given_names", "family_name", "date_of_birth", "sex") if d.get(k)}
        case = services.case_refer_new_person(
            actor=request.user,
            person_data=person_data,
            subject_is_child=(d.get("under_18") == "yes") if d.get("under_18") else None,
            **_referral(d),
        )
        return _case_url(case)

    return form_page(
        request,
        form_class=forms.NewPersonReferralForm,
        title="Record a Channel referral for someone not yet known",
        back=reverse("channel:refer-find"),
        save=save,
        initial=initial,
        intro="Their record will be seen only by the Channel panel.",
        sections=[
            ("The person referred", ["given_names", "family_name", "date_of_birth", "under_18", "sex"]),
            ("The referral", ["received_on", "received_from", "gateway_suitable", "concern_type", "concerns"]),
        ],
        success="Referral recorded. Next, ask for consent",
        button="Record the referral",
    )


# The case ------------------------------------------------------------------------------


def _stages(case: Any) -> list[dict[str, Any]]:
    """The case as a task list: referral, consent, assessment, decision, support, exit and reviews."""

    def item(title: str, done: bool, href: str = "", status: str = "", hint: str = "") -> dict[str, Any]:
        return {"title": title, "done": done, "href": href, "status": status, "hint": hint}

    consent = case.get_consent_status_display()
    items = [
        item("Referral", True, status="Completed", hint=f"From {case.received_from}"),
        item("Consent", case.consent_status == "given", status=consent),
        item(
            "Vulnerability assessment",
            case.has_assessment,
            status=f"{len(case.assessments.all())} recorded" if case.has_assessment else "Not started",
        ),
        item(
            "Panel decision",
            bool(case.decision),
            status=case.get_decision_display() if case.decision else "Not yet decided",
        ),
    ]
    if case.is_adopted:
        items.append(
            item("Support", bool(case.interventions.all()), status=f"{len(case.interventions.all())} interventions")
        )
        items.append(
            item(
                "Left Channel",
                bool(case.exited_on),
                status=case.get_exit_reason_display() if case.exited_on else "Not yet",
            )
        )
    return items


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    _member(request)
    case = selectors.case_get(user=request.user, case_id=case_id)
    user = request.user
    return render(
        request,
        "channel/case.html",
        {
            "page_title": f"Channel case: {case.person.display_name}",
            "case": case,
            "stages": _stages(case),
            "progress": selectors.progress(case),
            "may": {a.value: channel_can(user, a, case.person) for a in ChannelAction},
        },
    )


def _case_for(request: HttpRequest, case_id: int, action: ChannelAction, purpose: str) -> Any:
    _member(request)
    case = selectors.case_get(user=request.user, case_id=case_id, purpose=purpose)
    _may(request, action, case.person)
    return case


@login_required
def consent(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id, ChannelAction.RECORD_CONSENT, "record consent")
    expected = ConsentFrom.PARENTAL_RESPONSIBILITY if case.subject_is_child else ConsentFrom.PERSON
    intro = (
        f"{case.person.display_name} was under 18 when referred: support needs the consent of a person with "
        "parental responsibility."
        if case.subject_is_child
        else f"{case.person.display_name} is an adult: support needs their own consent."
    ) + " Channel is voluntary. If support is declined, record the other support considered."

    def save(d: dict[str, Any]) -> str:
        services.consent_record(actor=request.user, case=case, **d)
        return _case_url(case)

    return form_page(
        request,
        form_class=forms.ConsentForm,
        title="Record consent",
        back=_case_url(case),
        save=save,
        person=case.person,
        initial={"consent_from": expected},
        intro=intro,
        success="Consent decision recorded",
        no_form_reason="This case is closed." if case.closed_on else "",
    )


@login_required
def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id, ChannelAction.ASSESS, "vulnerability assessment")
    last = case.assessments.all()
    initial: dict[str, Any] = {}
    if last:
        # A repeat assessment starts from the last one's ratings and evidence, to change what has changed.
        for r in last[len(last) - 1].ratings.all():
            initial[f"{r.factor}_rating"] = r.rating
            initial[f"{r.factor}_evidence"] = r.evidence

    def save(d: dict[str, Any]) -> str:
        a = services.assessment_record(
            actor=request.user,
            case=case,
            assessed_on=d["assessed_on"],
            ratings=forms.AssessmentForm.ratings(d),
            summary=d["summary"],
        )
        return reverse("channel:assessment", args=[a.pk])

    return form_page(
        request,
        form_class=forms.AssessmentForm,
        title="Vulnerability assessment",
        back=_case_url(case),
        save=save,
        person=case.person,
        initial=initial,
        intro="Rate each of the 22 factors, with the evidence for any rating above “no evidence”."
        + (" The ratings of the last assessment are filled in: change what has changed." if last else ""),
        sections=forms.AssessmentForm.sections(),
        success="Assessment recorded",
        no_form_reason="This case is closed." if case.closed_on else "",
    )


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
    _member(request)
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    rows = [(FACTOR_BY_CODE.get(r.factor), r) for r in assessment.ratings.all()]
    return render(
        request,
        "channel/assessment.html",
        {
            "page_title": "Vulnerability assessment",
            "assessment": assessment,
            "rows_all": rows,
            "dimensions": Dimension.choices,
            "person": assessment.case.person,
        },
    )


@login_required
def intervention_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for(request, case_id, ChannelAction.RECORD_INTERVENTION, "add support")

    def save(d: dict[str, Any]) -> str:
        services.intervention_add(actor=request.user, case=case, **d)
        return _case_url(case) + "#support"

    return form_page(
        request,
        form_class=forms.InterventionForm,
        title="Add support",
        back=_case_url(case),
        save=save,
        person=case.person,
        success="Support added",
        no_form_reason="" if case.is_supported else "Support can be added once the panel has adopted the case.",
    )


@login_required
def intervention_update(request: HttpRequest, intervention_id: int) -> HttpResponse:
    _member(request)
    intervention = selectors.intervention_get(user=request.user, intervention_id=intervention_id)
    case = intervention.case
    _may(request, ChannelAction.RECORD_INTERVENTION, case.person)

    def save(d: dict[str, Any]) -> str:
        services.intervention_update(
            actor=request.user, intervention=intervention, expected_version=d.pop("version"), **d
        )
        return _case_url(case) + "#support"

    return form_page(
        request,
        form_class=forms.InterventionProgressForm,
        title="Record progress",
        back=_case_url(case),
        save=save,
        person=case.person,
        caption=f"{case.person.display_name}: {intervention}",
        initial={"progress": intervention.progress, "ended_on": intervention.ended_on},
        record=intervention,
        success="Progress recorded",
    )


@login_required
def exit_review(request: HttpRequest, review_id: int) -> HttpResponse:
    _member(request)
    review = selectors.exit_review_get(user=request.user, review_id=review_id)
    case = review.case
    _may(request, ChannelAction.RECORD_EXIT_REVIEW, case.person)

    def save(d: dict[str, Any]) -> str:
        services.exit_review_record(actor=request.user, review=review, **d)
        return _case_url(case)

    return form_page(
        request,
        form_class=forms.ExitReviewForm,
        title=f"Record the {review.months}-month review",
        back=_case_url(case),
        save=save,
        person=case.person,
        intro=f"{case.person.display_name} left Channel on {case.exited_on.day} {case.exited_on:%B %Y}. "
        "If there are concerns, make a new Prevent referral.",
        success="Review recorded",
        no_form_reason="This review is already recorded." if review.reviewed_on else "",
    )


# Panels --------------------------------------------------------------------------------


@login_required
def panel_convene(request: HttpRequest) -> HttpResponse:
    _may(request, ChannelAction.CONVENE_PANEL)

    def save(d: dict[str, Any]) -> str:
        meeting = services.panel_convene(
            actor=request.user,
            starts_at=forms.PanelConveneForm.starts_at(d),
            location=d["location"],
            online_link=d["online_link"],
        )
        return reverse("channel:panel", args=[meeting.pk])

    return form_page(
        request,
        form_class=forms.PanelConveneForm,
        title="Convene a Channel panel",
        back=reverse("channel:index"),
        save=save,
        intro="Panels meet at least monthly. Add the cases to review once the panel is convened.",
        success="Panel convened",
        button="Convene",
    )


@login_required
def panel_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _member(request)
    meeting = selectors.panel_get(user=request.user, meeting_id=meeting_id)
    reviews = selectors.panel_reviews(user=request.user, meeting=meeting)
    may_record = channel_can(request.user, ChannelAction.RECORD_PANEL)
    form = None
    if may_record and not meeting.is_cancelled:
        form = forms.AgendaAddForm(cases=selectors.cases_for_agenda(user=request.user, meeting=meeting))
    return render(
        request,
        "channel/panel.html",
        {"page_title": meeting.title, "meeting": meeting, "reviews": reviews, "form": form, "may_record": may_record},
    )


@login_required
@require_POST
def panel_case_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _may(request, ChannelAction.RECORD_PANEL)
    meeting = selectors.panel_get(user=request.user, meeting_id=meeting_id)
    cases = selectors.cases_for_agenda(user=request.user, meeting=meeting)
    form = forms.AgendaAddForm(request.POST, cases=cases)
    if form.is_valid():
        case = next(c for c in cases if str(c.pk) == form.cleaned_data["case"])
        from django.contrib import messages

        from jigsaw.core.exceptions import ApplicationError
        from jigsaw.core.forms import add_application_error

        try:
            services.panel_case_add(actor=request.user, meeting=meeting, case=case)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{case.person.display_name}'s case added to the agenda")
            return redirect("channel:panel", meeting.pk)
    reviews = selectors.panel_reviews(user=request.user, meeting=meeting)
    return render(
        request,
        "channel/panel.html",
        {"page_title": meeting.title, "meeting": meeting, "reviews": reviews, "form": form, "may_record": True},
    )


@login_required
def panel_decision(request: HttpRequest, review_id: int) -> HttpResponse:
    _member(request)
    review = selectors.panel_review_get(user=request.user, review_id=review_id)
    case = review.case
    _may(request, ChannelAction.RECORD_PANEL, case.person)
    allowed = ADOPTED_DECISIONS if case.is_adopted else FIRST_DECISIONS
    decisions = [(d.value, Decision(d).label) for d in allowed]

    def save(d: dict[str, Any]) -> str:
        services.panel_decision_record(actor=request.user, review=review, **d)
        return reverse("channel:panel", args=[review.meeting_id])

    reason = ""
    if review.decision:
        reason = "The panel's decision for this case is already recorded."
    elif case.closed_on:
        reason = "This case is closed."
    return form_page(
        request,
        form_class=forms.PanelDecisionForm,
        form_kwargs={"decisions": decisions},
        title="Record the panel's decision",
        back=reverse("channel:panel", args=[review.meeting_id]),
        save=save,
        person=case.person,
        caption=f"{case.person.display_name}: {review.meeting.title}",
        intro=f"Stage: {case.stage.label}. Consent: {case.get_consent_status_display().lower()}.",
        success="Decision recorded",
        no_form_reason=reason,
    )
