"""A merge is of the two records as compared: a change to either since is refused."""

import pytest

from jigsaw.access.choices import Role
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people import services
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_merge_of_records_changed_since_they_were_compared_is_refused(signed_in, make_user):
    client = signed_in(Role.TEAM_MANAGER)
    kept = PersonFactory(given_names="William", family_name="Ogden", council_id="NB0000010")
    duplicate = PersonFactory(given_names="Bill", family_name="Ogden", council_id="NB0000011")
    url = f"/people/{kept.pk}/merge/{duplicate.pk}/"
    assert 'name="duplicate_version" value="1"' in client.get(url).content.decode()
    services.person_update(
        actor=make_user(Role.SOCIAL_WORKER), person=duplicate, data={"school": "Hillside"}, expected_version=1
    )
    page = client.post(url, {"reason": "Same NHS number", "kept_version": 1, "duplicate_version": 1}).content.decode()
    assert "Someone changed one of these records after you compared them" in page
    assert "Same NHS number" in page
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_the_merge_service_checks_both_versions(make_user):
    manager = make_user(Role.TEAM_MANAGER)
    kept, duplicate = PersonFactory(), PersonFactory()
    with pytest.raises(ApplicationError, match="after you compared them"):
        services.person_merge(actor=manager, kept=kept, duplicate=duplicate, reason="Same", expected_versions=(2, 1))
    merge = services.person_merge(
        actor=manager, kept=kept, duplicate=duplicate, reason="Same", expected_versions=(1, 1)
    )
    assert merge.kept == kept
