"""Family group conferences screens: thin; services decide, selectors read through the access policy.

A referral the user may not see is a 404; an action their role does not include is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from jigsaw.access.policy import Action, can
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import NOT_YET_MADE
from jigsaw.core.pages import form_page
from jigsaw.people.selectors import person_by_council_id, person_family_network, person_get, person_search

from . import forms, selectors, services
from .choices import STATUS_TAGS, ConferenceKind, ReferralStatus
from .permissions import FgcAction, fgc_can


def _area(user: Any) -> None:
    if not can(user, Action.FAMILY_GROUP_CONFERENCE):
        raise PermissionDenied


def _require(user: Any, action: FgcAction, referral: Any = None) -> None:
    people = [c.person for c in referral.children.all()] if referral is not None else [None]
    if not all(fgc_can(user, action, p) for p in people):
        raise PermissionDenied


def _case(referral_id: int) -> str:
    return reverse("fgc:referral", args=[referral_id])


def _can(user: Any, referral: Any) -> dict[str, bool]:
    return {a.value: all(fgc_can(user, a, c.person) for c in referral.children.all()) for a in FgcAction}


# Lists and the family's record.


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _area(request.user)
    return render(
        request,
        "fgc/index.html",
        {
            "page_title": "Family group conferences",
            "work": selectors.fgc_index(user=request.user),
            # Only those who may allocate a coordinator see the link to do it (no link to a 403).
            "can_allocate": fgc_can(request.user, FgcAction.ALLOCATE),
        },
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request.user)
    subject = person_get(user=request.user, person_id=person_id, purpose="family group conferences record")
    referrals = selectors.referrals_for_person(user=request.user, person=subject)
    return render(
        request,
        "fgc/person.html",
        {
            "page_title": "Family group conferences",
            "person": subject,
            "referrals": referrals,
            "status_tags": STATUS_TAGS,
            "can_refer": fgc_can(request.user, FgcAction.REFER, subject)
            and not any(r.status != ReferralStatus.CLOSED for r in referrals),
        },
    )


def _stage_links(record: selectors.FgcRecord, can_do: dict[str, bool]) -> dict[str, str]:
    r = record.referral
    coordinate = can_do[FgcAction.COORDINATE] and record.is_open
    links: dict[str, str] = {}
    if record.is_open and r.coordinator_id is None and can_do[FgcAction.ALLOCATE]:
        links["allocation"] = reverse("fgc:allocate", args=[r.pk])
    if r.coordinator_id:
        links["network"] = reverse("fgc:network", args=[r.pk])
        links["preparation"] = "#preparation"
    pending = record.pending
    if coordinate and pending is None and record.invited and record.current_plan is None:
        links["convene"] = reverse("fgc:convene", args=[r.pk])
    if pending is not None and pending.kind == ConferenceKind.INITIAL:
        links["convene"] = reverse("meetings:detail", args=[pending.meeting_id])
        if coordinate:
            if pending.held_on is None:
                links["information"] = reverse("fgc:information", args=[pending.pk])
            elif pending.private_time_from is None:
                links["private_time"] = reverse("fgc:private-time", args=[pending.pk])
            else:
                links["plan"] = reverse("fgc:plan", args=[pending.pk])
    if record.current_plan is not None:
        if pending is not None and pending.kind == ConferenceKind.REVIEW and coordinate:
            links["review"] = reverse("fgc:review", args=[pending.pk])
        elif coordinate and pending is None:
            links["review"] = reverse("fgc:convene", args=[r.pk])
        else:
            links["review"] = "#plan"
    return links


@login_required
def referral(request: HttpRequest, referral_id: int) -> HttpResponse:
    _area(request.user)
    record = selectors.fgc_record(user=request.user, referral_id=referral_id)
    can_do = _can(request.user, record.referral)
    links = _stage_links(record, can_do)
    names = ", ".join(p.display_name for p in record.children)
    return render(
        request,
        "fgc/referral.html",
        {
            "page_title": f"Family group conference: {names}",
            "record": record,
            "stages": [(s, links.get(s.key, "")) for s in record.stages],
            "can": can_do,
            "status_tags": STATUS_TAGS,
        },
    )


# Referral, allocation, closure.


@login_required
def refer(request: HttpRequest, person_id: int) -> HttpResponse:
    _area(request.user)
    child = person_get(user=request.user, person_id=person_id, purpose="refer for a family group conference")
    if not fgc_can(request.user, FgcAction.REFER, child):
        raise PermissionDenied

    def save(d: dict[str, Any]) -> str:
        children = [child]
        for council_id in d["other_children"]:
            other = person_by_council_id(user=request.user, council_id=council_id)
            if other is None:
                raise ApplicationError(f"No child you can see has the council id {council_id}", field="other_children")
            children.append(other)
        referral = services.referral_create(
            actor=request.user,
            children=children,
            referred_on=d["referred_on"],
            reason=d["reason"],
            family_agreed=d["family_agreed"] == "yes",
            family_agreed_by=d["family_agreed_by"],
            fgdm_offer=d["fgdm_offer"],
            fgdm_offered_on=d["fgdm_offered_on"],
            fgdm_recipients=d["fgdm_recipients"],
            fgdm_accepted=forms.yes_no(d["fgdm_accepted"]),
            fgdm_exemption_reasons=d["fgdm_exemption_reasons"],
        )
        return _case(referral.pk)

    return form_page(
        request,
        form_class=forms.ReferralForm,
        title="Refer for a family group conference",
        back=reverse("fgc:person", args=[child.pk]),
        save=save,
        person=child,
        button="Make the referral",
        success="Referral made. A coordinator will be allocated",
        sections=[
            ("The referral", ["other_children", "referred_on", "reason"]),
            ("The family's agreement", ["family_agreed", "family_agreed_by"]),
            (
                "Before care proceedings",
                ["fgdm_offer", "fgdm_offered_on", "fgdm_recipients", "fgdm_accepted", "fgdm_exemption_reasons"],
            ),
        ],
    )


@login_required
def allocate(request: HttpRequest, referral_id: int) -> HttpResponse:
    _area(request.user)
    referral = selectors.referral_get(user=request.user, referral_id=referral_id, purpose="allocate a coordinator")
    _require(request.user, FgcAction.ALLOCATE, referral)
    coordinators = list(selectors.coordinator_choices())

    def save(d: dict[str, Any]) -> str:
        coordinator = get_user_model().objects.filter(pk=d["coordinator"]).first()
        services.referral_allocate(
            actor=request.user,
            referral=referral,
            coordinator=coordinator,
            allocated_on=d["allocated_on"],
            expected_version=d["version"],
        )
        return _case(referral.pk)

    return form_page(
        request,
        form_class=forms.AllocateForm,
        form_kwargs={"coordinators": coordinators},
        initial={"coordinator": str(request.user.pk) if request.user in coordinators else ""},
        record=referral,
        title="Allocate an independent coordinator",
        back=_case(referral.pk),
        save=save,
        caption=", ".join(c.person.display_name for c in referral.children.all()),
        intro="The coordinator must be independent: not the referring social worker, nor the child's allocated worker.",
        button="Allocate",
        success="Coordinator allocated",
    )


@login_required
def close(request: HttpRequest, referral_id: int) -> HttpResponse:
    _area(request.user)
    referral = selectors.referral_get(user=request.user, referral_id=referral_id, purpose="close")
    _require(request.user, FgcAction.CLOSE, referral)

    def save(d: dict[str, Any]) -> str:
        services.referral_close(actor=request.user, referral=referral, closed_on=d["closed_on"], reason=d["reason"])
        return _case(referral.pk)

    return form_page(
        request,
        form_class=forms.CloseForm,
        title="Close the family group conference",
        back=_case(referral.pk),
        save=save,
        caption=", ".join(c.person.display_name for c in referral.children.all()),
        button="Close",
        success="Closed",
        no_form_reason="This family group conference is already closed."
        if referral.status == ReferralStatus.CLOSED
        else "",
    )


# The family network.


@login_required
def network(request: HttpRequest, referral_id: int) -> HttpResponse:
    """The network as a table, the child's known relatives to add, and "already known?" for the rest."""
    _area(request.user)
    record = selectors.fgc_record(user=request.user, referral_id=referral_id)
    can_do = _can(request.user, record.referral)
    in_network = {m.person_id for m in record.network} | {p.pk for p in record.children}
    relatives = []
    if can_do[FgcAction.COORDINATE]:
        for child in record.children:
            for m in person_family_network(user=request.user, person=child).members:
                if m.person is not None and m.current and m.person.pk not in in_network:
                    relatives.append(m)
                    in_network.add(m.person.pk)
    form = forms.FindPersonForm(request.GET if "name" in request.GET else None)
    results = None
    if can_do[FgcAction.COORDINATE] and form.is_bound and form.is_valid():
        from jigsaw.people.matching import SearchQuery

        d = form.cleaned_data
        results = person_search(
            user=request.user,
            query=SearchQuery(name=d["name"], dob_text=d["dob"], postcode=d["postcode"]),
            limit=10,
            purpose="family group conference network: already known?",
        )
    return render(
        request,
        "fgc/network.html",
        {
            "page_title": "Family network",
            "record": record,
            "can": can_do,
            "relatives": relatives,
            "form": form,
            "results": results,
            "in_network": in_network,
            "query_string": request.GET.urlencode(),
        },
    )


