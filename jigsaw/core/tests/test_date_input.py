"""A date nobody could mean, typed into a real form page, gets the GOV.UK error summary, never an error page."""

import pytest
from django.utils.html import escape

from jigsaw.access.choices import Role
from jigsaw.people.models import Person


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("99999999999", "Date of birth year must include 4 numbers"),
        ("9" * 40, "Date of birth year must include 4 numbers"),
        ("-2015", "Date of birth must be a real date, written in numbers"),
        ("٢٠١٥", "Date of birth must be a real date, written in numbers"),
        ("0000", "Date of birth year must be between 1900 and 2199"),
    ],
)
def test_an_impossible_year_on_the_add_person_page_gets_a_plain_message_and_keeps_what_was_typed(
    signed_in, year, message
):
    client = signed_in(Role.BUSINESS_SUPPORT)
    client.raise_request_exception = False
    data = {
        "given_names": "Tyler",
        "family_name": "Brennan",
        "sex": "M",
        **{"date_of_birth-day": "27", "date_of_birth-month": "3", "date_of_birth-year": year},
    }
    response = client.post("/people/add/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert escape(message) in page
    assert f'value="{escape(year)}"' in page
    assert 'value="Tyler"' in page and 'value="27"' in page
    assert not Person.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("dob", ["99999999999/4/2015", "3/99999999999/2015", "99999999999 April 2015", "0000"])
def test_a_date_of_birth_nobody_could_mean_in_the_people_search_is_not_an_error_page(signed_in, dob):
    client = signed_in(Role.SOCIAL_WORKER)
    client.raise_request_exception = False
    response = client.get("/people/", {"name": "Amelia Rowntree", "dob": dob})
    assert response.status_code == 200
    assert escape(dob) in response.content.decode()  # what was typed stays in the box
