"""Test helpers shared by the protection tests and the browser tests: a referral through the
front door's own services (contact, then decision), which opens the child's episode."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from jigsaw.frontdoor.selectors import episode_for_person
from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record, episode_allocate

LONDON = ZoneInfo("Europe/London")


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A moment in UK time on `day`."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def open_episode(
    *,
    worker: Any,
    child: Any,
    referral_on: dt.date,
    caller_agency: Any = None,
    manager: Any = None,
    outcome: str = "strategy_discussion",
) -> Any:
    """A professional's call on `referral_on`, decided the same morning: the child's open episode."""
    contact = contact_record(
        actor=worker,
        data={
            "received_at": at(referral_on, 9, 30),
            "channel": "phone",
            "caller_kind": "professional" if caller_agency else "member_of_public",
            "caller_name": "Priya Shah",
            "caller_agency": caller_agency,
            "family_aware": "yes",
            "consent": "given",
            "worries": f"{child.display_name} came to school with a bruise and said she was scared to go home.",
        },
        people=[PersonEntry(role="child", person_id=child.pk)],
    )
    decision_record(
        actor=worker,
        contact=contact,
        outcome=outcome,
        reason="Reasonable cause to suspect significant harm",
        decided_at=at(referral_on, 11),
        referral_source="2A" if caller_agency else "1D",
        primary_need="N1",
    )
    episode = episode_for_person(user=worker, person=child)
    if manager is not None:
        episode = episode_allocate(actor=manager, episode=episode, worker=worker)
    return episode
