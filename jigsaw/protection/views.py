"""Child protection screens. Thin: forms check shape, services decide, selectors read through
the access policy (a record the user may not see is a 404; an action their role does not
include is a 403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse

from jigsaw.access.choices import Role
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error
from jigsaw.core.locking import version_initial
from jigsaw.core.pages import form_page
from jigsaw.frontdoor.selectors import episode_for_person, episodes_awaiting_strategy
from jigsaw.meetings.services import Invitee
from jigsaw.people.selectors import person_get
from jigsaw.timescales.choices import STATUS_TAG_CLASSES

from . import census, forms, selectors, services
from .choices import ConferenceDecision, ConferenceKind, NotificationEvent, StrategyKind
from .permissions import ProtectionAction, may_manage_agency_emails, protection_can


def _require(user: Any, action: ProtectionAction, person: Any = None) -> None:
    if not protection_can(user, action, person):
        raise PermissionDenied


def _invitees(rows: list[dict]) -> list[Invitee]:
    return [Invitee(name=r["name"], email=r["email"], agency=r["agency"], role=r["role"]) for r in rows]


def _form_page(request: HttpRequest, *, form: Any, title: str, back: str, person: Any, **extra: Any) -> HttpResponse:
    return render(
        request,
        "core/form.html",
        {"page_title": title, "form": form, "back": back, "person": person, **extra},
    )


def _meeting_url(meeting: Any) -> str:
    """The meeting's own page in the meetings engine (papers, minutes), if it has one."""
    try:
        return reverse("meetings:detail", args=[meeting.pk])
    except NoReverseMatch:
        return ""


def _clash_warning(request: HttpRequest, form: Any, *, chair: Any, starts_at: Any) -> str:
    """The chair's meetings at that time, in words, the first time the form is sent with them;
    sent again unchanged, it goes ahead (two meetings may be meant to run together)."""
    from jigsaw.meetings.selectors import chair_clashes, clash_words

    seen = f"{getattr(chair, 'pk', '')}:{starts_at.isoformat()}"
    if chair is None or form.cleaned_data.get("clash_seen") == seen:
        return ""
    clashes = chair_clashes(chair=chair, starts_at=starts_at)
    if not clashes:
        return ""
    form.data = form.data.copy()
    form.data["clash_seen"] = seen
    return clash_words(user=request.user, chair=chair, clashes=clashes) + ". To convene it anyway, send the form again"


def _record_url(person_id: int) -> str:
    return reverse("protection:child", args=[person_id])


# Lists and the child's record


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    awaiting_record = selectors.strategy_discussions_awaiting_record(user=user)
    # A child whose discussion is already convened shows its date instead of "Convene".
    convened = {row.person_id: view.strategy for view in awaiting_record for row in view.children}
    return render(
        request,
        "protection/index.html",
        {
            "page_title": "Child protection",
            "awaiting_strategy": episodes_awaiting_strategy(user=user),
            "convened": convened,
            "awaiting_record": awaiting_record,
            "conferences_due": selectors.conferences_due(user=user),
            "plans_open": list(selectors.plans_open(user=user)[:500]),
            "can_convene_complex": protection_can(user, ProtectionAction.CONVENE_STRATEGY),
        },
    )


def _stage_links(record: selectors.ChildProtectionRecord, can: dict[str, bool]) -> list[str]:
    """Where each task list row leads: the next thing to do at that stage, if the user may do it."""
    person, episode, plan_view = record.person, record.episode, record.open_plan
    waiting = next((r for r in record.strategy_children if r.strategy.held_on is None), None)
    strategy = ""
    if waiting is not None:
        strategy = reverse(
            "protection:strategy-record" if can[ProtectionAction.RECORD_STRATEGY] else "protection:strategy",
            args=[waiting.strategy_id],
        )
    elif episode is not None and can[ProtectionAction.CONVENE_STRATEGY] and not record.strategy_children:
        strategy = reverse("protection:strategy-convene", args=[person.pk])
    elif record.strategy_children:
        strategy = reverse("protection:strategy", args=[record.strategy_children[0].strategy_id])
    s47 = record.section_47_awaiting_outcome
    s47_href = (
        reverse("protection:section47-complete", args=[s47.pk])
        if s47 and can[ProtectionAction.COMPLETE_SECTION_47]
        else ""
    )
    pending = record.conference_awaiting_record
    initial_href = review_href = ""
    if pending is not None and can[ProtectionAction.RECORD_CONFERENCE]:
        href = reverse("protection:conference-record", args=[pending.pk])
        if pending.kind == ConferenceKind.REVIEW:
            review_href = href
        else:
            initial_href = href
    convene = reverse("protection:conference-convene", args=[person.pk])
    if pending is None and can[ProtectionAction.CONVENE_CONFERENCE] and episode is not None:
        if record.section_47_for_icpc is not None:
            initial_href = f"{convene}?kind={ConferenceKind.INITIAL}"
        if plan_view is not None:
            review_href = f"{convene}?kind={ConferenceKind.REVIEW}"
    core_href = ""
    if plan_view is not None and can[ProtectionAction.RECORD_CORE_GROUP]:
        unrecorded = next((m for m in plan_view.core_group_meetings if m.held_on is None), None)
        core_href = (
            reverse("protection:core-group-record", args=[unrecorded.pk])
            if unrecorded
            else reverse("protection:core-group-convene", args=[plan_view.plan.pk])
        )
    return [strategy, s47_href, initial_href, "#plan" if record.plans else "", core_href, review_href]


