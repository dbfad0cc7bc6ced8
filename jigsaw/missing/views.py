"""Missing children screens: thin; services decide, selectors read through the access policy.

A child or record the user may not see is a 404; an action their role does not include is
a 403. Form pages use the shared form page (core/form.html), which shows a service's
refusal in the GOV.UK error summary and keeps what was typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from jigsaw.access.policy import Action, can
from jigsaw.core.pages import form_page
from jigsaw.people.selectors import person_get, person_search
from jigsaw.protection.selectors import strategy_convene_allowed
from jigsaw.timescales.choices import STATUS_TAG_CLASSES

from . import forms, selectors, services
from .choices import RISK_TAG_CLASSES, InterviewResponse, PromptDecision
from .deadlines import RHI_HOURS
from .permissions import MissingAction, missing_can


def _area(request: HttpRequest) -> None:
    if not can(request.user, Action.MISSING):
        raise PermissionDenied


def _require(user: Any, action: MissingAction, person: Any = None) -> None:
    if not missing_can(user, action, person):
        raise PermissionDenied


def _child_url(person_id: int) -> str:
    return reverse("missing:person", args=[person_id])


def _episode_url(episode: Any) -> str:
    return reverse("missing:episode", args=[episode.pk])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _area(request)
    user = request.user
    return render(
        request,
        "missing/index.html",
        {
            "page_title": "Missing children",
            "missing_now": selectors.missing_now(user=user),
            "interviews_due": selectors.interviews_due(user=user),
            "prompts": selectors.prompts_open(user=user),
            "recent": selectors.recent_episodes(user=user),
            "threshold": selectors.threshold(),
            "can_decide": missing_can(user, MissingAction.REQUEST_STRATEGY),
            "risk_tags": RISK_TAG_CLASSES,
            "spoken_at": services.spoken_at,
            "rhi_hours": RHI_HOURS,
        },
    )


@login_required
def find(request: HttpRequest) -> HttpResponse:
    """ "Is this child already known?" before recording an episode."""
    _area(request)
    _require(request.user, MissingAction.RECORD_EPISODE)
    form = forms.FindForm(request.GET if "name" in request.GET else None)
    results = None
    if form.is_bound and form.is_valid():
        from jigsaw.people.matching import SearchQuery

        d = form.cleaned_data
        results = person_search(
            user=request.user,
            query=SearchQuery(name=d["name"], dob_text=d["dob"], postcode=d["postcode"]),
            limit=10,
            purpose="missing: find the child",
        )
    return render(
        request,
        "missing/find.html",
        {"page_title": "Find the child who is missing", "form": form, "results": results},
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request)
    user = request.user
    record = selectors.child_record(user=user, person_id=person_id)
    subject = record.person
    return render(
        request,
        "missing/person.html",
        {
            "page_title": "Missing episodes",
            "person": subject,
            "record": record,
            "can": {a.value: missing_can(user, a, subject) for a in MissingAction},
            "can_convene_strategy": strategy_convene_allowed(user=user, person=subject),
            "risk_tags": RISK_TAG_CLASSES,
            "tag_classes": STATUS_TAG_CLASSES,
            "spoken_at": services.spoken_at,
            "timing": selectors.interview_timing,
        },
    )


@login_required
def episode_record(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request)
    _require(request.user, MissingAction.RECORD_EPISODE)
    subject = person_get(user=request.user, person_id=person_id, purpose="record a missing episode")
    _require(request.user, MissingAction.RECORD_EPISODE, subject)

    def save(d: dict[str, Any]) -> str:
        episode = services.episode_record(actor=request.user, person=subject, data=forms.EpisodeForm.service_data(d))
        return _episode_url(episode)

    return form_page(
        request,
        form_class=forms.EpisodeForm,
        title="Record a missing episode",
        back=_child_url(subject.pk),
        save=save,
        person=subject,
        sections=forms.EpisodeForm.sections,
        button="Save the episode",
        success="Missing episode recorded",
    )


@login_required
def episode(request: HttpRequest, episode_id: int) -> HttpResponse:
    _area(request)
    user = request.user
    ep = selectors.episode_get(user=user, episode_id=episode_id)
    interview = getattr(ep, "interview", None)
    return render(
        request,
        "missing/episode.html",
        {
            "page_title": "Missing episode",
            "episode": ep,
            "person": ep.person,
            "interview": interview,
            "prompts": list(ep.prompts.all()),
            "can": {a.value: missing_can(user, a, ep.person) for a in MissingAction},
            "risk_tags": RISK_TAG_CLASSES,
            "spoken_at": services.spoken_at,
            "timing": selectors.interview_timing(ep),
            "rhi_hours": RHI_HOURS,
            "accepted": InterviewResponse.ACCEPTED,
            "declined": InterviewResponse.DECLINED,
        },
    )


def _episode_form(request: HttpRequest, episode_id: int, action: MissingAction, purpose: str) -> tuple[Any, str]:
    _area(request)
    _require(request.user, action)
    ep = selectors.episode_get(user=request.user, episode_id=episode_id, purpose=purpose)
    _require(request.user, action, ep.person)
    return ep, _episode_url(ep)


@login_required
def episode_return(request: HttpRequest, episode_id: int) -> HttpResponse:
    ep, back = _episode_form(request, episode_id, MissingAction.RECORD_RETURN, "record a return")

    def save(d: dict[str, Any]) -> str:
        services.episode_return(
            actor=request.user,
            episode=ep,
            returned_at=forms.combine(d["returned_at"], d["returned_time"]),
            where_found=d["where_found"],
            return_notes=d["return_notes"],
        )
        return back

    return form_page(
        request,
        form_class=forms.ReturnForm,
        title="Record the return",
        back=back,
        save=save,
        person=ep.person,
        intro=f"{ep.person.display_name} went missing at {services.spoken_at(ep.went_missing_at)}.",
        no_form_reason="The return is already recorded." if ep.returned_at else "",
        button="Save the return",
        success=f"Return recorded. The return home interview is due within {RHI_HOURS} hours",
    )


@login_required
def interview_offer(request: HttpRequest, episode_id: int) -> HttpResponse:
    ep, back = _episode_form(request, episode_id, MissingAction.OFFER_INTERVIEW, "offer a return home interview")
    reason = ""
    if ep.returned_at is None:
        reason = "Record the return first: an interview is offered once the child is back."
    elif getattr(ep, "interview", None) is not None:
        reason = "An interview has already been offered for this episode."

    def save(d: dict[str, Any]) -> str:
        independent = {"yes": True, "no": False}.get(d["interviewer_independent"])
        services.interview_offer(
            actor=request.user,
            episode=ep,
            offered_at=forms.combine(d["offered_at"], d["offered_time"]),
            interviewer=d["interviewer"],
            interviewer_independent=independent,
            response="" if d["response"] == "none" else d["response"],
            declined_reason=d["declined_reason"],
        )
        return back

    due = ep.rhi_due_at
    return form_page(
        request,
        form_class=forms.OfferForm,
        title="Offer a return home interview",
        back=back,
        save=save,
        person=ep.person,
        intro=f"Due by {services.spoken_at(due)}, {RHI_HOURS} hours after the return." if due else "",
        no_form_reason=reason,
        button="Save the offer",
        success="Return home interview offer recorded",
    )


def _interview_form(request: HttpRequest, interview_id: int, action: MissingAction, purpose: str) -> Any:
    _area(request)
    _require(request.user, action)
    interview = selectors.interview_get(user=request.user, interview_id=interview_id, purpose=purpose)
    _require(request.user, action, interview.person)
    return interview


@login_required
def interview_hold(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview_form(request, interview_id, MissingAction.RECORD_INTERVIEW, "record a return home interview")
    back = _episode_url(interview.episode)

    def save(d: dict[str, Any]) -> str:
        services.interview_hold(actor=request.user, interview=interview, data=forms.InterviewForm.service_data(d))
        return back

    independent = {True: "yes", False: "no"}.get(interview.interviewer_independent)
    return form_page(
        request,
        form_class=forms.InterviewForm,
        title="Record the return home interview",
        back=back,
        save=save,
        person=interview.person,
        initial={"interviewer": interview.interviewer, "interviewer_independent": independent},
        intro=f"Due by {services.spoken_at(interview.episode.rhi_due_at)}, {RHI_HOURS} hours after the return.",
        no_form_reason="This interview has already been held or declined." if interview.is_closed else "",
        sections=forms.InterviewForm.sections,
        button="Save the interview",
        success="Return home interview recorded",
    )


@login_required
def interview_decline(request: HttpRequest, interview_id: int) -> HttpResponse:
    interview = _interview_form(request, interview_id, MissingAction.OFFER_INTERVIEW, "record an interview declined")
    back = _episode_url(interview.episode)

    def save(d: dict[str, Any]) -> str:
        services.interview_decline(
            actor=request.user,
            interview=interview,
            declined_at=forms.combine(d["declined_at"], d["declined_time"]),
            reason=d["declined_reason"],
        )
        return back

    return form_page(
        request,
        form_class=forms.DeclineForm,
        title="The child declined the interview",
        back=back,
        save=save,
        person=interview.person,
        no_form_reason="This interview has already been held or declined." if interview.is_closed else "",
        button="Save",
        success="Recorded that the child declined the interview",
    )


@login_required
def prompt_decide(request: HttpRequest, prompt_id: int) -> HttpResponse:
    _area(request)
    _require(request.user, MissingAction.REQUEST_STRATEGY)
    prompt = selectors.prompt_get(user=request.user, prompt_id=prompt_id, purpose="decide on a strategy discussion")
    _require(request.user, MissingAction.REQUEST_STRATEGY, prompt.person)
    back = _child_url(prompt.person_id)

    def save(d: dict[str, Any]) -> str:
        decided = services.prompt_decide(
            actor=request.user, prompt=prompt, decision=d["decision"], reason=d["decision_reason"]
        )
        return back if decided.decision == PromptDecision.NOT_NEEDED else f"{back}#strategy"

    may_decline = missing_can(request.user, MissingAction.DECIDE_NO_STRATEGY, prompt.person)
    intro = f"Why: {prompt.reasons}. Raised {services.spoken_at(prompt.raised_at)}."
    if not may_decline:
        intro += " Only a team manager can decide a strategy discussion is not needed."
    return form_page(
        request,
        form_class=forms.PromptForm,
        title="Is a strategy discussion needed?",
        back=back,
        save=save,
        person=prompt.person,
        intro=intro,
        no_form_reason=(f"Already answered: {prompt.get_decision_display().lower()}." if not prompt.is_open else ""),
        button="Save the decision",
        success="Decision recorded",
    )
