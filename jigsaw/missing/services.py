"""Missing children: every write, as a named business action, in a transaction.

Each service checks who may act (permissions.py), checks the times in plain words
(ApplicationError naming the form field), saves, puts the event in the child's chronology,
starts or stops the clocks (the 72-hour return home interview; the decision on a strategy
discussion), and raises a prompt when the partnership's threshold is reached
(thresholds.py). The audit log records every change against the acting user
(@records_actor; models registered in apps.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, Role
from jigsaw.access.models import Involvement
from jigsaw.audit.actor import records_actor
from jigsaw.chronology.choices import Significance
from jigsaw.chronology.services import chronology_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.models import Person
from jigsaw.timescales.clocks import clock_start, clock_stop

from .choices import (
    EpisodeKind,
    Indicator,
    InterviewResponse,
    MissingFrom,
    PromptDecision,
    PromptTrigger,
    RiskLevel,
)
from .deadlines import RHI, STRATEGY_PROMPT
from .models import MissingEpisode, ReturnInterview, StrategyPrompt
from .permissions import MissingAction, missing_can, police_can_report
from .thresholds import threshold

SERVICE_NAME = "Missing episodes"
TEXT_MAX = 10_000


# Words for times, permission checks, time checks.


def spoken_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def spoken_at(moment: dt.datetime) -> str:
    """9:30pm on 3 December 2026 (GOV.UK style: 9pm, midday, midnight)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if (local.hour, local.minute) == (0, 0):
        hour = "midnight"
    elif (local.hour, local.minute) == (12, 0):
        hour = "midday"
    else:
        suffix = "am" if local.hour < 12 else "pm"
        twelve = local.hour % 12 or 12
        hour = f"{twelve}:{local.minute:02d}{suffix}" if local.minute else f"{twelve}{suffix}"
    return f"{hour} on {spoken_day(local.date())}"


def _require(actor: Any, action: MissingAction, person: Person | None = None) -> None:
    if not missing_can(actor, action, person):
        raise PermissionDenied("Your role does not include this action for missing children")


def _aware(moment: Any, *, field: str, what: str) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        raise ApplicationError(f"Enter the date and time {what}", field=field)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now():
        raise ApplicationError(f"The date and time {what} must be in the past", field=field)
    return moment


def _choice(value: str, choices: Any, *, field: str, message: str) -> str:
    if value not in choices.values:
        raise ApplicationError(message, field=field)
    return value


def _text(value: Any, *, field: str, label: str, required: bool = False, max_length: int = TEXT_MAX) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ApplicationError(f"Enter {label}", field=field)
    if len(text) > max_length:
        raise ApplicationError(
            f"{label[0].upper() + label[1:]} must be {max_length:,} characters or fewer", field=field
        )
    return text


def _local_date(moment: dt.datetime) -> dt.date:
    return timezone.localdate(moment)


def _agency(user: Any) -> Any:
    return user.agency if getattr(user, "agency_id", None) else None


def _case_owner(person: Person, actor: Any, *, action: str = MissingAction.RECORD_EPISODE) -> Any:
    """Whose "My work" a missing child's deadline lands on: their exploitation and missing
    worker if they have one, else whoever recorded the event if they may do the work (`action`);
    otherwise nobody, and the deadline goes to the team manager's unallocated list."""
    today = timezone.localdate()
    involvement = (
        Involvement.objects.filter(person=person, user__is_active=True, user__role=Role.EXPLOITATION_MISSING)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .select_related("user")
        .order_by("started_on", "pk")
        .first()
    )
    if involvement is not None:
        return involvement.user
    # A police officer reporting through the API does not own the council's deadline.
    return actor if missing_can(actor, action) else None


def _involve(person: Person, actor: Any, on: dt.date) -> None:
    """The exploitation and missing practitioner who records an episode has the child on "My work"."""
    if getattr(actor, "role", "") != Role.EXPLOITATION_MISSING:
        return
    today = timezone.localdate()
    open_ = Involvement.objects.filter(person=person, user=actor).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    if not open_.exists():
        Involvement.objects.create(
            user=actor, person=person, kind=InvolvementKind.ALLOCATED, service=SERVICE_NAME, started_on=min(on, today)
        )


