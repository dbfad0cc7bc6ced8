"""The generator on its own: plain data, so these need no database."""

import datetime as dt
from collections import Counter

import pytest

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.demo.generator import CouncilGenerator, nhs_check_digit
from jigsaw.people.validators import nhs_number_is_valid, upn_is_valid, validate_postcode

AS_OF = dt.date(2026, 3, 2)


def _all(children: int, seed: int, batch_people: int = 5000):
    generator = CouncilGenerator(children=children, seed=seed, as_of=AS_OF, batch_people=batch_people)
    return generator.council, list(generator.batches())


def _flat(batches, name):
    return [row for batch in batches for row in getattr(batch, name)]


@pytest.fixture(scope="module")
def town():
    """A council big enough for rates to show (2,000 children: under a second to make)."""
    return _all(2000, seed=7)


def test_same_seed_same_council_whatever_the_batch_size():
    council_a, batches_a = _all(300, seed=11, batch_people=5000)
    council_b, batches_b = _all(300, seed=11, batch_people=97)
    assert council_a == council_b
    assert len(batches_b) > 1
    for name in ("persons", "names", "addresses", "relationships", "households", "involvements", "duplicates"):
        assert _flat(batches_a, name) == _flat(batches_b, name), name


def test_another_seed_makes_other_people():
    _, batches_a = _all(50, seed=1)
    _, batches_b = _all(50, seed=2)
    names_a = [(p.given_names, p.family_name, p.date_of_birth) for p in _flat(batches_a, "persons")]
    names_b = [(p.given_names, p.family_name, p.date_of_birth) for p in _flat(batches_b, "persons")]
    assert names_a != names_b


def test_exactly_the_children_asked_for(town):
    _, batches = town
    assert sum(b.children for b in batches) == 2000
    born = [p for p in _flat(batches, "persons") if p.date_of_birth]
    minors = {p.key for p in born if (AS_OF - p.date_of_birth).days < 18 * 365}
    assert len(minors) >= 2000  # plus young parents and duplicates of children


def test_identifiers_pass_their_checks_and_are_not_shared(town):
    _, batches = town
    persons = _flat(batches, "persons")
    duplicates = {d.person for d in _flat(batches, "duplicates")}
    nhs = [p.nhs_number for p in persons if p.nhs_number and p.key not in duplicates]
    upns = [p.upn for p in persons if p.upn and p.key not in duplicates]
    assert len(nhs) > 0.9 * len(persons) - len(duplicates) - 100
    assert all(nhs_number_is_valid(n) for n in nhs)
    assert all(n.startswith("999") for n in nhs), "the NHS's test range, never a real patient's number"
    assert len(set(nhs)) == len(nhs)
    assert upns and all(upn_is_valid(u) for u in upns)
    assert len(set(upns)) == len(upns)
    for address in _flat(batches, "addresses"):
        validate_postcode(address.postcode)


def test_nhs_check_digit_agrees_with_the_validator():
    for body in ("943476591", "401023213", "999000001", "123456789"):
        check = nhs_check_digit(body)
        for digit in range(10):
            assert nhs_number_is_valid(f"{body}{digit}") == (digit == check)


def test_about_three_in_a_hundred_records_are_near_duplicates(town):
    _, batches = town
    persons = {p.key: p for p in _flat(batches, "persons")}
    duplicates = _flat(batches, "duplicates")
    assert 0.02 < len(duplicates) / len(persons) < 0.04
    kinds = Counter(difference for d in duplicates for difference in d.differences)
    assert {"family name misspelt", "day and month swapped", "no NHS number"} <= set(kinds)
    assert kinds["known name instead of given name"] > 0
    for dup in duplicates:
        copy, source = persons[dup.person], persons[dup.duplicate_of]
        assert copy.council_id != source.council_id
        assert (copy.given_names, copy.family_name, copy.date_of_birth) != (
            source.given_names,
            source.family_name,
            source.date_of_birth,
        )


def test_families_have_the_shapes_real_ones_do(town):
    _, batches = town
    persons = {p.key: p for p in _flat(batches, "persons")}
    relationships = _flat(batches, "relationships")
    notes = Counter(r.note for r in relationships)
    kinds = Counter(r.kind for r in relationships)
    assert notes["Twin"] and notes["Half-sibling"] and notes["Former partner"] and notes["Kinship carer"]
    assert kinds["step_parent"] and kinds["grandparent"] and kinds["sibling"] and kinds["parent"]
    twins = [r for r in relationships if r.note == "Twin"]
    assert all(persons[r.from_person].date_of_birth == persons[r.to_person].date_of_birth for r in twins)
    unborn = [p for p in persons.values() if p.expected_date_of_birth]
    assert unborn and all(p.date_of_birth is None and p.expected_date_of_birth > AS_OF for p in unborn)
    # Moves: people with a previous address that ended, and a current one.
    addresses = Counter(a.person for a in _flat(batches, "addresses") if a.lived_to is not None)
    assert len(addresses) > 200
    name_kinds = Counter(n.kind for n in _flat(batches, "names"))
    assert name_kinds["birth"] and name_kinds["previous"] and name_kinds["alias"]
    households = _flat(batches, "households")
    assert households and all(h.members for h in households)
    assert {p.ethnicity for p in persons.values()} >= {"WBRI", "MWBC", "APKN"}


def test_some_records_are_restricted_and_held_by_their_team(town):
    council, batches = town
    persons = _flat(batches, "persons")
    areas = Counter(p.restricted_area for p in persons)
    for area in (RestrictedArea.LADO, RestrictedArea.CHANNEL, RestrictedArea.SEALED):
        assert 0 < areas[area] < 0.01 * len(persons)
    team_of = {u.username: u.team for u in council.users}
    restricted = {p.key: p.restricted_area for p in persons if p.restricted_area}
    team_area = {t.key: t.restricted_area for t in council.teams}
    for involvement in _flat(batches, "involvements"):
        if involvement.person in restricted:
            assert team_area[team_of[involvement.username]] == restricted[involvement.person]


def test_every_worker_carries_a_caseload(town):
    council, batches = town
    caseload = Counter(i.username for i in _flat(batches, "involvements") if i.ended_on is None)
    social_workers = [u.username for u in council.users if u.role == Role.SOCIAL_WORKER]
    assert len(social_workers) > 3
    for username in social_workers:
        assert 0 < caseload[username] < 40, username
    assert 0 < caseload[Role.PARTNER_PRACTITIONER.value] <= 6
    assert {u.role for u in council.users} == set(Role.values)
