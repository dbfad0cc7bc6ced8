"""A person id posted to the Channel "already known?" screen that is not a number is a bad request."""

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999999"])
def test_choosing_a_person_with_a_posted_id_that_is_not_a_number(signed_in, value):
    client = signed_in(Role.CHANNEL_CHAIR)
    assert client.post(reverse("channel:refer-find"), {"person_id": value}).status_code == 400


def test_choosing_a_person_found_goes_on_to_the_referral(signed_in, child):
    client = signed_in(Role.CHANNEL_CHAIR)
    response = client.post(reverse("channel:refer-find"), {"person_id": str(child.pk)})
    assert response.status_code == 302 and response.url == reverse("channel:refer", args=[child.pk])
