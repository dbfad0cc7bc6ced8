"""Information governance screens: thin, through services and selectors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.pages import form_page
from jigsaw.core.spreadsheets import csv_response
from jigsaw.people.selectors import person_get
from jigsaw.records.processing import NOTICE_CHANGES, NOTICE_VERSION, PROCESSING, REGULATOR, public_notices

from . import forms, selectors, services
from .choices import RightsKind
from .deadlines import BREACH_HOURS
from .permissions import GovernanceAction, governance_can, is_dpo

SAFEGUARDING_RULES_2024 = (
    "A child's right to be protected from harm comes before their privacy, or the privacy of an adult who is failing to protect them.",
    "Where it is safe and practicable, talk with the child and their carers, and explain what you will share and why.",
    "You do not need consent to share where a child is at risk of harm, or there is a perceived risk of harm.",
    "If you are unsure, ask for advice promptly (your manager, the safeguarding lead or the data protection officer).",
    "Protect the identities of anyone who could be harmed if their details became known.",
    "Share only relevant, accurate, up-to-date information, with people who have a role in keeping the child safe, "
    "and no more than is necessary; share it in time and securely.",
    "Record what you shared, with whom and why, or why you decided not to share.",
)
SEVEN_GOLDEN_RULES_2018 = (
    "Remember that the GDPR, the Data Protection Act 2018 and human rights law are not barriers to justified "
    "information sharing.",
    "Be open and honest with the individual (and/or their family) from the outset about why, what, how and with whom "
    "information will, or could be shared, and seek their agreement, unless it is unsafe or inappropriate to do so.",
    "Seek advice from other practitioners, or your information governance lead, if you are in any doubt.",
    "Where possible, share information with consent. You may share without consent if there is a lawful basis, "
    "for example where safety may be at risk.",
    "Consider safety and well-being: base your decisions on the safety and well-being of the individual and others.",
    "Necessary, proportionate, relevant, adequate, accurate, timely and secure.",
    "Keep a record of your decision and the reasons for it, whether it is to share information or not.",
)


def _require(ok: bool) -> None:
    if not ok:
        raise PermissionDenied("Your role does not include this")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The DPO's one screen of what needs them."""
    _require(is_dpo(request.user))
    today = timezone.localdate()
    requests = [(r, selectors.rights_request_due_on(r)) for r in selectors.rights_requests_open(user=request.user)]
    requests.sort(key=lambda pair: pair[1])
    breaches = [(b, selectors.breach_hours_left(b)) for b in selectors.breaches_open(user=request.user)]
    return render(
        request,
        "governance/index.html",
        {
            "page_title": "Information governance",
            "to_review": list(selectors.sharing_to_review(user=request.user)[:100]),
            "requests": requests,
            "breaches": breaches,
            "today": today,
            "breach_hours": BREACH_HOURS,
        },
    )


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = person_get(user=request.user, person_id=person_id, purpose="information sharing record")
    _require(governance_can(request.user, GovernanceAction.RECORD_SHARING, subject))
    may_read_log = governance_can(request.user, GovernanceAction.READ_DISCLOSURES, subject)
    return render(
        request,
        "governance/person.html",
        {
            "page_title": "Information sharing",
            "person": subject,
            "decisions": list(selectors.sharing_decisions_for(user=request.user, person=subject)),
            "disclosures": list(selectors.disclosures_about(user=request.user, person=subject)[:500])
            if may_read_log
            else None,
            "requests": list(selectors.rights_requests_for(user=request.user, person=subject)),
            "may_log_request": governance_can(request.user, GovernanceAction.MANAGE_RIGHTS, subject),
        },
    )


@login_required
def sharing_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = person_get(user=request.user, person_id=person_id, purpose="record a sharing decision")
    _require(governance_can(request.user, GovernanceAction.RECORD_SHARING, subject))

    def save(d: dict[str, Any]) -> str:
        decision = services.sharing_decision_record(
            actor=request.user,
            person=subject,
            decided_on=d["decided_on"],
            shared=forms.yes_no(d["shared"]),
            information=d["information"],
            recipient_name=d["recipient_name"],
            recipient_agency=d["recipient_agency"],
            recipient_email=d["recipient_email"],
            purpose=d["purpose"],
            article_6=d["article_6"],
            special_condition=d["special_condition"],
            told=forms.yes_no(d["told"]),
            consent=d["consent"],
            reason=d["reason"],
        )
        return reverse("governance:sharing", args=[decision.pk])

    return form_page(
        request,
        form_class=forms.SharingDecisionForm,
        title="Record a decision to share information, or not to share",
        back=reverse("governance:person", args=[subject.pk]),
        save=save,
        template="governance/sharing_form.html",
        person=subject,
        button="Record the decision",
        success="Decision recorded",
        rules=SAFEGUARDING_RULES_2024,
        golden_rules=SEVEN_GOLDEN_RULES_2018,
        sections=[
            ("The decision", ["shared", "decided_on"]),
            (
                "What, with whom and why",
                ["information", "recipient_name", "recipient_agency", "recipient_email", "purpose"],
            ),
            ("The lawful basis", ["article_6", "special_condition"]),
            ("Telling the person, and their agreement", ["told", "consent"]),
        ],
    )


