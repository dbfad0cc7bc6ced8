"""Partnership reviews in the demo council: serious incidents at each stage, made through this
app's real services.

For each stage `per_stage` incidents: recorded and not yet notified (one of them now late),
notified with the rapid review open (partners told, some receipts still awaited), notified late
with its reason, the rapid review sent with the decision (a practice review commissioned, the
Panel agreeing), and closed as not meeting the criteria. The children are ones children's social
care already knows (so "what Jigsaw held" has something to show). Deterministic for the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, RestrictedArea, Role
from jigsaw.people.models import Person
from jigsaw.timescales.calendar import add_working_days, is_working_day

from . import services
from .choices import AbuseOrNeglect, Decision, Harm, PanelReply

User = get_user_model()

PLACES = [
    "At home in Northbridge",
    "At a relative's home in Castleton",
    "Northbridge General Hospital",
    "A park in Riverside",
]
SUMMARIES = [
    "Admitted to hospital with a fractured skull; the explanation given does not fit the injury.",
    "Found unresponsive at home; the home conditions raised serious concerns about neglect.",
    "Seriously injured in an assault; known to services for exploitation concerns.",
    "Taken to hospital with burns and bruising of different ages; the parents gave differing accounts.",
]
# How many working days before today the council became aware, by stage.
AWARE_AGO = {"recorded": 1, "overdue": 8, "notified": 6, "late": 20, "decided": 40, "closed": 12}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _team() -> list:
    team = User.objects.filter(team__restricted_area=RestrictedArea.REVIEWS, is_active=True).exclude(role="")
    demo = team.filter(role=Role.PARTNERSHIP_MANAGER).order_by("pk")
    return list(dict.fromkeys([*demo, *team.order_by("pk")]))


def _children(rng: random.Random, as_of: dt.date, wanted: int) -> list[Person]:
    """Children known to children's social care (an allocated worker) first, so "what Jigsaw
    held" has something to show; then any child open to the index."""
    children = Person.objects.filter(
        restricted_area="",
        merged_into__isnull=True,
        date_of_birth__gte=as_of - dt.timedelta(days=365 * 16),
        date_of_birth__lte=as_of - dt.timedelta(days=90),
    )
    known = list(
        children.filter(involvements__kind=InvolvementKind.ALLOCATED)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)[:2000]
    )
    chosen = rng.sample(known, min(wanted, len(known)))
    if len(chosen) < wanted:
        others = list(children.exclude(pk__in=known).order_by("pk").values_list("pk", flat=True)[:2000])
        chosen += rng.sample(others, min(wanted - len(chosen), len(others)))
    people = Person.objects.in_bulk(chosen)
    return [people[pk] for pk in chosen]


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 2) -> dict[str, int]:
    """Called by `seed_demo` after the other areas' casework. Returns how many were made, by stage."""
    team = _team()
    if not team:
        return {}
    manager = team[0]
    rng = random.Random(seed * 7919 + 11)  # noqa: S311 - synthetic demo data, not security
    today = min(as_of, timezone.localdate())
    if not is_working_day(today):
        today = add_working_days(today, -1)
    stages = ["recorded", "overdue", "notified", "late", "decided", "closed"]
    plan = [stage for stage in stages for _ in range(per_stage)]
    children = _children(rng, today, len(plan))
    made = dict.fromkeys(stages, 0)
    for n, (stage, child) in enumerate(zip(plan, children, strict=False)):
        aware = add_working_days(today, -AWARE_AGO[stage])
        died = n % 5 == 4
        incident = services.incident_record(
            actor=manager,
            children=[child],
            incident_on=aware - dt.timedelta(days=rng.choice((0, 1, 2))),
            aware_on=aware,
            place=PLACES[n % len(PLACES)],
            harm=Harm.DIED if died else Harm.SERIOUSLY_HARMED,
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED if n % 3 else AbuseOrNeglect.KNOWN,
            looked_after=False,
            summary=SUMMARIES[n % len(SUMMARIES)],
            partners_knowledge="The family moved into the area last year; records requested from the previous council.",
        )
        made[stage] += 1
        if stage in ("recorded", "overdue"):
            continue
        if stage == "closed":
            services.incident_close(
                actor=manager,
                incident=incident,
                closed_on=add_working_days(aware, 2),
                reason="Medical evidence showed the injury was accidental; no abuse or neglect suspected.",
            )
            continue
        notified_on = add_working_days(aware, 7 if stage == "late" else rng.choice((2, 3, 4)))
        services.incident_partners_tell(actor=manager, incident=incident)
        services.partner_notices_send(incident_id=incident.pk, sent_at=_at(min(notified_on, today), 15))
        incident = services.incident_notified(
            actor=manager,
            incident=incident,
            notified_on=min(notified_on, today),
            national_reference=f"CIN-{as_of.year}-{seed % 100:02d}{n + 1:03d}",
            late_reason="The hospital told the council only after the child was discharged." if stage == "late" else "",
        )
        for k, notice in enumerate(incident.partner_notices.all()):
            if stage != "notified" or k == 0:  # the open reviews still await some receipts
                services.partner_notice_acknowledge(
                    actor=manager, notice=notice, acknowledged_on=timezone.localdate(notice.sent_at)
                )
        if stage in ("notified", "decided"):
            _rapid_review_meeting(manager=manager, incident=incident, stage=stage, today=today)
        if stage == "decided":
            sent_on = add_working_days(incident.notified_on, 14)
            services.rapid_review_record(
                actor=manager,
                incident=incident,
                sent_on=sent_on,
                decision=Decision.LCSPR,
                reasons="Several agencies knew the family and information was not shared: a practice review "
                "may bring learning for the whole partnership.",
            )
            services.panel_reply_record(
                actor=manager,
                incident=incident,
                reply=PanelReply.AGREE,
                reply_on=min(add_working_days(sent_on, 8), today),
            )
    return made


