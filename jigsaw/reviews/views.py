"""Partnership reviews screens: thin; services decide, selectors read through the access policy.

The partnership team (permissions.reviews_team) uses every screen; for everyone else every
URL answers 404, as a page that does not exist (urls.py: core.restricted.restricted_area_urls).
"""

from __future__ import annotations

from datetime import timedelta
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
from jigsaw.people.models import Person

from . import forms as f
from . import selectors, services
from .models import PartnerNotice
from .permissions import reviews_team


def _require(user: Any) -> None:
    if not reviews_team(user):
        raise PermissionDenied


def _incident_url(incident: Any) -> str:
    return reverse("reviews:incident", args=[incident.pk])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "reviews/index.html",
        {
            "page_title": "Partnership reviews",
            "today": today,
            "open": list(selectors.open_incidents(user=user).prefetch_related("children__person")),
            "finished": list(selectors.finished_incidents(user=user)[:20]),
            "actions": selectors.open_actions(user=user),
        },
    )


def _described(person: Person, how: str = "") -> tuple[str, str]:
    born = f"born {govuk_date(person.date_of_birth)}" if person.date_of_birth else "date of birth not known"
    return str(person.pk), f"{person.display_name}, {born} ({person.council_id}){'. ' + how if how else ''}"


def _chosen(ids: list[str], pool: dict[str, Person]) -> list[Person]:
    return [pool[i] for i in ids if i in pool]


def _posted_children(request: HttpRequest) -> list[Person]:
    """Children ticked on the form: only ones that were offered by a search of this user's (the
    ids are checked against the session's list, so a posted id cannot reach another record)."""
    offered = {str(i) for i in request.session.get("reviews_offered_children", [])}
    ids = [i for i in request.POST.getlist("children") if i in offered and i.isdigit()]
    return list(Person.objects.filter(pk__in=ids, restricted_area="", merged_into__isnull=True).order_by("pk"))


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """Record a serious incident. "Already known?" first: Search finds the children to choose;
    the form keeps what was typed."""
    _require(request.user)
    user, post = request.user, request.POST
    finding = post.get("find", "") == "children" if request.method == "POST" else False
    if request.method == "GET":
        request.session["reviews_offered_children"] = []
    chosen = _posted_children(request) if request.method == "POST" else []
    options = [_described(p) for p in chosen]
    found: int | None = None
    problems: dict[str, str] = {}
    if finding:
        name, dob = post.get("children_find_name", "").strip(), post.get("children_find_dob", "").strip()
        if name:
            hits = selectors.child_search(
                user=user, name=name, dob=dob, purpose="Serious incident: is the child already known?"
            )
            have = {p.pk for p in chosen}
            options += [_described(h.person, h.how) for h in hits if h.person.pk not in have]
            found = len(hits)
            offered = set(request.session.get("reviews_offered_children", [])) | {h.person.pk for h in hits}
            request.session["reviews_offered_children"] = sorted(offered)
        else:
            problems["children_find_name"] = "Enter a child's name to search for them"
    context = {
        "sections": f.INCIDENT_SECTIONS,
        "found": found,
        "intro": "A child died or was seriously harmed and abuse or neglect is known or suspected, or a looked-after "
        "child died. The Panel must be notified within 5 working days of the council becoming aware. Search for "
        "each child first: what Jigsaw holds about them (open services, plans, allocated workers) is filled in.",
        "button": "Record the incident",
    }
    form_kwargs = {"children_options": options}
    if finding:
        form = f.IncidentForm(post, **form_kwargs)
        form._errors = ErrorDict()
        for name, message in problems.items():
            form._errors[name] = form.error_class([message])
        return render(
            request,
            "reviews/incident_form.html",
            {"page_title": "Record a serious incident", "form": form, "back": reverse("reviews:index"), **context},
        )

    def save(data: dict[str, Any]) -> str:
        incident = services.incident_record(
            actor=user,
            children=chosen,
            incident_on=data["incident_on"],
            aware_on=data["aware_on"],
            place=data["place"],
            harm=data["harm"],
            abuse_or_neglect=data["abuse_or_neglect"],
            looked_after=data["looked_after"] == "yes",
            summary=data["summary"],
            partners_knowledge=data["partners_knowledge"],
        )
        request.session["reviews_offered_children"] = []
        messages.success(
            request,
            f"Serious incident {incident.reference} recorded. Notify the Panel by "
            f"{govuk_date(incident.notification_due_on)}",
        )
        return _incident_url(incident)

    return form_page(
        request,
        form_class=f.IncidentForm,
        form_kwargs=form_kwargs,
        template="reviews/incident_form.html",
        title="Record a serious incident",
        back=reverse("reviews:index"),
        save=save,
        **context,
    )


