"""A person id posted by the contact screens that is not a number is a bad request, not a server error."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999999", ""])
def test_adding_a_person_to_a_contact_with_a_posted_id_that_is_not_a_number(signed_in, value):
    client = signed_in(Role.BUSINESS_SUPPORT)
    response = client.post(reverse("frontdoor:contact-person-find"), {"role": "child", "person_id": value})
    assert response.status_code == 400


def test_a_real_id_of_nobody_is_still_a_page_that_does_not_exist(signed_in):
    client = signed_in(Role.BUSINESS_SUPPORT)
    response = client.post(reverse("frontdoor:contact-person-find"), {"role": "child", "person_id": "987654"})
    assert response.status_code == 404