FACTS = [
    "The child was seen by the health visitor three weeks before the incident; no concerns were recorded.",
    "The school had noted two unexplained absences in the month before the incident.",
]
LEARNING = [
    "Concerns held by one agency were not shared with children's social care.",
    "Missed appointments were not followed up across agencies.",
]


def _rapid_review_meeting(*, manager: Any, incident: Any, stage: str, today: dt.date) -> None:
    """The rapid review meeting (meetings engine): convened for an open review, held for a
    decided one; facts and learning recorded; immediate actions owned by a social worker and the
    partnership manager (the manager's marked done when the demo is made today)."""
    from jigsaw.meetings.services import meeting_held

    day = add_working_days(incident.notified_on, 10)
    link = services.rapid_review_meeting_convene(
        actor=manager,
        incident=incident,
        starts_at=_at(day, 10),
        location="Northbridge Civic Centre, committee room 2",
        scrutineer=services.Invitee(name="Independent scrutineer", email="scrutineer@partnership.example"),
    )
    if stage == "decided":
        meeting_held(actor=manager, meeting=link.meeting, held_at=_at(day, 10))
        services.finding_add(actor=manager, incident=incident, kind="learning", text=LEARNING[0])
        services.finding_add(actor=manager, incident=incident, kind="learning", text=LEARNING[1])
    services.finding_add(actor=manager, incident=incident, kind="fact", text=FACTS[0])
    services.finding_add(actor=manager, incident=incident, kind="fact", text=FACTS[1])
    if stage != "notified":
        return
    # Immediate actions are agreed now, so they fall due from the real today on.
    due = max(add_working_days(today, 3), timezone.localdate())
    worker = (
        User.objects.filter(role=Role.SOCIAL_WORKER, is_active=True)
        .exclude(team__restricted_area__gt="")
        .order_by("pk")
        .first()
    )
    if worker is not None:
        services.immediate_action_add(
            actor=manager,
            incident=incident,
            action="Visit the child's siblings at home and check they are safe; record the visit.",
            owner=worker,
            due_on=due,
        )
    check = services.immediate_action_add(
        actor=manager,
        incident=incident,
        action="Confirm the siblings' school has a named safeguarding contact for the family.",
        owner=manager,
        due_on=due,
    )
    if today == timezone.localdate():
        services.immediate_action_done(
            actor=manager, action=check, done_on=today, note="The designated safeguarding lead confirmed by phone."
        )
