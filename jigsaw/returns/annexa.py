"""Ofsted's Annex A lists for a collection year, as one XLSX workbook (returns-reference §7).

One sheet per list, one row per child, starting with the columns every list shares. Option
values are Ofsted's letter-prefixed labels; dates are Excel dates. Every cell goes through
`core.spreadsheets.safe_cell`. Lists Jigsaw does not hold the records for yet (early help
assessments, adopters) are written with their headings so that the workbook's shape is Ofsted's.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.db.models import Q

from jigsaw.access.models import Involvement
from jigsaw.care.models import CareEpisode, CareLeaverContact, CareReview, HealthAssessment, PeriodOfCare
from jigsaw.core.spreadsheets import safe_cell
from jigsaw.frontdoor.models import ContactPerson, Episode
from jigsaw.people.models import Person
from jigsaw.protection.models import Assessment, ProtectionPlan, Section47

from . import cohorts
from .years import CollectionYear

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability"]
TEAM = ["Allocated Team", "Allocated Worker"]
LISTS: dict[str, list[str]] = {
    "List 1": [*COMMON, "Date of Contact", "Contact Source"],
    "List 2": [*COMMON, "Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    "List 3": [*COMMON, "Date of Referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months",
               *TEAM],
    "List 4": [*COMMON, "Continuous Assessment Start Date", "Child Seen During Continuous Assessment",
               "Continuous Assessment Date of Authorisation",
               "Was the child assessed as requiring LA children's social care support?", *TEAM],
    "List 5": [*COMMON, "Strategy discussion initiating S47 Enquiry Start Date", "Was an ICPC deemed unnecessary?",
               "Date of ICPC", "Did the ICPC Result in a CPP", *TEAM],
    "List 6": [*COMMON, "CIN Start Date", "Primary Need Code", "CIN Closure Date", "Reason for Closure",
               "Case Status", *TEAM],
    "List 7": [*COMMON, "CPP Start Date", "Initial Category of Abuse", "Latest Category of Abuse", "CPP End Date",
               "Number of Previous CPPs", *TEAM],
    "List 8": [*COMMON, "UASC", "Date Started to be Looked After", "Category of Need", "Legal Status",
               "Date of Latest Statutory Review", "Date of Last Health Assessment", "Number of Placements in Last 12 months",
               "Date Ceased LAC", "Reason Ceased", "Start Date of Most Recent Placement", "Placement Type",
               "Placement Provider", "Placement postcode", "URN", "Placement Location", *TEAM],
    "List 9": [*COMMON, "Eligibility Category", "LA in Touch", "Type of Accommodation", "Activity Status", *TEAM],
    "List 10": [*COMMON, "Date Entered Care", "Date of Decision Child Should be Placed for Adoption",
                "Date Placed for Adoption", "Date of Adoption Order"],
    "List 11": ["Individual adopter identifier", "Family identifier", "Date enquiry received", "Date of Adoption Order"],
}  # fmt: skip
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded", "I": "d) Neither"}
YES, NO = "a) Yes", "b) No"


def _yes(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _common(person: Person, on: dt.date) -> list[Any]:
    codes = (person.disability_codes or "").split()
    return [
        person.council_id,
        GENDER.get(person.sex, "c) Not stated/recorded"),
        person.ethnicity,
        person.date_of_birth,
        person.age_on(on),
        "" if not codes else (NO if codes == ["NONE"] else YES),
    ]


class _Workers:
    """Each child's allocated worker and team on a day (their involvement in a service)."""

    def __init__(self, on: dt.date) -> None:
        self.by_person: dict[int, tuple[str, str]] = {}
        rows = (
            Involvement.objects.filter(kind="allocated", started_on__lte=on)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
            .select_related("user", "user__team")
            .order_by("started_on")
        )
        for row in rows:
            team = getattr(row.user, "team", None)
            self.by_person[row.person_id] = (str(team) if team else "", str(row.user))

    def __call__(self, person_id: int) -> list[str]:
        return list(self.by_person.get(person_id, ("", "")))


