"""Front door screens: the queue and timeliness, the contact question flow, the contact
with its decision, and the child-in-need episode.

Thin: forms check shape, services decide, selectors read through the access scopes (a
contact or episode the user may not see is a 404).
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import GovukForm, add_application_error
from jigsaw.core.ids import posted_id
from jigsaw.core.locking import version_initial
from jigsaw.core.pages import form_page
from jigsaw.people.selectors import person_get, person_search

from . import flow, forms, services
from .choices import (
    REFERRER_MESSAGES,
    CallerKind,
    Channel,
    Consent,
    ContactStatus,
    FamilyAware,
    LawfulBasis,
    PersonRole,
    ReferralSource,
    level_of_need_label,
)
from .permissions import (
    is_front_door_member,
    may_allocate,
    may_assign,
    may_decide,
    may_manage_levels_of_need,
    may_record_contact,
    may_refer,
)
from .selectors import (
    agency_choices,
    agency_get,
    contact_get,
    contact_list,
    contact_person_get,
    contact_timeliness,
    decision_timeliness,
    duty_worker_today,
    episode_get,
    episodes_awaiting_strategy,
    level_of_need_get,
    levels_of_need_all,
    recent_decisions,
    referral_get,
    referral_list,
    referrals_in_last_12_months,
    social_worker_choices,
    worker_caseloads,
    worker_choices,
    worker_get,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _posted_id(request: HttpRequest) -> int:
    """The person id a button posted; a value that is not an id is a bad request (400)."""
    return posted_id(request, "person_id")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require(is_front_door_member(request.user))
    today = timezone.localdate()
    period = forms.PeriodForm(request.GET if "date_from-day" in request.GET else None)
    date_from, date_to = today - dt.timedelta(days=27), today
    if period.is_bound and period.is_valid():
        date_from, date_to = period.cleaned_data["date_from"], period.cleaned_data["date_to"]
    elif not period.is_bound:
        period = forms.PeriodForm(initial={"date_from": date_from, "date_to": date_to})
    return render(
        request,
        "frontdoor/index.html",
        {
            "page_title": "Front door",
            "awaiting": contact_list(user=request.user),
            "decided": recent_decisions(user=request.user),
            "strategy": episodes_awaiting_strategy(user=request.user) if may_decide(request.user) else [],
            "report": decision_timeliness(user=request.user, date_from=date_from, date_to=date_to),
            "period": period,
            "can_record": may_record_contact(request.user),
            "can_assign": may_assign(request.user),
            "duty_worker": duty_worker_today(),
            "duty_form": forms.DutyForm(workers=social_worker_choices()) if may_allocate(request.user) else None,
        },
    )


@login_required
@require_POST
def duty_name(request: HttpRequest) -> HttpResponse:
    _require(may_allocate(request.user))
    form = forms.DutyForm(request.POST, workers=social_worker_choices())
    if form.is_valid():
        try:
            duty = services.duty_worker_name(actor=request.user, worker=worker_get(form.cleaned_data["worker"]))
        except ApplicationError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"{duty.worker} is the duty social worker today")
    else:
        messages.error(request, "Choose the duty social worker")
    return redirect("frontdoor:index")


# The contact question flow ------------------------------------------------------------


def _step_url(step: str, change: bool = False) -> str:
    url = reverse("frontdoor:contact-people") if step == "people" else reverse("frontdoor:contact-step", args=[step])
    return f"{url}?change=1" if change else url


def _after(step: str, request: HttpRequest) -> HttpResponse:
    """Where Continue goes: the next section, or back to the check page when changing an answer."""
    following = flow.next_step(step)
    if request.GET.get("change") or following is None:
        return redirect("frontdoor:contact-check")
    return redirect(_step_url(following))


def _back(step: str, request: HttpRequest) -> str:
    if request.GET.get("change"):
        return reverse("frontdoor:contact-check")
    previous = flow.previous_step(step)
    return _step_url(previous) if previous else reverse("frontdoor:index")


@login_required
def contact_new(request: HttpRequest) -> HttpResponse:
    _require(may_record_contact(request.user))
    draft = flow.Draft(request.session)
    draft.clear()
    draft.save()
    return redirect("frontdoor:contact-step", "caller")


def _step_defaults(step: str) -> dict[str, Any]:
    if step == "caller":
        now = timezone.localtime()
        return {"received_on": now.date(), "received_time": forms.format_time(now), "channel": "phone"}
    return {}


@login_required
def contact_step(request: HttpRequest, step: str) -> HttpResponse:
    _require(may_record_contact(request.user))
    if step not in flow.FORMS:
        raise Http404
    draft = flow.Draft(request.session)
    kwargs = {"agencies": agency_choices()} if step == "caller" else {}
    form = flow.FORMS[step](request.POST or None, initial=draft.answers(step) or _step_defaults(step), **kwargs)
    if request.method == "POST" and form.is_valid():
        draft.set_answers(step, form.cleaned_data)
        return _after(step, request)
    return render(
        request,
        "frontdoor/contact_step.html",
        {
            "page_title": flow.STEP_TITLES[step],
            "form": form,
            "step": step,
            "back": _back(step, request),
            "change": bool(request.GET.get("change")),
        },
    )


@login_required
def contact_people(request: HttpRequest) -> HttpResponse:
    """The children and adults added so far; find more or continue."""
    _require(may_record_contact(request.user))
    draft = flow.Draft(request.session)
    form = GovukForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if any(p["role"] == PersonRole.CHILD for p in draft.people):
            return _after("people", request)
        form.add_error(None, "Add at least one child the contact is about")
    return render(
        request,
        "frontdoor/contact_people.html",
        {
            "page_title": flow.STEP_TITLES["people"],
            "form": form,
            "people": draft.people,
            "back": _back("people", request),
            "change": bool(request.GET.get("change")),
        },
    )


@login_required
def contact_person_find(request: HttpRequest) -> HttpResponse:
    """ "Already known?" for one child or adult: pick a record found, or add them as new."""
    _require(may_record_contact(request.user))
    draft = flow.Draft(request.session)
    if request.method == "POST":
        role = request.POST.get("role", "")
        if role not in PersonRole.values:
            raise Http404
        person = person_get(user=request.user, person_id=_posted_id(request), purpose="add to a contact")
        if not draft.has_person(person.pk):
            draft.add_person(
                {
                    "role": role,
                    "relationship": request.POST.get("relationship", "").strip()[:200],
                    "person_id": person.pk,
                    "name": person.display_name,
                    "council_id": person.council_id,
                    "date_of_birth": person.date_of_birth,
                }
            )
            messages.success(request, f"{person.display_name} added to the contact")
        return redirect("frontdoor:contact-people")
    form = forms.FindPersonForm(request.GET if "role" in request.GET else None, initial={"role": PersonRole.CHILD})
    results = None
    if form.is_bound and form.is_valid():
        from jigsaw.people.matching import SearchQuery

        d = form.cleaned_data
        results = person_search(
            user=request.user,
            query=SearchQuery(name=d["name"], dob_text=d["dob"], postcode=d["postcode"]),
            limit=10,
            purpose="contact: already known?",
        )
    return render(
        request,
        "frontdoor/contact_find.html",
        {
            "page_title": "Is this child or adult already known?",
            "form": form,
            "results": results,
            "added": {p.get("person_id") for p in draft.people},
            "query_string": request.GET.urlencode(),
        },
    )


def _new_person_initial(request: HttpRequest) -> dict[str, Any]:
    """Carry over what was typed into the search, so nothing is typed twice."""
    initial: dict[str, Any] = {"role": request.GET.get("role") or PersonRole.CHILD, "sex": "U"}
    initial["relationship"] = request.GET.get("relationship", "")
    name = request.GET.get("name", "").split()
    if name:
        initial["given_names"] = " ".join(name[:-1]) if len(name) > 1 else name[0]
        initial["family_name"] = name[-1] if len(name) > 1 else ""
    if request.GET.get("postcode"):
        initial["postcode"] = request.GET["postcode"]
    return initial


@login_required
def contact_person_new(request: HttpRequest) -> HttpResponse:
    _require(may_record_contact(request.user))
    draft = flow.Draft(request.session)
    form = forms.NewPersonForm(request.POST or None, initial=_new_person_initial(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        details = {k: d[k] for k in services.NEW_PERSON_FIELDS if d.get(k)}
        details |= {k: d[k] for k in ("address_line_1", "postcode") if d.get(k)}
        name = " ".join(p for p in (d["given_names"], d["family_name"]) if p)
        draft.add_person(
            {
                "role": d["role"],
                "relationship": d["relationship"],
                "person_id": None,
                "name": name,
                "date_of_birth": d.get("date_of_birth"),
                "details": details,
            }
        )
        messages.success(request, f"{name} added to the contact as a new person")
        return redirect("frontdoor:contact-people")
    return render(
        request, "frontdoor/contact_person_new.html", {"page_title": "Add a new child or adult", "form": form}
    )


@login_required
@require_POST
def contact_person_remove(request: HttpRequest, index: int) -> HttpResponse:
    _require(may_record_contact(request.user))
    draft = flow.Draft(request.session)
    draft.remove_person(index)
    return redirect("frontdoor:contact-people")


def _check_sections(draft: flow.Draft) -> list[dict[str, Any]]:
    """The check-your-answers summary: one list per section, each row with its change link."""

    def label(choices: Any, value: Any) -> str:
        return str(dict(choices.choices).get(value, "")) if value else ""

    caller = draft.answers("caller") or {}
    consent = draft.answers("consent") or {}
    worries = draft.answers("worries") or {}
    need = draft.answers("need") or {}
    agency = agency_get(caller.get("caller_agency"))
    received = caller.get("received_at")
    people_rows = []
    for p in draft.people:
        born = f", born {p['date_of_birth'].day} {p['date_of_birth']:%B %Y}" if p.get("date_of_birth") else ""
        known = f" ({p['council_id']})" if p.get("council_id") else " (new record)"
        relationship = f" – {p['relationship']}" if p.get("relationship") else ""
        people_rows.append((f"{p['role'].capitalize()}", f"{p['name']}{known}{born}{relationship}"))
    return [
        {
            "step": "caller",
            "rows": [
                ("Received", f"{received.day} {received:%B %Y} at {received:%H:%M}" if received else ""),
                ("How it came in", label(Channel, caller.get("channel"))),
                ("Caller", label(CallerKind, caller.get("caller_kind"))),
                ("Caller's name", caller.get("caller_name") or "Not given"),
                ("Agency", agency.name if agency else "None"),
                ("Job or role", caller.get("caller_role") or "Not given"),
                ("How to reach them", caller.get("caller_contact_details") or "Not given"),
                ("Relationship to the family", caller.get("relationship_to_family") or "Not given"),
                ("How they know the family", caller.get("how_they_know_family") or "Not given"),
                ("Contact source", label(ReferralSource, caller.get("source")) or "Worked out from the caller"),
            ],
        },
        {
            "step": "consent",
            "rows": [
                ("Family knows about the contact", label(FamilyAware, consent.get("family_aware"))),
                ("Consent to share", label(Consent, consent.get("consent"))),
            ]
            + (
                [
                    ("Why", consent.get("consent_reason", "")),
                    ("Lawful basis", label(LawfulBasis, consent.get("lawful_basis"))),
                ]
                if consent.get("consent") and consent.get("consent") != "given"
                else []
            ),
        },
        {"step": "people", "rows": people_rows or [("Children", "None added")]},
        {
            "step": "worries",
            "rows": [
                ("Worries", worries.get("worries", "")),
                ("Advice if worried again", worries.get("advice_to_caller") or "Not recorded"),
            ],
        },
        {"step": "need", "rows": [("Level of need", level_of_need_label(need.get("level_of_need", "")))]},
    ]


@login_required
def contact_check(request: HttpRequest) -> HttpResponse:
    _require(may_record_contact(request.user))
    draft = flow.Draft(request.session)
    missing = draft.first_missing_step()
    if missing:
        return redirect(_step_url(missing))
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        data = draft.contact_data()
        data["caller_agency"] = agency_get(data.get("caller_agency"))
        try:
            contact = services.contact_record(actor=request.user, data=data, people=draft.person_entries())
        except ApplicationError as e:
            step = flow.FIELD_STEPS.get(e.field or "", "")
            errors.append({"text": e.message, "href": _step_url(step, change=True) if step else "#main-content"})
        else:
            draft.clear()
            messages.success(
                request,
                f"Contact {contact.reference} recorded. A decision is due by {contact.decision_due_on.day} {contact.decision_due_on:%B %Y}",
            )
            return redirect("frontdoor:contact-detail", contact.pk)
    return render(
        request,
        "frontdoor/contact_check.html",
        {
            "page_title": "Check your answers before recording the contact",
            "sections": _check_sections(draft),
            "titles": flow.STEP_TITLES,
            "step_url": _step_url,
            "errors": errors,
        },
    )


# One contact: summary, timeliness, follow-up and decision -------------------------------


def _decision_form_initial(contact: Any) -> dict[str, Any]:
    now = timezone.localtime()
    return {
        "decided_on": now.date(),
        "decided_time": forms.format_time(now),
        "referral_source": contact.source,
        "primary_need": "N0",
        "level_of_need": contact.level_of_need,
    }


def _render_contact(
    request: HttpRequest, contact: Any, *, decision_form: Any = None, follow_up_form: Any = None
) -> HttpResponse:
    can_decide = may_decide(request.user) and contact.status == ContactStatus.AWAITING_DECISION
    if can_decide and decision_form is None:
        decision_form = forms.DecisionForm(
            initial=_decision_form_initial(contact), has_referrer=contact.referrer_id is not None
        )
    if may_decide(request.user) and follow_up_form is None:
        follow_up_form = forms.FollowUpForm(
            initial={
                "follow_up_questions": contact.follow_up_questions,
                "action_plan": contact.action_plan,
                "advice_to_caller": contact.advice_to_caller,
                **version_initial(contact),
            }
        )
    return render(
        request,
        "frontdoor/contact_detail.html",
        {
            "page_title": f"Contact {contact.reference}",
            "contact": contact,
            "timeliness": contact_timeliness(contact),
            "decision": getattr(contact, "decision", None) if contact.status == ContactStatus.DECIDED else None,
            "decision_form": decision_form if can_decide else None,
            "follow_up_form": follow_up_form if may_decide(request.user) else None,
            "can_link": may_record_contact(request.user) and contact.status == ContactStatus.AWAITING_DECISION,
            "can_assign": may_assign(request.user) and contact.status == ContactStatus.AWAITING_DECISION,
            "episodes": list(contact.episodes.all()),
            "referrer_messages": {str(k.label): v for k, v in REFERRER_MESSAGES.items()},
            "level_revisions": list(contact.level_revisions.select_related("revised_by")),
            "level_label": level_of_need_label,
        },
    )


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_get(user=request.user, contact_id=pk, purpose=request.GET.get("purpose", ""))
    return _render_contact(request, contact)


@login_required
@require_POST
def contact_decide(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_get(user=request.user, contact_id=pk, purpose="decide")
    _require(may_decide(request.user))
    form = forms.DecisionForm(request.POST, has_referrer=contact.referrer_id is not None)
    if form.is_valid():
        d = form.cleaned_data
        try:
            decision = services.decision_record(
                actor=request.user,
                contact=contact,
                outcome=d["outcome"],
                reason=d["reason"],
                decided_at=d["decided_at"],
                emergency_type=d.get("emergency_type") or "",
                referral_source=d["referral_source"],
                primary_need=d["primary_need"],
                level_of_need=d.get("level_of_need") or contact.level_of_need,
                level_reason=d.get("level_reason") or "",
                referrer_message=d.get("referrer_message") or "",
            )
        except ApplicationError as e:
            if e.field == "decided_at":
                e.field = "decided_on"
            add_application_error(form, e)
        else:
            timing = "on time" if decision.on_time else "late"
            told = f". {contact.referrer} has been told the outcome" if decision.referrer_told_at else ""
            messages.success(request, f"Decision recorded ({timing}): {decision.outcome_display}{told}")
            return redirect("frontdoor:contact-detail", contact.pk)
    return _render_contact(request, contact, decision_form=form)


@login_required
@require_POST
def contact_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    contact = contact_get(user=request.user, contact_id=pk, purpose="follow-up")
    _require(may_decide(request.user))
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        try:
            data = dict(form.cleaned_data)
            services.contact_update(actor=request.user, contact=contact, expected_version=data.pop("version"), **data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Follow-up questions and action plan saved")
            return redirect("frontdoor:contact-detail", contact.pk)
    return _render_contact(request, contact, follow_up_form=form)


@login_required
def contact_person_link(request: HttpRequest, pk: int, row_id: int) -> HttpResponse:
    """A person a partner's system sent: link them to a record found, or add them as new."""
    contact = contact_get(user=request.user, contact_id=pk, purpose="link a person")
    _require(may_record_contact(request.user))
    row = contact_person_get(user=request.user, contact=contact, contact_person_id=row_id)
    if row.is_linked:
        return redirect("frontdoor:contact-detail", contact.pk)
    details = dict(row.details)
    if details.get("date_of_birth"):
        details["date_of_birth"] = dt.date.fromisoformat(details["date_of_birth"])
    form = GovukForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("person_id"):
                person = person_get(user=request.user, person_id=_posted_id(request), purpose="link to a contact")
                services.contact_person_link(actor=request.user, contact_person=row, person=person)
            else:
                services.contact_person_link(actor=request.user, contact_person=row, details=details)
        except ApplicationError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"{row.display_name} linked to a record")
            return redirect("frontdoor:contact-detail", contact.pk)
    from jigsaw.people.matching import SearchQuery

    results = person_search(
        user=request.user, query=SearchQuery.from_mapping(details), limit=10, purpose="contact: link a person"
    )
    return render(
        request,
        "frontdoor/contact_link.html",
        {
            "page_title": f"Link {row.display_name} to a record",
            "contact": contact,
            "row": row,
            "details": details,
            "results": results,
            "form": form,
        },
    )


