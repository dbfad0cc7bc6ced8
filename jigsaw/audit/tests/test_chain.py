"""The hash chain: what is written verifies, and any change to the table is found and named."""

import itertools

import pytest
from auditlog.context import set_extra_data
from django.core.management import call_command
from django.core.management.base import CommandError

from jigsaw.audit.chain import CONTENT, HEAD_GONE, MISSING, PREVIOUS_HASH, verify_chain
from jigsaw.audit.models import GENESIS, AppendOnlyError, AuditEntry, AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.people.tests.factories import AddressFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(person, social_worker):
    """A realistic run: a person created and changed (auditlog), an address added, views and a search."""
    with set_extra_data({"actor": social_worker, "remote_addr": "192.0.2.10", "remote_port": 51000}):
        person.family_name = "Okonkwo-Smith"
        person.save()
        AddressFactory(person=person)
    audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Strategy discussion")
    audit_record(actor=social_worker, kind=AuditKind.SEARCH, purpose="already known?", details={"query": {"a": 1}})
    return list(AuditEntry.objects.order_by("sequence"))


def test_a_run_of_creates_changes_and_views_is_one_intact_chain(history, person):
    kinds = [e.kind for e in history]
    assert kinds == ["create", "update", "create", "view", "search"]
    assert [e.sequence for e in history] == [1, 2, 3, 4, 5]
    assert history[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in itertools.pairwise(history))
    # The entries about the person (including the address row) are tied to them.
    assert {e.subject_person_id for e in history[:4]} == {person.pk}

    report = verify_chain(chunk_size=2)  # small chunks: the walk crosses chunk boundaries
    assert report.intact
    assert report.checked == 5
    assert report.head_sequence == 5 and report.head_hash == history[-1].entry_hash


def test_changes_made_in_a_request_keep_the_actor_and_address_inside_the_hash(history, social_worker):
    # auditlog fills these in just before the insert; they must be covered by the hash.
    change = history[1]
    assert change.actor == social_worker
    assert change.remote_addr == "192.0.2.10"
    assert change.remote_port == 51000
    assert AuditEntry.objects.get(pk=change.pk).compute_hash() == change.entry_hash


def test_editing_an_entry_in_the_database_is_found_at_that_entry(history, raw_sql):
    raw_sql("UPDATE audit_auditentry SET purpose = %s WHERE sequence = %s", ["Routine check", 4])

    report = verify_chain()
    assert not report.intact
    assert report.broken.sequence == 4
    assert report.broken.problem == CONTENT
    assert report.broken.timestamp == history[3].timestamp
    assert report.checked == 3


def test_changing_who_did_it_is_found(history, raw_sql, make_user):
    someone_else = make_user()
    raw_sql("UPDATE audit_auditentry SET actor_id = %s WHERE sequence = %s", [someone_else.pk, 2])

    assert verify_chain().broken.sequence == 2


def test_rewriting_an_entrys_hash_breaks_the_next_link(history, raw_sql):
    raw_sql("UPDATE audit_auditentry SET prev_hash = %s WHERE sequence = %s", ["f" * 64, 3])

    broken = verify_chain().broken
    assert (broken.sequence, broken.problem) == (3, PREVIOUS_HASH)


def test_deleting_a_middle_entry_is_found_as_a_missing_sequence(history, raw_sql):
    assert raw_sql("DELETE FROM audit_auditentry WHERE sequence = %s", [3]) == 1

    broken = verify_chain().broken
    assert (broken.sequence, broken.problem) == (3, MISSING)
    assert "sequence 3 not found" in broken.detail
    assert broken.timestamp == history[3].timestamp  # the entry after the gap


def test_deleting_the_newest_entries_is_found_with_a_recorded_head(history, raw_sql):
    head = (history[-1].sequence, history[-1].entry_hash)
    raw_sql("DELETE FROM audit_auditentry WHERE sequence >= %s", [4])

    assert verify_chain().intact  # a chain alone cannot see its own end cut off...
    broken = verify_chain(anchor=head).broken  # ...the head kept elsewhere can
    assert (broken.sequence, broken.problem) == (5, HEAD_GONE)


def test_an_empty_log_is_intact(db):
    report = verify_chain()
    assert report.intact and report.checked == 0


def test_the_command_reports_an_intact_chain_with_a_count(history, capsys):
    call_command("audit_anchor_write")
    call_command("verify_audit")
    out = capsys.readouterr().out
    assert "Audit chain intact: 5 entries verified" in out
    assert f"Head: 5:{history[-1].entry_hash}" in out


def test_the_command_fails_naming_the_broken_link(history, raw_sql):
    call_command("audit_anchor_write")
    raw_sql("UPDATE audit_auditentry SET object_repr = %s WHERE sequence = %s", ["Someone else", 2])

    with pytest.raises(CommandError) as caught:
        call_command("verify_audit")
    assert caught.value.returncode == 1
    message = str(caught.value)
    assert "broken at sequence 2" in message
    assert "content changed" in message
    assert "1 entries before it verified" in message


def test_the_command_checks_a_recorded_head(history, raw_sql):
    raw_sql("DELETE FROM audit_auditentry WHERE sequence = %s", [5])
    # A head kept anywhere (the log store, a printout) still works, with or without the file.
    with pytest.raises(CommandError, match="newest entries were deleted"):
        call_command("verify_audit", "--no-anchor", "--anchor", f"5:{history[-1].entry_hash}")


def test_entries_cannot_be_changed_or_removed_through_the_orm(history):
    entry = history[0]
    entry.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(purpose="changed")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert verify_chain().intact


def test_a_malformed_forwarded_address_does_not_stop_the_change(person, social_worker):
    # X-Forwarded-For and X-Forwarded-Port come from the client; junk is dropped, the change still logged.
    with set_extra_data({"actor": social_worker, "remote_addr": "not-an-address", "remote_port": -4}):
        person.given_names = "Amara"
        person.save()
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry.kind == AuditKind.UPDATE
    assert (entry.remote_addr, entry.remote_port) == (None, None)
    assert verify_chain().intact


def test_a_quick_run_checks_only_entries_after_a_recorded_head(history, raw_sql, social_worker, person):
    head = (history[2].sequence, history[2].entry_hash)
    raw_sql("UPDATE audit_auditentry SET purpose = %s WHERE sequence = %s", ["Old, not rechecked", 1])

    report = verify_chain(start=head)
    assert report.intact and report.checked == 3  # entries 3, 4 and 5
    assert not verify_chain().intact  # the full run still finds the old edit

    raw_sql("UPDATE audit_auditentry SET purpose = %s WHERE sequence = %s", ["Edited", 5])
    assert verify_chain(start=head).broken.sequence == 5


def test_a_quick_run_fails_when_its_starting_head_is_gone(history, raw_sql):
    head = (history[2].sequence, history[2].entry_hash)
    raw_sql("DELETE FROM audit_auditentry WHERE sequence = %s", [3])

    broken = verify_chain(start=head).broken
    assert (broken.sequence, broken.problem) == (3, MISSING)


def test_the_command_runs_from_a_recorded_head(history, capsys):
    call_command("audit_anchor_write")
    call_command("verify_audit", "--from", f"4:{history[3].entry_hash}")
    assert "Audit chain intact: 2 entries verified from sequence 4." in capsys.readouterr().out
