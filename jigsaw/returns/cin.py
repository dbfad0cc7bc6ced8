"""The Children in Need census for a collection year, as the DfE's XML (returns-reference §8.1).

Built from the records practitioners keep: the front door's episodes of need, protection's
assessments, section 47 enquiries, conferences and plans, and the person index. Nothing after
the census's reference date (31 March) is sent: a later closure, authorisation or plan end is
left blank, as it was on that day. Every census is checked against `schemas/cin.xsd` before it
leaves (`validate_against_schema`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from lxml import etree

from jigsaw.frontdoor.models import Episode
from jigsaw.people.models import Person
from jigsaw.protection.choices import ConferenceKind
from jigsaw.protection.models import Assessment, Conference, ProtectionPlan, Section47
from jigsaw.timescales.calendar import add_working_days

from . import cohorts
from .years import CollectionYear

SCHEMA_PATH = Path(__file__).parent / "schemas" / "cin.xsd"
SOFTWARE_CODE = "Jigsaw"
RELEASE = "1"


def _d(day: dt.date | None, year: CollectionYear) -> str:
    """An ISO date, or "" for none or for one after the reference date."""
    return day.isoformat() if day and day <= year.end else ""


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, tag)
    if text is not None:
        node.text = text
    return node


def _maybe(parent: etree._Element, tag: str, text: str) -> None:
    """Optional items are left out when there is nothing to say."""
    if text:
        _sub(parent, tag, text)


def sex_code(person: Person, year: CollectionYear) -> tuple[str, str]:
    """("Sex", M/F/U) from 2024 to 2025; before it ("GenderCurrent", 1 male, 2 female, 0 not known)."""
    if year.sex_as_letters:
        return "Sex", person.sex if person.sex in ("M", "F") else "U"
    return "GenderCurrent", {"M": "1", "F": "2"}.get(person.sex, "0")


def disability_codes(person: Person) -> list[str]:
    return [code for code in (person.disability_codes or "").split() if code]


class _Records:
    """Everything the census needs for its episodes, fetched once (no query per child)."""

    def __init__(self, episodes: list[Episode]) -> None:
        ids = [e.pk for e in episodes]
        self.assessments: dict[int, list[Assessment]] = defaultdict(list)
        for a in Assessment.objects.filter(episode_id__in=ids).prefetch_related("factors").order_by("started_on", "pk"):
            self.assessments[a.episode_id].append(a)
        self.section47s: dict[int, list[Section47]] = defaultdict(list)
        for s in (
            Section47.objects.filter(episode_id__in=ids)
            .select_related("strategy_discussion")
            .order_by("started_on", "pk")
        ):
            self.section47s[s.episode_id].append(s)
        self.initial_conferences: dict[int, list[Conference]] = defaultdict(list)
        self.reviews: dict[int, list[dt.date]] = defaultdict(list)
        for c in Conference.objects.filter(episode_id__in=ids, held_on__isnull=False).order_by("held_on", "pk"):
            if c.kind == ConferenceKind.INITIAL:
                self.initial_conferences[c.episode_id].append(c)
            elif c.kind == ConferenceKind.REVIEW and c.plan_id:
                self.reviews[c.plan_id].append(c.held_on)
        self.plans: dict[int, list[ProtectionPlan]] = defaultdict(list)
        person_ids = {e.person_id for e in episodes}
        self.plan_starts: dict[int, list[dt.date]] = defaultdict(list)
        for p in ProtectionPlan.objects.filter(person_id__in=person_ids).order_by("started_on", "pk"):
            self.plan_starts[p.person_id].append(p.started_on)
            if p.episode_id in set(ids):
                self.plans[p.episode_id].append(p)


def _initial_cpc_after(conferences: list[Conference], day: dt.date, year: CollectionYear) -> str:
    for c in conferences:
        if c.held_on >= day:
            return _d(c.held_on, year)
    return ""


def _cin_details(child: etree._Element, e: Episode, records: _Records, year: CollectionYear) -> None:
    node = _sub(child, "CINdetails")
    _sub(node, "CINreferralDate", e.referral_date.isoformat())
    _sub(node, "ReferralSource", e.referral_source)
    _sub(node, "PrimaryNeedCode", e.primary_need)
    closed = e.closure_date is not None and e.closure_date <= year.end
    _maybe(node, "CINclosureDate", _d(e.closure_date, year) if closed else "")
    _maybe(node, "ReasonForClosure", e.closure_reason if closed else "")
    conferences = records.initial_conferences.get(e.pk, [])
    section47s = [s for s in records.section47s.get(e.pk, []) if year.overlaps(s.started_on, s.completed_on)]
    first_icpc = next((c for c in conferences if c.held_on and c.held_on >= year.start), None)
    # The conference is sent once (rule 2884): with the section 47 that led to it, or here when none did.
    after_s47 = first_icpc is not None and any(
        _initial_cpc_after(conferences, s.started_on, year) == _d(first_icpc.held_on, year) for s in section47s
    )
    _maybe(node, "DateOfInitialCPC", _d(first_icpc.held_on, year) if first_icpc and not after_s47 else "")
    for a in records.assessments.get(e.pk, []):
        if not year.overlaps(a.started_on, a.authorised_on):
            continue
        assessment = _sub(node, "Assessments")
        _sub(assessment, "AssessmentActualStartDate", a.started_on.isoformat())
        _maybe(assessment, "AssessmentInternalReviewDate", _d(a.internal_review_on, year))
        authorised = _d(a.authorised_on, year)
        _maybe(assessment, "AssessmentAuthorisationDate", authorised)
        factors = sorted(f.code for f in a.factors.all())
        if authorised and factors:
            listed = _sub(assessment, "FactorsIdentifiedAtAssessment")
            for code in factors:
                _sub(listed, "AssessmentFactors", code)
    if e.cin_plan_started_on and year.overlaps(e.cin_plan_started_on, e.cin_plan_ended_on):
        plan = _sub(node, "CINPlanDates")
        _sub(plan, "CINPlanStartDate", e.cin_plan_started_on.isoformat())
        _maybe(plan, "CINPlanEndDate", _d(e.cin_plan_ended_on, year))
    for s in section47s:
        enquiry = _sub(node, "Section47")
        _sub(enquiry, "S47ActualStartDate", s.started_on.isoformat())
        strategy_day = s.strategy_discussion.held_on or s.started_on
        _sub(enquiry, "InitialCPCtarget", add_working_days(strategy_day, 15).isoformat())
        _maybe(enquiry, "DateOfInitialCPC", _initial_cpc_after(conferences, s.started_on, year))
        if s.icpc_needed is not None and (s.completed_on is None or s.completed_on <= year.end):
            _sub(enquiry, "ICPCnotRequired", "false" if s.icpc_needed else "true")
    _sub(node, "ReferralNFA", "true" if e.referral_nfa and closed else "false")
    for p in records.plans.get(e.pk, []):
        if not year.overlaps(p.started_on, p.ended_on):
            continue
        plan = _sub(node, "ChildProtectionPlans")
        _sub(plan, "CPPstartDate", p.started_on.isoformat())
        _maybe(plan, "CPPendDate", _d(p.ended_on, year))
        _sub(plan, "InitialCategoryOfAbuse", p.initial_category)
        _sub(plan, "LatestCategoryOfAbuse", p.category)
        previous = sum(1 for started in records.plan_starts.get(e.person_id, []) if started < p.started_on)
        _sub(plan, "NumberOfPreviousCPP", str(previous))
        for held_on in records.reviews.get(p.pk, []):
            if year.start <= held_on <= year.end:
                _sub(_sub(plan, "Reviews"), "CPPreviewDate", held_on.isoformat())


def _child(children: etree._Element, person: Person, episodes: Iterable[Episode], records, year) -> None:
    child = _sub(children, "Child")
    ids = _sub(child, "ChildIdentifiers")
    _sub(ids, "LAchildID", person.council_id)
    _maybe(ids, "UPN", person.upn)
    _maybe(ids, "UPNunknown", "" if person.upn else person.upn_unknown)
    _maybe(ids, "PersonBirthDate", person.date_of_birth.isoformat() if person.date_of_birth else "")
    if not person.date_of_birth and person.expected_date_of_birth:
        _sub(ids, "ExpectedPersonBirthDate", person.expected_date_of_birth.isoformat())
    tag, code = sex_code(person, year)
    _sub(ids, tag, code)
    _maybe(ids, "PersonDeathDate", _d(person.date_of_death, year))
    characteristics = _sub(child, "ChildCharacteristics")
    _maybe(characteristics, "Ethnicity", person.ethnicity)
    codes = disability_codes(person)
    if codes:
        disabilities = _sub(characteristics, "Disabilities")
        for code in codes:
            _sub(disabilities, "Disability", code)
    for e in episodes:
        _cin_details(child, e, records, year)


def build(year: CollectionYear, *, serial: int = 1, now: dt.datetime | None = None) -> bytes:
    """The census message for the year, as UTF-8 XML."""
    now = timezone.localtime(now or timezone.now()).replace(microsecond=0, tzinfo=None)
    message = etree.Element("Message")
    header = _sub(message, "Header")
    details = _sub(header, "CollectionDetails")
    _sub(details, "Collection", "CIN")
    _sub(details, "Year", str(year.end_year))
    _sub(details, "ReferenceDate", year.end.isoformat())
    source = _sub(header, "Source")
    _sub(source, "SourceLevel", "L")
    _sub(source, "LEA", str(settings.JIGSAW_COUNCIL_CODE))
    _sub(source, "SoftwareCode", SOFTWARE_CODE)
    _sub(source, "Release", RELEASE)
    _sub(source, "SerialNo", f"{serial:03d}")
    _sub(source, "DateTime", now.isoformat())
    children = _sub(message, "Children")
    episodes = list(
        cohorts.cin_episodes(year)
        .filter(person__in=cohorts.census_children(year))
        .order_by("person_id", "referral_date", "pk")
    )
    by_child: dict[int, list[Episode]] = defaultdict(list)
    for e in episodes:
        by_child[e.person_id].append(e)
    records = _Records(episodes)
    for person in cohorts.census_children(year):
        _child(children, person, by_child[person.pk], records, year)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_errors(xml: bytes) -> list[str]:
    """What the census schema rejects in this message ([] when it is valid)."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    document = etree.fromstring(xml)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
