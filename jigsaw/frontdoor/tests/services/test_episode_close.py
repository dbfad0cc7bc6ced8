"""episode_close and episode_allocate: the census closure rules (RC2 needs a death date,
no closure before the referral), and what closing does to running deadlines."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jigsaw.chronology.models import ChronologyEntry
from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Episode
from jigsaw.frontdoor.selectors import episode_for_person
from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record, episode_allocate, episode_close
from jigsaw.timescales.models import Clock

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
    time_machine.move_to(at(2026, 11, 20, 12, 0))
    return Episode.objects.get()


def test_closure_with_a_reason_is_recorded(episode, social_worker, family):
    closed = episode_close(
        actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC7"
    )
    assert (closed.closure_date, closed.closure_reason, closed.closed_by) == (
        dt.date(2026, 11, 20),
        "RC7",
        social_worker,
    )
    assert episode_for_person(user=social_worker, person=family["child"]) is None
    entry = ChronologyEntry.objects.get(kind="episode_closed")
    assert entry.summary == (
        "Child in need episode closed: RC7 Services ceased for any other reason, including no longer in need"
    )
    # The assessment deadline is no longer running: neither met nor missed.
    clock = Clock.objects.get(rule_key="assessment")
    assert (clock.met_on, clock.stopped_on) == (None, dt.date(2026, 11, 20))


def test_rc8_needs_an_assessment_on_the_episode(episode, social_worker):
    # With an assessment, and without protection activity: jigsaw/protection/tests/test_episode_closure.py
    with pytest.raises(ApplicationError) as e:
        episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC8")
    assert (e.value.field, e.value.message) == (
        "closure_reason",
        "Reason RC8 (closed after assessment) needs an assessment on this episode. "
        "Record the assessment first, or choose another reason",
    )
    assert Episode.objects.get().is_open


def test_rc2_needs_the_childs_date_of_death(episode, social_worker, family):
    with pytest.raises(ApplicationError) as e:
        episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC2")
    assert e.value.field == "closure_reason"
    assert "date of death" in e.value.message
    family["child"].date_of_death = dt.date(2026, 11, 18)
    family["child"].save()
    with pytest.raises(ApplicationError) as e:
        episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 17), closure_reason="RC2")
    assert e.value.field == "closure_date"
    closed = episode_close(
        actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 19), closure_reason="RC2"
    )
    assert closed.closure_reason == "RC2"


def test_an_episode_cannot_close_before_its_referral(episode, social_worker):
    with pytest.raises(ApplicationError) as e:
        episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 1), closure_reason="RC7")
    assert e.value.field == "closure_date"
    assert "2 November 2026" in e.value.message
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(closure_date=dt.date(2026, 11, 1), closure_reason="RC7")


def test_a_closure_reason_must_be_a_census_code(episode, social_worker):
    with pytest.raises(ApplicationError) as e:
        episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC10")
    assert e.value.field == "closure_reason"


def test_a_closure_needs_both_date_and_reason_in_the_database(episode):
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.filter(pk=episode.pk).update(closure_date=dt.date(2026, 11, 20))


def test_an_episode_closes_once(episode, social_worker):
    episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC7")
    with pytest.raises(ApplicationError, match="already closed"):
        episode_close(actor=social_worker, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC7")


def test_business_support_cannot_close(episode, officer):
    with pytest.raises(ApplicationError):
        episode_close(actor=officer, episode=episode, closure_date=dt.date(2026, 11, 20), closure_reason="RC7")


def test_a_child_has_one_open_episode(episode, officer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(
            person=episode.person, referral_date=dt.date(2026, 11, 3), referral_source="6", opened_by=officer
        )


def test_a_manager_allocates_to_a_social_worker(episode, manager, social_worker, officer):
    with pytest.raises(ApplicationError):
        episode_allocate(actor=social_worker, episode=episode, worker=social_worker)
    with pytest.raises(ApplicationError) as e:
        episode_allocate(actor=manager, episode=episode, worker=officer)
    assert e.value.field == "worker"
    allocated = episode_allocate(actor=manager, episode=episode, worker=social_worker)
    assert (allocated.allocated_worker, allocated.allocated_on) == (social_worker, dt.date(2026, 11, 20))
