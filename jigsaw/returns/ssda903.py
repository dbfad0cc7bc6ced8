"""The SSDA903 (children looked after) return for a collection year, as its CSV tables.

One file per table, always with its header row, columns in the order the DfE's specification
and the sector's validator use (returns-reference §8.2). Dates are dd/mm/yyyy. The child's id
is the council's own id (CHILD, at most 10 characters), never a database id. Postcodes are
sent whole (the validator looks them up). Nothing after the year's end (31 March) is sent.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

from django.utils import timezone

from jigsaw.access.models import Involvement
from jigsaw.care.models import CareEpisode, CareReview, HealthOutcomes
from jigsaw.core.spreadsheets import safe_cell
from jigsaw.missing.models import MissingEpisode
from jigsaw.people.choices import RelationshipKind
from jigsaw.people.models import Person, Relationship

from . import cohorts
from .years import CollectionYear

COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "PlacedAdoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}
# The file each table is sent as (the names the DfE's upload and the validator's examples use).
FILE_NAMES = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
    "DoLo": "dolo.csv",
}

Row = dict[str, str]


def _d(day: dt.date | None, year: CollectionYear | None = None) -> str:
    if day is None or (year is not None and day > year.end):
        return ""
    return f"{day:%d/%m/%Y}"


def sex_code(person: Person, year: CollectionYear) -> str:
    if year.sex_as_letters:
        return person.sex if person.sex in ("M", "F") else "U"
    return {"M": "1", "F": "2"}.get(person.sex, "")


def upn_value(person: Person) -> str:
    """The UPN, or the reason it is unknown (the 903 takes UN1 to UN5 in the same column)."""
    return person.upn or person.upn_unknown


def tables(year: CollectionYear) -> dict[str, list[Row]]:
    """Every table of the year's return (DoLo only in the years whose specification has it)."""
    people = {p.pk: p for p in cohorts.ssda903_children(year)}
    looked_after = set(cohorts.looked_after(year).values_list("pk", flat=True))

    def dob(pk: int) -> str:
        return _d(people[pk].date_of_birth)

    out: dict[str, list[Row]] = {name: [] for name in COLUMNS}
    if not year.has_dolo:
        del out["DoLo"]
    mothers = _mothers(year, [p for p in people.values() if p.sex == "F"])
    for person in people.values():
        mother, child_born = mothers.get(person.pk, ("", None))
        out["Header"].append(
            {
                "CHILD": person.council_id,
                "SEX": sex_code(person, year),
                "DOB": _d(person.date_of_birth),
                "ETHNIC": person.ethnicity,
                "UPN": upn_value(person),
                "MOTHER": mother,
                "MC_DOB": _d(child_born),
            }
        )
    periods = cohorts.care_periods(year).filter(person_id__in=looked_after)
    episodes = (
        CareEpisode.objects.filter(period__in=periods, started_on__lte=year.end)
        .exclude(ended_on__lt=year.start)
        .order_by("person_id", "started_on")
    )
    for e in episodes:
        ended = e.ended_on is not None and e.ended_on <= year.end
        out["Episodes"].append(
            {
                "CHILD": people[e.person_id].council_id,
                "DECOM": _d(e.started_on),
                "RNE": e.reason_new,
                "LS": e.legal_status,
                "CIN": e.category_of_need,
                "PLACE": e.placement_type,
                "PLACE_PROVIDER": e.provider,
                "DEC": _d(e.ended_on) if ended else "",
                "REC": e.reason_ended if ended else "",
                # On the episode that ended because the placement changed (rule 1009).
                "REASON_PLACE_CHANGE": e.reason_place_change if ended else "",
                "HOME_POST": e.home_postcode,
                "PL_POST": e.placement_postcode,
                "URN": e.urn or ("XXXXXXX" if e.placement_type in URN_NOT_REGISTERED else ""),
            }
        )
    for period in periods.filter(uasc=True).order_by("person_id"):
        person = people[period.person_id]
        out["UASC"].append(
            {
                "CHILD": person.council_id,
                "SEX": sex_code(person, year),
                "DOB": dob(person.pk),
                "DUC": _d(period.uasc_ceased_on, year),
            }
        )
    reviews = CareReview.objects.filter(
        person_id__in=looked_after, held_on__gte=year.start, held_on__lte=year.end
    ).order_by("person_id", "held_on")
    for r in reviews:
        out["Reviews"].append(
            {"CHILD": people[r.person_id].council_id, "DOB": dob(r.person_id), "REVIEW": _d(r.held_on),
             "REVIEW_CODE": r.participation}
        )  # fmt: skip
    for period in periods.filter(started_on__gte=year.start).order_by("person_id", "started_on"):
        # PrevPerm: every child who started to be looked after in the year (rule 630).
        out["PrevPerm"].append(
            {
                "CHILD": people[period.person_id].council_id,
                "DOB": dob(period.person_id),
                "PREV_PERM": period.previous_permanence or "Z1",
                "LA_PERM": period.previous_permanence_council if period.previous_permanence != "Z1" else "",
                "DATE_PERM": _d(period.previous_permanence_on),
            }
        )
    for o in HealthOutcomes.objects.filter(person_id__in=looked_after, year=year.end_year).order_by("person_id"):
        out["OC2"].append(
            {
                "CHILD": people[o.person_id].council_id,
                "DOB": dob(o.person_id),
                "SDQ_SCORE": "" if o.sdq_score is None else str(o.sdq_score),
                "SDQ_REASON": o.sdq_reason,
                "CONVICTED": _flag(o.convicted),
                "HEALTH_CHECK": _flag(o.health_check),
                "IMMUNISATIONS": _flag(o.immunisations),
                "TEETH_CHECK": _flag(o.teeth_check),
                "HEALTH_ASSESSMENT": _flag(o.health_assessment),
                "SUBSTANCE_MISUSE": _flag(o.substance_misuse),
                "INTERVENTION_RECEIVED": _flag(o.intervention_received),
                "INTERVENTION_OFFERED": _flag(o.intervention_offered),
            }
        )
    out["SWEpisodes"] = social_worker_rows(year, people, looked_after)
    latest = {}
    for contact in (
        cohorts.care_leaver_contacts(year).filter(person_id__in=people).order_by("person_id", "contacted_on")
    ):
        latest[contact.person_id] = contact
    for pk, c in sorted(latest.items(), key=lambda item: people[item[0]].council_id):
        out["OC3"].append(
            {"CHILD": people[pk].council_id, "DOB": dob(pk), "IN_TOUCH": c.in_touch, "ACTIV": c.activity,
             "ACCOM": c.accommodation}
        )  # fmt: skip
    out["Missing"] = missing_rows(year, people, looked_after)
    for rows in out.values():
        rows.sort(key=lambda row: row["CHILD"])
    return out