def _check_child(person: Person, went_missing_at: dt.datetime) -> None:
    dob = person.date_of_birth
    if dob is None:
        return
    day = _local_date(went_missing_at)
    if day < dob:
        raise ApplicationError(
            f"{person.display_name} was born on {spoken_day(dob)}: they cannot have gone missing before then",
            field="went_missing_at",
        )
    eighteenth = (
        dob.replace(year=dob.year + 18) if not (dob.month == 2 and dob.day == 29) else dt.date(dob.year + 18, 3, 1)
    )
    if day >= eighteenth:
        raise ApplicationError(
            f"{person.display_name} was 18 or over on {spoken_day(day)}. Missing episodes here are for children",
            field="went_missing_at",
        )


def _check_overlap(person: Person, start: dt.datetime, end: dt.datetime | None, *, exclude: int | None = None) -> None:
    """Episodes of one child never overlap: a child cannot go missing while already missing."""
    others = MissingEpisode.objects.filter(person=person).exclude(pk=exclude)
    far_future = timezone.now() + dt.timedelta(days=3650)
    clash = (
        others.filter(went_missing_at__lt=end or far_future)
        .filter(Q(returned_at__isnull=True) | Q(returned_at__gt=start))
        .order_by("went_missing_at")
        .first()
    )
    if clash is None:
        return
    if clash.returned_at is None:
        message = (
            f"{person.display_name} is already recorded as missing since {spoken_at(clash.went_missing_at)}. "
            "Record their return first"
        )
    else:
        message = (
            f"{person.display_name} was already recorded as missing from {spoken_at(clash.went_missing_at)} "
            f"to {spoken_at(clash.returned_at)}. Episodes cannot overlap"
        )
    raise ApplicationError(
        message, field="went_missing_at" if end is None or clash.returned_at is None else "returned_at"
    )


def _check_return(episode: MissingEpisode, returned_at: Any) -> dt.datetime:
    returned_at = _aware(returned_at, field="returned_at", what="the child returned or was found")
    if returned_at <= episode.went_missing_at:
        raise ApplicationError(
            f"The return must be after {episode.person.display_name} went missing, at {spoken_at(episode.went_missing_at)}",
            field="returned_at",
        )
    return returned_at


# Missing episodes


@records_actor()
@transaction.atomic
def episode_record(*, actor: Any, person: Person, data: Mapping[str, Any], source_agency: Any = None) -> MissingEpisode:
    """A child went missing (or was away from their placement): when, from where, the police
    report and the risk. Give `returned_at` and `where_found` too to record a past episode whole.

    data: kind (M/A), missing_from, missing_from_detail, went_missing_at, reported_to_police,
    police_reference, reported_at, risk_level, risk_notes, returned_at, where_found, return_notes.
    """
    _require(actor, MissingAction.RECORD_EPISODE, person)
    return _record(actor=actor, person=person, data=data, source_agency=source_agency)


@records_actor()
@transaction.atomic
def episode_report_by_police(*, actor: Any, person: Person, data: Mapping[str, Any]) -> MissingEpisode:
    """The police report a child missing (partner API): reported to the police by definition,
    at the time the police received it if not said."""
    if not police_can_report(actor, person):
        raise PermissionDenied("Only the police report a missing child through the API")
    data = {**data, "reported_to_police": True}
    if not data.get("reported_at"):
        data["reported_at"] = data.get("went_missing_at")
    return _record(actor=actor, person=person, data=data, source_agency=_agency(actor))


