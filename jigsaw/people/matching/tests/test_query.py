"""SearchQuery: lenient reading of what a caller says."""

import datetime as dt

import pytest

from jigsaw.people.matching import SearchQuery
from jigsaw.people.matching.normalise import PartialDate, parse_dob_text, parse_postcode

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/4/2015", PartialDate(2015, 4, 3)),
        ("03-04-2015", PartialDate(2015, 4, 3)),
        ("3.4.15", PartialDate(2015, 4, 3)),
        ("2015-04-03", PartialDate(2015, 4, 3)),
        ("03042015", PartialDate(2015, 4, 3)),
        ("3rd April 2015", PartialDate(2015, 4, 3)),
        ("April 3 2015", PartialDate(2015, 4, 3)),
        ("April 2015", PartialDate(2015, 4)),
        ("apr 15", PartialDate(2015, 4)),
        ("4/2015", PartialDate(2015, 4)),
        ("2015", PartialDate(2015)),
        ("4/13/2015", PartialDate(2015, 4, 13)),  # only valid month first
        ("1/2/88", PartialDate(1988, 2, 1)),
    ],
)
def test_dates_of_birth_are_read_as_people_type_them(text, expected):
    assert parse_dob_text(text, today=TODAY) == expected


@pytest.mark.parametrize("text", ["", "not known", "31/31/2015", "99"])
def test_nonsense_is_not_a_date(text):
    assert parse_dob_text(text, today=TODAY) is None


def test_postcodes_are_tidied():
    assert parse_postcode("cv12ab").full == "CV1 2AB"
    assert parse_postcode(" sw1a 1aa ").sector == "SW1A 1"
    assert parse_postcode("CV1 2AB").district == "CV1"
    assert parse_postcode("hello") is None


def test_a_query_from_importer_columns():
    query = SearchQuery.from_mapping(
        {
            "given_name": "Jack",
            "family_name": "Smith",
            "other_names": "Jack Jones",
            "date_of_birth": "05/11/2012",
            "sex": "M",
            "nhs_number": "",
            "upn": None,
            "address": "14 Mill Lane",
            "postcode": "CV1 2AB",
            "unrelated column": "ignored",
        }
    )
    assert query.given_name == "Jack"
    assert query.dob_text == "05/11/2012"
    assert query.partial_dob() == PartialDate(2012, 11, 5)
    assert query.other_names == "Jack Jones"
    assert query.postcode == "CV1 2AB"
    assert not query.is_empty()


def test_a_real_date_and_other_spellings_of_columns():
    query = SearchQuery.from_mapping({"Surname": "Smith", "DOB": dt.date(2012, 11, 5), "Forename": "Jack"})
    assert (query.given_name, query.family_name, query.date_of_birth) == ("Jack", "Smith", dt.date(2012, 11, 5))


def test_emptiness():
    assert SearchQuery().is_empty()
    assert SearchQuery(name="  ").is_empty()
    assert not SearchQuery(postcode="CV1 2AB").is_empty()