@login_required
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user)
    record = selectors.incident_get(user=request.user, incident_id=pk, purpose="serious incident record")
    return render(
        request,
        "reviews/incident.html",
        {
            "page_title": f"Serious incident {record.reference}",
            "i": record,
            "today": timezone.localdate(),
            "children": selectors.incident_children(incident=record),
            "notices": selectors.partner_notices(incident=record),
            "deadlines": selectors.incident_deadlines(incident=record),
            "requests": selectors.incident_requests(incident=record),
            "meetings": selectors.incident_meetings(incident=record),
            "facts": selectors.incident_findings(incident=record, kind="fact"),
            "learning": selectors.incident_findings(incident=record, kind="learning"),
            "actions": selectors.incident_actions(incident=record),
        },
    )


@login_required
def notification(request: HttpRequest, pk: int) -> HttpResponse:
    """What to type into the national online form (the Child Incident Notification), in its order."""
    _require(request.user)
    record = selectors.incident_get(
        user=request.user, incident_id=pk, purpose="serious incident: the notification's content"
    )
    return render(
        request,
        "reviews/notification.html",
        {
            "page_title": f"Notification content for {record.reference}",
            "i": record,
            "children": selectors.incident_children(incident=record),
            "council": request.user.agency.name if request.user.agency_id else "",
            "back": _incident_url(record),
        },
    )


def _page(request: HttpRequest, pk: int, purpose: str) -> Any:
    _require(request.user)
    return selectors.incident_get(user=request.user, incident_id=pk, purpose=purpose)


@login_required
def submitted(request: HttpRequest, pk: int) -> HttpResponse:
    record = _page(request, pk, "recording the notification as submitted")

    def save(data: dict[str, Any]) -> str:
        done = services.incident_notified(
            actor=request.user,
            incident=record,
            notified_on=data["notified_on"],
            national_reference=data["national_reference"],
            late_reason=data["late_reason"],
            expected_version=data.get("version"),
        )
        messages.success(
            request,
            f"Notification recorded. The rapid review is due by {govuk_date(done.rapid_review_due_on)}",
        )
        return _incident_url(done)

    return form_page(
        request,
        form_class=f.SubmittedForm,
        title="Record the notification as submitted",
        caption=record.reference,
        intro=f"Due by {govuk_date(record.notification_due_on)} (5 working days from "
        f"{govuk_date(record.aware_on)}, when the council became aware).",
        back=_incident_url(record),
        save=save,
        record=record,
        button="Save",
    )


@login_required
@require_POST
def partners_tell(request: HttpRequest, pk: int) -> HttpResponse:
    record = _page(request, pk, "telling the lead safeguarding partners")
    try:
        notices = services.incident_partners_tell(actor=request.user, incident=record)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Notice sent to {len(notices)} lead safeguarding partners")
    return redirect(_incident_url(record))


@login_required
def partner_received(request: HttpRequest, pk: int, notice_id: int) -> HttpResponse:
    record = _page(request, pk, "recording a partner's receipt")
    notice = PartnerNotice.objects.filter(incident=record, pk=notice_id).first()
    if notice is None:
        raise Http404

    def save(data: dict[str, Any]) -> str:
        services.partner_notice_acknowledge(actor=request.user, notice=notice, acknowledged_on=data["acknowledged_on"])
        return _incident_url(record)

    return form_page(
        request,
        form_class=f.ReceivedForm,
        title=f"{notice.organisation} received the notice",
        caption=record.reference,
        back=_incident_url(record),
        save=save,
        success=f"Receipt from {notice.organisation} recorded",
        button="Save",
    )