def _record(*, actor: Any, person: Person, data: Mapping[str, Any], source_agency: Any) -> MissingEpisode:
    kind = _choice(
        data.get("kind") or EpisodeKind.MISSING,
        EpisodeKind,
        field="kind",
        message="Choose missing (whereabouts unknown) or away from placement without authorisation",
    )
    missing_from = _choice(
        data.get("missing_from") or "",
        MissingFrom,
        field="missing_from",
        message="Choose where the child went missing from: home, a care placement, school or somewhere else",
    )
    if kind == EpisodeKind.AWAY and missing_from != MissingFrom.CARE_PLACEMENT:
        raise ApplicationError(
            "Away from placement without authorisation is only for a child in care who left their placement. "
            "Choose missing, or a care placement as where they went from",
            field="kind",
        )
    risk = _choice(
        data.get("risk_level") or "",
        RiskLevel,
        field="risk_level",
        message="Choose the risk the police graded: no apparent risk, low, medium or high",
    )
    went_missing_at = _aware(data.get("went_missing_at"), field="went_missing_at", what="the child went missing")
    _check_child(person, went_missing_at)
    reported = bool(data.get("reported_to_police"))
    reference = _text(
        data.get("police_reference"), field="police_reference", label="the police reference", max_length=50
    )
    reported_at = data.get("reported_at")
    if reported:
        if reported_at is not None:
            reported_at = _aware(reported_at, field="reported_at", what="it was reported to the police")
            if reported_at < went_missing_at:
                raise ApplicationError(
                    f"The report to the police must be at or after the time {person.display_name} went missing, "
                    f"{spoken_at(went_missing_at)}",
                    field="reported_at",
                )
    else:
        if reference or reported_at:
            raise ApplicationError(
                "You gave a police reference or report time: say the episode was reported to the police, "
                "or leave them out",
                field="reported_to_police",
            )
        reported_at = None
    returned_at = data.get("returned_at")
    episode = MissingEpisode(
        person=person,
        kind=kind,
        missing_from=missing_from,
        missing_from_detail=_text(
            data.get("missing_from_detail"),
            field="missing_from_detail",
            label="where they were last seen",
            max_length=300,
        ),
        went_missing_at=went_missing_at,
        reported_to_police=reported,
        police_reference=reference,
        reported_at=reported_at,
        risk_level=risk,
        risk_notes=_text(data.get("risk_notes"), field="risk_notes", label="the risks"),
        recorded_by=actor,
        source_agency=source_agency or _agency(actor),
    )
    if returned_at is not None:
        returned_at = _check_return(episode, returned_at)
        _set_return(
            episode,
            actor=actor,
            returned_at=returned_at,
            where_found=data.get("where_found"),
            return_notes=data.get("return_notes"),
        )
    _check_overlap(person, went_missing_at, returned_at)
    episode.save()
    _involve(person, actor, _local_date(went_missing_at))
    chronology_record(
        person=person,
        occurred_on=_local_date(went_missing_at),
        occurred_at=went_missing_at,
        kind="missing_episode",
        summary=_missing_summary(episode),
        recorded_by=actor,
        source_agency=episode.source_agency,
        significance=Significance.HIGH if risk in (RiskLevel.MEDIUM, RiskLevel.HIGH) else Significance.STANDARD,
        source=episode,
        restricted_area=person.restricted_area,
    )
    if returned_at is not None:
        _returned(episode, actor=actor)
    else:
        _raise_prompt(episode, actor=actor)
    return episode


def _missing_summary(episode: MissingEpisode) -> str:
    what = "Away from placement without authorisation" if episode.kind == EpisodeKind.AWAY else "Went missing"
    police = (
        f"Reported to the police{' (' + episode.police_reference + ')' if episode.police_reference else ''}"
        if episode.reported_to_police
        else "Not reported to the police"
    )
    return (
        f"{what} from {episode.get_missing_from_display().lower()} at {spoken_at(episode.went_missing_at)}. "
        f"{police}. Risk: {episode.get_risk_level_display().lower()}."
    )


@records_actor()
@transaction.atomic
def episode_return(
    *, actor: Any, episode: MissingEpisode, returned_at: dt.datetime, where_found: str, return_notes: str = ""
) -> MissingEpisode:
    """The child came back or was found: when and where. Starts the 72-hour return home interview clock."""
    episode = MissingEpisode.objects.select_for_update().select_related("person").get(pk=episode.pk)
    if not police_can_report(actor, episode.person):
        _require(actor, MissingAction.RECORD_RETURN, episode.person)
    if episode.returned_at is not None:
        raise ApplicationError(
            f"{episode.person.display_name}'s return was already recorded, at {spoken_at(episode.returned_at)}",
            field="returned_at",
        )
    returned_at = _check_return(episode, returned_at)
    _check_overlap(episode.person, episode.went_missing_at, returned_at, exclude=episode.pk)
    _set_return(episode, actor=actor, returned_at=returned_at, where_found=where_found, return_notes=return_notes)
    episode.save(update_fields=["returned_at", "where_found", "return_notes", "return_recorded_by"])
    _returned(episode, actor=actor)
    return episode


def _set_return(
    episode: MissingEpisode, *, actor: Any, returned_at: dt.datetime, where_found: Any, return_notes: Any
) -> None:
    episode.returned_at = returned_at
    episode.where_found = _text(
        where_found, field="where_found", label="where they were found or came back from", required=True, max_length=300
    )
    episode.return_notes = _text(return_notes, field="return_notes", label="notes on the return")
    episode.return_recorded_by = actor


