"""Who has seen a person's record, and the break-glass report: only for those the policy allows."""

from datetime import timedelta

import pytest
from auditlog.context import set_extra_data
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea, Role
from jigsaw.access.models import BreakGlass
from jigsaw.audit.models import AuditEntry, AuditKind
from jigsaw.audit.selectors import audit_person_get, break_glass_report, person_access_log
from jigsaw.audit.services import audit_record
from jigsaw.people.tests.factories import AddressFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_log_shows_views_and_changes_about_the_person_newest_first(person, social_worker, team_manager):
    other = PersonFactory()
    audit_record(
        actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Home visit", subject_person_id=person.pk
    )
    audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=other, purpose="Other child", subject_person_id=other.pk)
    with set_extra_data({"actor": social_worker}):
        AddressFactory(person=person)
    audit_record(actor=social_worker, kind=AuditKind.SIGN_IN, obj=social_worker)

    log = person_access_log(user=team_manager, person=person)

    # Newest first: the manager's own look at the log, the address added, the view, the record's creation.
    assert [(e.kind, e.actor) for e in log] == [
        (AuditKind.VIEW, team_manager),
        (AuditKind.CREATE, social_worker),
        (AuditKind.VIEW, social_worker),
        (AuditKind.CREATE, None),
    ]
    assert log[0].purpose == "viewed audit log"
    assert log[2].purpose == "Home visit"
    assert all(e.subject_person_id == person.pk for e in log)


def test_the_log_is_limited(person, team_manager):
    for n in range(5):
        audit_record(actor=team_manager, kind=AuditKind.VIEW, obj=person, purpose=f"{n}", subject_person_id=person.pk)
    assert len(person_access_log(user=team_manager, person=person, limit=3)) == 3


def test_a_social_worker_may_not_see_the_log_and_the_attempt_leaves_no_view_entry(person, social_worker):
    before = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        person_access_log(user=social_worker, person=person)
    assert AuditEntry.objects.count() == before


def test_a_data_protection_officer_may_see_the_log(person, make_user):
    assert person_access_log(user=make_user(Role.DATA_PROTECTION_OFFICER), person=person)


def test_a_restricted_record_does_not_exist_for_a_manager_outside_its_team(team_manager):
    sealed = PersonFactory(restricted_area=RestrictedArea.SEALED)
    with pytest.raises(Http404):
        audit_person_get(user=team_manager, person_id=sealed.pk)
    with pytest.raises(PermissionDenied):
        person_access_log(user=team_manager, person=sealed)


@pytest.fixture
def accesses(person, make_user):
    partner = make_user(Role.PARTNER_PRACTITIONER, full_name="Priya Shah")
    old = BreakGlass.objects.create(
        user=partner,
        person=person,
        reason="Old access",
        granted_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() - timedelta(days=40) + timedelta(hours=4),
    )
    new = BreakGlass.objects.create(user=partner, person=person, reason="Police protection, child at station")
    return old, new


def test_the_break_glass_report_lists_accesses_newest_first(accesses, team_manager):
    old, new = accesses
    assert list(break_glass_report(user=team_manager)) == [new, old]
    assert list(break_glass_report(user=team_manager, since=timezone.now() - timedelta(days=7))) == [new]
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.actor, entry.kind, entry.purpose) == (team_manager, AuditKind.VIEW, "viewed break-glass report")


def test_only_reviewers_see_the_break_glass_report(accesses, social_worker, make_user):
    with pytest.raises(PermissionDenied):
        break_glass_report(user=social_worker)
    with pytest.raises(PermissionDenied):
        break_glass_report(user=make_user(Role.PARTNER_PRACTITIONER))


def test_one_rule_hides_restricted_work_from_every_reader_of_the_log(person, team_manager, make_user):
    """A restricted team's work about a child open to the index (a LADO chronology entry, a sealed
    sister, an adoption worker's view) is hidden from "who has seen this record" and the person's
    history alike; the team itself still sees it."""
    from jigsaw.access.tests.factories import TeamFactory
    from jigsaw.chronology.services import chronology_record
    from jigsaw.people.selectors import person_history
    from jigsaw.people.services import relationship_add

    adoption = make_user(Role.SOCIAL_WORKER, team=TeamFactory(name="Adoption", restricted_area=RestrictedArea.SEALED))
    lado = make_user(Role.LADO_OFFICER, team=TeamFactory(name="LADO", restricted_area=RestrictedArea.LADO))
    sealed = PersonFactory(given_names="Ottoline", family_name="Fenwarren", restricted_area=RestrictedArea.SEALED)
    relationship_add(actor=adoption, from_person=person, to_person=sealed, kind="sibling")
    audit_record(actor=adoption, kind=AuditKind.VIEW, obj=person, subject_person_id=person.pk)
    chronology_record(
        person=person,
        occurred_on=timezone.localdate(),
        kind="allegation_referral",
        summary="Named in an allegation about an adult at Kestrel Vale Academy",
        recorded_by=lado,
        restricted_area=RestrictedArea.LADO,
    )
    audit_record(actor=team_manager, kind=AuditKind.VIEW, obj=person, subject_person_id=person.pk)

    def shown(entries) -> str:
        return " ".join(f"{e.object_repr} {e.serialized_data} {e.actor}" for e in entries)

    for reader in (team_manager, make_user(Role.DATA_PROTECTION_OFFICER)):
        log = person_access_log(user=reader, person=person)
        assert "Fenwarren" not in shown(log) and "Kestrel" not in shown(log)
        assert str(adoption) not in shown(log) and str(lado) not in shown(log)
        assert any(e.actor == team_manager for e in log)  # the rest of the log is there
        history = " ".join(f"{v.record} {v.snapshot}" for v in person_history(user=reader, person=person))
        assert "Fenwarren" not in history and "Kestrel" not in history
        assert AuditEntry.objects.visible_to(reader).filter(actor=adoption).count() == 0
    # Each team still sees its own.
    assert "Fenwarren" in " ".join(v.record for v in person_history(user=adoption, person=person))
    assert "Kestrel" in " ".join(str(v.snapshot) for v in person_history(user=lado, person=person))
    assert "Fenwarren" not in " ".join(v.record for v in person_history(user=lado, person=person))