def lists(year: CollectionYear) -> dict[str, list[list[Any]]]:
    on = year.end
    workers = _Workers(on)
    people: dict[int, Person] = {}

    def person(pk: int) -> Person:
        if pk not in people:
            people[pk] = Person.objects.get(pk=pk)
        return people[pk]

    out: dict[str, list[list[Any]]] = {name: [] for name in LISTS}
    countable = cohorts.countable_ids()
    for row in ContactPerson.objects.filter(
        person_id__in=countable,
        role="child",
        contact__received_at__date__gte=year.start,
        contact__received_at__date__lte=year.end,
    ).select_related("contact", "person"):
        out["List 1"].append([*_common(row.person, on), row.contact.received_on, row.contact.source])
    for e in cohorts.cin_episodes(year).filter(person_id__in=countable).order_by("referral_date", "pk"):
        p = person(e.person_id)
        previous = Episode.objects.filter(
            person_id=e.person_id,
            referral_date__lt=e.referral_date,
            referral_date__gte=e.referral_date - dt.timedelta(days=365),
        ).count()
        if year.start <= e.referral_date <= year.end:
            out["List 3"].append([*_common(p, on), e.referral_date, e.referral_source, _yes(e.referral_nfa), previous,
                                  *workers(p.pk)])  # fmt: skip
        out["List 6"].append([*_common(p, on), e.referral_date, e.primary_need,
                              e.closure_date if e.closure_date and e.closure_date <= on else None,
                              e.closure_reason if e.closure_date and e.closure_date <= on else "",
                              "Open" if not e.closure_date or e.closure_date > on else "Closed", *workers(p.pk)])  # fmt: skip
    for a in Assessment.objects.filter(person_id__in=countable, started_on__lte=on).exclude(
        authorised_on__lt=year.start
    ):
        p = person(a.person_id)
        authorised = a.authorised_on if a.authorised_on and a.authorised_on <= on else None
        out["List 4"].append([*_common(p, on), a.started_on, _yes(a.child_seen), authorised, "", *workers(p.pk)])
    for s in Section47.objects.filter(person_id__in=countable, started_on__gte=year.start, started_on__lte=on):
        p = person(s.person_id)
        icpc_unneeded = None if s.icpc_needed is None else not s.icpc_needed
        out["List 5"].append([*_common(p, on), s.started_on, _yes(icpc_unneeded), None, "", *workers(p.pk)])
    for plan in ProtectionPlan.objects.filter(person_id__in=countable, started_on__lte=on).exclude(
        ended_on__lt=year.start
    ):
        p = person(plan.person_id)
        before = ProtectionPlan.objects.filter(person_id=p.pk, started_on__lt=plan.started_on).count()
        ended = plan.ended_on if plan.ended_on and plan.ended_on <= on else None
        out["List 7"].append([*_common(p, on), plan.started_on, plan.initial_category, plan.category, ended, before,
                              *workers(p.pk)])  # fmt: skip
    for period in cohorts.care_periods(year).filter(person_id__in=countable).order_by("started_on"):
        p = person(period.person_id)
        episodes = list(CareEpisode.objects.filter(period=period, started_on__lte=on).order_by("started_on"))
        latest = episodes[-1]
        placements = sum(1 for e in episodes if e.started_on >= on - dt.timedelta(days=365) and e.reason_new != "L")
        review = CareReview.objects.filter(period=period, held_on__lte=on).order_by("-held_on").first()
        health = HealthAssessment.objects.filter(period=period, done_on__lte=on).order_by("-done_on").first()
        ended = period.ended_on if period.ended_on and period.ended_on <= on else None
        out["List 8"].append([
            *_common(p, on), _yes(period.uasc), period.started_on, latest.category_of_need, latest.legal_status,
            review.held_on if review else None, health.done_on if health else None, placements, ended,
            period.reason_ended if ended else "", latest.started_on, latest.placement_type, latest.provider,
            latest.placement_postcode, latest.urn, "Out of area" if latest.out_of_area else "In area", *workers(p.pk),
        ])  # fmt: skip
    latest_contact: dict[int, CareLeaverContact] = {}
    for c in cohorts.care_leaver_contacts(year).filter(person_id__in=countable).order_by("contacted_on"):
        latest_contact[c.person_id] = c
    for pk, c in latest_contact.items():
        p = person(pk)
        out["List 9"].append([*_common(p, on), "", c.in_touch, c.accommodation, c.activity, *workers(pk)])
    for period in PeriodOfCare.objects.filter(person_id__in=countable, reason_ended__in=("E11", "E12")).filter(
        ended_on__gte=year.start, ended_on__lte=on
    ):
        p = person(period.person_id)
        out["List 10"].append([*_common(p, on), period.started_on, None, None, period.ended_on])
    return out


def _write(sheet: Any, rows: Iterable[list[Any]], date_format: Any) -> None:
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            value = safe_cell(value)
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time.min), date_format)
            else:
                sheet.write(r, c, value)


def build(year: CollectionYear) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in lists(year).items():
        sheet = workbook.add_worksheet(name)
        for c, heading in enumerate(LISTS[name]):
            sheet.write(0, c, heading, bold)
        _write(sheet, rows, date_format)
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()