@login_required
def network_add(request: HttpRequest, referral_id: int, person_id: int) -> HttpResponse:
    _area(request.user)
    referral = selectors.referral_get(user=request.user, referral_id=referral_id, purpose="family network")
    _require(request.user, FgcAction.COORDINATE, referral)
    member = person_get(user=request.user, person_id=person_id, purpose="add to a family network")

    def save(d: dict[str, Any]) -> str:
        services.network_member_add(actor=request.user, referral=referral, person=member, **forms.member_data(d))
        return reverse("fgc:network", args=[referral.pk])

    return form_page(
        request,
        form_class=forms.MemberForm,
        initial={"relationship": request.GET.get("relationship", ""), "attending": "unknown"},
        title=f"Add {member.display_name} to the family network",
        back=reverse("fgc:network", args=[referral.pk]),
        save=save,
        caption=member.council_id,
        button="Add to the network",
        success=f"{member.display_name} added to the family network",
    )


@login_required
def network_new(request: HttpRequest, referral_id: int) -> HttpResponse:
    _area(request.user)
    referral = selectors.referral_get(user=request.user, referral_id=referral_id, purpose="family network")
    _require(request.user, FgcAction.COORDINATE, referral)
    initial: dict[str, Any] = {"sex": "U", "attending": "unknown"}
    name = request.GET.get("name", "").split()
    if name:
        initial["given_names"] = " ".join(name[:-1]) if len(name) > 1 else name[0]
        initial["family_name"] = name[-1] if len(name) > 1 else ""

    def save(d: dict[str, Any]) -> str:
        services.network_person_add(
            actor=request.user,
            referral=referral,
            person_data=forms.person_data(d),
            relationship_kind=d["relationship_kind"],
            **forms.member_data(d),
        )
        return reverse("fgc:network", args=[referral.pk])

    return form_page(
        request,
        form_class=forms.NewMemberForm,
        initial=initial,
        title="Add someone new to the family network",
        back=reverse("fgc:network", args=[referral.pk]),
        save=save,
        intro="Only for someone not found in the search: they are added to the person index.",
        button="Add to the network",
        success="Added to the family network",
    )