def _returned(episode: MissingEpisode, *, actor: Any) -> None:
    """What a return sets going: the chronology, the 72-hour interview clock, the threshold check."""
    person, returned_at = episode.person, episode.returned_at
    hours = episode.duration_hours
    chronology_record(
        person=person,
        occurred_on=_local_date(returned_at),
        occurred_at=returned_at,
        kind="missing_return",
        summary=(
            f"Returned or found at {spoken_at(returned_at)} after {hours} hour{'s' if hours != 1 else ''}: "
            f"{episode.where_found}."
        ),
        recorded_by=actor,
        source_agency=_agency(actor),
        significance=Significance.STANDARD,
        source=episode,
        restricted_area=person.restricted_area,
    )
    clock_start(
        rule_key=RHI.key,
        person=person,
        started_on=_local_date(returned_at),
        started_at=returned_at,  # 72 hours from the return, to the hour, as the screens count
        subject=episode,
        owner=_case_owner(person, actor),
    )
    _raise_prompt(episode, actor=actor)


# Return home interviews


def _interview_for_update(interview: ReturnInterview) -> ReturnInterview:
    return ReturnInterview.objects.select_for_update().select_related("episode", "episode__person").get(pk=interview.pk)


@records_actor()
@transaction.atomic
def interview_offer(
    *,
    actor: Any,
    episode: MissingEpisode,
    offered_at: dt.datetime,
    interviewer: str = "",
    interviewer_independent: bool | None = None,
    response: str = InterviewResponse.AWAITING,
    declined_reason: str = "",
) -> ReturnInterview:
    """A return home interview was offered to the child, by whom, and their answer if they gave one."""
    episode = MissingEpisode.objects.select_for_update().select_related("person").get(pk=episode.pk)
    person = episode.person
    _require(actor, MissingAction.OFFER_INTERVIEW, person)
    if episode.returned_at is None:
        raise ApplicationError(
            f"Record {person.display_name}'s return first: an interview is offered once the child is back",
            field="offered_at",
        )
    if ReturnInterview.objects.filter(episode=episode).exists():
        raise ApplicationError("A return home interview has already been offered for this episode", field="offered_at")
    offered_at = _aware(offered_at, field="offered_at", what="the interview was offered")
    if offered_at < episode.returned_at:
        raise ApplicationError(
            f"The offer must be after {person.display_name} returned, at {spoken_at(episode.returned_at)}",
            field="offered_at",
        )
    response = _choice(
        response or "",
        InterviewResponse,
        field="response",
        message="Choose whether the child accepted, declined or has not answered yet",
    )
    reason = _text(declined_reason, field="declined_reason", label="why the child declined")
    if response == InterviewResponse.DECLINED and not reason:
        raise ApplicationError("Enter why the child declined the interview", field="declined_reason")
    if response != InterviewResponse.DECLINED:
        reason = ""
    interview = ReturnInterview.objects.create(
        episode=episode,
        person=person,
        offered_at=offered_at,
        offered_by=actor,
        interviewer=_text(interviewer, field="interviewer", label="who will hold the interview", max_length=200),
        interviewer_independent=interviewer_independent,
        response=response,
        declined_reason=reason,
    )
    if response == InterviewResponse.DECLINED:
        _declined(interview, actor=actor, on=offered_at)
    return interview


def _declined(interview: ReturnInterview, *, actor: Any, on: dt.datetime) -> None:
    person = interview.person
    chronology_record(
        person=person,
        occurred_on=_local_date(on),
        kind="return_interview",
        summary=f"Return home interview offered and declined: {interview.declined_reason}",
        recorded_by=actor,
        source_agency=_agency(actor),
        source=interview,
        restricted_area=person.restricted_area,
    )
    # The duty is to offer: an offer declined meets the timescale (late if offered late).
    clock_stop(rule_key=RHI.key, subject=interview.episode, met_on=_local_date(on), reason="Interview declined")


@records_actor()
@transaction.atomic
def interview_decline(
    *, actor: Any, interview: ReturnInterview, declined_at: dt.datetime, reason: str
) -> ReturnInterview:
    """The child said no to an interview offered earlier."""
    interview = _interview_for_update(interview)
    _require(actor, MissingAction.OFFER_INTERVIEW, interview.person)
    if interview.is_closed:
        raise ApplicationError("This interview has already been held or declined", field="declined_at")
    declined_at = _aware(declined_at, field="declined_at", what="the child declined")
    if declined_at < interview.offered_at:
        raise ApplicationError(
            f"The child cannot decline before the offer, made at {spoken_at(interview.offered_at)}", field="declined_at"
        )
    interview.declined_reason = _text(reason, field="declined_reason", label="why the child declined", required=True)
    interview.response = InterviewResponse.DECLINED
    interview.save(update_fields=["declined_reason", "response"])
    _declined(interview, actor=actor, on=declined_at)
    return interview


