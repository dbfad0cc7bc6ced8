"""audit_record and break_glass_review."""

import pytest
from django.core.exceptions import PermissionDenied

from jigsaw.access.choices import Role
from jigsaw.access.models import BreakGlass
from jigsaw.audit.chain import verify_chain
from jigsaw.audit.context import reset_remote_addr, set_remote_addr
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.audit.services import audit_record, break_glass_review
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.models import Person

pytestmark = pytest.mark.django_db


def test_audit_record_keeps_who_where_why_and_what(person, social_worker):
    token = set_remote_addr("198.51.100.7")
    try:
        entry = audit_record(
            actor=social_worker,
            kind=AuditKind.EXPORT,
            obj=person,
            purpose="Court bundle",
            details={"format": "pdf", "pages": 12},
            subject_person_id=person.pk,
        )
    finally:
        reset_remote_addr(token)

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == social_worker
    assert entry.actor_email == social_worker.email
    assert entry.remote_addr == "198.51.100.7"
    assert entry.purpose == "Court bundle"
    assert entry.additional_data == {"format": "pdf", "pages": 12}
    assert entry.kind == AuditKind.EXPORT and entry.action == AuditEntry.Action.ACCESS
    assert (entry.object_pk, entry.object_repr, entry.subject_person_id) == (str(person.pk), str(person), person.pk)
    assert verify_chain().intact


def test_a_search_is_logged_against_the_kind_of_record(social_worker):
    entry = audit_record(actor=social_worker, kind="search", model=Person, details={"query": {"family_name": "Hale"}})
    assert entry.content_type.model == "person"
    assert entry.object_pk == ""
    assert entry.subject_person_id is None


def test_an_unknown_kind_is_refused(social_worker):
    with pytest.raises(ValueError):
        audit_record(actor=social_worker, kind="peeked")


@pytest.fixture
def access(person, make_user):
    return BreakGlass.objects.create(
        user=make_user(Role.PARTNER_PRACTITIONER), person=person, reason="Child at A&E out of hours, no record"
    )


def test_a_team_manager_reviews_a_break_glass_access(access, team_manager):
    reviewed = break_glass_review(reviewer=team_manager, break_glass=access, note="  Genuine: GP called it in.  ")

    access.refresh_from_db()
    assert access.reviewed_by == team_manager
    assert access.reviewed_at is not None
    assert access.review_note == "Genuine: GP called it in."
    assert reviewed.pk == access.pk
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.actor, entry.kind, entry.purpose) == (team_manager, AuditKind.UPDATE, "reviewed break-glass access")
    assert entry.subject_person_id == access.person_id


def test_a_review_needs_a_note(access, team_manager):
    with pytest.raises(ApplicationError, match="Enter what you found"):
        break_glass_review(reviewer=team_manager, break_glass=access, note="   ")
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_an_access_is_reviewed_only_once(access, team_manager, make_user):
    break_glass_review(reviewer=team_manager, break_glass=access, note="Fine")
    with pytest.raises(ApplicationError, match="already reviewed"):
        break_glass_review(reviewer=make_user(Role.DATA_PROTECTION_OFFICER), break_glass=access, note="Also fine")
    access.refresh_from_db()
    assert access.review_note == "Fine"


def test_nobody_reviews_their_own_access(person, make_user):
    manager = make_user(Role.TEAM_MANAGER)
    own = BreakGlass.objects.create(user=manager, person=person, reason="Checking a family out of hours")
    with pytest.raises(ApplicationError, match="your own"):
        break_glass_review(reviewer=manager, break_glass=own, note="All fine")


def test_a_social_worker_cannot_review(access, social_worker):
    with pytest.raises(PermissionDenied):
        break_glass_review(reviewer=social_worker, break_glass=access, note="Fine")