@login_required
def network_edit(request: HttpRequest, member_id: int) -> HttpResponse:
    _area(request.user)
    member = selectors.network_member_get(user=request.user, member_id=member_id)
    referral = member.referral
    _require(request.user, FgcAction.COORDINATE, referral)

    def save(d: dict[str, Any]) -> str:
        services.network_member_update(
            actor=request.user, member=member, expected_version=d["version"], **forms.member_data(d)
        )
        return reverse("fgc:network", args=[referral.pk])

    return form_page(
        request,
        form_class=forms.MemberForm,
        initial={
            "relationship": member.relationship,
            "lives_in_home": "yes" if member.lives_in_home else "no",
            "invitation": member.invitation,
            "not_invited_reason": member.not_invited_reason,
            "attending": forms.as_yes_no(member.attending),
            "interpreter_language": member.interpreter_language,
            "needs_advocate": member.needs_advocate,
            "other_needs": member.other_needs,
        },
        record=member,
        title=f"Change {member.person.display_name}'s part in the network",
        back=reverse("fgc:network", args=[referral.pk]),
        save=save,
        caption=member.person.council_id,
        success="Saved",
    )


# Preparation and the conference.


@login_required
def preparation_add(request: HttpRequest, referral_id: int) -> HttpResponse:
    _area(request.user)
    referral = selectors.referral_get(user=request.user, referral_id=referral_id, purpose="preparation")
    _require(request.user, FgcAction.COORDINATE, referral)

    def save(d: dict[str, Any]) -> str:
        services.preparation_record(actor=request.user, referral=referral, **d)
        return _case(referral.pk) + "#preparation"

    return form_page(
        request,
        form_class=forms.PreparationForm,
        title="Record a preparation visit or call",
        back=_case(referral.pk),
        save=save,
        caption=", ".join(c.person.display_name for c in referral.children.all()),
        success="Preparation recorded",
    )


