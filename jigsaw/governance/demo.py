"""Information governance in the demo council, made through this area's real services: sharing
decisions of all three kinds (shared with consent, shared without consent with the reasons, decided
not to share; one already reviewed), two rights requests (one nearing its deadline, one answered by
an addendum) and a breach whose 72 hours to the ICO are running. Dates are relative to `as_of`."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from jigsaw.access.choices import InvolvementKind, Role
from jigsaw.access.models import Involvement, User

from . import services
from .choices import Article6, BreachRisk, Consent, RightsKind, RightsOutcome, SpecialCondition

AGENCIES = (
    ("Designated safeguarding lead", "Riverside Primary School", "The child's attendance and the marks seen at school"),
    ("Named GP for safeguarding", "Ferry Road Surgery", "The dates of the child's missed health appointments"),
    ("Public protection unit", "Northmere Police", "The father's recent contact with the family and the injuries seen"),
)


def _children(need: int, born_by: dt.date) -> list[tuple[User, object]]:
    rows = (
        Involvement.objects.filter(
            kind=InvolvementKind.ALLOCATED,
            ended_on__isnull=True,
            user__role=Role.SOCIAL_WORKER,
            user__is_active=True,
            person__restricted_area="",
            person__merged_into__isnull=True,
            person__date_of_birth__lte=born_by,
        )
        .select_related("user", "person")
        .order_by("pk")
    )
    seen: set[int] = set()
    found = []
    for row in rows:
        if row.person_id in seen:
            continue
        seen.add(row.person_id)
        found.append((row.user, row.person))
        if len(found) >= need:
            break
    return found


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 1) -> dict[str, int]:
    """Called by `seed_demo` after the other areas. Returns how many records were made, by kind."""
    rng = random.Random(seed * 9157)  # noqa: S311 (demo data, not security)
    dpo = User.objects.filter(role=Role.DATA_PROTECTION_OFFICER, is_active=True).order_by("pk").first()
    manager = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).order_by("pk").first()
    if dpo is None:
        return {}
    made: dict[str, int] = {}
    earliest = as_of - dt.timedelta(days=40)
    children = _children(per_stage * 3 + 2, born_by=earliest)
    kinds = ("with_consent", "without_consent", "not_shared")
    with transaction.atomic():
        for i, (worker, child) in enumerate(children[: per_stage * 3]):
            kind = kinds[i % 3]
            role, agency, information = AGENCIES[rng.randrange(len(AGENCIES))]
            decided_on = as_of - dt.timedelta(days=rng.randint(1, 20))
            decision = services.sharing_decision_record(
                actor=worker,
                person=child,
                decided_on=decided_on,
                shared=kind != "not_shared",
                information=information,
                recipient_name=role,
                recipient_agency=agency,
                purpose="To plan how to keep the child safe at the child in need review",
                article_6=Article6.PUBLIC_TASK,
                special_condition=SpecialCondition.SAFEGUARDING,
                told=kind != "without_consent",
                consent=Consent.AGREED if kind == "with_consent" else Consent.NOT_SOUGHT,
                reason={
                    "with_consent": "",
                    "without_consent": "Asking the father first would put the child at risk of harm: consent is "
                    "not needed where a child is at risk",
                    "not_shared": "The request was for the whole case file; only the plan's actions are needed, "
                    "and those were sent by the lead practitioner",
                }[kind],
            )
            if i == 0 and manager is not None and manager.pk != worker.pk:
                services.sharing_decision_review(actor=manager, decision=decision, note="Proportionate and recorded")
            made[kind] = made.get(kind, 0) + 1
        rest = children[per_stage * 3 :]
        if len(rest) >= 2:
            nearing = services.rights_request_log(
                actor=dpo,
                person=rest[0][1],
                kind=RightsKind.RESTRICTION,
                received_on=as_of - dt.timedelta(days=24),
                requester_name="The child's mother",
                requester_relationship="parent",
                details="Please stop sharing my daughter's records with her old school",
            )
            answered = services.rights_request_log(
                actor=dpo,
                person=rest[1][1],
                kind=RightsKind.RECTIFICATION,
                received_on=as_of - dt.timedelta(days=30),
                requester_name="The young person",
                requester_relationship="self",
                details="The record says I missed the review on purpose; I was in hospital",
            )
            services.rights_request_answer(
                actor=dpo,
                request=answered,
                outcome=RightsOutcome.RECTIFIED,
                addendum="The young person did not attend the review because they were in hospital that day.",
                answered_on=as_of - dt.timedelta(days=5),
            )
            made["rights_requests"] = 2 if nearing else 1
        aware = timezone.make_aware(dt.datetime.combine(as_of - dt.timedelta(days=1), dt.time(15, 10)))
        services.breach_record(
            actor=dpo,
            summary="Core group minutes emailed to the wrong school",
            description="The minutes of a core group were sent to another school's office address, which was "
            "chosen from the address book by mistake. The school reported it the same afternoon.",
            aware_at=aware,
            data_affected="Minutes of a core group meeting, with health information about a child",
            people_affected="One child, their two parents and a sibling",
            people_count=4,
            risk=BreachRisk.RISK,
            risk_assessment="The recipient is a school with its own safeguarding duties and has confirmed "
            "deletion, but the minutes hold health details.",
        )
        made["breaches"] = 1
    return made
