"""The "already known?" engine's rules, one at a time: which keys survive which slip, and which
evidence vetoes a confident ("high") match. Pure: no database.
"""

import pytest

from jigsaw.people.matching import SearchQuery
from jigsaw.people.matching.indexer import build_profile
from jigsaw.people.matching.keys import Kind, query_keys, record_keys
from jigsaw.people.matching.normalise import address_parts, valid_nhs_number
from jigsaw.people.matching.query import probe_from_profile, probe_from_query
from jigsaw.people.matching.scoring import compare


def indexed(
    given="Olivia",
    family="Smith",
    dob="2015-04-03",
    sex="F",
    line_1="14 Mill Lane",
    line_2="",
    postcode="CV1 2AB",
    nhs="",
):
    """A record as the indexer stores it (the same build_profile the index uses)."""
    import datetime as dt

    person = {
        "given_names": given,
        "family_name": family,
        "preferred_name": "",
        "date_of_birth": dt.date.fromisoformat(dob) if dob else None,
        "expected_date_of_birth": None,
        "sex": sex,
        "nhs_number": nhs,
        "upn": "",
        "school": "",
    }
    addresses = [{"line_1": line_1, "line_2": line_2, "postcode": postcode, "lived_to": None}] if line_1 else []
    return probe_from_profile(build_profile(person, [], addresses, []))


def shared_kinds(query: SearchQuery, record, *, loose=False) -> set[Kind]:
    stored = record_keys(record)
    asked = query_keys(probe_from_query(query), loose=loose)
    return {stored[k] for k in set(stored) & set(asked)}


# Addresses ------------------------------------------------------------------------------------


def test_a_flat_signs_the_same_whether_typed_whole_or_split_over_two_lines():
    whole = address_parts("Flat 2, 14 Mill Lane, Northbridge CV1 2AB")
    assert whole.signature == address_parts("14 Mill Ln, Flat 2").signature == "14/2"
    assert indexed(line_1="Flat 2", line_2="14 Mill Lane").places[0].signature == "14/2"
    assert address_parts("14 Mill Lane").signature != whole.signature  # another flat in the building


def test_a_flat_typed_with_its_whole_address_is_the_same_address():
    query = SearchQuery(
        given_name="Olivia", family_name="Smith", dob_text="3/4/2015", address="Flat 2, 14 Mill Lane, CV1 2AB"
    )
    result = compare(probe_from_query(query), indexed(line_1="Flat 2", line_2="14 Mill Lane"))
    assert result.address_agrees
    assert "same address" in result.explained()


def test_the_street_and_a_house_name_are_read_from_an_address():
    parts = address_parts("Rose Cottage, Mill Lane, Northbridge")
    assert address_parts("Mill Lane").street in parts.names
    assert address_parts("Rose Cottage").names[0] in parts.names


# Keys: one slip in any field still meets a key ---------------------------------------------------


def test_a_street_alone_meets_the_street_key():
    assert Kind.PLACE in shared_kinds(SearchQuery(address="Mill Lane"), indexed())


def test_a_house_name_alone_meets_the_place_key():
    assert Kind.PLACE in shared_kinds(SearchQuery(address="Rose Cottage"), indexed(line_1="Rose Cottage, Mill Lane"))


def test_a_first_name_and_street_without_a_postcode():
    kinds = shared_kinds(SearchQuery(given_name="Olivia", address="14 Mill Lane"), indexed())
    assert {Kind.PLACE_GIVEN, Kind.PLACE_HOUSE} <= kinds


def test_a_misspelt_first_name_with_no_date_of_birth_after_a_move_is_found_in_the_second_pass():
    query = SearchQuery(given_name="Olibia", family_name="Smith", postcode="LS1 4AP")
    assert not shared_kinds(query, indexed(given="Olivia"))
    assert Kind.FAMILY_INITIAL in shared_kinds(query, indexed(given="Olivia"), loose=True)


def test_a_misspelt_surname_with_no_date_of_birth_after_a_move_is_found_in_the_second_pass():
    query = SearchQuery(given_name="Olivia", family_name="Kowalczyk", postcode="LS1 4AP")
    record = indexed(family="Kowalcyk")
    assert Kind.GIVEN_INITIAL in shared_kinds(query, record, loose=True)


def test_both_names_misspelt_at_the_same_postcode_meet_the_sector_and_initials():
    query = SearchQuery(given_name="Olivai", family_name="Smiht", postcode="CV1 2AB")
    assert Kind.SECTOR_INITIALS in shared_kinds(query, indexed(), loose=True)


def test_a_misspelt_surname_and_the_birth_year():
    query = SearchQuery(given_name="Olivia", family_name="Smiht", dob_text="2015")
    assert Kind.GIVEN_YEAR in shared_kinds(query, indexed())


def test_the_nhs_number_alone():
    assert shared_kinds(SearchQuery(nhs_number="943 476 5919"), indexed(nhs="9434765919")) == {Kind.NHS}


def test_given_and_family_names_swapped():
    query = SearchQuery(given_name="Smith", family_name="Olivia", postcode="LS1 4AP")
    assert Kind.GIVEN_FAMILY in shared_kinds(query, indexed())


def test_the_middle_name_used_as_the_first_name():
    query = SearchQuery(given_name="Grace", family_name="Smith", postcode="LS1 4AP")
    assert Kind.GIVEN_FAMILY in shared_kinds(query, indexed(given="Olivia Grace"))


