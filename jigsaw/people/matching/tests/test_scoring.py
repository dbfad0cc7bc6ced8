"""The scorer's judgements on single pairs: what agrees, what only looks alike, and the caps."""

import datetime as dt

from jigsaw.people.matching import SearchQuery
from jigsaw.people.matching.query import probe_from_profile, probe_from_query
from jigsaw.people.matching.scoring import (
    CLOSE,
    DIFFERENT,
    EXACT,
    NICKNAME,
    SOUNDS,
    TYPO,
    compare,
    family_level,
    given_level,
)


def record(given="Olivia", family="Smith", dob="2015-04-03", sex="F", postcode="CV1 2AB", line="14", nhs=""):
    return probe_from_profile(
        {
            "names": [[given.lower(), family.lower(), "current", None]],
            "dob": dob,
            "sex": sex,
            "nhs": nhs,
            "addr": [[postcode, line, True, None]],
        }
    )


def test_name_agreement_levels():
    assert given_level("bill", "william") == NICKNAME
    assert given_level("becky", "rebecca") == NICKNAME
    assert given_level("jcak", "jack") == TYPO
    assert given_level("caitlin", "katelyn") == SOUNDS
    assert given_level("catherine", "kathryn") == NICKNAME
    assert family_level(("smith",), ("smyth",)) in (TYPO, SOUNDS)
    assert family_level(("smith", "jones"), ("jones",)) == NICKNAME  # part of a double-barrelled name
    # Metaphone gives Gray and Kerr the same code; they are not alike.
    assert family_level(("gray",), ("kerr",)) == DIFFERENT
    assert given_level("olivia", "sophie") == DIFFERENT
    assert given_level("jack", "jack") == EXACT
    assert given_level("danielle", "daniella") in (TYPO, CLOSE)


def test_a_clean_match_is_high_and_explained():
    query = probe_from_query(
        SearchQuery(given_name="Olivia", family_name="Smith", dob_text="3/4/2015", postcode="CV1 2AB")
    )
    result = compare(query, record())
    assert result.confidence == "high"
    assert result.explained()[:3] == ["same date of birth", "same surname", "same first name"]


def test_a_twin_is_capped_low_with_a_reason():
    query = probe_from_query(
        SearchQuery(given_name="Sophie", family_name="Smith", dob_text="3/4/2015", postcode="CV1 2AB")
    )
    result = compare(query, record())
    assert result.confidence == "low"
    assert result.score <= 40
    assert any("twin or sibling" in r for r in result.explained())


def test_a_twin_known_by_the_other_twins_first_name_as_middle_name_is_not_confident():
    query = probe_from_query(SearchQuery(given_name="Grace", family_name="Smith", dob_text="3/4/2015"))
    result = compare(query, record(given="Olivia Grace"))
    assert result.confidence != "high"


def test_the_nhs_number_vouches_even_when_the_first_name_differs():
    query = probe_from_query(SearchQuery(given_name="Sophie", family_name="Smith", nhs_number="9434765919"))
    assert compare(query, record(nhs="9434765919")).confidence == "high"


def test_a_date_one_digit_out_needs_the_postcode_to_be_high():
    near = SearchQuery(given_name="Olivia", family_name="Smith", dob_text="3/4/2016")
    assert compare(probe_from_query(near), record()).confidence == "possible"
    near.postcode = "CV1 2AB"
    assert compare(probe_from_query(near), record()).confidence == "high"


def test_a_name_without_a_date_of_birth_is_at_most_possible():
    query = probe_from_query(SearchQuery(given_name="Olivia", family_name="Smith", postcode="CV1 2AB"))
    assert compare(query, record()).confidence == "possible"


def test_a_different_date_of_birth_is_low():
    query = probe_from_query(SearchQuery(given_name="Olivia", family_name="Smith", date_of_birth=dt.date(2011, 9, 30)))
    assert compare(query, record()).confidence == "low"