@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    record = _page(request, pk, "closing a serious incident")

    def save(data: dict[str, Any]) -> str:
        services.incident_close(
            actor=request.user,
            incident=record,
            closed_on=data["closed_on"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )
        return _incident_url(record)

    return form_page(
        request,
        form_class=f.CloseForm,
        title="Close: the incident does not meet the criteria",
        caption=record.reference,
        intro="Its deadlines stop: the notification, the partners' notice and the rapid review.",
        back=_incident_url(record),
        save=save,
        record=record,
        success=f"{record.reference} closed",
        button="Close the incident",
    )


@login_required
def rapid_review(request: HttpRequest, pk: int) -> HttpResponse:
    record = _page(request, pk, "recording the rapid review")

    def save(data: dict[str, Any]) -> str:
        services.rapid_review_record(
            actor=request.user,
            incident=record,
            sent_on=data["sent_on"],
            decision=data["decision"],
            reasons=data["reasons"],
            expected_version=data.get("version"),
        )
        return _incident_url(record)

    due = govuk_date(record.rapid_review_due_on) if record.rapid_review_due_on else "once notified"
    return form_page(
        request,
        form_class=f.RapidReviewForm,
        title="Record the rapid review sent to the Panel",
        caption=record.reference,
        intro=f"Due by {due} (15 working days from the notification).",
        back=_incident_url(record),
        save=save,
        record=record,
        success="Rapid review recorded",
        button="Save",
    )


@login_required
def panel_reply(request: HttpRequest, pk: int) -> HttpResponse:
    record = _page(request, pk, "recording the Panel's reply")

    def save(data: dict[str, Any]) -> str:
        services.panel_reply_record(
            actor=request.user,
            incident=record,
            reply=data["reply"],
            reply_on=data["reply_on"],
            expected_version=data.get("version"),
        )
        return _incident_url(record)

    return form_page(
        request,
        form_class=f.PanelReplyForm,
        title="Record the Panel's reply",
        caption=record.reference,
        back=_incident_url(record),
        save=save,
        record=record,
        success="The Panel's reply recorded",
        button="Save",
    )


@login_required
def requests_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the agencies that knew the child or family for what the rapid review needs."""
    from jigsaw.access.models import Agency
    from jigsaw.timescales.calendar import add_working_days

    record = _page(request, pk, "asking agencies for information")
    asked = set(record.requests.values_list("agency_id", flat=True))
    found = [a for a in selectors.agencies_involved(incident=record) if a.agency.pk not in asked]
    how = {str(a.agency.pk): a.how for a in found}
    others = [(str(a.pk), a.name) for a in Agency.objects.exclude(pk__in=[*asked, *map(int, how)]).order_by("name")]
    today = timezone.localdate()
    due = add_working_days(today, 5)
    if record.rapid_review_due_on:
        due = min(due, add_working_days(record.rapid_review_due_on, -3))
    initial = {
        "agencies": list(how),
        "asks": [key for key, _ in f.ASKS],
        "period_from": record.incident_on - timedelta(days=365),  # the year before, as panels usually ask
        "period_to": record.incident_on,
        "due_on": max(due, add_working_days(today, 1)),
    }

    def save(data: dict[str, Any]) -> str:
        chosen = [(Agency.objects.get(pk=a), how[a]) for a in data["agencies"] if a in how]
        if data.get("other_agency"):
            extra = Agency.objects.filter(pk=data["other_agency"]).exclude(pk__in=asked).first()
            if extra is not None:
                chosen.append((extra, "added by hand"))
        made = services.information_requests_make(
            actor=request.user,
            incident=record,
            agencies=chosen,
            due_on=data["due_on"],
            period_from=data["period_from"],
            period_to=data["period_to"],
            asks=data["asks"],
        )
        messages.success(request, f"{len(made)} agenc{'y' if len(made) == 1 else 'ies'} asked for information")
        return _incident_url(record)

    return form_page(
        request,
        form_class=f.RequestsForm,
        form_kwargs={
            "found": [(pk, f"{a.agency.name}: {a.how}") for pk, a in zip(how, found, strict=True)],
            "others": others,
        },
        initial=initial,
        title="Ask the agencies for information",
        caption=record.reference,
        intro="Each agency is emailed (without the child's name) and answers in Jigsaw; they are reminded two "
        "working days before the due date.",
        back=_incident_url(record),
        save=save,
        button="Send the requests",
    )


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    """An agency contact's requests to answer."""
    mine = list(selectors.request_scope(user=request.user).select_related("incident", "agency").order_by("due_on"))
    if not mine:
        raise PermissionDenied
    return render(
        request,
        "reviews/requests.html",
        {"page_title": "Rapid review requests", "requests": mine, "today": timezone.localdate()},
    )


@login_required
def request_page(request: HttpRequest, request_id: int) -> HttpResponse:
    """The request, and its answer: the agency's contact answers here (or the partnership team,
    for an agency that answered by email)."""
    asked = selectors.request_get(user=request.user, request_id=request_id, purpose="rapid review information request")
    children = selectors.incident_children(incident=asked.incident)
    team = reviews_team(request.user)
    back = _incident_url(asked.incident) if team else reverse("reviews:requests")
    asks = tuple(key for key, _ in f.ASKS if getattr(asked, f"asks_{key}"))
    context = {
        "asked": asked,
        "children": children,
        "today": timezone.localdate(),
        "team": team,
        "asks_labels": [label for key, label in f.ASKS if key in asks],
    }
    if asked.responded_at:
        return render(
            request,
            "reviews/request.html",
            {"page_title": f"Information for {asked.incident.reference}", "back": back, **context},
        )

    def save(data: dict[str, Any]) -> str:
        services.information_request_answer(
            actor=request.user,
            request=asked,
            chronology=data.get("chronology", ""),
            summary=data.get("summary", ""),
            practitioners=data.get("practitioners", ""),
        )
        return reverse("reviews:request", args=[asked.pk])

    return form_page(
        request,
        form_class=f.AnswerForm,
        form_kwargs={"asks": asks},
        template="reviews/request.html",
        title=f"Information for {asked.incident.reference}",
        back=back,
        save=save,
        success="Your agency's information was sent to the partnership",
        button="Send your agency's information",
        **context,
    )


@login_required
def rapid_review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The rapid review report for the Panel, as a PDF (the download is audited as an export)."""
    from .pdf import rapid_review_pdf

    record = _page(request, pk, "the rapid review report")
    response = HttpResponse(rapid_review_pdf(user=request.user, incident=record), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="rapid-review-{record.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# The rapid review meeting, its findings and immediate actions.


@login_required
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Convene the rapid review meeting through the meetings engine."""
    from django.conf import settings as django_settings

    record = _page(request, pk, "convening the rapid review meeting")

    def save(data: dict[str, Any]) -> str:
        link = services.rapid_review_meeting_convene(
            actor=request.user,
            incident=record,
            starts_at=f.at(data["starts_on"], data["start_time"]),
            location=data["location"],
            online_link=data["online_link"],
            scrutineer=services.Invitee(name=data["scrutineer_name"], email=data["scrutineer_email"]),
        )
        messages.success(
            request, f"Rapid review meeting convened for {govuk_date(link.meeting.local_date)}: invitations sent"
        )
        return _incident_url(record)

    partners = ", ".join(org for _, org, _ in django_settings.JIGSAW_SAFEGUARDING_PARTNERS)
    asked = ", ".join(r.agency.name for r in selectors.incident_requests(incident=record))
    return form_page(
        request,
        form_class=f.MeetingForm,
        title="Convene the rapid review meeting",
        caption=record.reference,
        intro=f"Invited: the lead safeguarding partners ({partners or 'none set up'}), the agencies asked for "
        f"information ({asked or 'none yet'}) and the independent scrutineer. Only the partnership team and those "
        "invited see the meeting in Jigsaw; the invitation email does not name the child.",
        back=_incident_url(record),
        save=save,
        button="Convene the meeting",
    )


FINDING_TITLES = {"fact": "Add a fact established", "learning": "Add learning identified"}


@login_required
def finding_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in FINDING_TITLES:
        raise Http404
    record = _page(request, pk, "recording the rapid review's findings")

    def save(data: dict[str, Any]) -> str:
        services.finding_add(actor=request.user, incident=record, kind=kind, text=data["text"])
        return _incident_url(record) + "#findings"

    return form_page(
        request,
        form_class=f.FindingForm,
        title=FINDING_TITLES[kind],
        caption=record.reference,
        back=_incident_url(record),
        save=save,
        success="Fact added" if kind == "fact" else "Learning added",
        button="Save",
    )


@login_required
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    """An immediate action for the safety of a child: its owner is told and sees it on My work."""
    from django.contrib.auth import get_user_model

    record = _page(request, pk, "agreeing an immediate action")

    def save(data: dict[str, Any]) -> str:
        owner = get_user_model().objects.filter(pk=data["owner"], is_active=True).first()
        made = services.immediate_action_add(
            actor=request.user, incident=record, action=data["action"], owner=owner, due_on=data["due_on"]
        )
        messages.success(request, f"Action added: {made.owner.full_name or made.owner.username} has been told")
        return _incident_url(record) + "#actions"

    return form_page(
        request,
        form_class=f.ActionForm,
        form_kwargs={"owners": selectors.action_owner_choices()},
        title="Add an immediate action for the safety of a child",
        caption=record.reference,
        back=_incident_url(record),
        save=save,
        button="Add the action",
    )


@login_required
def action_page(request: HttpRequest, action_id: int) -> HttpResponse:
    """The action, for its owner (who sees nothing else of the review) and the team; marked done
    here with a note."""
    action = selectors.action_get(user=request.user, action_id=action_id, purpose="rapid review immediate action")
    team = reviews_team(request.user)
    back = _incident_url(action.incident) if team else reverse("core:home")
    context = {"action": action, "today": timezone.localdate(), "team": team}
    title = f"Immediate action for {action.incident.reference}"
    if action.done_on:
        return render(request, "reviews/action.html", {"page_title": title, "back": back, **context})

    def save(data: dict[str, Any]) -> str:
        services.immediate_action_done(actor=request.user, action=action, done_on=data["done_on"], note=data["note"])
        return reverse("reviews:action", args=[action.pk])

    return form_page(
        request,
        form_class=f.ActionDoneForm,
        template="reviews/action.html",
        title=title,
        back=back,
        save=save,
        success="Action marked done",
        button="Mark it done",
        **context,
    )
