"""Who is responsible for a deadline, and who hears of it: the digest's recipients and the
overdue notifications (timescales.ownership, digest.py)."""

from datetime import date

import pytest

from jigsaw.access.choices import Role
from jigsaw.access.tests.factories import TeamFactory
from jigsaw.notifications.models import Notification
from jigsaw.people.tests.factories import PersonFactory
from jigsaw.timescales.clocks import clock_owner_set, clock_start
from jigsaw.timescales.digest import deadline_digest_send, digest_recipients, overdue_notify
from jigsaw.timescales.ownership import rules_without_an_owner
from jigsaw.timescales.selectors import user_deadlines

pytestmark = pytest.mark.django_db

TODAY = date(2027, 1, 11)  # a Monday


@pytest.fixture
def front_door(case, make_user):
    """The front door team and its manager, and a contact's child nobody is working with yet."""
    team = TeamFactory(name="Front door (MASH)", agency=case.worker.agency)
    duty = make_user(Role.TEAM_MANAGER, team=team, full_name="Dana Duty", email="dana.duty@council.example")
    newcomer = PersonFactory(given_names="Imogen", family_name="Lathbury", council_id="NB0000002")
    clock = clock_start(rule_key="referral_decision", person=newcomer, started_on=date(2027, 1, 7))  # due 8 Jan
    return type("FrontDoor", (), {"team": team, "duty": duty, "newcomer": newcomer, "clock": clock})


def test_every_registered_rule_names_who_is_responsible():
    assert rules_without_an_owner() == []


def test_the_owner_comes_first_and_a_leaver_passes_it_on(case, make_user):
    clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
    [line] = user_deadlines(user=case.worker, today=TODAY)  # allocated worker, no owner
    assert line.clock_id == clock.pk
    chair = make_user(Role.CP_CHAIR_IRO, full_name="Casey Chair")
    clock.owner = chair  # the clock has no record here: clock_owner_set is tested below
    clock.save()
    assert [d.clock_id for d in user_deadlines(user=chair, today=TODAY)] == [clock.pk]
    assert user_deadlines(user=case.worker, today=TODAY) == []
    chair.is_active = False  # the chair leaves: the deadline goes back to the allocated worker
    chair.save()
    assert [d.worker_name for d in user_deadlines(user=case.worker, today=TODAY)] == ["Priya Worker"]


def test_the_digest_reaches_the_responsible_worker_their_manager_and_the_owning_team(smtp_sink, case, front_door):
    clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))  # Priya's, overdue
    recipients = {u.full_name for u in digest_recipients(for_date=TODAY)}
    assert recipients == {"Priya Worker", "Morgan Manager", "Dana Duty"}
    deadline_digest_send(for_date=TODAY)
    [duty_mail] = smtp_sink.to("dana.duty@council.example")
    text = duty_mail.get_body(preferencelist=("plain",)).get_content()
    assert "Decide on a referral and tell the referrer" in text
    assert "IL (NB0000002)" in text and "nobody (unallocated)" in text
    assert "Lathbury" not in text
    [manager_mail] = smtp_sink.to("morgan.manager@council.example")
    assert (
        "Hold the initial child protection conference" in manager_mail.get_body(preferencelist=("plain",)).get_content()
    )


def test_an_overdue_deadline_notifies_the_responsible_person_once(case, front_door):
    clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))  # due 7 Jan
    assert overdue_notify(today=TODAY) == 2  # Priya for hers; Dana for the unallocated decision
    [mine] = Notification.objects.filter(recipient=case.worker)
    assert mine.kind == "deadline_overdue"
    assert mine.title == "Overdue: Hold the initial child protection conference"
    assert mine.url == f"/protection/children/{case.child.pk}/"
    assert mine.dedupe_key == f"overdue-{clock.pk}"
    [theirs] = Notification.objects.filter(recipient=front_door.duty)
    assert theirs.title == "Overdue: Decide on a referral and tell the referrer (nobody is responsible)"
    assert overdue_notify(today=TODAY) == 0  # the next run tells nobody again
    assert Notification.objects.count() == 2