@login_required
def sharing(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.sharing_decision_get(user=request.user, decision_id=pk)
    may_review = (
        governance_can(request.user, GovernanceAction.REVIEW_SHARING, decision.person)
        and decision.decided_by_id != request.user.pk
        and decision.review_status == "awaiting"
    )

    def save(d: dict[str, Any]) -> str:
        services.sharing_decision_review(
            actor=request.user, decision=decision, note=d["note"], expected_version=d.get("version")
        )
        return reverse("governance:sharing", args=[decision.pk])

    if request.method == "POST" and not may_review:
        raise PermissionDenied("You cannot review this decision")
    return form_page(
        request,
        form_class=forms.ReviewForm,
        title="Sharing decision",
        back=reverse("governance:person", args=[decision.person_id]),
        save=save,
        template="governance/sharing.html",
        record=decision,
        decision=decision,
        person=decision.person,
        may_review=may_review,
        success="Decision reviewed",
    )


# Rights requests


@login_required
def rights_add(request: HttpRequest, person_id: int) -> HttpResponse:
    subject = person_get(user=request.user, person_id=person_id, purpose="log a rights request")
    _require(governance_can(request.user, GovernanceAction.MANAGE_RIGHTS, subject))

    def save(d: dict[str, Any]) -> str:
        rr = services.rights_request_log(
            actor=request.user,
            person=subject,
            kind=d["kind"],
            received_on=d["received_on"],
            requester_name=d["requester_name"],
            requester_relationship=d["requester_relationship"],
            details=d["details"],
        )
        return reverse("governance:rights-request", args=[rr.pk])

    return form_page(
        request,
        form_class=forms.RightsRequestForm,
        title="Log a rights request",
        back=reverse("governance:person", args=[subject.pk]),
        save=save,
        person=subject,
        intro="Rectification, erasure, restriction or objection. It must be answered within one calendar month "
        "of receipt (three for a complex request, if the requester is told within the first month).",
        button="Log the request",
        success="Request logged. Its deadline is on your My work",
    )


@login_required
def rights_request(request: HttpRequest, pk: int) -> HttpResponse:
    rr = selectors.rights_request_get(user=request.user, request_id=pk)
    return render(
        request,
        "governance/rights_request.html",
        {
            "page_title": f"Rights request {rr.reference}",
            "rr": rr,
            "person": rr.person,
            "due_on": selectors.rights_request_due_on(rr),
            "may_manage": governance_can(request.user, GovernanceAction.MANAGE_RIGHTS, rr.person) and rr.is_open,
            "is_rectification": rr.kind == RightsKind.RECTIFICATION,
        },
    )


@login_required
def rights_extend(request: HttpRequest, pk: int) -> HttpResponse:
    rr = selectors.rights_request_get(user=request.user, request_id=pk)
    _require(governance_can(request.user, GovernanceAction.MANAGE_RIGHTS, rr.person))

    def save(d: dict[str, Any]) -> str:
        services.rights_request_extend(
            actor=request.user, request=rr, reason=d["reason"], expected_version=d.get("version")
        )
        return reverse("governance:rights-request", args=[rr.pk])

    return form_page(
        request,
        form_class=forms.ExtendForm,
        title="Extend a complex request by two months",
        back=reverse("governance:rights-request", args=[rr.pk]),
        save=save,
        record=rr,
        person=rr.person,
        button="Extend the deadline",
        success="Deadline extended",
    )


@login_required
def rights_answer(request: HttpRequest, pk: int) -> HttpResponse:
    rr = selectors.rights_request_get(user=request.user, request_id=pk)
    _require(governance_can(request.user, GovernanceAction.MANAGE_RIGHTS, rr.person))

    def save(d: dict[str, Any]) -> str:
        services.rights_request_answer(
            actor=request.user,
            request=rr,
            outcome=d["outcome"],
            reason=d["reason"],
            addendum=d["addendum"],
            answered_on=d["answered_on"],
            expected_version=d.get("version"),
        )
        return reverse("governance:rights-request", args=[rr.pk])

    return form_page(
        request,
        form_class=forms.AnswerForm,
        title="Record the outcome",
        back=reverse("governance:rights-request", args=[rr.pk]),
        save=save,
        record=rr,
        person=rr.person,
        initial={"answered_on": timezone.localdate()},
        button="Record the outcome",
        success="Outcome recorded",
    )


# Breaches


@login_required
def breaches(request: HttpRequest) -> HttpResponse:
    _require(is_dpo(request.user))
    return render(
        request,
        "governance/breaches.html",
        {"page_title": "Data breaches", "breaches": list(selectors.breaches_all(user=request.user)[:500])},
    )


@login_required
def breach_add(request: HttpRequest) -> HttpResponse:
    _require(is_dpo(request.user))

    def save(d: dict[str, Any]) -> str:
        breach = services.breach_record(
            actor=request.user,
            summary=d["summary"],
            description=d["description"],
            aware_at=forms.at(d["aware_on"], d["aware_time"]),
            data_affected=d["data_affected"],
            people_affected=d["people_affected"],
            people_count=d["people_count"],
            risk=d["risk"],
            risk_assessment=d["risk_assessment"],
        )
        return reverse("governance:breach", args=[breach.pk])

    return form_page(
        request,
        form_class=forms.BreachForm,
        title="Log a data breach",
        back=reverse("governance:breaches"),
        save=save,
        caption="Information governance",
        intro=f"A breach that is a risk to people's rights must be reported to the ICO within {BREACH_HOURS} hours "
        "of the council becoming aware of it.",
        button="Log the breach",
        success="Breach logged",
    )


@login_required
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    _require(is_dpo(request.user))
    b = selectors.breach_get(user=request.user, breach_id=pk)
    return render(
        request,
        "governance/breach.html",
        {
            "page_title": f"Breach {b.reference}",
            "b": b,
            "hours_left": selectors.breach_hours_left(b),
            "breach_hours": BREACH_HOURS,
        },
    )


@login_required
def breach_ico(request: HttpRequest, pk: int) -> HttpResponse:
    _require(is_dpo(request.user))
    b = selectors.breach_get(user=request.user, breach_id=pk)

    def save(d: dict[str, Any]) -> str:
        reported = d["reported"] == "yes"
        services.breach_ico_decide(
            actor=request.user,
            breach=b,
            reported_at=forms.at(d["reported_on"], d["reported_time"]) if reported else None,
            ico_reference=d["ico_reference"] if reported else "",
            not_reported_reason="" if reported else d["not_reported_reason"],
            expected_version=d.get("version"),
        )
        return reverse("governance:breach", args=[b.pk])

    return form_page(
        request,
        form_class=forms.IcoForm,
        title="Telling the ICO",
        back=reverse("governance:breach", args=[b.pk]),
        save=save,
        record=b,
        caption=f"Breach {b.reference}",
        button="Save",
        success="Recorded",
    )


@login_required
def breach_close(request: HttpRequest, pk: int) -> HttpResponse:
    _require(is_dpo(request.user))
    b = selectors.breach_get(user=request.user, breach_id=pk)

    def save(d: dict[str, Any]) -> str:
        services.breach_close(
            actor=request.user,
            breach=b,
            people_told=d["people_told"],
            people_told_on=d["people_told_on"],
            actions=d["actions"],
            expected_version=d.get("version"),
        )
        return reverse("governance:breach", args=[b.pk])

    return form_page(
        request,
        form_class=forms.CloseForm,
        title="Close the breach",
        back=reverse("governance:breach", args=[b.pk]),
        save=save,
        record=b,
        caption=f"Breach {b.reference}",
        button="Close the breach",
        success="Breach closed",
    )


# The record of processing activities (Article 30)


@login_required
def processing(request: HttpRequest) -> HttpResponse:
    _require(governance_can(request.user, GovernanceAction.READ_PROCESSING))
    return render(
        request,
        "governance/processing.html",
        {
            "page_title": "Record of processing activities",
            "rows": selectors.processing_record(),
            "version": NOTICE_VERSION,
        },
    )


@login_required
@require_GET
def processing_csv(request: HttpRequest) -> HttpResponse:
    _require(governance_can(request.user, GovernanceAction.READ_PROCESSING))
    audit_record(actor=request.user, kind=AuditKind.EXPORT, purpose="record of processing activities (CSV)")
    header = [
        "Service area",
        "Record",
        "Purpose",
        "Classes of information",
        "Categories of people",
        "Recipients",
        "Transfers abroad",
        "Lawful basis",
        "Retention",
    ]
    rows = [
        [
            r.processing.name,
            r.model,
            r.processing.purpose,
            "; ".join(r.processing.information),
            "; ".join(r.processing.people),
            "; ".join(r.processing.recipients),
            r.processing.transfers,
            r.legal_basis,
            r.retention,
        ]
        for r in selectors.processing_record()
    ]
    return csv_response("record-of-processing.csv", header, rows)


# Public privacy notices: no sign-in.


@require_GET
def privacy_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "governance/privacy_index.html",
        {"page_title": "Privacy notices", "notices": public_notices(), "version": NOTICE_VERSION},
    )


@require_GET
def privacy_notice(request: HttpRequest, area: str) -> HttpResponse:
    notice = PROCESSING.get(area)
    if notice is None or not notice.public:
        raise Http404("No such privacy notice")
    rows = [r for r in selectors.processing_record() if r.processing.area == area]
    return render(
        request,
        "governance/privacy_notice.html",
        {
            "page_title": f"Privacy notice: {notice.name}",
            "notice": notice,
            "bases": sorted({r.legal_basis for r in rows}),
            "retention": sorted({r.retention for r in rows}),
            "version": NOTICE_VERSION,
            "changes": NOTICE_CHANGES,
            "regulator": REGULATOR,
        },
    )
