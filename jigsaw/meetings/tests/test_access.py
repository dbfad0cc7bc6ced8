"""Who may see a meeting follows who may see the people it is about."""

import pytest
from django.http import Http404

from jigsaw.access.choices import Role
from jigsaw.access.policy import Action, can
from jigsaw.access.tests.factories import InvolvementFactory, TeamFactory
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import MeetingKind
from jigsaw.meetings.selectors import meeting_get, meeting_list, meeting_papers, meetings_for_person
from jigsaw.meetings.services import (
    Invitee,
    action_add,
    decision_record,
    meeting_convene,
    meeting_invite,
    meeting_subject_notes,
)
from jigsaw.people.tests.factories import PersonFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def test_a_user_who_cannot_see_the_child_gets_404(conference, make_user, police_officer):
    stranger = make_user(Role.PARTNER_PRACTITIONER)  # police, but not involved with this child
    with pytest.raises(Http404):
        meeting_get(user=stranger, meeting_id=conference.pk)
    assert not can(stranger, Action.VIEW, conference)
    # The officer involved with the child sees it; the view is audited against the child.
    assert meeting_get(user=police_officer, meeting_id=conference.pk) == conference
    entry = AuditEntry.objects.filter(kind=AuditKind.VIEW, actor=police_officer).latest("pk")
    assert entry.subject_person_id == conference.subjects.get().person_id
    assert entry.purpose == "viewed meeting papers"


def test_only_the_involved_partner_can_list_the_meeting(conference, police_officer, make_user):
    assert list(meeting_list(user=police_officer)) == [conference]
    assert list(meeting_list(user=make_user(Role.PARTNER_PRACTITIONER))) == []
    assert list(meeting_list(user=make_user(Role.ANALYST))) == []


def test_complex_meeting_shows_each_worker_only_their_own_child(make_user, agencies):
    child_a = PersonFactory(given_names="Amelia", family_name="Rowntree")
    child_b = PersonFactory(given_names="Leo", family_name="Marsh")
    unit = make_user(Role.TEAM_MANAGER)
    meeting = meeting_convene(
        actor=unit,
        kind=MeetingKind.COMPLEX_STRATEGY,
        title="Complex strategy meeting – Operation Larch",
        starts_at=at(-1),
        subjects=[child_a, child_b],
    )
    subject_a, subject_b = meeting.subjects.order_by("pk")
    meeting_subject_notes(actor=unit, subject=subject_a, notes="Amelia was seen at the flat on Mill Lane.")
    meeting_subject_notes(actor=unit, subject=subject_b, notes="Leo disclosed to his teacher.")
    decision_record(actor=unit, meeting=meeting, text="Leo: section 47 enquiry", person=child_b)
    decision_record(actor=unit, meeting=meeting, text="Joint police and social care investigation")
    action_add(
        actor=unit,
        meeting=meeting,
        description="Visit Amelia at school",
        owner=unit,
        due_on=at(1).date(),
        person=child_a,
    )

    # A partner (health) practitioner involved only with Amelia.
    worker_a = make_user(Role.PARTNER_PRACTITIONER)
    InvolvementFactory(user=worker_a, person=child_a, kind="invited")
    papers = meeting_papers(user=worker_a, meeting=meeting_get(user=worker_a, meeting_id=meeting.pk))
    assert [s.notes for s in papers.subjects] == ["Amelia was seen at the flat on Mill Lane."]
    assert [d.text for d in papers.decisions] == ["Joint police and social care investigation"]
    assert [a.description for a in papers.actions] == ["Visit Amelia at school"]
    assert list(meetings_for_person(user=worker_a, person=child_a)) == [meeting]
    assert list(meetings_for_person(user=worker_a, person=child_b)) == []

    # The unit sees both children's parts.
    papers = meeting_papers(user=unit, meeting=meeting)
    assert len(papers.subjects) == 2 and len(papers.decisions) == 2


def test_a_board_meeting_is_seen_by_its_invitees_and_convener_only(make_user):
    manager = make_user(Role.PARTNERSHIP_MANAGER)
    member = make_user(Role.PARTNER_PRACTITIONER, email="board.member@police.example")
    board = meeting_convene(
        actor=manager, kind=MeetingKind.BOARD, title="Safeguarding partnership board", starts_at=at(10)
    )
    meeting_invite(
        actor=manager, meeting=board, invitees=[Invitee(name="Board member", email="board.member@police.example")]
    )
    assert meeting_get(user=manager, meeting_id=board.pk) == board
    assert meeting_get(user=member, meeting_id=board.pk) == board
    with pytest.raises(Http404):
        meeting_get(user=make_user(Role.TEAM_MANAGER), meeting_id=board.pk)


def test_a_restricted_meeting_is_seen_only_in_its_area(make_user, child):
    lado = make_user(Role.LADO_OFFICER)
    meeting = meeting_convene(
        actor=lado,
        kind=MeetingKind.LADO,
        title="LADO allegation meeting",
        starts_at=at(3),
        subjects=[child],
        restricted_area="lado",
    )
    assert meeting_get(user=lado, meeting_id=meeting.pk) == meeting
    social_worker = make_user(Role.SOCIAL_WORKER)  # can see the child, but is not in the LADO team
    with pytest.raises(Http404):
        meeting_get(user=social_worker, meeting_id=meeting.pk)
    # The police officer invited to this allegation's meeting sees that meeting, and no other.
    from jigsaw.meetings.services import Invitee, meeting_invite

    officer = make_user(Role.PARTNER_PRACTITIONER)
    meeting_invite(
        actor=lado,
        meeting=meeting,
        invitees=[Invitee(name="DC Example", email=officer.email, agency=officer.agency, role="Police", user=officer)],
    )
    assert meeting_get(user=officer, meeting_id=meeting.pk) == meeting
    other = meeting_convene(
        actor=lado, kind=MeetingKind.LADO, title="Another", starts_at=at(4), subjects=[child], restricted_area="lado"
    )
    with pytest.raises(Http404):
        meeting_get(user=officer, meeting_id=other.pk)
    with pytest.raises(ApplicationError, match="restricted team"):
        meeting_convene(
            actor=social_worker,
            kind=MeetingKind.LADO,
            title="x",
            starts_at=at(3),
            subjects=[child],
            restricted_area="lado",
        )


def test_nobody_convenes_a_meeting_about_a_child_they_cannot_see(make_user):
    sealed = PersonFactory(restricted_area="sealed")
    worker = make_user(Role.SOCIAL_WORKER, team=TeamFactory(name="Children in need"))
    with pytest.raises(ApplicationError, match="whose records you can see") as e:
        meeting_convene(actor=worker, kind=MeetingKind.ICPC, title="Conference", starts_at=at(3), subjects=[sealed])
    assert e.value.field == "subjects"


def test_partners_contribute_but_do_not_run_the_meeting(conference, police_officer):
    from jigsaw.meetings.services import minutes_draft, report_submit

    report = report_submit(actor=police_officer, meeting=conference, text="Police report: two call-outs in October.")
    assert report.agency == police_officer.agency
    with pytest.raises(ApplicationError, match="cannot change this meeting"):
        minutes_draft(actor=police_officer, meeting=conference, text="x", expected_version=0)
