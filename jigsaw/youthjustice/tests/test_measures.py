"""The measures page's figures, against data built so the answer is known: each part adds up."""

import datetime as dt

import pytest

from jigsaw.access.choices import RestrictedArea
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.youthjustice import services as svc
from jigsaw.youthjustice.selectors import measures

pytestmark = pytest.mark.django_db

FROM, TO = dt.date(2027, 1, 1), dt.date(2027, 3, 31)


def _case(officer, born):
    person = PersonFactory(date_of_birth=born)
    return svc.case_open(actor=officer, person=person, referred_on=dt.date(2026, 10, 1))


def _offence(officer, case, day):
    return svc.offence_record(
        actor=officer, case=case, committed_on=day, description="Offence", category="theft", gravity=2
    )


def _outcome(officer, case, kind, day, offences, **kw):
    court = {} if kind in ("community_resolution", "youth_caution") else {"court_or_panel": "Northbridge Youth Court"}
    return svc.outcome_record(actor=officer, case=case, kind=kind, outcome_on=day, offences=offences, **court, **kw)


@pytest.fixture
def council(officer):
    d = dt.date
    # A: cautioned before the period (not a first-time entrant in it); a referral order in it
    # (the index outcome); reoffends in April, proven by a fine.
    a = _case(officer, d(2011, 3, 1))
    _outcome(officer, a, "youth_caution", d(2026, 11, 10), [_offence(officer, a, d(2026, 11, 1))])
    _outcome(officer, a, "referral_order", d(2027, 2, 1), [_offence(officer, a, d(2027, 1, 15))], length_months=6)
    _outcome(officer, a, "fine", d(2027, 5, 1), [_offence(officer, a, d(2027, 4, 1))])
    # B: a community resolution (not substantive), then a youth caution: a first-time entrant.
    # Reoffends in March (a YRO: proven); two later offences are not proven (no outcome; a community resolution).
    b = _case(officer, d(2012, 5, 5))
    _outcome(officer, b, "community_resolution", d(2027, 1, 10), [_offence(officer, b, d(2027, 1, 2))])
    _outcome(officer, b, "youth_caution", d(2027, 1, 20), [_offence(officer, b, d(2027, 1, 12))])
    _outcome(
        officer,
        b,
        "yro",
        d(2027, 3, 20),
        [_offence(officer, b, d(2027, 3, 1))],
        length_months=12,
        requirements="Supervision",
    )
    _offence(officer, b, d(2027, 5, 1))
    _outcome(officer, b, "community_resolution", d(2027, 5, 10), [_offence(officer, b, d(2027, 5, 2))])
    # C: a detention and training order: a first-time entrant, in custody; does not reoffend.
    c = _case(officer, d(2010, 8, 8))
    _outcome(officer, c, "dto", d(2027, 2, 15), [_offence(officer, c, d(2027, 1, 3))], length_months=8)
    # D: cautioned after the period; E: an offence with no outcome.
    dd = _case(officer, d(2013, 1, 1))
    _outcome(officer, dd, "youth_caution", d(2027, 4, 10), [_offence(officer, dd, d(2027, 4, 1))])
    e = _case(officer, d(2013, 2, 2))
    _offence(officer, e, d(2027, 1, 5))
    # Others in the person index: one more 10-17 year old; a child of 8 and an adult of 18 (not counted);
    # a restricted young person the officer cannot see (not counted either: a restricted record is
    # never counted outside its team, not even as one more in a population).
    PersonFactory(date_of_birth=d(2016, 1, 1))
    PersonFactory(date_of_birth=d(2019, 1, 1))
    PersonFactory(date_of_birth=d(2008, 12, 31))
    PersonFactory(date_of_birth=d(2012, 1, 1), restricted_area=RestrictedArea.LADO)

    # Victims learnt of in the period: one contacted, consenting, offered and completing RJ; one who
    # refused contact; one not yet contacted. One learnt of before the period is not counted.
    v1 = svc.victim_record(actor=officer, case=a, kind="person", name="V1", identified_on=d(2027, 1, 20))
    v1 = svc.victim_contact_record(
        actor=officer,
        victim=v1,
        contacted_on=d(2027, 1, 25),
        contact_consent="given",
        rj_offered=True,
        wants_restorative_justice=True,
    )
    work = svc.restorative_work_plan(
        actor=officer,
        victim=v1,
        kind="direct",
        victim_consented_on=d(2027, 1, 25),
        young_person_consented_on=d(2027, 1, 26),
        planned_on=d(2027, 2, 10),
    )
    svc.restorative_work_complete(actor=officer, work=work, completed_on=d(2027, 2, 10))
    v2 = svc.victim_record(actor=officer, case=b, kind="organisation", name="Shop", identified_on=d(2027, 2, 1))
    svc.victim_contact_record(actor=officer, victim=v2, contacted_on=d(2027, 2, 3), contact_consent="refused")
    svc.victim_record(actor=officer, case=c, kind="person", name="V3", identified_on=d(2027, 3, 1))
    v4 = svc.victim_record(actor=officer, case=a, kind="person", name="V4", identified_on=d(2026, 12, 1))
    svc.victim_contact_record(actor=officer, victim=v4, contacted_on=d(2026, 12, 2), contact_consent="given")


