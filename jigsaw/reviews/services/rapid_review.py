"""The rapid review meeting (through the meetings engine), what it established, and the
immediate actions it agreed for the safety of any child: each with an owner who sees it on
"My work", is told of it, and marks it done with a note."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from jigsaw.audit.actor import records_actor
from jigsaw.core.exceptions import ApplicationError, refusals
from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.services import Invitee, meeting_convene, meeting_invite
from jigsaw.notifications.services import notify

from ..models import Finding, ImmediateAction, RapidReviewMeeting, SeriousIncident
from ..permissions import AREA, reviews_team

ACTION_KIND = "reviews_action"

__all__ = [
    "ACTION_KIND",
    "Invitee",
    "finding_add",
    "immediate_action_add",
    "immediate_action_done",
    "immediate_action_reminders_send",
    "rapid_review_meeting_convene",
    "rapid_review_meeting_held",
]


def _require(actor: Any) -> None:
    if not reviews_team(actor):
        raise ApplicationError("Only the safeguarding partnership team can do this")


def _spoken(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _require_open(incident: SeriousIncident) -> None:
    if incident.closed_on:
        raise ApplicationError(f"{incident.reference} was closed on {_spoken(incident.closed_on)}")


@records_actor()
@transaction.atomic
def rapid_review_meeting_convene(
    *,
    actor: Any,
    incident: SeriousIncident,
    starts_at: dt.datetime,
    location: str = "",
    online_link: str = "",
    scrutineer: Invitee | None = None,
    others: Sequence[Invitee] = (),
) -> RapidReviewMeeting:
    """Convene the rapid review meeting: restricted to the partnership team and those invited,
    who are the lead safeguarding partners, every agency asked for information (its contact, or
    its inbox) and the independent scrutineer. It is about no child on the person index: the
    children are on the incident, which only the team sees."""
    _require(actor)
    incident = SeriousIncident.objects.select_for_update().get(pk=incident.pk)
    _require_open(incident)
    if incident.notified_on is None:
        raise ApplicationError("Record the notification to the Panel first: the rapid review follows it")
    if starts_at is not None:
        day = timezone.localdate(starts_at if timezone.is_aware(starts_at) else timezone.make_aware(starts_at))
        if day < incident.aware_on:
            raise ApplicationError(
                "The meeting cannot be before the council became aware of the incident", field="starts_on"
            )
    meeting = meeting_convene(
        actor=actor,
        kind=MeetingKind.BOARD,  # a partnership meeting, about no child on the index
        title=f"Rapid review meeting: {incident.reference}",
        starts_at=starts_at,
        location=location,
        online_link=online_link,
        chair=actor,
        subjects=[],
        restricted_area=AREA,
    )
    invitees: list[Invitee] = [
        Invitee(name=name, email=email, role=f"Lead safeguarding partner, {organisation}")
        for name, organisation, email in settings.JIGSAW_SAFEGUARDING_PARTNERS
    ]
    for asked in incident.requests.select_related("agency", "contact"):
        contact = asked.contact
        invitees.append(
            Invitee(
                name=(contact.full_name or contact.username) if contact else asked.agency.name,
                email=(contact.email if contact and contact.email else asked.email),
                agency=asked.agency,
                role="Agency asked for information",
                user=contact,
            )
        )
    if scrutineer is not None:
        invitees.append(dataclasses.replace(scrutineer, role=scrutineer.role or "Independent scrutineer"))
    invitees += list(others)
    # Each person once: by their email address, else by their name.
    seen: set[str] = {(actor.email or "").lower()} - {""}
    unique = []
    for invitee in invitees:
        key = (invitee.email or invitee.name).strip().lower()
        if key in seen:
            continue
        seen.add(key)
        unique.append(invitee)
    if unique:
        meeting_invite(actor=actor, meeting=meeting, invitees=unique)
    return RapidReviewMeeting.objects.create(incident=incident, meeting=meeting)


def rapid_review_meeting_held(*, meeting: Any, actor: Any = None, **_: Any) -> None:
    """The meetings engine's `meeting_held` signal: a rapid review meeting that took place lands
    in each child's chronology, restricted to the partnership team (the meeting itself is about
    no child on the index, so the engine records nothing there)."""
    from jigsaw.chronology.choices import Significance
    from jigsaw.chronology.services import chronology_record

    from ..selectors import incident_children

    link = RapidReviewMeeting.objects.filter(meeting=meeting).select_related("incident").first()
    if link is None:
        return
    for child in incident_children(incident=link.incident):
        chronology_record(
            person=child,
            occurred_on=meeting.held_on,
            kind="rapid_review_meeting",
            summary=f"Rapid review meeting held for serious incident {link.incident.reference}",
            recorded_by=actor or meeting.convened_by,
            source_agency=getattr(actor or meeting.convened_by, "agency", None),
            significance=Significance.HIGH,
            source=link,
            restricted_area=AREA,
        )


@records_actor()
@transaction.atomic
def finding_add(*, actor: Any, incident: SeriousIncident, kind: str, text: str) -> Finding:
    """A fact the rapid review established, or learning it identified."""
    _require(actor)
    _require_open(incident)
    if kind not in Finding.Kind.values:
        raise ApplicationError("Choose a fact established or learning identified", field="kind")
    text = (text or "").strip()
    if not text:
        label = "the fact established" if kind == Finding.Kind.FACT else "the learning identified"
        raise ApplicationError(f"Enter {label}", field="text")
    return Finding.objects.create(incident=incident, kind=kind, text=text, recorded_by=actor)


def _action_url(action: ImmediateAction) -> str:
    return reverse("reviews:action", args=[action.pk])


@records_actor()
@transaction.atomic
def immediate_action_add(
    *, actor: Any, incident: SeriousIncident, action: str, owner: Any, due_on: dt.date | None
) -> ImmediateAction:
    """An immediate action for the safety of a child, with its owner and due date. The owner is
    told (in Jigsaw and by email, without the child's name) and sees it on "My work"."""
    _require(actor)
    _require_open(incident)
    action = (action or "").strip()
    with refusals() as refuse:
        if not action:
            refuse.add("Enter the action", field="action")
        if owner is None or not (owner.is_active and owner.role):
            refuse.add("Choose who owns the action: someone who can use Jigsaw", field="owner")
        if due_on is None:
            refuse.add("Enter the date it is due", field="due_on")
        elif due_on < timezone.localdate():
            refuse.add("The date it is due must be today or in the future", field="due_on")
    made = ImmediateAction.objects.create(
        incident=incident, action=action, owner=owner, due_on=due_on, created_by=actor
    )
    notify(
        recipient=owner,
        kind=ACTION_KIND,
        title=f"An immediate action from rapid review {incident.reference} is yours: due by {_spoken(due_on)}",
        url=_action_url(made),
        # The team's own notice is theirs alone; an owner outside the team must still see theirs.
        restricted_area=AREA if reviews_team(owner) else "",
        dedupe_key=f"reviews-action-{made.pk}",
    )
    return made


@records_actor()
@transaction.atomic
def immediate_action_done(
    *, actor: Any, action: ImmediateAction, done_on: dt.date | None, note: str
) -> ImmediateAction:
    """Its owner (or the partnership team) marks the action done, saying what was done."""
    action = ImmediateAction.objects.select_for_update().select_related("incident").get(pk=action.pk)
    if not (reviews_team(actor) or action.owner_id == actor.pk):
        raise ApplicationError("Only the action's owner or the partnership team can mark it done")
    if action.done_on:
        raise ApplicationError(f"This action was marked done on {_spoken(action.done_on)}")
    note = (note or "").strip()
    with refusals() as refuse:
        if done_on is None:
            refuse.add("Enter the date it was done", field="done_on")
        elif done_on > timezone.localdate():
            refuse.add("The date it was done must be today or in the past", field="done_on")
        elif done_on < timezone.localdate(action.created_at):
            refuse.add("The date it was done cannot be before the action was agreed", field="done_on")
        if not note:
            refuse.add("Enter what was done", field="note")
    action.done_on, action.done_note, action.done_by = done_on, note, actor
    action.save(update_fields=["done_on", "done_note", "done_by"])
    if action.owner_id != action.incident.recorded_by_id:
        notify(
            recipient=action.incident.recorded_by,
            kind=ACTION_KIND,
            title=f"An immediate action for {action.incident.reference} was done",
            url=reverse("reviews:incident", args=[action.incident_id]),
            restricted_area=AREA,
            dedupe_key=f"reviews-action-done-{action.pk}",
        )
    return action


def immediate_action_reminders_send(*, today: dt.date | None = None) -> int:
    """Every working morning: the owner of an open action due by the next working day is
    reminded once; once it is overdue, the owner and whoever recorded the incident are told
    (once each). Returns how many actions were chased."""
    from jigsaw.timescales.calendar import add_working_days

    today = today or timezone.localdate()
    soon = add_working_days(today, 1)
    chased = 0
    for action in ImmediateAction.objects.filter(done_on__isnull=True, due_on__lte=soon).select_related(
        "incident", "owner"
    ):
        url = _action_url(action)
        area = AREA if reviews_team(action.owner) else ""
        reference = action.incident.reference
        if action.due_on < today:
            told = notify(
                recipient=action.owner,
                kind=ACTION_KIND,
                title=f"Overdue: your immediate action from rapid review {reference} was due by "
                f"{_spoken(action.due_on)}",
                url=url,
                restricted_area=area,
                dedupe_key=f"reviews-action-overdue-{action.pk}",
            )
            if action.incident.recorded_by_id != action.owner_id:
                notify(
                    recipient=action.incident.recorded_by,
                    kind=ACTION_KIND,
                    title=f"An immediate action for {reference} is overdue (due by {_spoken(action.due_on)})",
                    url=url,
                    restricted_area=AREA,
                    dedupe_key=f"reviews-action-overdue-team-{action.pk}",
                )
        else:
            told = notify(
                recipient=action.owner,
                kind=ACTION_KIND,
                title=f"Reminder: your immediate action from rapid review {reference} is due by "
                f"{_spoken(action.due_on)}",
                url=url,
                restricted_area=area,
                dedupe_key=f"reviews-action-due-{action.pk}",
            )
        chased += told is not None
    return chased
