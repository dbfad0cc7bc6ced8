"""The demo council's subject access requests: one nearing its deadline, one answered."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from jigsaw.access.choices import Role
from jigsaw.access.models import User
from jigsaw.people.models import Person

from . import services


def _children_with_family(as_of: dt.date, need: int) -> list[Person]:
    return list(
        Person.objects.filter(
            restricted_area="",
            merged_into__isnull=True,
            date_of_birth__lte=as_of - dt.timedelta(days=365 * 6),
            date_of_birth__gt=as_of - dt.timedelta(days=365 * 17),
            relationships_to__isnull=False,
        )
        .distinct()
        .order_by("pk")[:need]
    )


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 1) -> dict[str, int]:
    dpo = User.objects.filter(role=Role.DATA_PROTECTION_OFFICER, is_active=True).order_by("pk").first()
    if dpo is None:
        return {}
    children = _children_with_family(as_of, 2)
    made: dict[str, int] = {}
    if len(children) < 2:
        return made
    nearing, answered = children
    with transaction.atomic():
        services.request_log(
            actor=dpo,
            person=nearing,
            requester_kind="parent",
            requester_name="Parent of " + nearing.given_names,
            requester_address="By email to the address on the record",
            received_on=as_of - dt.timedelta(days=26),
            what_is_asked="Everything the council holds about my child",
            identity_confirmed=True,
            identity_evidence="Passport and a council tax bill",
            today=as_of,
        )
        made["nearing_deadline"] = 1
        request = services.request_log(
            actor=dpo,
            person=answered,
            requester_kind="self",
            requester_name=answered.display_name,
            requester_address="By post to the home address",
            received_on=as_of - dt.timedelta(days=40),
            identity_confirmed=True,
            identity_evidence="School photo ID and a letter",
            today=as_of,
        )
        services.request_answer(actor=dpo, request=request, on=as_of - dt.timedelta(days=12))
        made["answered"] = 1
    return made
