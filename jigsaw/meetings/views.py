"""Meeting screens: my meetings, one meeting's page, and a small page for each stage.

Thin: forms check shape, services decide, selectors read through the access policy (a
meeting the user may not see is a 404; one they may see but not run is a 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.ids import id_from
from jigsaw.core.locking import version_initial
from jigsaw.people.selectors import person_list
from jigsaw.records.disclosures import DisclosureRoute, disclosures_record, downloaded_by

from . import forms, services
from .models import Meeting, MeetingStatus
from .pdf import minutes_pdf
from .selectors import (
    agency_choices,
    agency_get,
    can_contribute,
    can_manage,
    chair_candidates,
    chair_clashes,
    clash_words,
    meeting_get,
    meeting_papers,
    meeting_stages,
    meetings_awaiting_minutes,
    meetings_upcoming,
    visible_subject_ids,
)


def _posted(request: HttpRequest) -> Any:
    """The form data when the form was sent (even with nothing chosen), else None."""
    return request.POST if request.method == "POST" else None


def _manageable(request: HttpRequest, pk: int, purpose: str) -> Meeting:
    meeting = meeting_get(user=request.user, meeting_id=pk, purpose=purpose)
    if not can_manage(request.user, meeting):
        raise PermissionDenied
    return meeting


def _user_choices() -> list[tuple[str, str]]:
    return [(str(u.pk), f"{u} ({u.get_role_display()})") for u in chair_candidates()]


def _subject_choices(request: HttpRequest, meeting: Meeting) -> list[tuple[str, str]]:
    visible = set(visible_subject_ids(user=request.user, meeting=meeting))
    return [
        (str(s.person_id), f"{s.person.display_name} ({s.person.council_id})")
        for s in meeting.subjects.select_related("person")
        if s.person_id in visible
    ]


def _subject(request: HttpRequest, meeting: Meeting, person_id: str | None) -> Any:
    if not person_id:
        return None
    # The form offers only the meeting's people, but a value that is not an id is still no one, not a crash.
    number = id_from(person_id)
    if number is None or number not in set(visible_subject_ids(user=request.user, meeting=meeting)):
        return None
    return meeting.subjects.select_related("person").get(person_id=number).person


def _page(request: HttpRequest, template: str, meeting: Meeting | None, title: str, **context: Any) -> HttpResponse:
    return render(request, f"meetings/{template}", {"page_title": title, "meeting": meeting, **context})


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/list.html",
        {
            "page_title": "My meetings",
            "upcoming": meetings_upcoming(user=request.user),
            "awaiting_minutes": meetings_awaiting_minutes(user=request.user)[:50],
        },
    )


@login_required
def convene(request: HttpRequest) -> HttpResponse:
    form = forms.ConveneForm(_posted(request), chair_choices=_user_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ids = form.council_ids()
        people = list(person_list(user=request.user).filter(council_id__in=ids))
        unknown = sorted(set(ids) - {p.council_id for p in people})
        if unknown:
            form.add_error("subjects", f"No person you can see has the council id {', '.join(unknown)}")
        else:
            chair = chair_candidates().filter(pk=data["chair"]).first() if data["chair"] else None
            clashes = chair_clashes(chair=chair, starts_at=data["starts_at"], ends_at=data["ends_at"])
            seen = f"{getattr(chair, 'pk', '')}:{data['starts_at'].isoformat() if data['starts_at'] else ''}"
            if clashes and data.get("clash_seen") != seen:
                # Flagged once; sent again unchanged, it goes ahead (meetings may be meant to overlap).
                form.data = form.data.copy()
                form.data["clash_seen"] = seen
                warning = clash_words(user=request.user, chair=chair, clashes=clashes)
                return _page(request, "convene.html", None, "Convene a meeting", form=form, warning=warning)
            try:
                meeting = services.meeting_convene(
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    location=data["location"],
                    online_link=data["online_link"],
                    chair=chair,
                    subjects=people,
                )
            except ApplicationError as e:
                forms.add_error(form, e)
            else:
                messages.success(request, "Meeting convened. Now invite people and agencies")
                return redirect("meetings:invite", meeting.pk)
    return _page(request, "convene.html", None, "Convene a meeting", form=form)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(user=request.user, meeting_id=pk)
    papers = meeting_papers(user=request.user, meeting=meeting)
    return _page(
        request,
        "detail.html",
        meeting,
        meeting.title,
        papers=papers,
        stages=meeting_stages(papers),
        can_reschedule=papers.can_manage and meeting.status == MeetingStatus.CONVENED,
    )


@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "invite")
    form = forms.InviteForm(_posted(request), agency_choices=agency_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = None
        if data["person"]:
            person = person_list(user=request.user).filter(council_id=data["person"].strip().upper()).first()
            if person is None:
                form.add_error("person", "No person you can see has that council id")
        if not form.errors:
            try:
                services.meeting_invite(
                    actor=request.user,
                    meeting=meeting,
                    invitees=[
                        services.Invitee(
                            name=data["name"],
                            email=data["email"],
                            role=data["role"],
                            agency=agency_get(data["agency"]),
                            person=person,
                        )
                    ],
                )
            except ApplicationError as e:
                forms.add_error(form, e)
            else:
                sent = " and sent the invitation" if data["email"] else ""
                messages.success(request, f"{data['name']} invited{sent}")
                if "another" in request.POST:
                    return redirect("meetings:invite", meeting.pk)
                return redirect("meetings:detail", meeting.pk)
    invitations = meeting_papers(user=request.user, meeting=meeting).invitations
    return _page(request, "invite.html", meeting, "Invite someone", form=form, invitations=invitations)


@login_required
def reply(request: HttpRequest, pk: int, invitation_id: int) -> HttpResponse:
    meeting = meeting_get(user=request.user, meeting_id=pk, purpose="reply")
    papers = meeting_papers(user=request.user, meeting=meeting)
    invitation = next((i for i in papers.invitations if i.pk == invitation_id), None)
    if invitation is None:
        raise Http404("No such invitation")
    if invitation.user_id != request.user.pk and not papers.can_manage:
        raise PermissionDenied
    form = forms.ReplyForm(_posted(request), initial={"reply": invitation.reply})
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_reply(actor=request.user, invitation=invitation, reply=form.cleaned_data["reply"])
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, f"Reply from {invitation.name} recorded")
            return redirect("meetings:detail", meeting.pk)
    own = invitation.user_id == request.user.pk
    return _page(
        request,
        "reply.html",
        meeting,
        "Your reply" if own else f"Record the reply from {invitation.name}",
        form=form,
        invitation=invitation,
    )


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "record attendance")
    invitations = meeting_papers(user=request.user, meeting=meeting).invitations
    form = forms.AttendanceForm(_posted(request), invitations=invitations)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(actor=request.user, meeting=meeting, attendance=form.attendance())
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Attendance recorded")
            return redirect("meetings:detail", meeting.pk)
    return _page(request, "attendance.html", meeting, "Record attendance", form=form, invitations=invitations)


@login_required
def report_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(user=request.user, meeting_id=pk, purpose="submit a report")
    if not can_contribute(request.user, meeting):
        raise PermissionDenied
    form = forms.ReportForm(
        _posted(request),
        agency_choices=agency_choices(),
        subject_choices=_subject_choices(request, meeting),
        initial={"agency": str(request.user.agency_id or "")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                agency=agency_get(data["agency"]),
                person=_subject(request, meeting, data.get("person")),
            )
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Report submitted")
            return redirect("meetings:detail", meeting.pk)
    return _page(request, "form_page.html", meeting, "Submit a report", form=form, button="Submit report")


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(user=request.user, meeting_id=pk, purpose="minutes")
    papers = meeting_papers(user=request.user, meeting=meeting)
    if not (papers.can_manage or papers.is_chair):
        raise PermissionDenied
    current = papers.minutes
    action = request.POST.get("action") if request.method == "POST" else None
    form = forms.MinutesForm(
        request.POST if action == "save" else None,
        initial={"text": current.text if current else "", **version_initial(current)},
    )
    # The approval carries the version the chair read, so text changed since is not approved unseen.
    approve = forms.MinutesApproveForm(request.POST if action == "approve" else None, initial=version_initial(current))
    # Circulating has no fields; a refusal is shown in its own error summary.
    problem = forms.ProblemForm({})
    problem.is_valid()
    try:
        if action == "save" and form.is_valid():
            services.minutes_draft(
                actor=request.user,
                meeting=meeting,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Draft minutes saved")
            return redirect("meetings:minutes", meeting.pk)
        if action == "approve" and approve.is_valid():
            services.minutes_approve(
                actor=request.user, meeting=meeting, expected_version=approve.cleaned_data["version"]
            )
            messages.success(request, "Minutes approved")
            return redirect("meetings:minutes", meeting.pk)
        if action == "circulate":
            services.minutes_circulate(actor=request.user, meeting=meeting)
            messages.success(request, "Minutes circulated to everyone who attended or sent apologies")
            return redirect("meetings:detail", meeting.pk)
    except ApplicationError as e:
        forms.add_error({"save": form, "approve": approve}.get(action or "", problem), e)
    return _page(
        request,
        "minutes.html",
        meeting,
        "Minutes",
        form=form,
        approve=approve,
        problem=problem,
        papers=papers,
        minutes=current,
    )


@login_required
def minutes_download(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get(user=request.user, meeting_id=pk, purpose="downloaded the minutes", audit=False)
    people = visible_subject_ids(user=request.user, meeting=meeting)
    audit_record(
        actor=request.user,
        kind=AuditKind.EXPORT,
        obj=meeting,
        purpose="downloaded the minutes (PDF)",
        subject_person_id=people[0] if people else None,
        also_about=people,
    )
    disclosures_record(
        person_ids=people,
        route=DisclosureRoute.PDF_DOWNLOAD,
        what=f"Minutes of {meeting.title} (PDF)",
        source=meeting,
        restricted_area=meeting.restricted_area,
        **downloaded_by(request.user),
    )
    response = HttpResponse(minutes_pdf(meeting, user=request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="minutes-{meeting.pk}.pdf"'
    return response


@login_required
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "record a decision")
    form = forms.DecisionForm(_posted(request), subject_choices=_subject_choices(request, meeting))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_record(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                code=data["code"],
                dissent=data["dissent"],
                person=_subject(request, meeting, data.get("person")),
            )
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Decision recorded")
            return redirect("meetings:detail", meeting.pk)
    return _page(request, "form_page.html", meeting, "Record a decision", form=form, button="Save decision")


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "add an action")
    form = forms.ActionForm(
        _posted(request), owner_choices=_user_choices(), subject_choices=_subject_choices(request, meeting)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = chair_candidates().filter(pk=data["owner"]).first() if data["owner"] else None
        try:
            services.action_add(
                actor=request.user,
                meeting=meeting,
                description=data["description"],
                due_on=data["due_on"],
                owner=owner,
                owner_name=data["owner_name"],
                person=_subject(request, meeting, data.get("person")),
            )
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Action added")
            if "another" in request.POST:
                return redirect("meetings:action-add", meeting.pk)
            return redirect("meetings:detail", meeting.pk)
    return _page(request, "form_page.html", meeting, "Add an action", form=form, button="Save action", another=True)


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int, action_id: int) -> HttpResponse:
    meeting = meeting_get(user=request.user, meeting_id=pk, purpose="complete an action")
    papers = meeting_papers(user=request.user, meeting=meeting)
    action = next((a for a in papers.actions if a.pk == action_id), None)
    if action is None:
        raise Http404("No such action")
    try:
        services.action_complete(actor=request.user, action=action)
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "Action marked as done")
    return redirect("meetings:detail", meeting.pk)


@login_required
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "reschedule")
    start = timezone.localtime(meeting.starts_at)
    initial = {
        "date": start.date(),
        "start_time": f"{start:%H:%M}",
        "end_time": f"{timezone.localtime(meeting.ends_at):%H:%M}" if meeting.ends_at else "",
        "location": meeting.location,
        "online_link": meeting.online_link,
        **version_initial(meeting),
    }
    form = forms.RescheduleForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_reschedule(
                actor=request.user,
                meeting=meeting,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                location=data["location"],
                online_link=data["online_link"],
                expected_version=data["version"],
            )
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Meeting rescheduled. Everyone invited has been sent the new time")
            return redirect("meetings:detail", meeting.pk)
    return _page(request, "form_page.html", meeting, "Reschedule the meeting", form=form, button="Reschedule")


@login_required
def held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "record held")
    start = timezone.localtime(meeting.starts_at)
    form = forms.HeldForm(_posted(request), initial={"date": start.date(), "start_time": f"{start:%H:%M}"})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_held(actor=request.user, meeting=meeting, held_at=form.cleaned_data["held_at"])
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Meeting recorded as held")
            return redirect("meetings:detail", meeting.pk)
    return _page(
        request,
        "form_page.html",
        meeting,
        "Record that the meeting took place",
        form=form,
        button="Save",
        intro="Give the date and time it actually took place, if that was not when it was set.",
    )


@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "cancel")
    form = forms.CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, "Meeting cancelled. Everyone invited has been told")
            return redirect("meetings:detail", meeting.pk)
    return _page(
        request, "form_page.html", meeting, "Cancel the meeting", form=form, button="Cancel the meeting", warning=True
    )


@login_required
def subject_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manageable(request, pk, "add a person")
    form = forms.SubjectAddForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        person = (
            person_list(user=request.user).filter(council_id=form.cleaned_data["council_id"].strip().upper()).first()
        )
        if person is None:
            form.add_error("council_id", "No person you can see has that council id")
        else:
            try:
                services.meeting_subject_add(
                    actor=request.user, meeting=meeting, person=person, notes=form.cleaned_data["notes"]
                )
            except ApplicationError as e:
                forms.add_error(form, e if e.field != "person" else ApplicationError(e.message, field="council_id"))
            else:
                messages.success(request, f"{person.display_name} added to the meeting")
                return redirect("meetings:detail", meeting.pk)
    return _page(request, "form_page.html", meeting, "Add a person the meeting is about", form=form, button="Add")


@login_required
def subject_notes(request: HttpRequest, pk: int, person_id: int) -> HttpResponse:
    meeting = _manageable(request, pk, "notes about a person")
    if person_id not in visible_subject_ids(user=request.user, meeting=meeting):
        raise Http404("No such person")
    subject = get_object_or_404(meeting.subjects.select_related("person"), person_id=person_id)
    form = forms.SubjectNotesForm(_posted(request), initial={"notes": subject.notes, **version_initial(subject)})
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_subject_notes(
                actor=request.user,
                subject=subject,
                notes=form.cleaned_data["notes"],
                expected_version=form.cleaned_data["version"],
            )
        except ApplicationError as e:
            forms.add_error(form, e)
        else:
            messages.success(request, f"Notes about {subject.person.display_name} saved")
            return redirect("meetings:detail", meeting.pk)
    return _page(
        request,
        "form_page.html",
        meeting,
        f"What concerns {subject.person.display_name}",
        form=form,
        button="Save notes",
    )
