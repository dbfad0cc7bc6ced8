"""The dashboards: which figures each shows, in which sections, and the trends over time.

A dashboard holds no query of its own: every number on it is a measure (measures.py), so the
figure, its drill-down list and its download are the same records."""

from __future__ import annotations

from dataclasses import dataclass, field

from jigsaw.access.choices import RestrictedArea
from jigsaw.allegations.choices import Outcome as LadoOutcome
from jigsaw.allegations.choices import Sector
from jigsaw.protection.choices import Category

from .permissions import may_see_dashboard


@dataclass(frozen=True)
class Section:
    title: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Trend:
    """Measures counted month by month, drawn as lines and tabled beside the chart."""

    slug: str
    title: str
    description: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    summary: str
    sections: tuple[Section, ...] = ()
    trends: tuple[Trend, ...] = field(default_factory=tuple)
    restricted_area: str = RestrictedArea.NONE
    # Data quality: each figure is a list of records to put right.
    data_quality: bool = False

    @property
    def keys(self) -> list[str]:
        keys = [k for s in self.sections for k in s.keys]
        keys += [k for t in self.trends for k in t.keys if k not in keys]
        return keys


CATEGORIES = tuple(code for code, _label in Category.choices)

DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard(
        "front-door",
        "Front door",
        "Contacts, decisions, referrals and children in need.",
        (
            Section("Contacts", ("contacts", "contacts_decided", "decided_in_1_wd", "contacts_to_referral")),
            Section("Referrals", ("referrals", "re_referrals")),
            Section("Children in need", ("cin_in_period", "cin_at_end", "assessments", "assessments_domestic_abuse")),
        ),
    ),
    Dashboard(
        "child-protection",
        "Child protection",
        "Section 47 enquiries, conferences and plans.",
        (
            Section("Enquiries and conferences", ("section_47s", "icpcs", "icpcs_in_15_wd")),
            Section("Plans", ("cp_started", "cp_second", "cp_ended", "cp_two_years")),
            Section("On a plan at the end of the period", ("cp_at_end", *(f"cp_at_end_{c}" for c in CATEGORIES))),
        ),
    ),
    Dashboard(
        "children-in-care",
        "Children in care",
        "Children looked after, placements and their stability.",
        (
            Section("Looked after", ("lac_in_period", "lac_at_end", "lac_started", "lac_ceased")),
            Section("Placements", ("lac_three_placements", "lac_out_of_area", "lac_over_20_miles")),
        ),
    ),
    Dashboard(
        "missing-and-exploitation",
        "Missing and exploitation",
        "Missing episodes, return home interviews and exploitation concerns.",
        (
            Section("Missing", ("missing_episodes", "missing_returned", "rhi_within_72h")),
            Section("Exploitation", ("exploitation_concerns",)),
        ),
    ),
    Dashboard(
        "family-group-conferences",
        "Family group conferences",
        "Referrals for a family group conference and the plans families agreed.",
        (Section("Family group conferences", ("fgc_referrals", "fgc_plans_agreed")),),
    ),
    Dashboard(
        "youth-justice",
        "Youth justice",
        "Referrals to the youth justice service and outcomes. The service's own measures (first-time "
        "entrants, reoffending, custody) are on its Measures page.",
        (Section("Youth justice", ("yj_cases", "yj_outcomes")),),
    ),
    Dashboard(
        "over-time",
        "Front door and child protection over time",
        "Month by month: contacts and referrals; and the categories of abuse of new protection plans beside "
        "the assessments that found domestic abuse, to see whether one moves with the other.",
        trends=(
            Trend(
                "front-door",
                "Contacts and referrals by month",
                "Children in contacts received and referrals (child-in-need episodes) by month.",
                ("contacts", "referrals"),
            ),
            Trend(
                "categories",
                "Plans started by initial category of abuse, beside assessments finding domestic abuse",
                "Child protection plans started each month by initial category, and assessments authorised each "
                "month that identified domestic abuse (factors 3A, 3B, 3C).",
                (*(f"cp_started_{c}" for c in CATEGORIES), "assessments_domestic_abuse"),
            ),
        ),
    ),
    Dashboard(
        "data-quality",
        "Data quality",
        "Records that make a figure or a return incomplete. Each list links to the children, to put right.",
        (
            Section(
                "Records to complete",
                (
                    "dq_in_need_without_episode",
                    "dq_need_not_stated",
                    "dq_no_date_of_birth",
                    "dq_no_ethnicity",
                    "dq_no_placement_postcode",
                ),
            ),
        ),
        data_quality=True,
    ),
    Dashboard(
        "lado",
        "LADO",
        "Allegations against people who work with children: referrals by sector, outcomes and timeliness.",
        (
            Section("Referrals", ("lado_referrals", *(f"lado_sector_{c}" for c in Sector.values))),
            Section(
                "Outcomes and timeliness",
                (
                    "lado_concluded",
                    *(f"lado_outcome_{c}" for c in LadoOutcome.values),
                    "lado_within_month",
                ),
            ),
        ),
        restricted_area=RestrictedArea.LADO,
    ),
    Dashboard(
        "channel",
        "Channel",
        "Channel referrals and the cases the panel adopted.",
        (Section("Channel", ("channel_referrals", "channel_adopted")),),
        restricted_area=RestrictedArea.CHANNEL,
    ),
)

_BY_SLUG = {d.slug: d for d in DASHBOARDS}


def dashboards_for(user) -> list[Dashboard]:
    return [d for d in DASHBOARDS if may_see_dashboard(user, d.restricted_area)]


def dashboard_get(user, slug: str) -> Dashboard | None:
    """The dashboard, or None when it does not exist for this user (a restricted one included)."""
    dashboard = _BY_SLUG.get(slug)
    if dashboard is None or not may_see_dashboard(user, dashboard.restricted_area):
        return None
    return dashboard
