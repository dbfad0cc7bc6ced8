"""Arrangements and governance: the executive and subgroups, versioned documents, meetings
through the meetings engine with attendance by agency, and the action log, whose overdue
actions reach their owners' "My work" and are escalated to the executive's chair."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from jigsaw.access.choices import AgencyKind, Role
from jigsaw.access.models import Agency
from jigsaw.core.exceptions import ApplicationError
from jigsaw.meetings.models import Action, Attendance
from jigsaw.meetings.services import action_add, attendance_record
from jigsaw.notifications.models import Notification

from .. import services
from ..choices import GroupKind, LeadPartner, MemberRole
from ..selectors import attendance_by_agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies(db):
    return {
        "council": Agency.objects.create(name="Northbridge Council", kind=AgencyKind.CHILDRENS_SOCIAL_CARE),
        "police": Agency.objects.create(name="Northbridge Police", kind=AgencyKind.POLICE),
        "icb": Agency.objects.create(name="Northbridge Integrated Care Board", kind=AgencyKind.HEALTH),
    }


@pytest.fixture
def executive(manager, make_user, agencies):
    chair = make_user(Role.TEAM_MANAGER, full_name="Sam Hollis", agency=agencies["council"])
    group = services.group_create(
        actor=manager,
        name="Safeguarding executive",
        kind=GroupKind.EXECUTIVE,
        terms_of_reference="Sets the partnership's priorities and holds agencies to account.",
        chair=chair,
    )
    officer = make_user(
        Role.PARTNER_PRACTITIONER,
        full_name="Dean Ellery",
        agency=agencies["police"],
        email="dean.ellery@police.example",
    )
    services.member_add(
        actor=manager,
        group=group,
        name="Sam Hollis",
        agency=agencies["council"],
        role=MemberRole.DELEGATE,
        lead_partner=LeadPartner.LOCAL_AUTHORITY,
        user=chair,
    )
    services.member_add(
        actor=manager,
        group=group,
        name="Dean Ellery",
        agency=agencies["police"],
        role=MemberRole.DELEGATE,
        lead_partner=LeadPartner.POLICE,
        user=officer,
    )
    services.member_add(
        actor=manager,
        group=group,
        name="Pat Okafor",
        agency=agencies["icb"],
        role=MemberRole.DELEGATE,
        lead_partner=LeadPartner.HEALTH,
        email="pat.okafor@icb.example",
    )
    group.officer = officer
    return group


def test_one_executive_and_a_delegate_says_which_lead_partner(manager, executive, agencies):
    with pytest.raises(ApplicationError):
        services.group_create(
            actor=manager, name="Another", kind=GroupKind.EXECUTIVE, terms_of_reference="x", chair=executive.chair
        )
    with pytest.raises(ApplicationError) as refused:
        services.member_add(
            actor=manager, group=executive, name="X", agency=agencies["police"], role=MemberRole.DELEGATE
        )
    assert refused.value.field == "lead_partner"


def test_document_versions_record_who_approved_which_and_when(manager):
    v1 = services.document_version_record(
        actor=manager,
        kind="threshold",
        title="Northbridge threshold document",
        version="1.0",
        summary="First version",
        approved_by="The three lead safeguarding partners",
        approved_on=dt.date(2025, 4, 1),
    )
    v2 = services.document_version_record(
        actor=manager,
        kind="threshold",
        title="Northbridge threshold document",
        version="1.1",
        summary="Early help levels clarified",
        approved_by="The executive",
        approved_on=dt.date(2026, 3, 2),
    )
    assert v1.document == v2.document
    assert [(v.version, v.approved_by) for v in v1.document.versions.all()] == [
        ("1.1", "The executive"),
        ("1.0", "The three lead safeguarding partners"),
    ]
    with pytest.raises(ApplicationError):
        services.document_version_record(
            actor=manager,
            kind="threshold",
            title="Northbridge threshold document",
            version="1.1",
            summary="again",
            approved_by="x",
            approved_on=dt.date(2026, 3, 2),
        )


def _meeting_held(manager, executive, days_ago=1):
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() - dt.timedelta(days=days_ago), dt.time(10)))
    row = services.group_meeting_convene(actor=manager, group=executive, starts_at=start, agenda="1. Priorities")
    meeting = row.meeting
    invitations = {i.name: i for i in meeting.invitations.all()}
    attendance_record(
        actor=manager,
        meeting=meeting,
        attendance={
            invitations["Sam Hollis"].pk: Attendance.ATTENDED,
            invitations["Dean Ellery"].pk: Attendance.APOLOGIES,
            invitations["Pat Okafor"].pk: Attendance.ATTENDED,
        },
    )
    return meeting


def test_a_meeting_invites_the_members_by_agency_and_gives_an_attendance_rate(manager, executive):
    _meeting_held(manager, executive, days_ago=8)
    _meeting_held(manager, executive, days_ago=1)
    rates = {r.agency: (r.invited, r.attended, r.rate) for r in attendance_by_agency()}
    assert rates["Northbridge Police"] == (2, 0, 0)
    assert rates["Northbridge Council"] == (2, 2, 100)


def _overdue_action(manager, meeting, owner):
    action = action_add(
        actor=manager,
        meeting=meeting,
        description="Audit neglect referrals from schools",
        due_on=timezone.localdate(),
        owner=owner,
    )
    Action.objects.filter(pk=action.pk).update(
        created_on=timezone.localdate() - dt.timedelta(days=30), due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    action.refresh_from_db()
    return action


def test_an_overdue_action_is_on_its_owners_my_work_and_escalated_to_the_executives_chair(manager, executive, client):
    from jigsaw.core.selectors import _other_work

    meeting = _meeting_held(manager, executive)
    action = _overdue_action(manager, meeting, executive.officer)
    today = timezone.localdate()
    owner_work = _other_work(executive.officer, executive.officer, today)
    assert [w.title for w in owner_work] == ["Partnership action: Audit neglect referrals from schools"]
    assert owner_work[0].status == "overdue"
    chair_work = _other_work(executive.chair, executive.chair, today)
    assert any(w.title.startswith("Overdue action escalated to you") for w in chair_work)
    assert services.overdue_actions_escalate() == 2
    assert services.overdue_actions_escalate() == 0  # told once
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {executive.officer.pk, executive.chair.pk}
    assert action.pk


def test_the_owner_updates_with_evidence_and_completes_it(manager, executive, make_user):
    meeting = _meeting_held(manager, executive)
    action = _overdue_action(manager, meeting, executive.officer)
    with pytest.raises(PermissionDenied):
        services.action_update_add(actor=make_user(Role.SOCIAL_WORKER), action=action, text="x")
    services.action_update_add(
        actor=executive.officer, action=action, text="Sampled 20 referrals", evidence="Report to the executive, March"
    )
    services.action_update_add(actor=manager, action=action, text="Reported", done=True)
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert action.partnership_updates.count() == 2


def test_the_action_pages_by_role(manager, executive, signed_in, agencies):
    meeting = _meeting_held(manager, executive)
    action = _overdue_action(manager, meeting, executive.officer)
    boss = signed_in(Role.PARTNERSHIP_MANAGER)
    assert "Audit neglect referrals" in boss.get(reverse("partnership:actions")).text
    assert "Attendance by agency" in boss.get(reverse("partnership:governance")).text
    assert "Pat Okafor" in boss.get(reverse("partnership:group", args=[executive.pk])).text
    other = signed_in(Role.PARTNER_PRACTITIONER, agency=agencies["icb"])
    assert other.get(reverse("partnership:action", args=[action.pk])).status_code == 404
    colleague = signed_in(Role.PARTNER_PRACTITIONER, agency=agencies["police"])
    page = colleague.get(reverse("partnership:action", args=[action.pk]))
    assert page.status_code == 200 and "Save update" not in page.text  # sees the agency's action, not its owner


def test_convening_through_the_screen(manager, executive, signed_in):
    client = signed_in(Role.PARTNERSHIP_MANAGER)
    response = client.post(
        reverse("partnership:group-convene", args=[executive.pk]),
        {"day-day": "3", "day-month": "2", "day-year": "2099", "start_time": "10am", "agenda": "1. Neglect strategy"},
    )
    assert response.status_code == 302 and response.url.startswith("/meetings/")
    assert executive.meetings.get().meeting.invitations.count() == 3
