"""Lost updates: a LADO case allocated from a page someone has since changed is refused."""

import pytest
from django.urls import reverse

from jigsaw.allegations import services
from jigsaw.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_allocating_from_an_old_version_is_refused(referral, lado, lado2):
    case = referral()
    services.allegation_allocate(actor=lado, allegation=case, officer=lado2, expected_version=1)
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.allegation_allocate(actor=lado, allegation=case, officer=lado, expected_version=1)
    case.refresh_from_db()
    assert case.duty_officer == lado2 and case.version == 2


def test_the_allocate_page_carries_the_version_and_refuses_a_stale_one(client_for, referral, lado, lado2):
    case = referral()
    client = client_for(lado)
    url = reverse("allegations:case-allocate", args=[case.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    services.allegation_allocate(actor=lado, allegation=case, officer=lado2, expected_version=1)
    page = client.post(url, {"officer": lado.pk, "version": 1}).content.decode()
    assert "Someone else changed this record" in page
    case.refresh_from_db()
    assert case.duty_officer == lado2