def test_first_time_entrants_are_counted_against_the_areas_10_to_17_population(council, officer, settings):
    settings.JIGSAW_YOUTH_POPULATION_10_TO_17 = 24_000
    settings.JIGSAW_YOUTH_POPULATION_SOURCE = "ONS mid-2026 estimate"
    m = measures(user=officer, date_from=FROM, date_to=TO)
    fte = m.first_time_entrants
    assert fte.count == 2  # B and C; A entered before the period, D after it, E has no outcome
    # The area's population, not the 6 young people of 10 to 17 the person index happens to hold.
    assert (fte.population, fte.population_source) == (24_000, "ONS mid-2026 estimate")
    assert fte.rate_per_100k == "8.3"  # 2 in 24,000, per 100,000


def test_without_the_areas_population_there_is_no_rate(council, officer, settings):
    settings.JIGSAW_YOUTH_POPULATION_10_TO_17 = 0
    fte = measures(user=officer, date_from=FROM, date_to=TO).first_time_entrants
    assert fte.count == 2 and fte.rate_per_100k == "n/a"


def test_reoffending_tracks_the_cohort_for_12_months_from_its_index_outcome(council, officer):
    r = measures(user=officer, date_from=FROM, date_to=TO).reoffending
    assert (r.cohort, r.reoffenders, r.reoffences) == (3, 2, 2)
    assert r.binary_rate == "66.7"
    assert (r.frequency_per_offender, r.frequency_per_reoffender) == ("0.67", "1.00")
    assert r.not_yet_tracked == 3


def test_custody_is_a_share_of_court_outcomes(council, officer):
    c = measures(user=officer, date_from=FROM, date_to=TO).custody
    assert (c.court_outcomes, c.custodial, c.out_of_court) == (3, 1, 2)
    assert c.share == "33.3"


def test_victims_figures_add_up(council, officer):
    v = measures(user=officer, date_from=FROM, date_to=TO).victims
    assert (v.identified, v.contacted, v.not_contacted) == (3, 2, 1)
    assert v.consented + v.refused == v.contacted
    assert (v.consented, v.refused, v.rj_offered, v.rj_wanted, v.rj_completed) == (1, 1, 1, 1, 1)


def test_an_empty_period_gives_no_rates(officer):
    m = measures(user=officer, date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 3, 31))
    assert m.first_time_entrants.count == 0 and m.first_time_entrants.rate_per_100k == "n/a"
    assert m.reoffending.binary_rate == "n/a" and m.custody.share == "n/a"
