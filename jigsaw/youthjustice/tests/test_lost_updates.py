"""Lost updates: progress on an intervention recorded from a page someone has since saved
over is refused, and what they saved stays."""

import datetime as dt

import pytest

from jigsaw.core.exceptions import ApplicationError
from jigsaw.youthjustice import services as svc

pytestmark = pytest.mark.django_db


def test_progress_from_an_old_version_is_refused(yj):
    intervention = svc.intervention_start(
        actor=yj.officer,
        case=yj.case,
        kind="education",
        provider="ETE worker",
        started_on=dt.date(2027, 2, 1),
        sessions_planned=6,
    )
    svc.intervention_progress_record(
        actor=yj.officer, intervention=intervention, sessions_attended=3, progress="some", expected_version=1
    )
    with pytest.raises(ApplicationError, match="Someone else changed this record"):
        svc.intervention_progress_record(
            actor=yj.officer, intervention=intervention, sessions_attended=1, progress="none", expected_version=1
        )
    intervention.refresh_from_db()
    assert (intervention.sessions_attended, intervention.version) == (3, 2)
