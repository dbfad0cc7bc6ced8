"""The census items on a person's record: why there is no UPN, and the DfE disability codes,
refused at entry where the census's rules would refuse them."""

import datetime as dt

import pytest

from jigsaw.access.choices import Role
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people import services
from jigsaw.people.tests.factories import PersonFactory


@pytest.fixture
def child(db):
    return PersonFactory(date_of_birth=dt.date(2016, 3, 3), upn="")


def test_disability_codes_are_kept_in_the_dfes_order_and_none_stands_alone(child, make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    person = services.person_update(
        actor=worker, person=child, data={"disability_codes": ["AUT", "COMM"]}, expected_version=1
    )
    assert person.disability_codes == "COMM AUT"
    with pytest.raises(ApplicationError) as refused:
        services.person_update(
            actor=worker, person=person, data={"disability_codes": ["NONE", "LD"]}, expected_version=2
        )
    assert refused.value.field == "disability_codes"


def test_a_reason_for_no_upn_only_without_a_upn(child, make_user):
    worker = make_user(Role.SOCIAL_WORKER)
    person = services.person_update(actor=worker, person=child, data={"upn_unknown": "UN2"}, expected_version=1)
    assert person.upn_unknown == "UN2"
    with pytest.raises(ApplicationError) as refused:
        services.person_update(
            actor=worker, person=person, data={"upn": "A123456789012", "upn_unknown": "UN2"}, expected_version=2
        )
    assert refused.value.field in ("upn", "upn_unknown")
