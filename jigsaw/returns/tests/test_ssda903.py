"""The SSDA903 tables as the validators found them wanting, put right: whole postcodes, the
reason for a move on the episode that ended, dates of birth on every child row, missing rows
only for looked-after children under their council id, MOTHER from the family network."""

import datetime as dt

from django.utils import timezone

from jigsaw.access.choices import Role
from jigsaw.care import services as care
from jigsaw.missing.models import MissingEpisode
from jigsaw.people.tests.factories import PersonFactory, RelationshipFactory
from jigsaw.returns import ssda903

from .conftest import YEAR


def _missing(person, worker, day: dt.date) -> MissingEpisode:
    went = timezone.make_aware(dt.datetime.combine(day, dt.time(21, 0)))
    return MissingEpisode.objects.create(
        person=person,
        kind="M",
        missing_from="care_placement",
        went_missing_at=went,
        risk_level="medium",
        recorded_by=worker,
        returned_at=went + dt.timedelta(hours=20),
    )


def test_episodes_send_whole_postcodes_and_the_reason_on_the_episode_that_ended(scene):
    rows = ssda903.tables(YEAR)["Episodes"]
    assert [(r["DECOM"], r["DEC"], r["REC"], r["REASON_PLACE_CHANGE"]) for r in rows] == [
        ("04/05/2026", "01/02/2027", "X1", "CREQB"),
        ("01/02/2027", "", "", ""),
    ]
    assert (rows[0]["HOME_POST"], rows[0]["PL_POST"], rows[1]["PL_POST"]) == ("TS25 1AA", "TS24 0BD", "TS1 1AA")
    assert {r["CHILD"] for r in rows} == {scene.child.council_id}


def test_every_child_row_carries_the_date_of_birth_and_the_header_the_upn_reason(scene, make_user):
    iro = make_user(Role.CP_CHAIR_IRO, full_name="Priya Nair")
    review = care.review_convene(
        actor=scene.worker, period=scene.period, starts_at=timezone.make_aware(dt.datetime(2026, 5, 28, 10))
    )
    care.review_record(actor=iro, review=review, held_on=dt.date(2026, 5, 28), participation="PN1")
    tables = ssda903.tables(YEAR)
    (review_row,) = tables["Reviews"]
    assert review_row == {
        "CHILD": scene.child.council_id,
        "DOB": "01/05/2011",
        "REVIEW": "28/05/2026",
        "REVIEW_CODE": "PN1",
    }
    (header,) = tables["Header"]
    assert (header["UPN"], header["SEX"], header["ETHNIC"], header["DOB"]) == ("UN5", "F", "WBRI", "01/05/2011")
    (prev,) = tables["PrevPerm"]
    assert (prev["PREV_PERM"], prev["DOB"]) == ("Z1", "01/05/2011")


def test_missing_rows_are_looked_after_children_under_their_council_id(scene, make_user):
    never_in_care = PersonFactory(date_of_birth=dt.date(2012, 2, 2))
    _missing(scene.child, scene.worker, dt.date(2026, 9, 12))
    _missing(never_in_care, scene.worker, dt.date(2026, 9, 13))
    _missing(scene.child, scene.worker, dt.date(2026, 4, 20))  # before the child came into care
    rows = ssda903.tables(YEAR)["Missing"]
    assert rows == [
        {"CHILD": scene.child.council_id, "DOB": "01/05/2011", "MISSING": "M", "MIS_START": "12/09/2026",
         "MIS_END": "13/09/2026"},
    ]  # fmt: skip


def test_mother_comes_from_the_family_network(scene):
    assert ssda903.tables(YEAR)["Header"][0]["MOTHER"] == "0"
    baby = PersonFactory(date_of_birth=dt.date(2026, 11, 20))
    RelationshipFactory(from_person=scene.child, to_person=baby, kind="parent")
    header = ssda903.tables(YEAR)["Header"][0]
    assert (header["MOTHER"], header["MC_DOB"]) == ("1", "20/11/2026")


def test_the_social_worker_allocated_is_a_social_worker_episode(scene):
    (row,) = ssda903.tables(YEAR)["SWEpisodes"]
    assert row["SW_ID"].startswith("XX") and row["SW_DECOM"] == "04/05/2026" and row["SW_DEC"] == ""


def test_every_table_is_written_with_its_header_row(scene):
    files = ssda903.build(YEAR)
    assert set(files) == set(ssda903.FILE_NAMES.values())
    assert files["ad1.csv"].decode().splitlines() == [",".join(ssda903.COLUMNS["AD1"])]
    assert files["episodes.csv"].decode().splitlines()[0].startswith("CHILD,DECOM,RNE,LS,CIN,PLACE")


def test_health_outcomes_are_the_oc2_row_and_refused_before_a_year_in_care(scene):
    import pytest

    from jigsaw.core.exceptions import ApplicationError

    answers = dict(
        sdq_score=12, sdq_reason="", health_check=True, immunisations=True, teeth_check=False,
        health_assessment=True, substance_misuse=False, intervention_received=None, intervention_offered=None,
        convicted=False,
    )  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        care.health_outcomes_record(actor=scene.worker, period=scene.period, year=2027, **answers)
    assert "12 months" in str(refused.value)
    with pytest.raises(ApplicationError):
        care.health_outcomes_record(actor=scene.worker, period=scene.period, year=2028, **{**answers, "sdq_score": 41})
    care.health_outcomes_record(actor=scene.worker, period=scene.period, year=2028, **answers)
    from jigsaw.returns.years import CollectionYear

    (row,) = ssda903.tables(CollectionYear(2028))["OC2"]
    assert (row["SDQ_SCORE"], row["TEETH_CHECK"], row["SUBSTANCE_MISUSE"], row["INTERVENTION_RECEIVED"]) == (
        "12", "0", "0", "",
    )  # fmt: skip


def test_a_social_worker_may_not_be_an_analyst(make_user):
    from jigsaw.returns.permissions import may_produce_returns

    assert may_produce_returns(make_user(Role.ANALYST)) and not may_produce_returns(make_user(Role.SOCIAL_WORKER))