def test_nothing_is_told_before_it_is_overdue(case):
    clock_start(rule_key="strategy_discussion", person=case.child, started_on=TODAY)  # due tomorrow
    assert overdue_notify(today=TODAY) == 0


def test_clock_owner_set_hands_a_records_clocks_to_a_worker_and_back(case, make_user):
    from jigsaw.access.models import Involvement

    record = Involvement.objects.get(pk=case.involvement.pk)  # any saved record will do as a subject
    clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14), subject=record)
    colleague = make_user(Role.SOCIAL_WORKER, team=case.worker.team, full_name="Sam Colleague")
    assert clock_owner_set(subject=record, owner=colleague) == 1
    assert [d.clock_id for d in user_deadlines(user=colleague, today=TODAY)] == [clock.pk]
    assert user_deadlines(user=case.worker, today=TODAY) == []
    assert clock_owner_set(subject=record, owner=None) == 1
    assert [d.clock_id for d in user_deadlines(user=case.worker, today=TODAY)] == [clock.pk]


def test_a_restricted_teams_worker_is_never_named_to_outsiders(case, make_user):
    """A LADO officer "allocated" to a parent holds none of the family's deadlines; and where a
    service did make one the owner, someone outside the LADO team is not told who."""
    from jigsaw.access.choices import RestrictedArea
    from jigsaw.access.tests.factories import InvolvementFactory
    from jigsaw.timescales.selectors import person_deadlines

    lado_team = TeamFactory(name="LADO", restricted_area=RestrictedArea.LADO, agency=case.worker.agency)
    officer = make_user(Role.LADO_OFFICER, team=lado_team, full_name="Grace Whitfield")
    InvolvementFactory(user=officer, person=case.child, service="LADO allegation", started_on=date(2027, 1, 4))
    clock = clock_start(rule_key="icpc", person=case.child, started_on=date(2026, 12, 14))
    [line] = person_deadlines(user=case.manager, person=case.child, today=TODAY)
    assert line.worker_name == "Priya Worker"  # the newer LADO "allocation" is not the family's worker
    clock.owner = officer
    clock.save()
    [line] = person_deadlines(user=case.manager, person=case.child, today=TODAY)
    assert line.worker_name == "A worker in another team"
    assert "Whitfield" not in repr(line)


def test_a_clock_started_with_nobody_responsible_tells_the_area_managers_when_it_commits(
    case, front_door, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2027-01-11 09:00", tick=False)
    newcomer = PersonFactory(given_names="Rosa", family_name="Quill")
    with django_capture_on_commit_callbacks(execute=True):
        clock = clock_start(rule_key="strategy_discussion", person=newcomer, started_on=TODAY)
    [told] = Notification.objects.filter(kind="deadline_unallocated")
    assert told.recipient == front_door.duty  # the front door's manager holds its unallocated list
    assert told.title == "Nobody is responsible: Hold the strategy discussion for Rosa Quill"
    assert told.url == f"/protection/children/{newcomer.pk}/strategy/convene/"
    assert told.dedupe_key == f"unallocated-{clock.pk}"
    assert "12 January 2027" in told.body  # due by the next working day


def test_a_clock_someone_is_responsible_for_tells_no_manager(case, front_door, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        clock_start(rule_key="strategy_discussion", person=case.child, started_on=TODAY)  # Priya's, allocated
        clock_start(rule_key="icpc", person=PersonFactory(), started_on=TODAY, owner=case.worker)
    assert not Notification.objects.filter(kind="deadline_unallocated", person=case.child).exists()
    assert not Notification.objects.filter(kind="deadline_unallocated", title__contains="conference").exists()


def test_a_clock_allocated_before_the_transaction_commits_tells_nobody(
    case, front_door, django_capture_on_commit_callbacks
):
    from jigsaw.access.models import Involvement

    newcomer = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        clock_start(rule_key="strategy_discussion", person=newcomer, started_on=TODAY)
        # The same service allocates the case a moment later: the worker holds it, nobody is told.
        Involvement.objects.create(user=case.worker, person=newcomer, kind="allocated", started_on=TODAY)
    assert not Notification.objects.filter(kind="deadline_unallocated", person=newcomer).exists()
