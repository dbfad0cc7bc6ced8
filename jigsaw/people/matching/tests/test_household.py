"""find_household: a new baby or a never-recorded sibling still brings up the known family."""

from jigsaw.people.matching import SearchQuery, find_household


def test_an_unrecorded_sibling_brings_up_the_household(family, everyone):
    query = SearchQuery(
        given_name="Noah", family_name="Smith", dob_text="2/2/2020", address="14 Mill Lane", postcode="CV1 2AB"
    )
    found = find_household(query, everyone)
    ids = [c.person_id for c in found]
    assert {family[k].pk for k in ("mother", "father", "jack", "olivia", "sophie")} <= set(ids)
    anchor = found[0]
    assert anchor.household_of == anchor.person_id
    assert "lives at the same address" in anchor.reasons
    assert "same surname" in anchor.reasons
    assert all(c.household_of == anchor.person_id for c in found[:5])


def test_a_new_baby_with_another_surname_is_linked_through_the_parents_name(family, everyone):
    # The baby takes the father's surname; the family is known by the mother's name and address.
    query = SearchQuery(given_name="Baby", family_name="Okafor", postcode="CV1 2AB", parent_names="Rebecca Smith")
    found = find_household(query, everyone)
    assert found and found[0].person_id == family["mother"].pk
    assert "has the name given for a parent" in found[0].reasons
    members = {c.person_id: c for c in found if c.household_of == family["mother"].pk}
    assert family["jack"].pk in members
    assert "child of the matched person" in members[family["jack"].pk].reasons


def test_the_family_is_found_at_its_previous_address_too(family, everyone):
    query = SearchQuery(family_name="Smith", address="3 High Street", postcode="CV3 4EF")
    ids = {c.person_id for c in find_household(query, everyone)}
    assert family["jack"].pk in ids


def test_household_members_outside_the_scope_are_left_out(family, everyone):
    query = SearchQuery(given_name="Noah", family_name="Smith", address="14 Mill Lane", postcode="CV1 2AB")
    scope = everyone.exclude(pk=family["sophie"].pk)
    ids = {c.person_id for c in find_household(query, scope)}
    assert family["olivia"].pk in ids
    assert family["sophie"].pk not in ids


def test_a_surname_alone_is_not_a_family(family, everyone):
    assert find_household(SearchQuery(family_name="Smith"), everyone) == []


def test_person_candidates_have_no_household(family, everyone):
    from jigsaw.people.matching import find_candidates

    found = find_candidates(SearchQuery(given_name="Jack", family_name="Smith"), everyone)
    assert found and all(c.household_of is None for c in found)


def test_the_family_of_an_unrecorded_sibling_is_found_from_the_street_address_without_a_postcode(family, everyone):
    query = SearchQuery(given_name="Noah", family_name="Smith", dob_text="2/2/2020", address="14 Mill Lane")
    found = find_household(query, everyone)
    assert {family[k].pk for k in ("mother", "jack", "olivia")} <= {c.person_id for c in found}
    assert "lives at the same address" in found[0].reasons


def test_a_new_baby_is_linked_through_the_parents_names_and_the_street_without_a_postcode(family, everyone):
    query = SearchQuery(given_name="Baby", family_name="Okafor", address="14 Mill Ln", parent_names="Becky Smith")
    found = find_household(query, everyone)
    assert found and found[0].person_id == family["mother"].pk
    assert "has the name given for a parent" in found[0].reasons


def test_the_same_street_with_another_surname_is_not_a_family(family, everyone):
    query = SearchQuery(given_name="Noah", family_name="Okafor", address="Mill Lane")
    assert find_household(query, everyone) == []