@login_required
def child(request: HttpRequest, person_id: int) -> HttpResponse:
    record = selectors.protection_record(user=request.user, person_id=person_id)
    user, person = request.user, record.person
    can = {action.value: protection_can(user, action, person) for action in ProtectionAction}
    return render(
        request,
        "protection/child.html",
        {
            "page_title": f"Child protection: {person.display_name}",
            "record": record,
            "person": person,
            "stages": list(zip(record.stages, _stage_links(record, can), strict=True)),
            "tag_classes": STATUS_TAG_CLASSES,
            "can": can,
        },
    )


# Strategy discussions


@login_required
def strategy_convene(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, purpose="convene strategy discussion")
    _require(request.user, ProtectionAction.CONVENE_STRATEGY, person)
    episode = episode_for_person(user=request.user, person=person)
    form = forms.StrategyConveneForm(
        request.POST or None,
        professionals=selectors.involved_professionals(user=request.user, person=person),
        required_kinds=services.strategy_required_agencies(),
    )
    warning = ""
    if episode is None:
        form = None
    elif request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        # The convener chairs a strategy discussion: their own clashes are flagged.
        warning = _clash_warning(request, form, chair=request.user, starts_at=form.starts_at_value)
        if not warning:
            try:
                strategy = services.strategy_discussion_convene(
                    actor=request.user,
                    children=[services.ChildConcerns(episode=episode, concerns=d["concerns"])],
                    starts_at=form.starts_at_value,
                    location=d["location"],
                    online_link=d["online_link"],
                    invitees=_invitees(d["invitees"]),
                    professionals=form.chosen_professionals(),
                )
            except ApplicationError as e:
                add_application_error(form, e)
            else:
                messages.success(request, "Strategy discussion convened. Invitations are on their way")
                return redirect("protection:strategy", strategy.pk)
    return _form_page(
        request,
        form=form,
        title="Convene a strategy discussion",
        back=_record_url(person.pk),
        person=person,
        no_form_reason=f"{person.display_name} has no open child in need episode. A referral is needed first."
        if episode is None
        else "",
        warning=warning,
        button="Convene and send invitations",
    )


@login_required
def strategy_complex_convene(request: HttpRequest) -> HttpResponse:
    _require(request.user, ProtectionAction.CONVENE_STRATEGY)
    form = forms.ComplexStrategyConveneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        children = []
        for council_id, concerns, field in form.children():
            person = selectors.child_by_council_id(user=request.user, council_id=council_id)
            episode = episode_for_person(user=request.user, person=person) if person else None
            if person is None:
                form.add_error(field, f"No child you can see has the council id {council_id}")
            elif episode is None:
                form.add_error(field, f"{person.display_name} has no open child in need episode")
            else:
                children.append(services.ChildConcerns(episode=episode, concerns=concerns))
        if not form.errors:
            try:
                strategy = services.strategy_discussion_convene(
                    actor=request.user,
                    kind=StrategyKind.COMPLEX,
                    title=d["title"],
                    children=children,
                    starts_at=form.starts_at_value,
                    location=d["location"],
                    online_link=d["online_link"],
                    invitees=_invitees(d["invitees"]),
                )
            except ApplicationError as e:
                add_application_error(form, e)
            else:
                messages.success(request, "Complex strategy meeting convened. Invitations are on their way")
                return redirect("protection:strategy", strategy.pk)
    return _form_page(
        request,
        form=form,
        title="Convene a complex strategy meeting",
        back=reverse("protection:index"),
        person=None,
        intro="For concerns about complex abuse or an abuse network: several children, several households. "
        "Each child's record will show only what concerns that child.",
        button="Convene and send invitations",
    )


