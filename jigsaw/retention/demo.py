"""The demo council's retention: three people whose records are past their date, listed in a
disposal batch awaiting the DPO's approval, one of them under a legal hold."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from jigsaw.access.choices import Role
from jigsaw.access.models import User
from jigsaw.chronology.services import chronology_record
from jigsaw.people.models import Person
from jigsaw.people.services import person_create
from jigsaw.timescales.calendar import add_calendar_months

from . import services


def seed_demo_cases(*, seed: int, as_of: dt.date, per_stage: int = 1) -> dict[str, int]:
    rng = random.Random(seed * 4099)  # noqa: S311 (demo data, not security)
    dpo = User.objects.filter(role=Role.DATA_PROTECTION_OFFICER, is_active=True).order_by("pk").first()
    # Names from the generator's own people (adults in the demo council), mixed.
    adults = list(
        Person.objects.filter(date_of_birth__lt=as_of - dt.timedelta(days=365 * 30), restricted_area="")
        .exclude(given_names="")
        .values_list("given_names", "family_name")[:200]
    )
    clerk = User.objects.filter(role=Role.BUSINESS_SUPPORT, is_active=True).order_by("pk").first()
    if dpo is None or clerk is None or len(adults) < 2:
        return {}
    made: dict[str, int] = {}
    with transaction.atomic():
        former_children = []
        for n in range(3):
            given = rng.choice(adults)[0].split(" ")[0]
            family = rng.choice(adults)[1]
            born = add_calendar_months(as_of, -12 * (27 + n)) - dt.timedelta(days=rng.randint(1, 300))
            person = person_create(
                actor=clerk, data={"given_names": given, "family_name": family, "date_of_birth": born}
            )
            chronology_record(
                person=person,
                occurred_on=add_calendar_months(born, 12 * 9),
                kind="note",
                summary="Child in need plan closed: needs met",
            )
            former_children.append(person)
        # The demo's history: these records were last changed when the children's cases closed.
        for person in former_children:
            closed = add_calendar_months(person.date_of_birth, 12 * 9)
            Person.objects.filter(pk=person.pk).update(
                updated_at=dt.datetime.combine(closed, dt.time(12), tzinfo=dt.UTC)
            )
        services.legal_hold_set(
            actor=dpo,
            person=former_children[0],
            name="Historic abuse inquiry",
            reason="The inquiry asked the council to keep every record of children in care in these years",
        )
        batch = services.disposal_run(as_of=as_of)
        made["awaiting_approval"] = batch.items.count() if batch else 0
        made["under_legal_hold"] = 1
    return made