def test_a_baby_placeholder_is_found_at_the_parents_address_without_a_postcode():
    query = SearchQuery(given_name="Ava", family_name="Smith", address="14 Mill Lane")
    assert Kind.PLACE_FAMILY in shared_kinds(query, indexed(given="Baby", dob=""))


def test_the_second_pass_keys_are_left_out_of_the_first():
    query = probe_from_query(SearchQuery(given_name="Olivia", family_name="Smith", postcode="CV1 2AB"))
    first, second = query_keys(query), query_keys(query, loose=True)
    assert set(first) < set(second)
    assert Kind.SECTOR_INITIALS not in {kind for kind, _ in first.values()}


# Vetoes: conflicting evidence keeps a match below "high" -------------------------------------


FULL = {"given_name": "Olivia", "family_name": "Smith", "dob_text": "3/4/2015", "address": "14 Mill Lane"}


def test_everything_agreeing_is_high():
    assert compare(probe_from_query(SearchQuery(**FULL, postcode="CV1 2AB")), indexed()).confidence == "high"


def test_a_different_valid_nhs_number_vetoes_high():
    assert valid_nhs_number("9434765919") and valid_nhs_number("9434765870")
    query = SearchQuery(**FULL, postcode="CV1 2AB", nhs_number="9434765870")
    result = compare(probe_from_query(query), indexed(nhs="9434765919"))
    assert result.confidence != "high"
    assert "different NHS number" in result.explained()
    assert "NHS number differs" in result.summary()


def test_a_mistyped_nhs_number_is_no_veto():
    # One digit out fails the check digit: a slip, not another person.
    assert not valid_nhs_number("9434765918")
    query = SearchQuery(**FULL, postcode="CV1 2AB", nhs_number="9434765918")
    assert compare(probe_from_query(query), indexed(nhs="9434765919")).confidence == "high"


def test_a_baby_placeholder_with_the_surname_and_date_of_birth_is_not_high_for_a_baby_elsewhere():
    query = SearchQuery(given_name="Ava", family_name="Smith", dob_text="3/4/2015", postcode="LS1 4AP")
    result = compare(probe_from_query(query), indexed(given="Baby"))
    assert result.confidence != "high"
    assert any("no first name" in r for r in result.explained())


def test_a_baby_placeholder_at_the_same_house_can_be_high():
    query = SearchQuery(given_name="Ava", **{k: v for k, v in FULL.items() if k != "given_name"}, postcode="CV1 2AB")
    assert compare(probe_from_query(query), indexed(given="Baby")).confidence == "high"


@pytest.mark.parametrize("recorded", [("Olivia", "Smith"), ("Smith", "Olivia")], ids=["as written", "swapped"])
def test_the_twin_guard_fires_when_the_indexed_twins_names_are_swapped(recorded):
    given, family = recorded
    query = SearchQuery(given_name="Sophie", family_name="Smith", dob_text="3/4/2015", postcode="CV1 2AB")
    result = compare(probe_from_query(query), indexed(given=given, family=family))
    assert result.confidence == "low"
    assert any("twin" in r for r in result.explained())


def test_a_record_without_a_date_of_birth_is_high_only_with_the_whole_name_and_the_house():
    record = indexed(given="Olivia Grace", dob="")
    assert compare(probe_from_query(SearchQuery(**FULL, postcode="CV1 2AB")), record).confidence == "high"
    elsewhere = SearchQuery(**{**FULL, "address": "9 Park Row"}, postcode="LS1 4AP")
    assert compare(probe_from_query(elsewhere), record).confidence != "high"


def test_known_by_a_middle_name_at_the_same_house_can_be_high_but_not_elsewhere():
    record = indexed(given="Olivia Grace")
    same_house = SearchQuery(**{**FULL, "given_name": "Grace"}, postcode="CV1 2AB")
    assert compare(probe_from_query(same_house), record).confidence == "high"
    no_address = SearchQuery(given_name="Grace", family_name="Smith", dob_text="3/4/2015")
    assert compare(probe_from_query(no_address), record).confidence != "high"


# In words ------------------------------------------------------------------------------------


def test_a_match_is_described_in_words():
    moved = SearchQuery(given_name="Olivia", family_name="Smith", dob_text="3/4/2015", postcode="LS1 4AP")
    assert compare(probe_from_query(moved), indexed()).summary() == "Same name and date of birth; address differs"
    twin = SearchQuery(given_name="Sophie", family_name="Smith", dob_text="3/4/2015", address="14 Mill Lane")
    assert compare(probe_from_query(twin), indexed()).summary() == (
        "Same surname, date of birth and address; first name differs"
    )


def test_both_names_misspelt_with_a_slip_in_the_date_meet_the_initials_and_date_in_the_second_pass():
    query = SearchQuery(given_name="Olibia", family_name="Smiht", dob_text="3/4/2016")
    assert not shared_kinds(query, indexed())
    assert Kind.DOB_INITIALS in shared_kinds(query, indexed(), loose=True)


def test_a_surname_first_free_text_name_written_the_other_way_round_is_still_compared_swapped():
    query = SearchQuery(name="Olivia, Smith", dob_text="3/4/2015", postcode="CV1 2AB")  # "family, given" reversed
    result = compare(probe_from_query(query), indexed())
    assert result.confidence == "high"
    assert "given and family names swapped" in result.explained()
