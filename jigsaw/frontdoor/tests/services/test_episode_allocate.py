"""Allocating a child-in-need episode: the worker becomes the child's allocated worker (the
involvement the rest of Jigsaw reads), the previous one's ends, and the worker is told."""

import datetime as dt

import pytest
from django.urls import reverse

from jigsaw.access.choices import Role
from jigsaw.access.models import Involvement
from jigsaw.core.exceptions import ApplicationError
from jigsaw.frontdoor.models import Episode
from jigsaw.frontdoor.services import PersonEntry, contact_record, decision_record, episode_allocate
from jigsaw.notifications.models import Notification
from jigsaw.timescales.models import Clock
from jigsaw.timescales.selectors import user_deadlines

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
    return Episode.objects.get()


def allocated(person) -> list:
    today = dt.date(2026, 11, 20)
    return [i.user for i in Involvement.objects.filter(person=person, kind="allocated").exclude(ended_on__lt=today)]


def test_allocating_makes_the_worker_the_childs_allocated_worker(episode, manager, social_worker, family, time_machine):
    time_machine.move_to(at(2026, 11, 3, 9, 0))
    episode_allocate(actor=manager, episode=episode, worker=social_worker)

    involvement = Involvement.objects.get(person=family["child"], kind="allocated")
    assert (involvement.user, involvement.service, involvement.started_on) == (
        social_worker,
        "Child in need",
        dt.date(2026, 11, 3),
    )
    told = Notification.objects.get(recipient=social_worker, kind="allocation")
    assert told.url == reverse("frontdoor:episode-detail", args=[episode.pk])
    # The assessment's deadline is now on the worker's My work.
    due = Clock.objects.get(rule_key="assessment").due_on
    assert "assessment" in {d.rule_key for d in user_deadlines(user=social_worker, today=due)}


def test_reallocating_ends_the_previous_workers_involvement(
    episode, manager, social_worker, make_user, family, time_machine
):
    time_machine.move_to(at(2026, 11, 3, 9, 0))
    episode_allocate(actor=manager, episode=episode, worker=social_worker)
    time_machine.move_to(at(2026, 11, 20, 9, 0))
    other = make_user(Role.SOCIAL_WORKER)
    episode_allocate(actor=manager, episode=episode, worker=other)

    assert allocated(family["child"]) == [other]
    first = Involvement.objects.get(person=family["child"], user=social_worker)
    assert first.ended_on == dt.date(2026, 11, 19)
    assert Notification.objects.filter(recipient=other, kind="allocation").count() == 1


def test_a_social_worker_cannot_allocate(episode, social_worker, family):
    with pytest.raises(ApplicationError):
        episode_allocate(actor=social_worker, episode=episode, worker=social_worker)
    assert not Involvement.objects.filter(person=family["child"]).exists()
