"""Youth justice: every read, through the access policy.

A record about a young person the user may not see does not exist for them (404). Reading
a young person's youth justice record is audited. The measures (first-time entrants,
reoffending, custody, victims) are figures over the young people the user may see, and
each is computed from the records here so that the parts add up to the whole.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.frontdoor.selectors import episode_for_person
from jigsaw.people.models import Person
from jigsaw.people.selectors import person_open_services
from jigsaw.protection.selectors import plans_open
from jigsaw.timescales.calendar import add_calendar_months
from jigsaw.timescales.models import Clock
from jigsaw.timescales.selectors import DeadlineLine, person_deadlines

from .choices import COURT, CUSTODIAL, SUBSTANTIVE, Consent
from .deadlines import ASSESSMENT, VICTIM_CONTACT
from .models import (
    Assessment,
    CasePartner,
    Intervention,
    Offence,
    Outcome,
    RestorativeWork,
    Victim,
    YouthJusticeCase,
)

RULE_KEYS = (ASSESSMENT.key, VICTIM_CONTACT.key)


def _person_or_404(user: Any, person_id: int) -> Person:
    person = Person.objects.visible_to(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No such person")
    return person


def _get(model: Any, user: Any, pk: int, related: tuple[str, ...] = ()) -> Any:
    obj = model.objects.visible_to(user).filter(pk=pk).select_related("person", *related).first()
    if obj is None:
        raise Http404("No such record")
    return obj


def case_get(*, user: Any, case_id: int) -> YouthJusticeCase:
    return _get(YouthJusticeCase, user, case_id, ("case_worker",))


def intervention_get(*, user: Any, intervention_id: int) -> Intervention:
    return _get(Intervention, user, intervention_id, ("case",))


def victim_get(*, user: Any, victim_id: int) -> Victim:
    return _get(Victim, user, victim_id, ("case",))


def restorative_work_get(*, user: Any, work_id: int) -> RestorativeWork:
    return _get(RestorativeWork, user, work_id, ("case", "victim"))


def case_offences(case: YouthJusticeCase, *, without_outcome: bool = False) -> QuerySet[Offence]:
    qs = Offence.objects.filter(case=case).order_by("committed_on", "pk")
    if without_outcome:
        qs = qs.filter(outcomes__isnull=True)
    return qs


def case_outcomes(case: YouthJusticeCase) -> QuerySet[Outcome]:
    return Outcome.objects.filter(case=case).order_by("-outcome_on", "-pk")


def case_victims(case: YouthJusticeCase) -> QuerySet[Victim]:
    return Victim.objects.filter(case=case).order_by("identified_on", "pk")


def youth_justice_officers() -> list[Any]:
    return list(
        get_user_model()
        .objects.filter(role=Role.YOUTH_JUSTICE_OFFICER, is_active=True)
        .order_by("full_name", "username")
    )


# The young person's record


@dataclass
class SafeguardingStatus:
    """What children's social care has open for the young person (CIN / CP / looked after)."""

    child_in_need: str = ""
    child_protection: str = ""
    looked_after: str = ""
    open_services: list[Any] = field(default_factory=list)

    @property
    def summary(self) -> str:
        parts = [
            label
            for label, value in (
                ("Child in need", self.child_in_need),
                ("Child protection plan", self.child_protection),
                ("Looked after", self.looked_after),
            )
            if value
        ]
        return ", ".join(parts) if parts else "Not open to children's social care"