@login_required
def convene(request: HttpRequest, referral_id: int) -> HttpResponse:
    _area(request.user)
    record = selectors.fgc_record(user=request.user, referral_id=referral_id)
    referral = record.referral
    _require(request.user, FgcAction.COORDINATE, referral)
    kind = ConferenceKind.REVIEW if record.current_plan is not None else ConferenceKind.INITIAL
    holder: dict[str, Any] = {}

    class Form(forms.ConveneForm):
        def clean(self) -> dict:
            data = super().clean()
            if not self.errors:
                holder["starts_at"] = self.starts_at_value
            return data

    def save(d: dict[str, Any]) -> str:
        services.conference_convene(
            actor=request.user, referral=referral, starts_at=holder["starts_at"], location=d["location"], kind=kind
        )
        return _case(referral.pk)

    label = "review" if kind == ConferenceKind.REVIEW else "family group conference"
    return form_page(
        request,
        form_class=Form,
        title=f"Convene the {label}",
        back=_case(referral.pk),
        save=save,
        caption=", ".join(p.display_name for p in record.children),
        intro="You chair it. The network members invited and the referrer are sent the invitation.",
        button="Convene and send invitations",
        success=f"The {label} is convened",
    )


@login_required
def information(request: HttpRequest, conference_id: int) -> HttpResponse:
    _area(request.user)
    conference = selectors.conference_get(user=request.user, conference_id=conference_id)
    _require(request.user, FgcAction.COORDINATE, conference.referral)

    def save(d: dict[str, Any]) -> str:
        services.conference_information_record(actor=request.user, conference=conference, **d)
        return _case(conference.referral_id)

    return form_page(
        request,
        form_class=forms.InformationForm,
        title="Information giving",
        back=_case(conference.referral_id),
        save=save,
        caption=str(conference),
        intro="The first stage: the referrer and other professionals tell the family what worries them, "
        "what help there is, and any bottom lines.",
        success="Information giving recorded: the conference is held",
    )


@login_required
def private_time(request: HttpRequest, conference_id: int) -> HttpResponse:
    _area(request.user)
    conference = selectors.conference_get(user=request.user, conference_id=conference_id)
    _require(request.user, FgcAction.COORDINATE, conference.referral)

    def save(d: dict[str, Any]) -> str:
        services.conference_private_time_record(actor=request.user, conference=conference, **d)
        return reverse("fgc:plan", args=[conference.pk])

    return form_page(
        request,
        form_class=forms.PrivateTimeForm,
        title="Private family time",
        back=_case(conference.referral_id),
        save=save,
        caption=str(conference),
        intro="The second stage: the professionals, the coordinator too, leave the family to make their plan.",
        success="Private family time recorded",
    )


