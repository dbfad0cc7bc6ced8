"""Every service that edits an existing record takes the version the edit started from.

One list of the edit services (optimistic locking, `core/locking.py`): each takes
`expected_version`, and the record it edits carries a version. Each area's
`test_lost_updates.py` shows a stale version refused; this list is where a new edit screen
is added, and the test fails if a service in it stops taking the version.

Records written once and then final (a strategy discussion, s47 enquiry, assessment or
conference recorded as held, a looked-after review, a return home interview) need no
version: their service locks the row and refuses a second write ("already recorded").
"""

import inspect
from importlib import import_module

import pytest
from django.apps import apps

from jigsaw.core.locking import VersionedModel

# (service, the model whose version it checks)
EDIT_SERVICES = [
    ("jigsaw.people.services.person_update", "people.Person"),
    ("jigsaw.meetings.services.minutes_draft", "meetings.Minutes"),
    ("jigsaw.meetings.services.minutes_approve", "meetings.Minutes"),
    ("jigsaw.meetings.services.meeting_reschedule", "meetings.Meeting"),
    ("jigsaw.meetings.services.meeting_subject_notes", "meetings.MeetingSubject"),
    ("jigsaw.protection.services.plan_change_category", "protection.ProtectionPlan"),
    ("jigsaw.frontdoor.services.contact_update", "frontdoor.Contact"),
    ("jigsaw.care.services.episode_change", "care.PeriodOfCare"),
    ("jigsaw.care.services.iro_allocate", "care.PeriodOfCare"),
    ("jigsaw.allegations.services.allegation_allocate", "allegations.Allegation"),
    ("jigsaw.channel.services.intervention_update", "channel.Intervention"),
    ("jigsaw.fgc.services.referral_allocate", "fgc.Referral"),
    ("jigsaw.fgc.services.network_member_update", "fgc.NetworkMember"),
    ("jigsaw.fgc.services.plan_decide", "fgc.FamilyPlan"),
    ("jigsaw.exploitation.services.mace_discussion_record", "exploitation.MacePlan"),
    ("jigsaw.youthjustice.services.intervention_progress_record", "youthjustice.Intervention"),
    ("jigsaw.timescales.clocks.clock_late_reason_record", "timescales.Clock"),
    ("jigsaw.timescales.clocks.clock_late_reason_sign_off", "timescales.Clock"),
]


def _service(path: str):
    module, name = path.rsplit(".", 1)
    return getattr(import_module(module), name)


@pytest.mark.parametrize(
    ("path", "label"), EDIT_SERVICES, ids=[p.rsplit(".", 2)[1] + "." + p.rsplit(".", 1)[1] for p, _ in EDIT_SERVICES]
)
def test_every_edit_service_takes_the_version_it_started_from(path, label):
    parameters = inspect.signature(_service(path)).parameters
    assert "expected_version" in parameters, f"{path} does not take expected_version"
    assert parameters["expected_version"].kind is inspect.Parameter.KEYWORD_ONLY
    model = apps.get_model(label)
    assert issubclass(model, VersionedModel) or label == "people.Person"
    assert model._meta.get_field("version").default == 1
