"""Timescales screens: the rules and bank holidays, a person's deadlines, the reason for a delay,
and a team manager cancelling a deadline that is no longer needed.

Thin: selectors read through the access policy (a person the user may not see is a 404),
clocks.py decides who may record and sign off a reason for delay.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, can
from jigsaw.audit.actor import records_actor
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import add_application_error
from jigsaw.core.locking import version_initial
from jigsaw.people.selectors import person_get

from . import calendar, clocks, selectors
from .choices import BankHolidayKind
from .forms import CancelDeadlineForm, LateReasonForm, SignOffForm
from .models import Clock


@require_GET
@login_required
def rules(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    return render(
        request,
        "timescales/rules.html",
        {
            "page_title": "Timescales and bank holidays",
            "rules": selectors.rule_summary_list(),
            "holiday_years": [(year, selectors.holiday_list(year=year)) for year in (this_year, this_year + 1)],
            "removed_kind": BankHolidayKind.REMOVED,
            "day_zero_inclusive": calendar.day_zero_inclusive(),
        },
    )


@require_GET
@login_required
def person_deadlines(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id, purpose="deadlines")
    lines = selectors.person_deadlines(user=request.user, person=person)
    return render(
        request,
        "timescales/person_deadlines.html",
        {
            "page_title": f"Deadlines for {person.display_name}",
            "person": person,
            "running": [line for line in lines if line.is_open],
            "finished": [line for line in lines if not line.is_open],
            "can_explain": can(request.user, Action.CHANGE, person),
            "can_cancel": _may_cancel(request.user, person),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def late_reason(request: HttpRequest, clock_id: int) -> HttpResponse:
    clock = selectors.clock_get(user=request.user, clock_id=clock_id)
    person = person_get(user=request.user, person_id=clock.person_id, purpose="reason for delay")
    if not can(request.user, Action.CHANGE, person):
        raise PermissionDenied
    line = selectors.clock_line(clock=clock)
    is_manager = request.user.role == Role.TEAM_MANAGER
    signing_off = request.method == "POST" and "sign_off" in request.POST
    form = LateReasonForm(
        request.POST if request.method == "POST" and not signing_off else None,
        initial={"reason": clock.late_reason, **version_initial(clock)},
    )
    sign_off = SignOffForm(request.POST if signing_off else None, initial=version_initial(clock))
    if request.method == "POST":
        try:
            if signing_off:
                if sign_off.is_valid():
                    clocks.clock_late_reason_sign_off(
                        actor=request.user, clock=clock, expected_version=sign_off.cleaned_data["version"]
                    )
                    messages.success(request, f"Reason for delay signed off: {line.title}")
                    return redirect("timescales:person", person.pk)
            elif form.is_valid():
                clocks.clock_late_reason_record(
                    actor=request.user,
                    clock=clock,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
                signed = " and signed off" if is_manager else "; a team manager needs to sign it off"
                messages.success(request, f"Reason for delay recorded{signed}: {line.title}")
                return redirect("timescales:person", person.pk)
        except ApplicationError as e:
            add_application_error(sign_off if signing_off else form, e)
    return render(
        request,
        "timescales/late_reason.html",
        {
            "page_title": "Record the reason for a delay",
            "person": person,
            "clock": clock,
            "line": line,
            "form": form,
            "sign_off": sign_off,
            "can_sign_off": is_manager and bool(clock.late_reason) and clock.late_reason_signed_off_by_id is None,
        },
    )


# Cancelling a deadline that is no longer needed: a team manager's decision, with a reason.


def _may_cancel(user: Any, person: Any) -> bool:
    return getattr(user, "role", "") == Role.TEAM_MANAGER and can(user, Action.CHANGE, person)


@records_actor()
@transaction.atomic
def _clock_cancel_one(*, actor: Any, clock: Clock, reason: str) -> Clock:
    """Stop this one clock as no longer needed, today (or on its start, for one not started yet).

    clocks.clock_cancel names clocks by their record, or for a clock without one by the person,
    which would stop every running clock of the rule for them: refused when that is more than one.
    """
    subject = clock.subject if clock.content_type_id else None
    if subject is None:
        others = Clock.objects.open().filter(rule_key=clock.rule_key, person_id=clock.person_id).count()
        if others > 1:
            raise ApplicationError(
                "This deadline cannot be cancelled on its own here: the child has other deadlines of the same kind "
                "running. Cancel it from the record that started it",
                field="reason",
            )
    stopped = clocks.clock_cancel(
        rule_key=clock.rule_key,
        subject=subject,
        person=None if subject is not None else clock.person,
        stopped_on=max(timezone.localdate(), clock.started_on),
        reason=reason,
    )
    if stopped is None:
        raise ApplicationError("This deadline is no longer running, so there is nothing to cancel", field="reason")
    return stopped


@require_http_methods(["GET", "POST"])
@login_required
def cancel(request: HttpRequest, clock_id: int) -> HttpResponse:
    """Two steps: the reason, then "are you sure" with the reason shown; then back to the deadlines."""
    clock = selectors.clock_get(user=request.user, clock_id=clock_id)
    person = person_get(user=request.user, person_id=clock.person_id, purpose="cancel a deadline")
    if not _may_cancel(request.user, person):
        raise PermissionDenied
    line = selectors.clock_line(clock=clock)
    form = CancelDeadlineForm(request.POST if request.method == "POST" else None)
    confirming = False
    if request.method == "POST" and clock.is_open and form.is_valid():
        action = request.POST.get("confirm")
        if action == "yes":
            try:
                _clock_cancel_one(actor=request.user, clock=clock, reason=form.cleaned_data["reason"])
            except ApplicationError as e:
                add_application_error(form, e)
            else:
                messages.success(request, f"Deadline cancelled: {line.title}")
                return redirect("timescales:person", person.pk)
        elif action != "no":  # "Change the reason" goes back to the first step, keeping it
            confirming = True
    return render(
        request,
        "timescales/cancel.html",
        {
            "page_title": "Are you sure you want to cancel this deadline?" if confirming else "Cancel a deadline",
            "person": person,
            "line": line,
            "form": form,
            "confirming": confirming,
            "is_open": clock.is_open,
            "back": reverse("timescales:person", args=[person.pk]),
        },
    )
