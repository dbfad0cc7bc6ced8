"""The partnership's screens: thin; services decide, selectors read.

Two kinds of page:
- public (no sign-in): the courses open to book, booking, a booking's own page through its
  signed link (cancel, evaluate, certificate), the demand survey, newsletter sign-up and
  unsubscribe. None of them shows anything but the professional's own booking or subscription.
- the partnership's own (signed in): the partnership manager runs everything; a trainer sees
  the sessions they train and marks attendance.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.pages import form_page

from . import forms, selectors, services
from .certificates import certificate_pdf
from .choices import Availability, BookingStatus, NewsletterStatus
from .emails import session_when, session_where
from .links import BOOKING_SALT, CONFIRM_SALT, UNSUBSCRIBE_SALT, booking_path, read_token
from .models import Booking, Course, DemandSurvey, Newsletter, Subscriber
from .permissions import is_partnership_manager, may_mark_attendance, may_open_training


def _manager(user: Any) -> None:
    if not is_partnership_manager(user):
        raise PermissionDenied


# Public pages: courses and booking.


def training(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/public/training.html",
        {
            "page_title": "Multi-agency safeguarding training",
            "sessions": selectors.sessions_open_to_book(),
            "when": session_when,
            "where": session_where,
        },
    )


def book(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_public(session_id)
    full = session.taken >= session.capacity

    def save(data: dict) -> str:
        booking = services.booking_make(session=session, **data)
        request.session["partnership_booked"] = booking.status
        return booking_path(booking)

    return form_page(
        request,
        form_class=forms.BookingForm,
        form_kwargs={"course": session.course},
        title=f"Book: {session.course.title}",
        caption=session_when(session),
        intro=(
            "This session is full: you can join its waiting list. If a place becomes free it is given to you "
            "straight away, and we email you."
            if full
            else "We email you a confirmation with a calendar invitation."
        ),
        back=reverse("partnership:training"),
        button="Join the waiting list" if full else "Book a place",
        save=save,
        template="partnership/public/form.html",
    )


def _booking_from(token: str) -> Booking:
    found = read_token(BOOKING_SALT, token)
    if found is None:
        raise Http404
    pk, email = found
    booking = Booking.objects.select_related("session__course").filter(pk=pk, email__iexact=email).first()
    if booking is None:
        raise Http404
    return booking


def booking(request: HttpRequest, token: str) -> HttpResponse:
    b = _booking_from(token)
    session = b.session
    now = timezone.now()
    just = request.session.pop("partnership_booked", None)
    return render(
        request,
        "partnership/public/booking.html",
        {
            "page_title": "Your booking",
            "b": b,
            "session": session,
            "when": session_when(session),
            "where": session_where(session),
            "token": token,
            "just": just,
            "can_cancel": b.status != BookingStatus.CANCELLED and session.starts_at > now,
            "can_evaluate": bool(b.attended) and not b.evaluated_at,
            "has_certificate": bool(b.attended),
            "face_to_face": session.course.face_to_face,
            "charge": session.course.charge_applies,
        },
    )


def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    b = _booking_from(token)

    def save(data: dict) -> str:
        services.booking_cancel(booking=b)
        return reverse("partnership:booking", args=[token])

    return form_page(
        request,
        form_class=forms.CancelForm,
        title="Cancel your booking",
        caption=b.session.course.title,
        intro=f"{session_when(b.session)}. If you cancel, your place goes to the first person on the waiting list.",
        back=reverse("partnership:booking", args=[token]),
        button="Cancel booking",
        success="Your booking is cancelled",
        save=save,
        template="partnership/public/form.html",
    )


def booking_evaluate(request: HttpRequest, token: str) -> HttpResponse:
    b = _booking_from(token)

    def save(data: dict) -> str:
        services.evaluation_make(
            booking=b, rating=int(data["rating"]), confidence=int(data["confidence"]), comments=data["comments"]
        )
        return reverse("partnership:booking", args=[token])

    return form_page(
        request,
        form_class=forms.EvaluationForm,
        title="Evaluate the course",
        caption=b.session.course.title,
        back=reverse("partnership:booking", args=[token]),
        button="Send evaluation",
        success="Thank you for your evaluation",
        save=save,
        template="partnership/public/form.html",
    )


def booking_certificate(request: HttpRequest, token: str) -> HttpResponse:
    b = _booking_from(token)
    if not b.attended:
        raise Http404
    audit_record(actor=request.user, kind=AuditKind.EXPORT, obj=b, purpose="training certificate")
    response = HttpResponse(certificate_pdf(b), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{b.pk}.pdf"'
    return response


def demand_respond(request: HttpRequest, token: str) -> HttpResponse:
    survey = DemandSurvey.objects.select_related("course").filter(token=token).first()
    if survey is None:
        raise Http404

    def save(data: dict) -> str:
        services.demand_response_make(survey=survey, **data)
        return reverse("partnership:demand-thanks")

    return form_page(
        request,
        form_class=forms.DemandResponseForm,
        title=f"When could your staff come to {survey.course.title}?",
        intro="Tell us how many people from your organisation would come at each time. Do not name anyone.",
        back=reverse("partnership:training"),
        button="Send",
        save=save,
        template="partnership/public/form.html",
    )


def demand_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/public/message.html",
        {"page_title": "Thank you", "text": "Your answer has been sent to the safeguarding children partnership."},
    )


# Public pages: newsletters.


def subscribe(request: HttpRequest) -> HttpResponse:
    def save(data: dict) -> str:
        services.subscriber_sign_up(**data)
        return reverse("partnership:subscribe-sent")

    return form_page(
        request,
        form_class=forms.SubscribeForm,
        title="Get the partnership's news",
        intro=(
            "Newsletters, updates, campaigns and event notices from the safeguarding children partnership. "
            "We keep only your name, organisation and email address, share them with no one, and delete "
            "them when you unsubscribe."
        ),
        back=reverse("partnership:training"),
        button="Sign up",
        save=save,
        template="partnership/public/form.html",
    )


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/public/message.html",
        {"page_title": "Check your email", "text": "We have sent you an email. Open the link in it to confirm."},
    )


def subscriber_confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(CONFIRM_SALT, token)
    subscriber = Subscriber.objects.filter(pk=found[0], email=found[1]).first() if found else None
    if subscriber is None:
        raise Http404
    services.subscriber_confirm(subscriber=subscriber)
    return render(
        request,
        "partnership/public/message.html",
        {"page_title": "You are subscribed", "text": "Every email we send you has a link to unsubscribe."},
    )


# One-click unsubscribe (RFC 8058) posts from the mail program, which has no CSRF token; the
# signed link is the proof that this is the subscriber, and it can only delete their own row.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(UNSUBSCRIBE_SALT, token)
    subscriber = Subscriber.objects.filter(pk=found[0], email=found[1]).first() if found else None
    if request.method == "POST":
        if subscriber is not None:
            services.subscriber_unsubscribe(subscriber=subscriber)
        return render(
            request,
            "partnership/public/message.html",
            {
                "page_title": "You are unsubscribed",
                "text": "Your name, organisation and email address have been deleted.",
            },
        )
    if subscriber is None:
        return render(
            request,
            "partnership/public/message.html",
            {"page_title": "You are not subscribed", "text": "We hold no details for this link."},
        )
    return render(request, "partnership/public/unsubscribe.html", {"page_title": "Unsubscribe"})


# The partnership's own screens.


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if not may_open_training(request.user):
        raise PermissionDenied
    now = timezone.now()
    sessions = selectors.sessions_for(request.user).order_by("starts_at")
    manager = is_partnership_manager(request.user)
    return render(
        request,
        "partnership/index.html",
        {
            "page_title": "Safeguarding children partnership" if manager else "Your training sessions",
            "manager": manager,
            "upcoming": [s for s in sessions if s.ends_at >= now],
            "past": list(reversed([s for s in sessions if s.ends_at < now]))[:30],
            "courses": selectors.courses() if manager else [],
            "surveys": DemandSurvey.objects.select_related("course")[:10] if manager else [],
            "newsletters": Newsletter.objects.all()[:10] if manager else [],
            "subscribers": Subscriber.objects.filter(confirmed_at__isnull=False).count() if manager else 0,
        },
    )


@login_required
def course_new(request: HttpRequest) -> HttpResponse:
    _manager(request.user)

    def save(data: dict) -> str:
        services.course_create(actor=request.user, **data)
        return reverse("partnership:index")

    return form_page(
        request,
        form_class=forms.CourseForm,
        title="Add a course",
        back=reverse("partnership:index"),
        button="Add course",
        success="Course added",
        save=save,
    )


def _at(day: Any, time: Any) -> Any:
    import datetime as dt

    return timezone.make_aware(dt.datetime.combine(day, time))


def _trainers() -> list[Any]:
    return list(get_user_model().objects.filter(is_active=True).exclude(role="").order_by("full_name", "username"))


@login_required
def session_new(request: HttpRequest, course_id: int) -> HttpResponse:
    _manager(request.user)
    course = get_object_or_404(Course, pk=course_id)

    def save(data: dict) -> str:
        trainer = get_user_model().objects.filter(pk=data["trainer"]).first() if data["trainer"] else None
        session = services.session_create(
            actor=request.user,
            course=course,
            starts_at=_at(data["day"], data["start_time"]),
            ends_at=_at(data["day"], data["end_time"]),
            capacity=data["capacity"],
            venue=data["venue"],
            online_link=data["online_link"],
            trainer=trainer,
            external_provider=data["external_provider"],
        )
        return reverse("partnership:session", args=[session.pk])

    return form_page(
        request,
        form_class=forms.SessionForm,
        form_kwargs={"trainers": _trainers()},
        title="Add a session",
        caption=course.title,
        back=reverse("partnership:index"),
        button="Add session",
        success="Session added",
        save=save,
    )


@login_required
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    s, bookings = selectors.session_get(user=request.user, session_id=session_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            ids = {int(v) for v in request.POST.getlist("attended")}
        except ValueError:
            ids = set()
            errors.append("Choose only people booked on this session")
        if not errors:
            try:
                services.attendance_mark(actor=request.user, session=s, attended_ids=ids)
            except ApplicationError as error:
                errors.append(error.message)
            else:
                messages.success(request, "Attendance saved")
                return redirect(reverse("partnership:session", args=[s.pk]))
    return render(
        request,
        "partnership/session.html",
        {
            "page_title": s.course.title,
            "s": s,
            "when": session_when(s),
            "where": session_where(s),
            "booked": [b for b in bookings if b.status == BookingStatus.BOOKED],
            "waiting": [b for b in bookings if b.status == BookingStatus.WAITING],
            "cancelled": [b for b in bookings if b.status == BookingStatus.CANCELLED],
            "may_mark": may_mark_attendance(request.user, s) and s.starts_at <= timezone.now() and not s.anonymised_at,
            "manager": is_partnership_manager(request.user),
            "counts": list(s.attendance_counts.all()),
            "errors": errors,
        },
    )


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _manager(request.user)
    return render(
        request,
        "partnership/figures.html",
        {"page_title": "Learning and development figures", "f": selectors.training_figures()},
    )


@login_required
def demand_new(request: HttpRequest) -> HttpResponse:
    _manager(request.user)
    courses = list(Course.objects.all())

    def save(data: dict) -> str:
        survey = services.demand_survey_create(
            actor=request.user, course=get_object_or_404(Course, pk=data["course"]), closes_on=data["closes_on"]
        )
        return reverse("partnership:demand", args=[survey.pk])

    return form_page(
        request,
        form_class=forms.DemandSurveyForm,
        form_kwargs={"courses": courses},
        title="Ask agencies when they could come",
        back=reverse("partnership:index"),
        button="Create survey",
        save=save,
        no_form_reason="" if courses else "Add a course first.",
    )


@login_required
def demand(request: HttpRequest, survey_id: int) -> HttpResponse:
    _manager(request.user)
    survey = get_object_or_404(DemandSurvey.objects.select_related("course"), pk=survey_id)
    return render(
        request,
        "partnership/demand.html",
        {
            "page_title": f"Demand for {survey.course.title}",
            "survey": survey,
            "table": selectors.demand_by_sector(survey),
            "times": Availability.choices,
            "link": request.build_absolute_uri(reverse("partnership:demand-respond", args=[survey.token])),
        },
    )


@login_required
def newsletter_new(request: HttpRequest) -> HttpResponse:
    _manager(request.user)

    def save(data: dict) -> str:
        newsletter = services.newsletter_create(actor=request.user, **data)
        return reverse("partnership:newsletter", args=[newsletter.pk])

    return form_page(
        request,
        form_class=forms.NewsletterForm,
        title="Write to subscribers",
        back=reverse("partnership:index"),
        button="Save draft",
        save=save,
    )


@login_required
def newsletter(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    _manager(request.user)
    n = get_object_or_404(Newsletter, pk=newsletter_id)
    return render(
        request,
        "partnership/newsletter.html",
        {
            "page_title": n.subject,
            "n": n,
            "draft": n.status == NewsletterStatus.DRAFT,
            "subscribers": Subscriber.objects.filter(confirmed_at__isnull=False).count(),
        },
    )


@login_required
@require_POST
def newsletter_send(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    _manager(request.user)
    n = get_object_or_404(Newsletter, pk=newsletter_id)
    try:
        services.newsletter_send(actor=request.user, newsletter=n)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Sending: the worker sends it in batches")
    return redirect(reverse("partnership:newsletter", args=[n.pk]))


# Arrangements and governance.


def _users() -> list[Any]:
    return _trainers()


@login_required
def governance(request: HttpRequest) -> HttpResponse:
    _manager(request.user)
    from .models import GovernanceDocument, GroupMeeting, PartnershipGroup

    return render(
        request,
        "partnership/governance.html",
        {
            "page_title": "Arrangements and governance",
            "groups": PartnershipGroup.objects.select_related("chair").prefetch_related("members__agency"),
            "documents": GovernanceDocument.objects.prefetch_related("versions"),
            "meetings": GroupMeeting.objects.select_related("group", "meeting").order_by("-meeting__starts_at")[:20],
            "attendance": selectors.attendance_by_agency(),
        },
    )


@login_required
def group_new(request: HttpRequest) -> HttpResponse:
    _manager(request.user)
    users = _users()

    def save(data: dict) -> str:
        chair = get_user_model().objects.filter(pk=data["chair"]).first()
        group = services.group_create(
            actor=request.user,
            name=data["name"],
            kind=data["kind"],
            terms_of_reference=data["terms_of_reference"],
            chair=chair,
        )
        return reverse("partnership:group", args=[group.pk])

    return form_page(
        request,
        form_class=forms.GroupForm,
        form_kwargs={"users": users},
        title="Add the executive or a subgroup",
        back=reverse("partnership:governance"),
        button="Add group",
        success="Group added",
        save=save,
    )


@login_required
def group(request: HttpRequest, group_id: int) -> HttpResponse:
    _manager(request.user)
    from .models import PartnershipGroup

    g = get_object_or_404(PartnershipGroup.objects.select_related("chair"), pk=group_id)
    return render(
        request,
        "partnership/group.html",
        {
            "page_title": g.name,
            "g": g,
            "members": g.members.select_related("agency", "user"),
            "meetings": g.meetings.select_related("meeting").order_by("-meeting__starts_at"),
            "attendance": selectors.attendance_by_agency(group=g),
        },
    )


@login_required
def member_new(request: HttpRequest, group_id: int) -> HttpResponse:
    _manager(request.user)
    from jigsaw.access.models import Agency

    from .models import PartnershipGroup

    g = get_object_or_404(PartnershipGroup, pk=group_id)
    agencies = list(Agency.objects.all())
    users = _users()

    def save(data: dict) -> str:
        services.member_add(
            actor=request.user,
            group=g,
            name=data["name"],
            agency=Agency.objects.filter(pk=data["agency"]).first(),
            role=data["role"],
            lead_partner=data["lead_partner"],
            user=get_user_model().objects.filter(pk=data["user"]).first() if data["user"] else None,
            email=data["email"],
        )
        return reverse("partnership:group", args=[g.pk])

    return form_page(
        request,
        form_class=forms.MemberForm,
        form_kwargs={"agencies": agencies, "users": users},
        title="Add a member",
        caption=g.name,
        back=reverse("partnership:group", args=[g.pk]),
        button="Add member",
        success="Member added",
        save=save,
    )


@login_required
def group_convene(request: HttpRequest, group_id: int) -> HttpResponse:
    _manager(request.user)
    from .models import PartnershipGroup

    g = get_object_or_404(PartnershipGroup, pk=group_id)

    def save(data: dict) -> str:
        row = services.group_meeting_convene(
            actor=request.user,
            group=g,
            starts_at=_at(data["day"], data["start_time"]),
            agenda=data["agenda"],
            location=data["location"],
        )
        return reverse("meetings:detail", args=[row.meeting_id])

    return form_page(
        request,
        form_class=forms.ConveneForm,
        title="Convene a meeting",
        caption=g.name,
        intro="The members are invited by email, with a calendar invitation. Attendance, papers, decisions and actions are recorded on the meeting's page.",
        back=reverse("partnership:group", args=[g.pk]),
        button="Convene and invite the members",
        success="Meeting convened",
        save=save,
    )


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    _manager(request.user)

    def save(data: dict) -> str:
        services.document_version_record(actor=request.user, **data)
        return reverse("partnership:governance")

    return form_page(
        request,
        form_class=forms.DocumentVersionForm,
        title="Record an approved version",
        back=reverse("partnership:governance"),
        button="Record version",
        success="Version recorded",
        save=save,
    )


@login_required
def actions(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.actions_for(request.user))
    if not rows and not is_partnership_manager(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return render(
        request,
        "partnership/actions.html",
        {"page_title": "Action log", "rows": rows, "today": today},
    )


@login_required
def action(request: HttpRequest, action_id: int) -> HttpResponse:
    a = selectors.actions_for(request.user).filter(pk=action_id).first()
    if a is None:
        raise Http404
    may_update = (a.owner_id == request.user.pk or is_partnership_manager(request.user)) and not a.done_on

    def save(data: dict) -> str:
        services.action_update_add(
            actor=request.user, action=a, text=data["text"], evidence=data["evidence"], done=data["done"]
        )
        return reverse("partnership:action", args=[a.pk])

    return form_page(
        request,
        form_class=forms.ActionUpdateForm,
        title="Update the action",
        back=reverse("partnership:actions"),
        button="Save update",
        success="Update saved",
        save=save,
        template="partnership/action.html",
        a=a,
        updates=list(a.partnership_updates.select_related("made_by")),
        may_update=may_update,
        overdue=a.done_on is None and a.due_on < timezone.localdate(),
    )


# Case file audits.


@login_required
def audits(request: HttpRequest) -> HttpResponse:
    _manager(request.user)
    from .models import CaseFileAudit

    return render(
        request,
        "partnership/audits.html",
        {"page_title": "Case file audits", "audits": CaseFileAudit.objects.prefetch_related("cases")},
    )


@login_required
def audit_new(request: HttpRequest) -> HttpResponse:
    _manager(request.user)

    def save(data: dict) -> str:
        audit = services.audit_create(actor=request.user, **data)
        return reverse("partnership:audit", args=[audit.pk])

    return form_page(
        request,
        form_class=forms.AuditForm,
        title="Start a case file audit",
        intro="The children are picked from Jigsaw's own records by the rule you choose. Restricted records are never picked.",
        back=reverse("partnership:audits"),
        button="Pick the children",
        save=save,
    )


def _auditors() -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, role="partner_practitioner")
        .select_related("agency")
        .order_by("agency__name", "full_name")
    )


@login_required
def audit(request: HttpRequest, audit_id: int) -> HttpResponse:
    _manager(request.user)
    from .models import CaseFileAudit

    a = get_object_or_404(CaseFileAudit, pk=audit_id)
    cases = list(a.cases.select_related("person", "auditor__agency"))
    # The partnership manager sees no child's record: the cohort by council number only.
    audit_record(actor=request.user, kind=AuditKind.VIEW, obj=a, purpose="case file audit cohort")
    return render(
        request,
        "partnership/audit.html",
        {
            "page_title": a.title,
            "a": a,
            "cases": cases,
            "report": selectors.audit_report(a),
            "open": a.status == "in_progress",
        },
    )


@login_required
def audit_assign(request: HttpRequest, case_id: int) -> HttpResponse:
    _manager(request.user)
    from .models import AuditCase

    case = get_object_or_404(AuditCase.objects.select_related("audit", "person"), pk=case_id)

    def save(data: dict) -> str:
        auditor = get_user_model().objects.filter(pk=data["auditor"]).first()
        services.audit_case_assign(actor=request.user, case=case, auditor=auditor)
        return reverse("partnership:audit", args=[case.audit_id])

    return form_page(
        request,
        form_class=forms.AssignForm,
        form_kwargs={"auditors": _auditors()},
        title=f"Choose the auditor for {case.person.council_id}",
        caption=case.audit.title,
        intro=f"The auditor can see this child's record until {case.audit.ends_on.day} {case.audit.ends_on:%B %Y}, or until the audit is closed, and no other child's.",
        back=reverse("partnership:audit", args=[case.audit_id]),
        button="Give the case to this auditor",
        success="Auditor assigned",
        save=save,
    )


@login_required
@require_POST
def audit_close(request: HttpRequest, audit_id: int) -> HttpResponse:
    _manager(request.user)
    from .models import CaseFileAudit

    a = get_object_or_404(CaseFileAudit, pk=audit_id)
    try:
        services.audit_close(actor=request.user, audit=a)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Audit closed: the auditors' access has ended")
    return redirect(reverse("partnership:audit", args=[a.pk]))


@login_required
def audit_mine(request: HttpRequest) -> HttpResponse:
    cases = list(selectors.audit_cases_for_auditor(request.user))
    if not cases:
        raise Http404
    return render(request, "partnership/audit_mine.html", {"page_title": "Your case file audit", "cases": cases})


@login_required
def audit_case(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.audit_cases_for_auditor(request.user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    a = case.audit

    def save(data: dict) -> str:
        answers = {str(i): data[f"q{i}"] for i in range(len(a.questions))}
        services.audit_case_grade(
            actor=request.user, case=case, answers=answers, findings=data["findings"], actions=data["actions"]
        )
        return reverse("partnership:audit-mine")

    initial = {f"q{k}": v for k, v in case.answers.items()} | {"findings": case.findings, "actions": case.actions}
    return form_page(
        request,
        form_class=forms.GradeForm,
        form_kwargs={"questions": a.questions, "grades": a.grades},
        initial=initial,
        title="Grade the case",
        caption=f"{a.title}: {case.person.display_name}",
        intro="Read the child's record, then grade it against each question of the partnership's tool.",
        back=reverse("partnership:audit-mine"),
        button="Save grades",
        success="Grades saved",
        save=save,
    )