# The child-in-need episode ------------------------------------------------------------


def _render_episode(
    request: HttpRequest, episode: Any, *, close_form: Any = None, allocate_form: Any = None
) -> HttpResponse:
    from jigsaw.timescales.selectors import person_deadlines

    can_close = may_decide(request.user) and episode.is_open
    can_allocate = may_allocate(request.user) and episode.is_open
    if can_close and close_form is None:
        close_form = forms.CloseEpisodeForm()
    if can_allocate and allocate_form is None:
        allocate_form = forms.AllocateForm(
            workers=worker_choices(), initial={"worker": episode.allocated_worker_id or ""}
        )
    return render(
        request,
        "frontdoor/episode_detail.html",
        {
            "page_title": f"Child in need episode: {episode.person.display_name}",
            "episode": episode,
            "deadlines": person_deadlines(user=request.user, person=episode.person),
            "referrals_12_months": referrals_in_last_12_months(person=episode.person, on=episode.referral_date),
            "close_form": close_form if can_close else None,
            "can_plan": may_decide(request.user),
            "allocate_form": allocate_form if can_allocate else None,
        },
    )


@login_required
def episode_detail(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, episode_id=pk, purpose=request.GET.get("purpose", ""))
    return _render_episode(request, episode)


@login_required
@require_POST
def episode_close(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, episode_id=pk, purpose="close")
    _require(may_decide(request.user))
    form = forms.CloseEpisodeForm(request.POST)
    if form.is_valid():
        try:
            services.episode_close(actor=request.user, episode=episode, **form.cleaned_data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Episode closed")
            return redirect("frontdoor:episode-detail", episode.pk)
    return _render_episode(request, episode, close_form=form)


@login_required
def episode_cin_plan(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, episode_id=pk, purpose="child in need plan")
    _require(may_decide(request.user))

    def save(data: dict) -> str:
        services.episode_cin_plan_record(
            actor=request.user, episode=episode, started_on=data.get("started_on"), ended_on=data.get("ended_on")
        )
        return reverse("frontdoor:episode-detail", args=[episode.pk])

    return form_page(
        request,
        form_class=forms.CinPlanForm,
        title="Child in need plan",
        back=reverse("frontdoor:episode-detail", args=[episode.pk]),
        save=save,
        initial={"started_on": episode.cin_plan_started_on, "ended_on": episode.cin_plan_ended_on},
        person=episode.person,
        intro="The children in need census reports when the plan started and, once it has, when it ended.",
        success="Child in need plan saved",
    )


@login_required
@require_POST
def episode_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    episode = episode_get(user=request.user, episode_id=pk, purpose="allocate")
    _require(may_allocate(request.user))
    form = forms.AllocateForm(request.POST, workers=worker_choices())
    if form.is_valid():
        try:
            services.episode_allocate(
                actor=request.user, episode=episode, worker=worker_get(form.cleaned_data["worker"])
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Case allocated")
            return redirect("frontdoor:episode-detail", episode.pk)
    return _render_episode(request, episode, allocate_form=form)


# Giving a contact to a named worker ----------------------------------------------------------


@login_required
def contact_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign (or reassign) a contact, with each worker's current caseload beside their name."""
    contact = contact_get(user=request.user, contact_id=pk, purpose="assign")
    _require(may_assign(request.user))
    caseloads = worker_caseloads()
    form = forms.AssignForm(
        request.POST if request.method == "POST" else None,
        caseloads=caseloads,
        initial={"worker": str(contact.assigned_to_id or "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_assign(actor=request.user, contact=contact, worker=worker_get(form.cleaned_data["worker"]))
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            worker = worker_get(form.cleaned_data["worker"])
            messages.success(request, f"Contact {contact.reference} assigned to {worker}. They have been told")
            return redirect("frontdoor:contact-detail", contact.pk)
    return render(
        request,
        "frontdoor/contact_assign.html",
        {"page_title": f"Assign contact {contact.reference}", "contact": contact, "form": form},
    )


# A partner's web referral --------------------------------------------------------------------


@login_required
def referral_list_view(request: HttpRequest) -> HttpResponse:
    _require(may_refer(request.user))
    return render(
        request,
        "frontdoor/referral_list.html",
        {"page_title": "Your referrals", "referrals": referral_list(user=request.user)},
    )


def _known_child(request: HttpRequest) -> Any:
    """A child the partner already works with, chosen from their search (?child=ID), or None."""
    from jigsaw.access.policy import Action, can

    value = request.GET.get("child") or request.POST.get("child") or ""
    if not value.isdigit() or not can(request.user, Action.SEARCH):
        return None
    return person_get(user=request.user, person_id=int(value), purpose="make a referral")


def _referral_people(request: HttpRequest, d: dict[str, Any], known: Any) -> list[services.PersonEntry]:
    if known is not None:
        people = [services.PersonEntry(role=PersonRole.CHILD, relationship="Subject child", person_id=known.pk)]
    else:
        details = {
            "given_names": d["child_given_names"].strip(),
            "family_name": d["child_family_name"].strip(),
            "date_of_birth": d.get("child_date_of_birth"),
            "nhs_number": d.get("child_nhs_number", ""),
            "school": d.get("child_school", "").strip(),
            "address_line_1": d.get("address_line_1", "").strip(),
            "postcode": d.get("postcode", ""),
        }
        people = [services.PersonEntry(role=PersonRole.CHILD, relationship="Subject child", details=details)]
    if d.get("adult_given_names", "").strip() or d.get("adult_family_name", "").strip():
        adult = {
            "given_names": d["adult_given_names"].strip(),
            "family_name": d["adult_family_name"].strip(),
            "address_line_1": d.get("address_line_1", "").strip(),
            "postcode": d.get("postcode", ""),
        }
        people.append(
            services.PersonEntry(
                role=PersonRole.ADULT, relationship=d.get("adult_relationship", "").strip(), details=adult
            )
        )
    return people


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    """The referral form: the family (a child the partner works with, found by "already known?",
    or typed details), the worries in their words, whether the family knows, consent."""
    from jigsaw.access.policy import Action, can

    _require(may_refer(request.user))
    known = _known_child(request)
    form = forms.ReferralForm(
        request.POST if request.method == "POST" else None,
        known_child=known,
        initial={"caller_contact_details": ""},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = {
            "worries": d["worries"],
            "how_they_know_family": d.get("how_they_know_family", ""),
            "caller_contact_details": d["caller_contact_details"],
            "relationship_to_family": "",
            "family_aware": d["family_aware"],
            "consent": d["consent"],
            "consent_reason": d.get("consent_reason", ""),
            "lawful_basis": d.get("lawful_basis", ""),
        }
        try:
            contact = services.referral_make(actor=request.user, data=data, people=_referral_people(request, d, known))
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            return redirect("frontdoor:referral-received", contact.pk)
    find = forms.ReferralFindForm(request.GET if request.GET.get("name") else None)
    results = None
    if can(request.user, Action.SEARCH) and find.is_bound and find.is_valid():
        from jigsaw.people.matching import SearchQuery

        results = person_search(
            user=request.user,
            query=SearchQuery(name=find.cleaned_data["name"]),
            limit=10,
            purpose="referral: already known?",
        )
    return render(
        request,
        "frontdoor/referral_form.html",
        {
            "page_title": "Make a referral to children's social care",
            "form": form,
            "known": known,
            "find": find if can(request.user, Action.SEARCH) else None,
            "results": results,
        },
    )


@login_required
def referral_received(request: HttpRequest, pk: int) -> HttpResponse:
    _require(may_refer(request.user))
    contact = referral_get(user=request.user, contact_id=pk)
    return render(request, "frontdoor/referral_received.html", {"page_title": "Referral sent", "contact": contact})


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(may_refer(request.user))
    contact = referral_get(user=request.user, contact_id=pk)
    decision = getattr(contact, "decision", None) if contact.status == ContactStatus.DECIDED else None
    return render(
        request,
        "frontdoor/referral_detail.html",
        {"page_title": f"Referral {contact.reference}", "contact": contact, "decision": decision},
    )


# The partnership's levels of need ----------------------------------------------------------


@login_required
def levels(request: HttpRequest) -> HttpResponse:
    _require(may_manage_levels_of_need(request.user))
    return render(request, "frontdoor/levels.html", {"page_title": "Levels of need", "levels": levels_of_need_all()})


@login_required
def level_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(may_manage_levels_of_need(request.user))
    level = level_of_need_get(pk) if pk is not None else None
    initial = (
        {
            "label": level.label,
            "canonical_level": level.canonical_level,
            "description": level.description,
            "position": level.position,
            "in_use": level.in_use,
        }
        if level
        else {"position": len(levels_of_need_all()) + 1, "in_use": True}
    )
    form = forms.LevelOfNeedForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.level_of_need_save(actor=request.user, level=level, **form.cleaned_data)
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"Level of need {saved.label} saved")
            return redirect("frontdoor:levels")
    return render(
        request,
        "frontdoor/level_edit.html",
        {"page_title": f"Change {level.label}" if level else "Add a level of need", "form": form, "level": level},
    )
