"""A posted id is a number in the database's range, or nothing: never a server error."""

import pytest
from django.core.exceptions import BadRequest
from django.test import RequestFactory

from jigsaw.core.ids import LARGEST_ID, id_from, posted_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 42 ", 42),
        (str(LARGEST_ID), LARGEST_ID),
        (str(LARGEST_ID + 1), None),  # past the largest integer a database column holds
        ("99999999999999999999999", None),
        ("0", None),
        ("-3", None),
        ("abc", None),
        ("²", None),  # str.isdigit() says yes; int() raises
        ("١٢", None),  # Arabic-Indic digits: int() would read 12
        ("1_0", None),
        ("4.0", None),
        ("", None),
        (None, None),
    ],
)
def test_only_an_id_in_range_is_an_id(value, expected):
    assert id_from(value) == expected


def test_a_posted_value_that_is_not_an_id_is_a_bad_request():
    request = RequestFactory().post("/", {"person_id": "²"})
    with pytest.raises(BadRequest, match="not a record's id"):
        posted_id(request, "person_id")
    assert posted_id(RequestFactory().post("/", {"person_id": "7"}), "person_id") == 7