def _d(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def safeguarding_status(*, user: Any, person: Person) -> SafeguardingStatus:
    """The young person's status with children's social care (YJB KPI 7: links to wider services)."""
    services = person_open_services(person=person)
    names = {s.service.lower(): s for s in services}
    status = SafeguardingStatus(open_services=services)
    episode = episode_for_person(user=user, person=person)
    if episode is not None:
        status.child_in_need = f"Open since {_d(episode.referral_date)}"
    elif "child in need" in names:
        status.child_in_need = f"Open since {_d(names['child in need'].since)}"
    plan = plans_open(user=user).filter(person=person).first()
    if plan is not None:
        status.child_protection = f"Since {_d(plan.started_on)} ({plan.get_category_display()})"
    elif "child protection" in names:
        status.child_protection = f"Open since {_d(names['child protection'].since)}"
    care = next((s for key, s in names.items() if "in care" in key or "looked after" in key), None)
    if care is not None:
        status.looked_after = f"Since {_d(care.since)}"
    return status


@dataclass
class YouthJusticeRecordView:
    person: Person
    cases: list[YouthJusticeCase]
    offences: list[Offence]
    outcomes: list[Outcome]
    assessments: list[Assessment]
    interventions: list[Intervention]
    victims: list[Victim]
    restorative_work: list[RestorativeWork]
    partners: list[CasePartner]
    deadlines: list[DeadlineLine]
    safeguarding: SafeguardingStatus
    first_time_entrant_on: dt.date | None

    @property
    def open_case(self) -> YouthJusticeCase | None:
        return next((c for c in self.cases if c.closed_on is None), None)

    @property
    def first_offence_id(self) -> int | None:
        return min(self.offences, key=lambda o: (o.committed_on, o.pk)).pk if self.offences else None

    @property
    def offences_without_outcome(self) -> list[Offence]:
        return [o for o in self.offences if not o.outcomes.all()]

    @property
    def shared_assessments(self) -> list[Assessment]:
        return [a for a in self.assessments if a.shared_with_safeguarding]


def first_substantive_outcome_on(person: Person) -> dt.date | None:
    """The date the young person entered the justice system: their first caution or conviction."""
    return Outcome.objects.filter(person=person, kind__in=SUBSTANTIVE).aggregate(first=Min("outcome_on"))["first"]


def youth_justice_record(*, user: Any, person_id: int, today: dt.date | None = None) -> YouthJusticeRecordView:
    """Everything the service holds about the young person, read through the policy and audited."""
    person = _person_or_404(user, person_id)
    audit_record(
        actor=user, kind=AuditKind.VIEW, obj=person, purpose="youth justice record", subject_person_id=person.pk
    )
    on_person = {"person": person}
    deadlines = [d for d in person_deadlines(user=user, person=person, today=today) if d.rule_key in RULE_KEYS]
    return YouthJusticeRecordView(
        person=person,
        cases=list(YouthJusticeCase.objects.filter(**on_person).select_related("case_worker")),
        offences=list(Offence.objects.filter(**on_person).prefetch_related("outcomes").order_by("committed_on", "pk")),
        outcomes=list(Outcome.objects.filter(**on_person).prefetch_related("offences")),
        assessments=list(Assessment.objects.filter(**on_person).select_related("outcome")),
        interventions=list(Intervention.objects.filter(**on_person)),
        victims=list(
            Victim.objects.filter(**on_person)
            .select_related("offence")
            .prefetch_related(Prefetch("restorative_work", RestorativeWork.objects.order_by("planned_on", "pk")))
        ),
        restorative_work=list(RestorativeWork.objects.filter(**on_person).select_related("victim")),
        partners=list(CasePartner.objects.filter(**on_person)),
        deadlines=deadlines,
        safeguarding=safeguarding_status(user=user, person=person),
        first_time_entrant_on=first_substantive_outcome_on(person),
    )


# The service's lists


@dataclass
class CaseLine:
    case: YouthJusticeCase
    latest_outcome: Outcome | None
    overdue: int


def open_cases(*, user: Any, today: dt.date | None = None, limit: int = 500) -> list[CaseLine]:
    """Open cases of the young people the user may see, with the latest outcome and overdue deadlines."""
    today = today or timezone.localdate()
    cases = list(
        YouthJusticeCase.objects.visible_to(user)
        .filter(closed_on__isnull=True)
        .select_related("person", "case_worker")
        .order_by("person__family_name", "person__given_names", "pk")[:limit]
    )
    ids = [c.person_id for c in cases]
    latest: dict[int, Outcome] = {}
    for outcome in Outcome.objects.filter(case__in=cases).order_by("outcome_on", "pk"):
        latest[outcome.case_id] = outcome
    overdue: dict[int, int] = defaultdict(int)
    for clock in Clock.objects.open().filter(rule_key__in=RULE_KEYS, person_id__in=ids, due_on__lt=today):
        overdue[clock.person_id] += 1
    return [CaseLine(case=c, latest_outcome=latest.get(c.pk), overdue=overdue[c.person_id]) for c in cases]


# Measures


def _rate(part: int, whole: int, per: int = 100) -> str:
    """A share as text with one decimal place ("12.5"); "n/a" when there is nothing to share."""
    if not whole:
        return "n/a"
    value = (Decimal(part) * per / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(value)


@dataclass
class FirstTimeEntrants:
    count: int
    # The area's population aged 10 to 17 (a setting: the ONS estimate), not the people in the
    # person index, who are mostly children already known to services; 0 when not set.
    population: int
    population_source: str = ""

    @property
    def rate_per_100k(self) -> str:
        return _rate(self.count, self.population, per=100_000)


@dataclass
class Reoffending:
    cohort: int  # young people with a caution or conviction in the period (their first in it: the index outcome)
    reoffenders: int  # of them, those with a proven reoffence within 12 months of the index outcome
    reoffences: int  # proven reoffences of the cohort within those 12 months
    not_yet_tracked: int  # of the cohort, those whose 12 months have not yet passed

    @property
    def binary_rate(self) -> str:
        return _rate(self.reoffenders, self.cohort)

    @property
    def frequency_per_offender(self) -> str:
        """Reoffences per young person in the cohort (two decimal places)."""
        if not self.cohort:
            return "n/a"
        return str((Decimal(self.reoffences) / Decimal(self.cohort)).quantize(Decimal("0.01"), ROUND_HALF_UP))

    @property
    def frequency_per_reoffender(self) -> str:
        if not self.reoffenders:
            return "n/a"
        return str((Decimal(self.reoffences) / Decimal(self.reoffenders)).quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass
class Custody:
    court_outcomes: int
    custodial: int
    out_of_court: int

    @property
    def share(self) -> str:
        return _rate(self.custodial, self.court_outcomes)


@dataclass
class Victims:
    identified: int
    contacted: int
    consented: int
    refused: int
    rj_offered: int
    rj_wanted: int
    rj_completed: int

    @property
    def not_contacted(self) -> int:
        return self.identified - self.contacted


@dataclass
class Measures:
    date_from: dt.date
    date_to: dt.date
    first_time_entrants: FirstTimeEntrants
    reoffending: Reoffending
    custody: Custody
    victims: Victims


def area_population_10_to_17() -> tuple[int, str]:
    """The area's population aged 10 to 17 and where the figure comes from (settings)."""
    population = int(getattr(settings, "JIGSAW_YOUTH_POPULATION_10_TO_17", 0) or 0)
    return max(population, 0), str(getattr(settings, "JIGSAW_YOUTH_POPULATION_SOURCE", "") or "")


def measures(*, user: Any, date_from: dt.date, date_to: dt.date, today: dt.date | None = None) -> Measures:
    """The service's aims as figures, for a period (both days included)."""
    today = today or timezone.localdate()
    people = Person.objects.visible_to(user).values("pk")
    outcomes = Outcome.objects.filter(person__in=people)
    in_period = outcomes.filter(outcome_on__gte=date_from, outcome_on__lte=date_to)

    # First-time entrants: the first substantive outcome of each young person falls in the period.
    firsts = outcomes.filter(kind__in=SUBSTANTIVE).values("person_id").annotate(first=Min("outcome_on"))
    fte = sum(1 for row in firsts if date_from <= row["first"] <= date_to)

    # Reoffending: the cohort's index outcome is each young person's first substantive outcome in
    # the period; a proven reoffence is an offence committed in the 12 months after it that has
    # itself had a substantive outcome.
    index: dict[int, dt.date] = {
        row["person_id"]: row["first"]
        for row in in_period.filter(kind__in=SUBSTANTIVE).values("person_id").annotate(first=Min("outcome_on"))
    }
    proven = (
        Offence.objects.filter(person_id__in=list(index), outcomes__kind__in=SUBSTANTIVE)
        .values_list("person_id", "committed_on", "pk")
        .distinct()
    )
    counted: dict[int, set[int]] = defaultdict(set)
    for person_id, committed_on, offence_id in proven:
        start = index[person_id]
        if start < committed_on <= add_calendar_months(start, 12):
            counted[person_id].add(offence_id)
    reoffending = Reoffending(
        cohort=len(index),
        reoffenders=sum(1 for ids in counted.values() if ids),
        reoffences=sum(len(ids) for ids in counted.values()),
        not_yet_tracked=sum(1 for start in index.values() if add_calendar_months(start, 12) > today),
    )

    # Custody: custodial sentences as a share of all court outcomes in the period.
    by_kind = dict(in_period.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    custody = Custody(
        court_outcomes=sum(n for kind, n in by_kind.items() if kind in COURT),
        custodial=sum(n for kind, n in by_kind.items() if kind in CUSTODIAL),
        out_of_court=sum(n for kind, n in by_kind.items() if kind not in COURT),
    )

    # Victims the service learnt of in the period, and what came of contact with them.
    victims = Victim.objects.filter(person__in=people, identified_on__gte=date_from, identified_on__lte=date_to)
    figures = victims.aggregate(
        identified=Count("pk"),
        contacted=Count("pk", filter=Q(contacted_on__isnull=False)),
        consented=Count("pk", filter=Q(contact_consent=Consent.GIVEN)),
        refused=Count("pk", filter=Q(contact_consent=Consent.REFUSED)),
        rj_offered=Count("pk", filter=Q(rj_offered_on__isnull=False)),
        rj_wanted=Count("pk", filter=Q(wants_restorative_justice=True)),
    )
    figures["rj_completed"] = victims.filter(restorative_work__completed_on__isnull=False).distinct().count()
    population, source = area_population_10_to_17()
    return Measures(
        date_from=date_from,
        date_to=date_to,
        first_time_entrants=FirstTimeEntrants(count=fte, population=population, population_source=source),
        reoffending=reoffending,
        custody=custody,
        victims=Victims(**figures),
    )