# Placements with no Ofsted registration of their own (with parents, independent living,
# hospitals, custody, temporary moves): the DfE's "XXXXXXX" in place of a URN.
URN_NOT_REGISTERED = frozenset({"P1", "P2", "P3", "R2", "R3", "R5", "T0", "T1", "T2", "T3", "T4", "Z1"})


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _mothers(year: CollectionYear, girls: list[Person]) -> dict[int, tuple[str, dt.date | None]]:
    """MOTHER for each girl: 1 with her child's date of birth where the person index holds her as a
    parent (the family network), otherwise 0. From the records, so nothing is asked twice."""
    found: dict[int, tuple[str, dt.date | None]] = {g.pk: ("0", None) for g in girls}
    links = (
        Relationship.objects.filter(from_person_id__in=found, kind=RelationshipKind.PARENT)
        .select_related("to_person")
        .order_by("to_person__date_of_birth")
    )
    for link in links:
        born = link.to_person.date_of_birth
        if born is not None and born <= year.end and found[link.from_person_id][0] == "0":
            found[link.from_person_id] = ("1", born)
    return found


# The allocations that are a looked-after child's social worker: their involvement in the service.
SOCIAL_WORK_SERVICE = "Children in care"
SOCIAL_WORK_ROLES = ("social_worker", "team_manager")


def social_worker_rows(year: CollectionYear, people: dict[int, Person], looked_after: set[int]) -> list[Row]:
    """SWEpisodes: each looked-after child's allocated social workers during the year.

    An episode ends when the child's social worker changes, not when the child leaves care: the
    allocation that ended with the care period is sent open (rules SW12STG2 and SW17STG2).
    SW_ID is the worker's Social Work England number, which Jigsaw does not hold yet: "XX" and the
    worker's own number stand for it (the validators accept ids that begin SW or XX). Jigsaw does
    not yet record why a child's social worker changed: SW_REASON is OTHERS until it does."""
    rows = []
    care_ended: dict[int, dt.date | None] = {}
    for period in cohorts.care_periods(year).filter(person_id__in=looked_after).order_by("started_on"):
        care_ended[period.person_id] = period.ended_on
    allocations = (
        Involvement.objects.filter(
            person_id__in=looked_after,
            service=SOCIAL_WORK_SERVICE,
            kind="allocated",
            user__role__in=SOCIAL_WORK_ROLES,
            started_on__lte=year.end,
        )
        .exclude(ended_on__lt=year.start)
        .order_by("person_id", "started_on", "pk")
    )
    allocations = list(allocations)
    last = {a.person_id: a.pk for a in allocations}
    for a in allocations:
        ended = a.ended_on is not None and a.ended_on <= year.end
        left_care = care_ended.get(a.person_id)
        if ended and last[a.person_id] == a.pk and left_care is not None and a.ended_on >= left_care:
            ended = False
        rows.append(
            {
                "CHILD": people[a.person_id].council_id,
                "DOB": _d(people[a.person_id].date_of_birth),
                "SW_ID": f"XX{a.user_id:06d}",
                "SW_DECOM": _d(a.started_on),
                "SW_DEC": _d(a.ended_on) if ended else "",
                "SW_REASON": "OTHERS",
            }
        )
    return rows


def missing_rows(year: CollectionYear, people: dict[int, Person], looked_after: set[int]) -> list[Row]:
    """Missing and away episodes of looked-after children that began while they were in care in the year."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(year.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(year.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    in_care: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for period in cohorts.care_periods(year).filter(person_id__in=looked_after):
        in_care[period.person_id].append((period.started_on, period.ended_on))
    rows = []
    episodes = MissingEpisode.objects.filter(
        person_id__in=looked_after, went_missing_at__gte=start, went_missing_at__lt=end
    ).order_by("person_id", "went_missing_at")
    for e in episodes:
        began = e.ssda903_start
        if not any(s <= began and (t is None or began <= t) for s, t in in_care[e.person_id]):
            continue
        rows.append(
            {
                "CHILD": people[e.person_id].council_id,
                "DOB": _d(people[e.person_id].date_of_birth),
                "MISSING": e.kind,
                "MIS_START": _d(began),
                "MIS_END": _d(e.ssda903_end, year),
            }
        )
    return rows


def as_csv(name: str, rows: list[Row]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS[name])
    for row in rows:
        writer.writerow([safe_cell(row.get(column, "")) for column in COLUMNS[name]])
    return buffer.getvalue().encode("utf-8")


def build(year: CollectionYear) -> dict[str, bytes]:
    """File name -> CSV bytes, every table of the year."""
    return {FILE_NAMES[name]: as_csv(name, rows) for name, rows in tables(year).items()}
