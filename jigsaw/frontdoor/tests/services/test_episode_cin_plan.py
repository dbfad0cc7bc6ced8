"""episode_cin_plan_record: the child in need plan's dates for the census (CINPlanStartDate and
CINPlanEndDate), refused before the referral, in the future or backwards; and its screen."""

import datetime as dt

import pytest

from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Episode
from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record, episode_cin_plan_record

from ..conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def episode(officer, social_worker, family, contact_data, time_machine) -> Episode:
    time_machine.move_to(at(2026, 11, 2, 9, 0))
    contact = contact_record(
        actor=officer,
        data=contact_data(received_at=at(2026, 11, 2, 8, 30)),
        people=[PersonEntry(role="child", person_id=family["child"].pk)],
    )
    decision_record(actor=social_worker, contact=contact, outcome="referral_assessment", reason="Assess")
    time_machine.move_to(at(2026, 12, 20, 12, 0))
    return Episode.objects.get()


def test_the_plans_dates_are_recorded_and_checked(episode, social_worker):
    with pytest.raises(ApplicationError) as refused:
        episode_cin_plan_record(actor=social_worker, episode=episode, started_on=dt.date(2026, 10, 1))
    assert refused.value.field == "started_on"
    with pytest.raises(ApplicationError) as refused:
        episode_cin_plan_record(
            actor=social_worker, episode=episode, started_on=dt.date(2026, 12, 1), ended_on=dt.date(2026, 11, 30)
        )
    assert refused.value.field == "ended_on"
    episode_cin_plan_record(actor=social_worker, episode=episode, started_on=dt.date(2026, 12, 1))
    episode.refresh_from_db()
    assert (episode.cin_plan_started_on, episode.cin_plan_ended_on) == (dt.date(2026, 12, 1), None)


def test_a_social_worker_records_the_plan_on_its_screen(episode, client, social_worker):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=social_worker, name="Authenticator app", confirmed=True)
    client.force_login(social_worker)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    url = f"/front-door/episodes/{episode.pk}/cin-plan/"
    response = client.post(url, {"started_on-day": "1", "started_on-month": "12", "started_on-year": "2026"})
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.cin_plan_started_on == dt.date(2026, 12, 1)
    page = client.get(f"/front-door/episodes/{episode.pk}/").content.decode()
    assert "From 1 December 2026" in page
