"""Each figure defined once: its records for a period, and from them both the number and the
list of children behind it. A dashboard, its drill-down list, its download and (through
cohorts.py) the statutory returns all ask the same queryset, so they cannot disagree.

A measure's records are whole-council; `count` and `rows` narrow them for the person asking:
- a restricted measure (LADO, Channel) exists only for members of that team;
- every other measure leaves out children whose record is restricted (LADO, Channel, sealed)
  unless the user belongs to that area: restricted means invisible, counts included;
- the list of children is shown only to roles that may see people (`can_list`), and only the
  children the access policy lets them see; an analyst gets the counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from jigsaw.access.choices import RestrictedArea
from jigsaw.access.policy import PERSON_ACTIONS, Action
from jigsaw.allegations.choices import Outcome as LadoOutcome
from jigsaw.allegations.choices import Sector
from jigsaw.allegations.models import Allegation
from jigsaw.channel.models import ChannelCase
from jigsaw.exploitation.models import ExploitationConcern
from jigsaw.fgc.models import ReferralChild
from jigsaw.frontdoor.choices import OPENS_EPISODE, PersonRole
from jigsaw.frontdoor.models import ContactPerson, Episode
from jigsaw.missing.models import MissingEpisode
from jigsaw.people.models import Person
from jigsaw.protection.choices import Category
from jigsaw.protection.models import Assessment, Conference, ProtectionPlan, Section47
from jigsaw.timescales.calendar import add_calendar_months, add_working_days
from jigsaw.youthjustice.models import Outcome as YjOutcome
from jigsaw.youthjustice.models import YouthJusticeCase

from . import cohorts
from .cohorts import Period

# Domestic abuse at assessment: the census factors 3A, 3B, 3C (domestic violence, the child /
# the parent or carer / another household member as victim).
DOMESTIC_ABUSE_FACTORS = ("3A", "3B", "3C")


@dataclass(frozen=True)
class Measure:
    key: str
    title: str
    # What one row of its list is ("children", "contacts about a child", "referrals", ...).
    counts: str
    definition: str
    records: Callable[[Period], QuerySet]
    # The path from a record to its Person ("" when the record is the person).
    person: str = "person"
    # The day each record is dated by (shown in the list; the trend charts group by it).
    date: str | None = None
    # A field shown beside each child in the list, and its heading.
    detail: str | None = None
    detail_label: str = ""
    # The measure this one is a part of: shown as "x of y (z%)".
    of: str | None = None
    # A rate per 10,000 children (the council's child population, a setting) is shown.
    rate: bool = False
    restricted_area: str = RestrictedArea.NONE

    def _path(self, field: str) -> str:
        return f"{self.person}__{field}" if self.person else field


def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__range": (period.start, period.end)})


def _at(field: str, period: Period) -> Q:
    """A datetime field falling on a day of the period (local time)."""
    return Q(**{f"{field}__date__range": (period.start, period.end)})


# Front door ---------------------------------------------------------------------------------


def _contact_children(period: Period) -> QuerySet:
    return ContactPerson.objects.filter(role=PersonRole.CHILD, person__isnull=False).filter(
        _at("contact__received_at", period)
    )


def _decided(period: Period) -> QuerySet:
    return _contact_children(period).filter(contact__decision__isnull=False)


def _re_referrals(period: Period) -> QuerySet:
    twelve_months_before = ExpressionWrapper(OuterRef("referral_date") - dt.timedelta(days=365), DateField())
    earlier = Episode.objects.filter(
        person=OuterRef("person"), referral_date__lt=OuterRef("referral_date"), referral_date__gte=twelve_months_before
    )
    return Episode.objects.filter(_in("referral_date", period)).filter(Exists(earlier))


# Child protection ---------------------------------------------------------------------------


def _icpcs(period: Period) -> QuerySet:
    return Conference.objects.filter(kind="initial", held_on__isnull=False).filter(_in("held_on", period))


def _icpcs_within_15(period: Period) -> QuerySet:
    """Initial conferences held within 15 working days of the strategy discussion that began
    their section 47 enquiry (statutory-reference 1.5)."""
    on_time = [
        pk
        for pk, held, strategy_on in _icpcs(period).values_list(
            "pk", "held_on", "section_47__strategy_discussion__held_on"
        )
        if strategy_on is not None and held <= add_working_days(strategy_on, 15)
    ]
    return Conference.objects.filter(pk__in=on_time)


def _plans_started(period: Period) -> QuerySet:
    return ProtectionPlan.objects.filter(_in("started_on", period))


def _second_plans(period: Period) -> QuerySet:
    earlier = ProtectionPlan.objects.filter(person=OuterRef("person"), started_on__lt=OuterRef("started_on"))
    return _plans_started(period).filter(Exists(earlier))


def _plans_ended(period: Period) -> QuerySet:
    return ProtectionPlan.objects.filter(ended_on__isnull=False).filter(_in("ended_on", period))


def _plans_two_years(period: Period) -> QuerySet:
    # Two years to the day: a plan from 1 June 2024 that ended on 1 June 2026 lasted two years.
    long = [
        pk
        for pk, start, end in _plans_ended(period).values_list("pk", "started_on", "ended_on")
        if end >= add_calendar_months(start, 24)
    ]
    return ProtectionPlan.objects.filter(pk__in=long)


def _assessments(period: Period) -> QuerySet:
    return Assessment.objects.filter(authorised_on__isnull=False).filter(_in("authorised_on", period))


# Children in care ---------------------------------------------------------------------------


def _three_placements(period: Period) -> QuerySet:
    """Children looked after at the period's end who had three or more placements in it (the
    DfE's placement stability measure): each episode that is not a change of legal status
    alone begins a placement."""
    placements = (
        cohorts.care_episodes(period)
        .exclude(reason_new="L")
        .values("person_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
        .values("person_id")
    )
    return cohorts.looked_after_at(period.end).filter(pk__in=placements)


# Missing ------------------------------------------------------------------------------------


def _returned(period: Period) -> QuerySet:
    return MissingEpisode.objects.filter(returned_at__isnull=False).filter(_at("returned_at", period))


def _rhi_within_72h(period: Period) -> QuerySet:
    # Compared in Python: datetime arithmetic differs between SQLite and PostgreSQL.
    ok = [
        pk
        for pk, returned, offered in _returned(period).values_list("pk", "returned_at", "interview__offered_at")
        if offered is not None and offered <= returned + dt.timedelta(hours=72)
    ]
    return MissingEpisode.objects.filter(pk__in=ok)


# LADO ---------------------------------------------------------------------------------------


def _lado_referrals(period: Period) -> QuerySet:
    return Allegation.objects.filter(kind="referral").filter(_in("received_on", period))


def _lado_concluded(period: Period) -> QuerySet:
    return Allegation.objects.filter(kind="referral", concluded_on__isnull=False).filter(_in("concluded_on", period))


def _lado_within_month(period: Period) -> QuerySet:
    """Concluded within one month of the referral (KCSIE Part 4's aim for most cases)."""
    ok = [
        pk
        for pk, received, concluded in _lado_concluded(period).values_list("pk", "received_on", "concluded_on")
        if concluded <= add_calendar_months(received, 1)
    ]
    return Allegation.objects.filter(pk__in=ok)


# The register -------------------------------------------------------------------------------

_MEASURES: dict[str, Measure] = {}


def _add(*measures: Measure) -> None:
    for measure in measures:
        assert measure.key not in _MEASURES, measure.key
        _MEASURES[measure.key] = measure


_add(
    Measure(
        "contacts",
        "Children in contacts received",
        "contacts about a child",
        "Each child named in a contact received in the period (a contact about two children counts twice).",
        _contact_children,
        date="contact__received_at",
        detail="contact__source",
        detail_label="Contact source",
    ),
    Measure(
        "contacts_decided",
        "Contacts decided",
        "contacts about a child",
        "Children in contacts received in the period that have a decision.",
        _decided,
        date="contact__received_at",
        of="contacts",
    ),
    Measure(
        "decided_in_1_wd",
        "Decided within 1 working day",
        "contacts about a child",
        "Contacts received in the period decided by the end of the next working day (Working Together 2023).",
        lambda p: _decided(p).filter(contact__decision__on_time=True),
        date="contact__received_at",
        of="contacts_decided",
    ),
    Measure(
        "contacts_to_referral",
        "Contacts that became referrals",
        "contacts about a child",
        "Children in contacts received in the period whose decision opened a child-in-need episode "
        "(a strategy discussion, emergency protection or assessment).",
        lambda p: _decided(p).filter(contact__decision__outcome__in=list(OPENS_EPISODE)),
        date="contact__received_at",
        of="contacts",
    ),
    Measure(
        "referrals",
        "Referrals",
        "referrals",
        "Child-in-need episodes with a referral date in the period (CINreferralDate).",
        lambda p: Episode.objects.filter(_in("referral_date", p)),
        date="referral_date",
        detail="referral_source",
        detail_label="Referral source",
    ),
    Measure(
        "re_referrals",
        "Re-referrals within 12 months",
        "referrals",
        "Referrals in the period of a child referred before within the 12 months before.",
        _re_referrals,
        date="referral_date",
        of="referrals",
    ),
    Measure(
        "cin_in_period",
        "Children in need during the period",
        "children",
        "Children with an episode of need open at any time in the period, on a protection plan or looked "
        "after (the CIN census's children).",
        cohorts.children_in_need,
        person="",
    ),
    Measure(
        "cin_at_end",
        "Children in need at the end of the period",
        "children",
        "Children in need on the period's last day.",
        lambda p: cohorts.children_in_need_at(p.end),
        person="",
        rate=True,
    ),
    Measure(
        "assessments",
        "Assessments completed",
        "assessments",
        "Child and family assessments authorised in the period.",
        _assessments,
        date="authorised_on",
    ),
    Measure(
        "assessments_domestic_abuse",
        "Assessments finding domestic abuse",
        "assessments",
        "Assessments authorised in the period with domestic abuse identified as a factor (census factors 3A, 3B, 3C).",
        lambda p: _assessments(p).filter(factors__code__in=DOMESTIC_ABUSE_FACTORS).distinct(),
        date="authorised_on",
        of="assessments",
    ),
    Measure(
        "section_47s",
        "Section 47 enquiries started",
        "enquiries",
        "Section 47 enquiries started in the period.",
        lambda p: Section47.objects.filter(_in("started_on", p)),
        date="started_on",
    ),
    Measure(
        "icpcs",
        "Initial child protection conferences",
        "conferences",
        "Initial conferences held in the period.",
        _icpcs,
        date="held_on",
    ),
    Measure(
        "icpcs_in_15_wd",
        "Initial conferences within 15 working days",
        "conferences",
        "Initial conferences held within 15 working days of the strategy discussion that began the section 47 enquiry.",
        _icpcs_within_15,
        date="held_on",
        of="icpcs",
    ),
    Measure(
        "cp_started",
        "Child protection plans started",
        "plans",
        "Plans that began in the period.",
        _plans_started,
        date="started_on",
        detail="initial_category",
        detail_label="Initial category",
    ),
    Measure(
        "cp_second",
        "Second or subsequent plans",
        "plans",
        "Plans started in the period for a child who had a plan before, at any time.",
        _second_plans,
        date="started_on",
        of="cp_started",
    ),
    Measure(
        "cp_ended",
        "Child protection plans ended",
        "plans",
        "Plans that ended in the period.",
        _plans_ended,
        date="ended_on",
    ),
    Measure(
        "cp_two_years",
        "Plans that lasted 2 years or more",
        "plans",
        "Plans ended in the period that had lasted two years or more.",
        _plans_two_years,
        date="ended_on",
        of="cp_ended",
    ),
    Measure(
        "cp_at_end",
        "Children on a plan at the end of the period",
        "children",
        "Plans open on the period's last day.",
        lambda p: cohorts.protection_plans_at(p.end),
        date="started_on",
        detail="category",
        detail_label="Category",
        rate=True,
    ),
    *(
        Measure(
            f"cp_at_end_{code}",
            f"On a plan at the end: {label.lower()}",
            "children",
            f"Plans open on the period's last day whose current category is {label.lower()}.",
            lambda p, code=code: cohorts.protection_plans_at(p.end).filter(category=code),
            date="started_on",
            of="cp_at_end",
        )
        for code, label in Category.choices
    ),
    *(
        Measure(
            f"cp_started_{code}",
            f"Plans started: {label.lower()}",
            "plans",
            f"Plans that began in the period with {label.lower()} as the initial category.",
            lambda p, code=code: _plans_started(p).filter(initial_category=code),
            date="started_on",
            of="cp_started",
        )
        for code, label in Category.choices
    ),
    Measure(
        "lac_in_period",
        "Children looked after during the period",
        "children",
        "Children with an SSDA903 episode in the period, not counting short breaks alone (V3, V4).",
        cohorts.looked_after,
        person="",
    ),
    Measure(
        "lac_at_end",
        "Children looked after at the end of the period",
        "children",
        "Children looked after on the period's last day (short breaks alone not counted).",
        lambda p: cohorts.care_episodes_at(p.end),
        date="started_on",
        detail="placement_type",
        detail_label="Placement type",
        rate=True,
    ),
    Measure(
        "lac_started",
        "Started to be looked after",
        "children",
        "Children whose period of care began in the period.",
        cohorts.started_to_be_looked_after,
        person="",
    ),
    Measure(
        "lac_ceased",
        "Ceased to be looked after",
        "children",
        "Children whose period of care ended in the period.",
        cohorts.ceased_to_be_looked_after,
        person="",
    ),
    Measure(
        "lac_three_placements",
        "Three or more placements in the period",
        "children",
        "Children looked after at the period's end who had three or more placements during it.",
        _three_placements,
        person="",
        of="lac_at_end",
    ),
    Measure(
        "lac_out_of_area",
        "Placed out of the council's area",
        "children",
        "Children looked after at the period's end whose placement is outside the council's area.",
        lambda p: cohorts.care_episodes_at(p.end).filter(out_of_area=True),
        date="started_on",
        detail="host_council",
        detail_label="Host council",
        of="lac_at_end",
    ),
    Measure(
        "lac_over_20_miles",
        "Placed more than 20 miles from home",
        "children",
        "Children looked after at the period's end placed more than 20 miles from home.",
        lambda p: cohorts.care_episodes_at(p.end).filter(distance_miles__gt=20),
        date="started_on",
        detail="distance_miles",
        detail_label="Miles from home",
        of="lac_at_end",
    ),
    Measure(
        "missing_episodes",
        "Missing episodes",
        "episodes",
        "Times a child went missing or was away without authorisation in the period.",
        lambda p: MissingEpisode.objects.filter(_at("went_missing_at", p)),
        date="went_missing_at",
        detail="kind",
        detail_label="Missing or away",
    ),
    Measure(
        "missing_returned",
        "Returns from missing",
        "episodes",
        "Missing episodes that ended (the child returned) in the period.",
        _returned,
        date="returned_at",
    ),
    Measure(
        "rhi_within_72h",
        "Return interviews offered within 72 hours",
        "episodes",
        "Returns in the period where a return home interview was offered within 72 hours.",
        _rhi_within_72h,
        date="returned_at",
        of="missing_returned",
    ),
    Measure(
        "exploitation_concerns",
        "Exploitation concerns raised",
        "concerns",
        "Concerns that a child or young person is being exploited, raised in the period.",
        lambda p: ExploitationConcern.objects.filter(_in("raised_on", p)),
        date="raised_on",
    ),
    Measure(
        "fgc_referrals",
        "Children referred for a family group conference",
        "children",
        "Each child on a family group conference referral made in the period.",
        lambda p: ReferralChild.objects.filter(_in("referral__referred_on", p)),
        date="referral__referred_on",
    ),
    Measure(
        "fgc_plans_agreed",
        "Family plans agreed",
        "children",
        "Each child on a referral whose family agreed its plan in the period.",
        lambda p: ReferralChild.objects.filter(_in("referral__conferences__plan__decided_on", p)).distinct(),
        date="referral__referred_on",
        of="fgc_referrals",
    ),
    Measure(
        "yj_cases",
        "Referred to the youth justice service",
        "young people",
        "Young people referred to the youth justice service in the period.",
        lambda p: YouthJusticeCase.objects.filter(_in("referred_on", p)),
        date="referred_on",
    ),
    Measure(
        "yj_outcomes",
        "Youth justice outcomes",
        "outcomes",
        "Outcomes (out-of-court and court) recorded with a date in the period.",
        lambda p: YjOutcome.objects.filter(_in("outcome_on", p)),
        date="outcome_on",
        detail="kind",
        detail_label="Outcome",
    ),
    # LADO: for the LADO team only (restricted everywhere else, counts included).
    Measure(
        "lado_referrals",
        "LADO referrals",
        "referrals",
        "Referrals (not advice only) received by the LADO in the period.",
        _lado_referrals,
        person="subject",
        date="received_on",
        detail="employer_sector",
        detail_label="Sector",
        restricted_area=RestrictedArea.LADO,
    ),
    *(
        Measure(
            f"lado_sector_{code}",
            f"LADO referrals: {label.lower()}",
            "referrals",
            f"Referrals received in the period about someone working in {label.lower()}.",
            lambda p, code=code: _lado_referrals(p).filter(employer_sector=code),
            person="subject",
            date="received_on",
            of="lado_referrals",
            restricted_area=RestrictedArea.LADO,
        )
        for code, label in Sector.choices
    ),
    Measure(
        "lado_concluded",
        "LADO referrals concluded",
        "referrals",
        "Referrals concluded (an outcome recorded) in the period.",
        _lado_concluded,
        person="subject",
        date="concluded_on",
        detail="outcome",
        detail_label="Outcome",
        restricted_area=RestrictedArea.LADO,
    ),
    *(
        Measure(
            f"lado_outcome_{code}",
            f"Concluded: {label.lower()}",
            "referrals",
            f"Referrals concluded in the period as {label.lower()}.",
            lambda p, code=code: _lado_concluded(p).filter(outcome=code),
            person="subject",
            date="concluded_on",
            of="lado_concluded",
            restricted_area=RestrictedArea.LADO,
        )
        for code, label in LadoOutcome.choices
    ),
    Measure(
        "lado_within_month",
        "Concluded within one month",
        "referrals",
        "Referrals concluded in the period within one month of being received.",
        _lado_within_month,
        person="subject",
        date="concluded_on",
        of="lado_concluded",
        restricted_area=RestrictedArea.LADO,
    ),
    # Channel: for the Channel panel only.
    Measure(
        "channel_referrals",
        "Channel referrals",
        "referrals",
        "Channel referrals received in the period.",
        lambda p: ChannelCase.objects.filter(_in("received_on", p)),
        date="received_on",
        restricted_area=RestrictedArea.CHANNEL,
    ),
    Measure(
        "channel_adopted",
        "Adopted as Channel cases",
        "referrals",
        "Referrals the panel adopted as Channel cases, decided in the period.",
        lambda p: ChannelCase.objects.filter(decision="adopt").filter(_in("decision_on", p)),
        date="decision_on",
        of="channel_referrals",
        restricted_area=RestrictedArea.CHANNEL,
    ),
    # Data quality: records that make a figure incomplete.
    Measure(
        "dq_in_need_without_episode",
        "Children in need with no episode of need",
        "children",
        "Children on a plan or looked after in the period with no child-in-need episode: the CIN census leaves "
        "them out.",
        cohorts.children_in_need_without_episode,
        person="",
    ),
    Measure(
        "dq_need_not_stated",
        "Episodes with no primary need",
        "episodes",
        "Episodes of need open in the period whose primary need is N0 (not stated).",
        lambda p: cohorts.cin_episodes(p).filter(primary_need="N0"),
        date="referral_date",
    ),
    Measure(
        "dq_no_date_of_birth",
        "Children in need with no date of birth",
        "children",
        "Children in need in the period whose record has no date of birth.",
        lambda p: cohorts.children_in_need(p).filter(date_of_birth__isnull=True),
        person="",
    ),
    Measure(
        "dq_no_ethnicity",
        "Children in need with no ethnicity recorded",
        "children",
        "Children in need in the period whose ethnicity is blank (the census needs a code, or NOBT).",
        lambda p: cohorts.children_in_need(p).filter(ethnicity=""),
        person="",
    ),
    Measure(
        "dq_no_placement_postcode",
        "Placements with no postcode",
        "episodes",
        "SSDA903 episodes in the period with no placement postcode (PL_POST).",
        lambda p: cohorts.care_episodes(p, include_short_breaks=True).filter(placement_postcode=""),
        date="started_on",
    ),
)


def measure_get(key: str) -> Measure:
    return _MEASURES[key]


def all_measures() -> list[Measure]:
    return list(_MEASURES.values())


# Who may see what ---------------------------------------------------------------------------


def may_see(user: Any, measure: Measure) -> bool:
    return not measure.restricted_area or getattr(user, "restricted_area", "") == measure.restricted_area


def can_list(user: Any) -> bool:
    """May this user see the children behind a figure (where the access policy lets them)?"""
    return Action.VIEW in PERSON_ACTIONS.get(getattr(user, "role", ""), frozenset())


def _countable_areas(user: Any) -> list[str]:
    own = getattr(user, "restricted_area", "")
    return ["", own] if own else [""]


def counted(measure: Measure, period: Period, user: Any) -> QuerySet:
    """The records behind the figure this user is shown."""
    if not may_see(user, measure):
        return measure.records(period).none()
    qs = measure.records(period)
    if measure.restricted_area:
        return qs
    return qs.filter(**{measure._path("restricted_area__in"): _countable_areas(user)})


def count(measure: Measure, period: Period, user: Any) -> int:
    return counted(measure, period, user).count()


@dataclass(frozen=True)
class Row:
    person_id: int | None
    name: str
    council_id: str
    date: dt.date | None
    detail: str


def _display(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localdate(value)
    return value


def rows_query(measure: Measure, period: Period, user: Any) -> QuerySet | None:
    """The list behind the figure as a query (a page of it is read at a time), or None when this
    user gets counts only. Each item is a dict for `to_row`."""
    if not (can_list(user) and may_see(user, measure)):
        return None
    qs = counted(measure, period, user)
    if measure.restricted_area:
        pass  # the team sees every record of its own area (may_see above)
    elif measure.person:
        qs = qs.filter(Q(**{f"{measure.person}__in": Person.objects.visible_to(user)}))
    else:
        qs = qs.filter(pk__in=Person.objects.visible_to(user).values("pk"))
    fields = {
        "pid": measure._path("pk") if measure.person else "pk",
        "given": measure._path("given_names"),
        "family": measure._path("family_name"),
        "council": measure._path("council_id"),
    }
    if measure.date:
        fields["day"] = measure.date
    if measure.detail:
        fields["detail"] = measure.detail
    order = [*(["day"] if measure.date else []), "family", "pid"]
    return qs.values(**{k: F(v) for k, v in fields.items()}).order_by(*order)


def to_row(measure: Measure, v: dict[str, Any]) -> Row:
    name = " ".join(part for part in (v["given"], v["family"]) if part) or "Name not recorded"
    return Row(
        person_id=v["pid"],
        name=name,
        council_id=v["council"] or "",
        date=_display(v.get("day")),
        detail=_detail(measure, v.get("detail")),
    )


def rows(measure: Measure, period: Period, user: Any) -> list[Row] | None:
    """The whole list behind the figure, or None when this user gets counts only."""
    query = rows_query(measure, period, user)
    return None if query is None else [to_row(measure, v) for v in query]


_DETAIL_LABELS: dict[str, dict[Any, str]] = {}


def _detail_labels(measure: Measure) -> dict[Any, str]:
    """The words for a coded detail ("NEG" is shown as "Neglect"), from the field's choices."""
    if measure.key not in _DETAIL_LABELS:
        labels: dict[Any, str] = {}
        if measure.detail:
            model = measure.records(Period.day(dt.date.today())).model  # no query is run
            field = None
            for part in measure.detail.split("__"):
                field = model._meta.get_field(part)
                model = field.related_model or model
            labels = {k: str(v) for k, v in (getattr(field, "choices", None) or [])}
        _DETAIL_LABELS[measure.key] = labels
    return _DETAIL_LABELS[measure.key]


def _detail(measure: Measure, value: Any) -> str:
    if value is None or value == "":
        return ""
    return _detail_labels(measure).get(value, str(value))


# Figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    measure: Measure
    value: int
    of_value: int | None = None
    rate: float | None = None
    national_rate: float | None = None

    @property
    def percent(self) -> str:
        if self.of_value is None:
            return ""
        return f"{round(100 * self.value / self.of_value)}%" if self.of_value else ""


def child_population() -> int:
    return int(getattr(settings, "JIGSAW_CHILD_POPULATION", 0) or 0)


def national_rates() -> dict[str, float]:
    return dict(getattr(settings, "JIGSAW_NATIONAL_RATES", {}))


def figure(measure: Measure, period: Period, user: Any, *, cache: dict[str, int] | None = None) -> Figure:
    cache = cache if cache is not None else {}

    def n(m: Measure) -> int:
        if m.key not in cache:
            cache[m.key] = count(m, period, user)
        return cache[m.key]

    value = n(measure)
    of_value = n(measure_get(measure.of)) if measure.of else None
    rate = national = None
    if measure.rate:
        population = child_population()
        rate = round(10_000 * value / population, 1) if population else None
        national = national_rates().get(measure.key)
    return Figure(measure, value, of_value, rate, national)


def figures(keys: Iterable[str], period: Period, user: Any) -> list[Figure]:
    cache: dict[str, int] = {}
    return [figure(measure_get(k), period, user, cache=cache) for k in keys if may_see(user, measure_get(k))]


def months(period: Period) -> list[Period]:
    """The calendar months of the period, the first and last cut to it."""
    out = []
    start = period.start
    while start <= period.end:
        next_month = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        out.append(Period(start, min(period.end, next_month - dt.timedelta(days=1))))
        start = next_month
    return out


def by_month(measure: Measure, period: Period, user: Any) -> list[tuple[Period, int]]:
    """The measure for each month of the period, in one query: the same records as asking month by
    month (a test holds them to that), grouped by the measure's own date."""
    assert measure.date, f"{measure.key} has no date to group by"
    totals = {
        (row["month"].year, row["month"].month): row["n"]
        for row in counted(measure, period, user)
        .annotate(month=TruncMonth(measure.date))
        .values("month")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    return [(m, totals.get((m.start.year, m.start.month), 0)) for m in months(period)]


def suppress_below() -> int:
    return int(getattr(settings, "JIGSAW_SUPPRESS_BELOW", 5))


def suppressed(value: int | None) -> Any:
    """A number fit to leave the council: small counts hidden (a setting, default fewer than 5)."""
    threshold = suppress_below()
    if value is None:
        return ""
    if 0 < value < threshold:
        return f"fewer than {threshold}"
    return value