@records_actor()
@transaction.atomic
def interview_hold(*, actor: Any, interview: ReturnInterview, data: Mapping[str, Any]) -> ReturnInterview:
    """The interview took place: when, who held it (independent or not), and what the child said.

    data: held_at, interviewer, interviewer_independent, where_they_were, with_whom,
    push_factors, pull_factors, indicators (codes), child_said, actions.
    """
    interview = _interview_for_update(interview)
    person, episode = interview.person, interview.episode
    _require(actor, MissingAction.RECORD_INTERVIEW, person)
    if interview.is_closed:
        raise ApplicationError("This interview has already been held or declined", field="held_at")
    held_at = _aware(data.get("held_at"), field="held_at", what="the interview was held")
    if held_at < interview.offered_at:
        raise ApplicationError(
            f"The interview cannot be held before it was offered, at {spoken_at(interview.offered_at)}",
            field="held_at",
        )
    independent = data.get("interviewer_independent")
    if independent is None:
        raise ApplicationError(
            "Say whether the interviewer is independent of the child's carers and placement",
            field="interviewer_independent",
        )
    indicators = list(dict.fromkeys(data.get("indicators") or []))
    unknown = [code for code in indicators if code not in Indicator.values]
    if unknown:
        raise ApplicationError(f"{', '.join(unknown)} is not a sign of exploitation on the list", field="indicators")
    interview.held_at = held_at
    interview.response = InterviewResponse.ACCEPTED
    interview.interviewer = _text(
        data.get("interviewer"), field="interviewer", label="who held the interview", required=True, max_length=200
    )
    interview.interviewer_independent = bool(independent)
    interview.where_they_were = _text(data.get("where_they_were"), field="where_they_were", label="where they were")
    interview.with_whom = _text(data.get("with_whom"), field="with_whom", label="who they were with")
    interview.push_factors = _text(data.get("push_factors"), field="push_factors", label="what made them leave")
    interview.pull_factors = _text(data.get("pull_factors"), field="pull_factors", label="what drew them away")
    interview.indicators = indicators
    interview.child_said = _text(data.get("child_said"), field="child_said", label="what the child said", required=True)
    interview.actions = _text(data.get("actions"), field="actions", label="the actions agreed")
    interview.recorded_by = actor
    interview.save()
    signs = f" Signs of exploitation: {', '.join(interview.indicator_labels).lower()}." if indicators else ""
    chronology_record(
        person=person,
        occurred_on=_local_date(held_at),
        occurred_at=held_at,
        kind="return_interview",
        summary=f"Return home interview held by {interview.interviewer}.{signs}",
        detail=interview.child_said,
        recorded_by=actor,
        source_agency=_agency(actor),
        significance=Significance.HIGH if indicators else Significance.STANDARD,
        source=interview,
        restricted_area=person.restricted_area,
    )
    clock_stop(rule_key=RHI.key, subject=episode, met_on=_local_date(held_at), reason="Return home interview held")
    _raise_prompt(episode, actor=actor, interview=interview)
    return interview


# Strategy discussion prompts


def episode_triggers(episode: MissingEpisode, *, interview: ReturnInterview | None = None) -> list[tuple[str, str]]:
    """Which of the partnership's triggers this episode meets, with the words for each."""
    limits = threshold()
    person = episode.person
    out: list[tuple[str, str]] = []
    since = episode.went_missing_at - dt.timedelta(days=limits.days)
    count = MissingEpisode.objects.filter(
        person=person, went_missing_at__gt=since, went_missing_at__lte=episode.went_missing_at
    ).count()
    if count >= limits.episodes:
        out.append(
            (
                PromptTrigger.REPEAT,
                f"{count} episodes in {limits.days} days (threshold {limits.episodes})",
            )
        )
    if limits.hours and episode.duration > dt.timedelta(hours=limits.hours):
        so_far = " so far" if episode.returned_at is None else ""
        out.append(
            (PromptTrigger.LONG, f"Missing for {episode.duration_hours} hours{so_far} (more than {limits.hours})")
        )
    if limits.high_risk and episode.risk_level == RiskLevel.HIGH:
        out.append((PromptTrigger.HIGH_RISK, "Graded high risk by the police"))
    if limits.indicators and interview is not None and interview.indicators:
        out.append(("indicators", "Signs of exploitation at the return home interview"))
    return out