@login_required
def strategy_detail(request: HttpRequest, strategy_id: int) -> HttpResponse:
    view = selectors.strategy_discussion_get(user=request.user, strategy_id=strategy_id)
    people = [c.person for c in view.children]
    return render(
        request,
        "protection/strategy.html",
        {
            "page_title": view.strategy.title,
            "view": view,
            "can_record": view.awaiting_record
            and view.sees_every_child
            and all(protection_can(request.user, ProtectionAction.RECORD_STRATEGY, p) for p in people),
            "meeting_url": _meeting_url(view.strategy.meeting),
            "can_link": view.strategy.is_complex
            and any(protection_can(request.user, ProtectionAction.RECORD_STRATEGY, p) for p in people),
        },
    )


@login_required
def strategy_record(request: HttpRequest, strategy_id: int) -> HttpResponse:
    view = selectors.strategy_discussion_get(user=request.user, strategy_id=strategy_id, purpose="record")
    if not view.sees_every_child:
        raise PermissionDenied
    for row in view.children:
        _require(request.user, ProtectionAction.RECORD_STRATEGY, row.person)
    strategy = view.strategy
    invitations = list(strategy.meeting.invitations.select_related("agency").order_by("pk"))
    form = forms.StrategyRecordForm(request.POST or None, rows=view.children, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_discussion_record(
                actor=request.user,
                strategy=strategy,
                held_on=form.cleaned_data["held_on"],
                attendance=form.attendance(),
                decisions=form.decisions(),
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Strategy discussion recorded")
            return redirect("protection:strategy", strategy.pk)
    sections = [("When", ["held_on"])]
    if invitations:
        sections.append(("Who took part", [f"attendance_{i.pk}" for i in invitations]))
    for row in view.children:
        sections.append(
            (
                row.person.display_name,
                [f"child_{row.pk}_information", f"child_{row.pk}_section_47", f"child_{row.pk}_reason"],
            )
        )
    return _form_page(
        request,
        form=form,
        title="Record the strategy discussion",
        back=reverse("protection:strategy", args=[strategy.pk]),
        person=view.children[0].person if len(view.children) == 1 else None,
        caption=strategy.title,
        intro="Children's social care, the police and health must all take part.",
        sections=sections,
        button="Save",
    )


@login_required
def strategy_link_add(request: HttpRequest, strategy_id: int) -> HttpResponse:
    view = selectors.strategy_discussion_get(user=request.user, strategy_id=strategy_id, purpose="link")
    rows = [r for r in view.children if protection_can(request.user, ProtectionAction.RECORD_STRATEGY, r.person)]
    if not view.strategy.is_complex or not rows:
        raise PermissionDenied
    form = forms.EnquiryLinkForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        chosen = {int(pk) for pk in form.cleaned_data["children"]}
        try:
            services.enquiry_link_add(
                actor=request.user,
                strategy=view.strategy,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                children=[r for r in rows if r.pk in chosen],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Link saved")
            return redirect("protection:strategy", view.strategy.pk)
    return _form_page(
        request,
        form=form,
        title="Link an alleged perpetrator or a place",
        back=reverse("protection:strategy", args=[view.strategy.pk]),
        person=None,
        caption=view.strategy.title,
        button="Save",
    )


# Section 47 and assessments


@login_required
def section47_complete(request: HttpRequest, section_47_id: int) -> HttpResponse:
    section_47 = selectors.section47_get(user=request.user, section_47_id=section_47_id)
    person = section_47.person
    _require(request.user, ProtectionAction.COMPLETE_SECTION_47, person)

    def save(d: dict[str, Any]) -> str:
        services.section47_complete(
            actor=request.user,
            section_47=section_47,
            completed_on=d["completed_on"],
            outcome=d["outcome"],
            summary=d["summary"],
        )
        return _record_url(person.pk)

    return form_page(
        request,
        form_class=forms.Section47CompleteForm,
        title="Complete the section 47 enquiry",
        back=_record_url(person.pk),
        save=save,
        success="Section 47 enquiry completed",
        person=person,
        intro=f"Started {services.spoken(section_47.started_on)}.",
        button="Save",
    )


@login_required
def assessment_start(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, purpose="start assessment")
    _require(request.user, ProtectionAction.START_ASSESSMENT, person)
    episode = episode_for_person(user=request.user, person=person)
    form = forms.AssessmentStartForm(request.POST or None) if episode else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.assessment_start(actor=request.user, episode=episode, started_on=form.cleaned_data["started_on"])
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Assessment started")
            return redirect("protection:child", person.pk)
    return _form_page(
        request,
        form=form,
        title="Start a child and family assessment",
        back=_record_url(person.pk),
        person=person,
        intro=f"It is due within 45 working days of the referral on {services.spoken(episode.referral_date)}."
        if episode
        else "",
        no_form_reason="" if episode else f"{person.display_name} has no open child in need episode.",
        button="Start assessment",
    )


@login_required
def assessment_authorise(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    person = assessment.person
    _require(request.user, ProtectionAction.AUTHORISE_ASSESSMENT, person)

    def save(d: dict[str, Any]) -> str:
        with transaction.atomic():
            if d.get("internal_review_on"):
                census.assessment_internal_review_record(
                    actor=request.user,
                    assessment=assessment,
                    reviewed_on=d["internal_review_on"],
                    authorised_on=d["authorised_on"],
                )
            services.assessment_authorise(
                actor=request.user,
                assessment=assessment,
                authorised_on=d["authorised_on"],
                factors=d["factors"],
                child_seen=d["child_seen"] == "yes",
                summary=d["summary"],
                delay_reason=d["delay_reason"],
            )
        return _record_url(person.pk)

    return form_page(
        request,
        form_class=forms.AssessmentAuthoriseForm,
        title="Authorise the assessment",
        back=_record_url(person.pk),
        save=save,
        success="Assessment authorised",
        person=person,
        intro=f"Started {services.spoken(assessment.started_on)}.",
        button="Authorise",
    )


# Conferences


@login_required
def conference_convene(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, purpose="convene conference")
    _require(request.user, ProtectionAction.CONVENE_CONFERENCE, person)
    episode = episode_for_person(user=request.user, person=person)
    chairs = selectors.cp_chairs()
    initial = {"kind": request.GET.get("kind", "")} if request.GET.get("kind") in ConferenceKind.values else {}
    if request.user.role == Role.CP_CHAIR_IRO:
        initial["chair"] = str(request.user.pk)
    form = forms.ConferenceConveneForm(request.POST or None, chairs=chairs, initial=initial) if episode else None
    warning = ""
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        warning = _clash_warning(request, form, chair=form.chair, starts_at=form.starts_at_value)
    if form is not None and request.method == "POST" and form.is_valid() and not warning:
        d = form.cleaned_data
        try:
            conference = services.conference_convene(
                actor=request.user,
                episode=episode,
                kind=d["kind"],
                starts_at=form.starts_at_value,
                location=d["location"],
                online_link=d["online_link"],
                chair=form.chair,
                invitees=_invitees(d["invitees"]),
                transfer_notified_on=d["transfer_notified_on"],
                transferring_council=d["transferring_council"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(
                request, f"{conference.get_kind_display()} convened. The family and agencies are being invited"
            )
            return redirect("protection:child", person.pk)
    return _form_page(
        request,
        form=form,
        title="Convene a child protection conference",
        back=_record_url(person.pk),
        person=person,
        intro="The family, the allocated social worker and every professional involved with the child are invited.",
        no_form_reason="" if episode else f"{person.display_name} has no open child in need episode.",
        warning=warning,
        button="Convene and send invitations",
    )


@login_required
def conference_record(request: HttpRequest, conference_id: int) -> HttpResponse:
    conference = selectors.conference_get(user=request.user, conference_id=conference_id)
    person = conference.person
    _require(request.user, ProtectionAction.RECORD_CONFERENCE, person)
    invitations = list(conference.meeting.invitations.select_related("agency").order_by("pk"))
    form = forms.ConferenceRecordForm(
        request.POST or None,
        conference=conference,
        invitations=invitations,
        lead_practitioners=selectors.lead_practitioner_choices(),
        initial={
            "category": conference.plan.category if conference.plan_id else "",
            "lead_practitioner": str(conference.plan.lead_practitioner_id)
            if conference.plan_id and conference.plan.lead_practitioner_id
            else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.conference_record(
                actor=request.user,
                conference=conference,
                held_on=d["held_on"],
                attendance=form.attendance(),
                decision=d["decision"],
                category=d["category"],
                lead_practitioner=form.lead_practitioner,
                core_group_invitations=[int(pk) for pk in d["core_group"]],
                dissent=d["dissent"],
                inquorate_reason=d["inquorate_reason"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{conference.get_kind_display()} recorded")
            conference.refresh_from_db()
            if conference.decision == ConferenceDecision.PLAN:
                return redirect("protection:plan-agencies", conference.plan_started.pk, NotificationEvent.STARTED)
            if conference.decision == ConferenceDecision.END:
                return redirect("protection:plan-agencies", conference.plan_id, NotificationEvent.ENDED)
            return redirect("protection:child", person.pk)
    sections = [("When", ["held_on"])]
    if invitations:
        sections.append(("Attendance and apologies", [f"attendance_{i.pk}" for i in invitations]))
    sections.append(
        ("Decision", ["decision", "category", "lead_practitioner", "core_group", "dissent", "inquorate_reason"])
    )
    return _form_page(
        request,
        form=form,
        title=f"Record the {conference.get_kind_display().lower()}",
        back=_record_url(person.pk),
        person=person,
        intro=f"Set for {services.spoken(conference.convened_for)}. Quorum: children's social care and at least "
        "two other agencies.",
        sections=sections,
        button="Save",
    )


# Plans, core groups and visits


@login_required
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    pv = selectors.plan_view(user=request.user, plan_id=plan_id)
    user, person = request.user, pv.plan.person
    return render(
        request,
        "protection/plan.html",
        {
            "page_title": f"Child protection plan: {person.display_name}",
            "pv": pv,
            "person": person,
            "can": {action.value: protection_can(user, action, person) for action in ProtectionAction},
        },
    )


@login_required
def plan_agencies(request: HttpRequest, plan_id: int, event: str) -> HttpResponse:
    """Check your answers: which agencies are told that the plan started (or ended)."""
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    _require(request.user, ProtectionAction.CONFIRM_AGENCIES, plan.person)
    if event not in NotificationEvent.values or (event == NotificationEvent.ENDED and plan.ended_on is None):
        raise Http404("No such notice")
    waiting = selectors.plan_notifications_awaiting(plan=plan, event=event)
    listing = services.plan_agency_list(plan=plan, event=event)
    form = forms.PlanAgenciesForm(request.POST or None, rows=waiting)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        others = []
        if d["other_email"]:
            others.append(
                services.Recipient(name=d["other_name"], agency_name=d["other_agency"], email=d["other_email"])
            )
        try:
            sent = services.plan_notifications_confirm(
                actor=request.user, plan=plan, event=event, chosen=d.get("chosen", []), others=others
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{len(sent)} {'agency is' if len(sent) == 1 else 'agencies are'} being told")
            return redirect("protection:plan", plan.pk)
    what = "started" if event == NotificationEvent.STARTED else "ended"
    return render(
        request,
        "protection/agencies.html",
        {
            "page_title": f"Tell the agencies the plan {what}",
            "form": form,
            "person": plan.person,
            "back": reverse("protection:plan", args=[plan.pk]),
            "gaps": listing.gaps,
            "confirmed": not waiting,
            "intro": f"These agencies are involved with {plan.person.display_name}, from the record. Each is sent an "
            "email through Jigsaw; whether it went is shown on the plan.",
        },
    )


@login_required
def plan_end(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    _require(request.user, ProtectionAction.END_PLAN, plan.person)
    form = forms.PlanEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_end(
                actor=request.user,
                plan=plan,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Plan ended. Confirm which agencies are told")
            return redirect("protection:plan-agencies", plan.pk, NotificationEvent.ENDED)
    return _form_page(
        request,
        form=form,
        title="End the child protection plan",
        back=_record_url(plan.person_id),
        person=plan.person,
        intro=f"The plan started on {services.spoken(plan.started_on)}. Next, you confirm which agencies are told: "
        "those involved with the child, its school and GP, and those invited to its conferences.",
        button="End the plan",
    )


@login_required
def plan_category(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    _require(request.user, ProtectionAction.CHANGE_CATEGORY, plan.person)
    form = forms.CategoryChangeForm(request.POST or None, initial=version_initial(plan))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.plan_change_category(
                actor=request.user,
                plan=plan,
                category=d["category"],
                changed_on=d["changed_on"],
                reason=d["reason"],
                expected_version=d["version"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Category changed")
            return redirect("protection:child", plan.person_id)
    return _form_page(
        request,
        form=form,
        title="Change the category of abuse",
        back=_record_url(plan.person_id),
        person=plan.person,
        intro=f"Now: {plan.get_category_display().lower()}.",
        button="Save",
    )


@login_required
def visit_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    _require(request.user, ProtectionAction.RECORD_VISIT, plan.person)
    form = forms.VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.visit_record(
                actor=request.user,
                plan=plan,
                visited_on=d["visited_on"],
                seen_alone=d["seen_alone"] == "yes",
                notes=d["notes"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Visit recorded")
            return redirect("protection:child", plan.person_id)
    return _form_page(
        request, form=form, title="Record a visit", back=_record_url(plan.person_id), person=plan.person, button="Save"
    )


@login_required
def core_group_member_leave(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.core_group_member_get(user=request.user, member_id=member_id)
    plan = member.plan
    _require(request.user, ProtectionAction.RECORD_CORE_GROUP, plan.person)
    form = forms.CoreGroupLeaveForm(request.POST or None) if member.left_on is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.core_group_member_leave(actor=request.user, member=member, left_on=form.cleaned_data["left_on"])
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{member.name} has left the core group")
            return redirect("protection:plan", plan.pk)
    return _form_page(
        request,
        form=form,
        title=f"{member.name} leaves the core group",
        back=reverse("protection:plan", args=[plan.pk]),
        person=plan.person,
        intro="They stop being involved with the child through the core group: it leaves their work list "
        "and their access through it ends.",
        no_form_reason=f"{member.name} already left the core group." if form is None else "",
        button="Save",
    )


@login_required
def core_group_convene(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    _require(request.user, ProtectionAction.RECORD_CORE_GROUP, plan.person)
    form = forms.CoreGroupConveneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.core_group_convene(
                actor=request.user,
                plan=plan,
                starts_at=form.starts_at_value,
                location=d["location"],
                online_link=d["online_link"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Core group meeting convened. The core group is being invited")
            return redirect("protection:child", plan.person_id)
    return _form_page(
        request,
        form=form,
        title="Convene a core group meeting",
        back=_record_url(plan.person_id),
        person=plan.person,
        button="Convene and send invitations",
    )


@login_required
def core_group_record(request: HttpRequest, core_group_meeting_id: int) -> HttpResponse:
    core = selectors.core_group_meeting_get(user=request.user, core_group_meeting_id=core_group_meeting_id)
    person = core.plan.person
    _require(request.user, ProtectionAction.RECORD_CORE_GROUP, person)
    invitations = list(core.meeting.invitations.order_by("pk"))
    form = forms.CoreGroupRecordForm(request.POST or None, invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            services.core_group_record(
                actor=request.user,
                core_group_meeting=core,
                held_on=form.cleaned_data["held_on"],
                attendance=form.attendance(),
                notes=form.cleaned_data["notes"],
            )
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, "Core group meeting recorded")
            return redirect("protection:child", person.pk)
    return _form_page(
        request,
        form=form,
        title="Record the core group meeting",
        back=_record_url(person.pk),
        person=person,
        intro=f"Set for {services.spoken(core.meeting.local_date)}.",
        button="Save",
    )


# The agencies' safeguarding email addresses (system administrator, partnership manager).


def _require_agency_emails(user: Any) -> None:
    if not may_manage_agency_emails(user):
        raise PermissionDenied("Only the system administrator or the partnership manager keeps agencies' addresses")


@login_required
def agencies(request: HttpRequest) -> HttpResponse:
    _require_agency_emails(request.user)
    return render(
        request,
        "protection/agency_emails.html",
        {"page_title": "Agencies' safeguarding email addresses", "agencies": selectors.agencies_for_emails()},
    )


@login_required
def agency_email(request: HttpRequest, agency_id: int) -> HttpResponse:
    _require_agency_emails(request.user)
    agency = selectors.agency_for_email(agency_id=agency_id)
    form = forms.AgencyEmailForm(request.POST or None, initial={"email": agency.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_email_set(actor=request.user, agency=agency, email=form.cleaned_data["email"])
        except ApplicationError as e:
            add_application_error(form, e)
        else:
            messages.success(request, f"{agency.name}'s safeguarding email address saved")
            return redirect("protection:agencies")
    return _form_page(
        request,
        form=form,
        title=f"Safeguarding email address: {agency.name}",
        back=reverse("protection:agencies"),
        person=None,
        button="Save",
    )
