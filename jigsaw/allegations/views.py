"""Allegations against staff (LADO) screens: thin; services decide, selectors read through the access policy.

The LADO team (can(user, Action.LADO)) uses every screen. Someone invited to a case sees
that case and the list of their cases, nothing else. Everyone else: every URL answers 404,
as a page that does not exist (urls.py: core.restricted.restricted_area_urls).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.jinja2 import govuk_date
from jigsaw.core.pages import form_page
from jigsaw.people.matching import SearchQuery
from jigsaw.people.selectors import person_by_council_id, person_get, person_search
from jigsaw.records.models import RETENTION_CLASSES
from jigsaw.timescales.calendar import working_day_on_or_after

from . import forms as f
from . import selectors, services
from .choices import OUTCOME_HINTS
from .permissions import LadoAction, lado_can, lado_team
from .selectors import monday_of


def _require(user: Any, action: LadoAction) -> None:
    if not lado_can(user, action):
        raise PermissionDenied


def _case_url(allegation: Any) -> str:
    return reverse("allegations:case", args=[allegation.pk])


def _officer_choices() -> list[tuple[str, str]]:
    return [(str(u.pk), u.full_name or u.username) for u in selectors.lado_officers()]


def _officer(pk: str) -> Any | None:
    if not pk:
        return None
    return selectors.lado_officers().filter(pk=pk).first()


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not lado_team(user):
        # Someone invited to a case sees their own cases; anyone else may not use this area.
        cases = list(selectors.open_referrals(user=user)) + list(selectors.concluded_referrals(user=user))
        if not cases:
            raise PermissionDenied
        return render(
            request, "allegations/shared.html", {"page_title": "Allegations you are invited to", "cases": cases}
        )
    today = timezone.localdate()
    open_cases = list(selectors.open_referrals(user=user))
    return render(
        request,
        "allegations/index.html",
        {
            "page_title": "Allegations against people who work with children",
            "today": today,
            "duty_day": working_day_on_or_after(today),
            "on_duty": selectors.duty_officer_for(today),
            "open_cases": open_cases,
            "mine": [a for a in open_cases if a.duty_officer_id == user.pk],
            "next_due": selectors.next_deadlines(allegations=open_cases, today=today),
            "advice": list(selectors.advice_list(user=user)[:10]),
            "concluded": list(selectors.concluded_referrals(user=user)[:10]),
            "timeliness": selectors.timeliness_summary(user=user),
        },
    )


def _resolve_people(user: Any, data: dict[str, Any]) -> tuple[Any, list[Any]]:
    subject = None
    chosen = data.get("subject") or ""
    if chosen and chosen != f.NEW_SUBJECT:
        subject = person_by_council_id(user=user, council_id=chosen)
        if subject is None:
            raise ApplicationError("Search for the person again and choose them", field="subject")
    children = []
    for council_id in data.get("children") or []:
        child = person_by_council_id(user=user, council_id=council_id)
        if child is None:
            raise ApplicationError("Search for the children again and choose them", field="children")
        children.append(child)
    return subject, children


def _described(person: Any, how: str = "") -> tuple[str, str]:
    """A person as an option to choose: name, date of birth in words, council id, and why they match."""
    born = f"born {govuk_date(person.date_of_birth)}" if person.date_of_birth else "date of birth not known"
    return person.council_id, f"{person.display_name}, {born} ({person.council_id}){'. ' + how if how else ''}"


def _found(user: Any, *, name: str, dob: str, postcode: str = "", purpose: str) -> list[tuple[str, str]]:
    results = person_search(
        user=user, query=SearchQuery(name=name, dob_text=dob, postcode=postcode), limit=10, purpose=purpose
    )
    return [
        _described(r.person, f"{r.confidence.capitalize()} match: {'; '.join(r.reasons)}" if r.reasons else "")
        for r in results.people
    ]


def _chosen(user: Any, council_ids: list[str]) -> list[tuple[str, str]]:
    """People already chosen on the form, kept as options when it is posted back."""
    people = [person_by_council_id(user=user, council_id=c) for c in council_ids if c and c != f.NEW_SUBJECT]
    return [_described(p) for p in people if p is not None]


def _merge(*groups: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for group in groups:
        for value, text in group:
            seen.setdefault(value, text)
    return list(seen.items())


@login_required
def referral_new(request: HttpRequest) -> HttpResponse:
    """Record a referral. "Already known?" is on the form: Search finds the person the allegation
    is about and the children in the person index, to choose from; the form keeps what was typed."""
    _require(request.user, LadoAction.RECORD_REFERRAL)
    user, post = request.user, request.POST
    finding = post.get("find", "") if request.method == "POST" else ""
    subject_options = _chosen(user, [post.get("subject", "")])
    children_options = _chosen(user, post.getlist("children"))
    problems: dict[str, str] = {}
    found = {"subject": None, "children": None}
    if finding == "subject":
        if post.get("subject_find_name", "").strip():
            hits = _found(
                user,
                name=post["subject_find_name"],
                dob=post.get("subject_find_dob", ""),
                postcode=post.get("subject_find_postcode", ""),
                purpose="LADO referral: is the person already known?",
            )
            subject_options, found["subject"] = _merge(subject_options, hits), len(hits)
        else:
            problems["subject_find_name"] = "Enter the name of the person the allegation is about to search for them"
    elif finding == "children":
        if post.get("children_find_name", "").strip():
            hits = _found(
                user,
                name=post["children_find_name"],
                dob=post.get("children_find_dob", ""),
                purpose="LADO referral: are the children already known?",
            )
            children_options, found["children"] = _merge(children_options, hits), len(hits)
        else:
            problems["children_find_name"] = "Enter a child's name to search for them"
    form_kwargs = {"subject_options": subject_options, "children_options": children_options}
    context = {
        "sections": f.REFERRAL_SECTIONS,
        "found": found,
        "intro": "An allegation that someone who works with children, paid or voluntary, may have met the harm "
        "test. It goes to the officer on duty on the day it was received. Search for the person it is about and "
        "for the children: choose them if they are already known.",
        "button": "Record the referral",
    }
    if finding:
        # A search is not the referral being sent: the form comes back as typed, with the people
        # found to choose from and no errors except an empty search.
        form = f.ReferralForm(post, **form_kwargs)
        form._errors = ErrorDict()
        for name, message in problems.items():
            form._errors[name] = form.error_class([message])
        return render(
            request,
            "allegations/referral_form.html",
            {"page_title": "Record a referral", "form": form, "back": reverse("allegations:index"), **context},
        )

    def save(data: dict[str, Any]) -> str:
        subject, children = _resolve_people(user, data)
        new_subject = None
        if subject is None:
            new_subject = {
                "given_names": data["given_names"],
                "family_name": data["family_name"],
                "date_of_birth": data.get("date_of_birth"),
            }
        case = services.referral_record(
            actor=user,
            received_at=f.at(data["received_on"], data["received_time"]),
            referrer_name=data["referrer_name"],
            referrer_organisation=data["referrer_organisation"],
            referrer_role=data["referrer_role"],
            referrer_contact=data["referrer_contact"],
            employer_name=data["employer_name"],
            employer_sector=data["employer_sector"],
            subject_role=data["subject_role"],
            engagement=data["engagement"],
            employer_aware_on=data["employer_aware_on"],
            allegation=data["allegation"],
            harm_tests=data["harm_tests"],
            subject=subject,
            new_subject=new_subject,
            children=children,
        )
        officer = case.duty_officer
        messages.success(
            request,
            f"Referral {case.reference} recorded"
            + (f" and assigned to {officer.full_name or officer.username}, the duty officer" if officer else ""),
        )
        return _case_url(case)

    return form_page(
        request,
        form_class=f.ReferralForm,
        form_kwargs=form_kwargs,
        template="allegations/referral_form.html",
        title="Record a referral",
        back=reverse("allegations:index"),
        save=save,
        **context,
    )


@login_required
def advice_new(request: HttpRequest) -> HttpResponse:
    _require(request.user, LadoAction.RECORD_ADVICE)

    def save(data: dict[str, Any]) -> str:
        case = services.advice_record(
            actor=request.user,
            received_at=f.at(data["received_on"], data["received_time"]),
            referrer_name=data["referrer_name"],
            referrer_organisation=data["referrer_organisation"],
            referrer_role=data["referrer_role"],
            referrer_contact=data["referrer_contact"],
            employer_name=data["employer_name"],
            employer_sector=data["employer_sector"],
            subject_role=data["subject_role"],
            question=data["question"],
            advice_given=data["advice_given"],
        )
        messages.success(request, f"Advice consultation {case.reference} recorded")
        return _case_url(case)

    return form_page(
        request,
        form_class=f.AdviceForm,
        title="Record an advice consultation",
        back=reverse("allegations:index"),
        save=save,
        sections=f.ADVICE_SECTIONS,
        intro="A call for advice about a concern that does not meet the harm test. No meeting follows.",
        button="Record the advice",
    )


@login_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    allegation = selectors.allegation_get(user=user, allegation_id=pk, purpose="LADO case record")
    team = lado_team(user)
    return render(
        request,
        "allegations/case.html",
        {
            "page_title": ("Advice consultation " if allegation.is_advice else "Allegation ") + allegation.reference,
            "a": allegation,
            "team": team,
            "children": selectors.allegation_children(user=user, allegation=allegation),
            "access": list(selectors.allegation_access_list(allegation=allegation)) if team else [],
            "meetings": selectors.allegation_meetings(allegation=allegation),
            "deadlines": selectors.allegation_deadlines(allegation=allegation) if team else [],
            "outcome_hints": OUTCOME_HINTS,
            "retention": RETENTION_CLASSES[allegation.retention_class].keep_for,
        },
    )


def _team_case(request: HttpRequest, pk: int, action: LadoAction, purpose: str) -> Any:
    _require(request.user, action)
    return selectors.allegation_get(user=request.user, allegation_id=pk, purpose=purpose)


@login_required
def case_invite(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = _team_case(request, pk, LadoAction.INVITE, "inviting someone to a LADO case")

    def save(data: dict[str, Any]) -> str:
        invitee = selectors.invitable_user(username_or_email=data["user"])
        access = services.allegation_invite(
            actor=request.user, allegation=allegation, user=invitee, capacity=data["capacity"]
        )
        messages.success(request, f"{access.user} can now see this case")
        return _case_url(allegation)

    return form_page(
        request,
        form_class=f.InviteForm,
        title="Invite someone to this case",
        back=_case_url(allegation),
        save=save,
        caption=allegation.reference,
        intro="They will see this case only: not the LADO's other cases.",
        button="Invite",
    )


@login_required
@require_POST
def case_access_end(request: HttpRequest, pk: int, access_id: int) -> HttpResponse:
    allegation = _team_case(request, pk, LadoAction.INVITE, "ending someone's access to a LADO case")
    access = allegation.access.filter(pk=access_id, ended_on__isnull=True).select_related("user", "allegation").first()
    if access is None:
        raise Http404("No such access")
    services.allegation_access_end(actor=request.user, access=access)
    messages.success(request, f"{access.user} can no longer see this case")
    return redirect(_case_url(allegation))


@login_required
def case_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = _team_case(request, pk, LadoAction.ALLOCATE, "allocating a LADO case")

    def save(data: dict[str, Any]) -> str:
        officer = _officer(data["officer"])
        services.allegation_allocate(
            actor=request.user, allegation=allegation, officer=officer, expected_version=data["version"]
        )
        messages.success(request, f"Allocated to {officer}")
        return _case_url(allegation)

    return form_page(
        request,
        form_class=f.AllocateForm,
        form_kwargs={"officers": _officer_choices()},
        initial={"officer": str(allegation.duty_officer_id or "")},
        record=allegation,
        title="Allocate the case",
        back=_case_url(allegation),
        save=save,
        caption=allegation.reference,
        button="Allocate",
    )


@login_required
def case_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = _team_case(request, pk, LadoAction.CONVENE_MEETING, "convening a LADO meeting")

    def save(data: dict[str, Any]) -> str:
        others = [
            services.Invitee(name=r["name"], email=r["email"], agency=r["agency"], role=r["role"])
            for r in data["others"]
        ]
        link = services.allegation_meeting_convene(
            actor=request.user,
            allegation=allegation,
            starts_at=f.at(data["starts_on"], data["start_time"]),
            location=data["location"],
            online_link=data["online_link"],
            others=others,
        )
        messages.success(
            request, f"Allegation management meeting convened for {link.meeting.local_date:%-d %B %Y}: invitations sent"
        )
        return _case_url(allegation)

    return form_page(
        request,
        form_class=f.MeetingForm,
        title="Convene an allegation management meeting",
        back=_case_url(allegation),
        save=save,
        caption=allegation.reference,
        intro="With the employer, the police and children's social care as needed. Only the LADO team sees the "
        "meeting's papers in Jigsaw; the others receive the invitation by email.",
        button="Convene the meeting",
    )


@login_required
def case_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    allegation = _team_case(request, pk, LadoAction.RECORD_OUTCOME, "recording the outcome of a LADO case")

    def save(data: dict[str, Any]) -> str:
        done = services.allegation_conclude(
            actor=request.user,
            allegation=allegation,
            outcome=data["outcome"],
            concluded_on=data["concluded_on"],
            followed_by=data["followed_by"],
            notes=data["notes"],
        )
        messages.success(request, f"Outcome recorded: {done.get_outcome_display()}")
        return _case_url(allegation)

    return form_page(
        request,
        form_class=f.OutcomeForm,
        title="Record the outcome",
        back=_case_url(allegation),
        save=save,
        caption=allegation.reference,
        button="Record the outcome",
    )


@login_required
def rota(request: HttpRequest) -> HttpResponse:
    _require(request.user, LadoAction.SET_ROTA)
    today = timezone.localdate()
    this_week = monday_of(today)
    weeks = [
        (week, selectors.duty_week(week_start=week))
        for week in (this_week, this_week + dt.timedelta(weeks=1), this_week + dt.timedelta(weeks=2))
    ]
    return render(request, "allegations/rota.html", {"page_title": "Duty rota", "weeks": weeks, "today": today})


@login_required
def rota_week(request: HttpRequest, week: str) -> HttpResponse:
    _require(request.user, LadoAction.SET_ROTA)
    try:
        week_start = dt.date.fromisoformat(week)
    except ValueError:
        raise Http404("No such week") from None
    if week_start.weekday() != 0:
        raise Http404("A week starts on a Monday")
    current = {day: officer for day, officer in selectors.duty_week(week_start=week_start)}

    def save(data: dict[str, Any]) -> str:
        form_days = f.RotaWeekForm.DAYS
        officers = {
            week_start + dt.timedelta(days=n): _officer(data.get(name) or "") for n, name in enumerate(form_days)
        }
        try:
            services.duty_week_set(actor=request.user, week_start=week_start, officers=officers)
        except ApplicationError as error:
            # Name the day the service refused, so the message sits beside its box.
            for n, name in enumerate(form_days):
                day = week_start + dt.timedelta(days=n)
                if f"{day:%A} {day.day} {day:%B %Y}" in error.message:
                    raise ApplicationError(error.message, field=name) from None
            raise
        messages.success(request, f"Rota saved for the week starting {week_start.day} {week_start:%B %Y}")
        return reverse("allegations:rota")

    initial = {
        name: str(current[week_start + dt.timedelta(days=n)].pk) if current[week_start + dt.timedelta(days=n)] else ""
        for n, name in enumerate(f.RotaWeekForm.DAYS)
    }
    return form_page(
        request,
        form_class=f.RotaWeekForm,
        form_kwargs={"officers": _officer_choices(), "week_start": week_start},
        initial=initial,
        title=f"Duty rota: week starting {week_start.day} {week_start:%B %Y}",
        back=reverse("allegations:rota"),
        save=save,
        intro="Referrals received on a day go to that day's duty officer; at a weekend or on a bank holiday, "
        "to the next working day's.",
        button="Save the rota",
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    if not lado_team(user) and not selectors.allegation_scope(user=user).exists():
        raise PermissionDenied
    subject = person_get(user=user, person_id=person_id, purpose="allegations against staff (LADO) record")
    cases = list(selectors.person_allegations(user=user, person=subject))
    return render(
        request,
        "allegations/person.html",
        {"page_title": "Allegations (LADO)", "person": subject, "cases": cases, "team": lado_team(user)},
    )