@login_required
def plan(request: HttpRequest, conference_id: int) -> HttpResponse:
    """The family's plan as it is written: who does what, by when; then the referrer's decision."""
    _area(request.user)
    conference = selectors.conference_get(user=request.user, conference_id=conference_id)
    referral = conference.referral
    _require(request.user, FgcAction.COORDINATE, referral)
    # Who may be given an action: never someone kept away from the conference for safety.
    members = [m for m in referral.network.select_related("person") if not m.kept_away]
    family_plan = conference.family_plan
    items = list(family_plan.items.select_related("member__person")) if family_plan else []

    def save(d: dict[str, Any]) -> str:
        member = None
        if d["who"] not in ("", "professional"):
            member = next((m for m in members if str(m.pk) == d["who"]), None)
            if member is None:
                raise ApplicationError("Choose who will do it", field="who")
        elif d["who"] == "":
            raise ApplicationError("Choose who will do it", field="who")
        services.plan_item_add(
            actor=request.user,
            conference=conference,
            what=d["what"],
            member=member,
            professional=d["professional"] if member is None else "",
            by_when=d["by_when"],
            ongoing=d["ongoing"],
        )
        return reverse("fgc:plan", args=[conference.pk])

    return form_page(
        request,
        form_class=forms.PlanItemForm,
        form_kwargs={"members": members},
        template="fgc/plan.html",
        title="The family's plan",
        back=_case(referral.pk),
        save=save,
        caption=str(conference),
        conference=conference,
        items=items,
        decided=bool(family_plan and family_plan.decision),
        button="Add to the plan",
        success="Added to the plan",
    )


@login_required
@require_POST
def plan_item_remove(request: HttpRequest, item_id: int) -> HttpResponse:
    _area(request.user)
    item = selectors.plan_item_get(user=request.user, item_id=item_id)
    conference = item.plan.conference
    _require(request.user, FgcAction.COORDINATE, conference.referral)
    try:
        services.plan_item_remove(actor=request.user, item=item)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Taken out of the plan")
    return redirect("fgc:plan", conference.pk)


@login_required
def plan_decide(request: HttpRequest, conference_id: int) -> HttpResponse:
    _area(request.user)
    conference = selectors.conference_get(user=request.user, conference_id=conference_id)
    _require(request.user, FgcAction.COORDINATE, conference.referral)

    def save(d: dict[str, Any]) -> str:
        services.plan_decide(actor=request.user, conference=conference, expected_version=d.pop("version"), **d)
        return _case(conference.referral_id) + "#plan"

    return form_page(
        request,
        form_class=forms.PlanDecisionForm,
        record=getattr(conference, "family_plan", None) or NOT_YET_MADE,
        title="Agreeing the plan",
        back=reverse("fgc:plan", args=[conference.pk]),
        save=save,
        caption=str(conference),
        intro="The third stage: the family present their plan. The referrer accepts it unless it leaves the "
        "child unsafe, and agrees the resources it needs.",
        button="Save the decision",
        success="Decision on the plan recorded",
    )


@login_required
def review(request: HttpRequest, conference_id: int) -> HttpResponse:
    _area(request.user)
    conference = selectors.conference_get(user=request.user, conference_id=conference_id)
    if conference.kind != ConferenceKind.REVIEW:
        raise Http404("Not a review")
    _require(request.user, FgcAction.COORDINATE, conference.referral)

    def save(d: dict[str, Any]) -> str:
        services.review_record(actor=request.user, conference=conference, **d)
        return _case(conference.referral_id)

    return form_page(
        request,
        form_class=forms.ReviewForm,
        title="Record the review",
        back=_case(conference.referral_id),
        save=save,
        caption=str(conference),
        success="Review recorded",
    )
