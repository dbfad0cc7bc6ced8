"""Lost updates: a change of placement or legal status made from a page showing an episode
someone else has since ended is refused, not recorded on top of theirs."""

import datetime as dt

import pytest

from jigsaw.care import services
from jigsaw.care.models import CareEpisode
from jigsaw.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_a_change_from_an_old_version_of_the_period_is_refused(cast, in_care):
    services.episode_change(
        actor=cast.worker,
        period=in_care,
        changed_on=dt.date(2027, 2, 1),
        kind="legal_status",
        legal_status="C1",
        expected_version=1,
    )
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.episode_change(
            actor=cast.worker,
            period=in_care,
            changed_on=dt.date(2027, 2, 2),
            kind="legal_status",
            legal_status="C2",
            expected_version=1,
        )
    assert [e.legal_status for e in CareEpisode.objects.filter(period=in_care).order_by("started_on")] == ["V2", "C1"]
    in_care.refresh_from_db()
    assert in_care.version == 2


def test_an_iro_allocated_from_an_old_version_of_the_period_is_refused(cast, in_care):
    services.iro_allocate(
        actor=cast.manager, period=in_care, iro=cast.iro, allocated_on=dt.date(2027, 1, 5), expected_version=1
    )
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        services.iro_allocate(
            actor=cast.manager, period=in_care, iro=cast.iro, allocated_on=dt.date(2027, 1, 6), expected_version=1
        )
    in_care.refresh_from_db()
    assert in_care.iro_allocated_on == dt.date(2027, 1, 5)