def _raise_prompt(
    episode: MissingEpisode, *, actor: Any, interview: ReturnInterview | None = None
) -> StrategyPrompt | None:
    """Raise (or add to) the child's prompt for a strategy discussion when a trigger is met
    that no earlier prompt about this episode has already put to someone."""
    found = episode_triggers(episode, interview=interview)
    already = {code for prompt in episode.prompts.all() for code in prompt.triggers}
    new = [(code, words) for code, words in found if code not in already]
    if not new:
        return None
    person = episode.person
    prompt = StrategyPrompt.objects.select_for_update().filter(person=person).open().first()
    if prompt is not None:
        prompt.triggers = [*prompt.triggers, *(code for code, _ in new)]
        prompt.reasons = "; ".join([prompt.reasons, *(words for _, words in new)])
        prompt.save(update_fields=["triggers", "reasons"])
        return prompt
    prompt = StrategyPrompt.objects.create(
        person=person,
        episode=episode,
        triggers=[code for code, _ in new],
        reasons="; ".join(words for _, words in new),
    )
    clock_start(
        rule_key=STRATEGY_PROMPT.key,
        person=person,
        started_on=timezone.localdate(),
        subject=prompt,
        # Business support may record an episode but not decide on a strategy discussion.
        owner=_case_owner(person, actor, action=MissingAction.REQUEST_STRATEGY),
    )
    return prompt


@records_actor()
@transaction.atomic
def prompt_decide(*, actor: Any, prompt: StrategyPrompt, decision: str, reason: str) -> StrategyPrompt:
    """Someone has looked at the prompt: a strategy discussion is requested, or it is not needed, and why."""
    prompt = StrategyPrompt.objects.select_for_update().select_related("person").get(pk=prompt.pk)
    person = prompt.person
    decision = _choice(
        decision or "",
        PromptDecision,
        field="decision",
        message="Choose whether a strategy discussion is requested or not needed",
    )
    if decision == PromptDecision.OPEN:
        raise ApplicationError("Choose whether a strategy discussion is requested or not needed", field="decision")
    action = (
        MissingAction.REQUEST_STRATEGY if decision == PromptDecision.REQUESTED else MissingAction.DECIDE_NO_STRATEGY
    )
    if not missing_can(actor, action, person):
        if decision == PromptDecision.NOT_NEEDED and missing_can(actor, MissingAction.REQUEST_STRATEGY, person):
            raise ApplicationError(
                "Only a team manager can decide a strategy discussion is not needed. You can request one",
                field="decision",
            )
        raise PermissionDenied("Your role does not include deciding on a strategy discussion")
    if not prompt.is_open:
        raise ApplicationError(
            f"This prompt was already answered: {prompt.get_decision_display().lower()}", field="decision"
        )
    prompt.decision = decision
    prompt.decision_reason = _text(reason, field="decision_reason", label="the reason for the decision", required=True)
    prompt.decided_by = actor
    prompt.decided_at = timezone.now()
    prompt.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    chronology_record(
        person=person,
        occurred_on=timezone.localdate(),
        kind="missing_strategy_prompt",
        summary=f"{prompt.get_decision_display()} after repeat missing episodes ({prompt.reasons}): {prompt.decision_reason}",
        recorded_by=actor,
        source_agency=_agency(actor),
        significance=Significance.HIGH,
        source=prompt,
        restricted_area=person.restricted_area,
    )
    clock_stop(rule_key=STRATEGY_PROMPT.key, subject=prompt, met_on=timezone.localdate())
    return prompt


@transaction.atomic
def prompts_raise_for_long_episodes() -> int:
    """Children still missing beyond the partnership's hours: raise the prompt now, not at their
    return (run every half hour by the scheduler; safe to run again). Returns how many were raised."""
    limits = threshold()
    if not limits.hours:
        return 0
    cutoff = timezone.now() - dt.timedelta(hours=limits.hours)
    raised = 0
    episodes = MissingEpisode.objects.open().filter(went_missing_at__lt=cutoff).select_related("person")
    for episode in episodes.order_by("pk"):
        if _raise_prompt(episode, actor=None) is not None:
            raised += 1
    return raised
