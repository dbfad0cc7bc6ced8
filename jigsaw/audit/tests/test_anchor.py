"""The external anchor: the chain head written out of the database, and verify_audit held to it,
so that a log cut short or emptied fails as loudly as one edited."""

import json
import stat
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus

from jigsaw.audit.anchor import UNCHANGED, WRITTEN, AnchorError, audit_anchor_write, audit_anchors_read
from jigsaw.audit.models import GENESIS, AuditEntry, AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.audit.tasks import verify_audit_log, write_audit_anchor
from jigsaw.core.jinja2 import govuk_date
from jigsaw.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def views(person, social_worker):
    """Five entries: the person's record created, then viewed four times."""
    for n in range(4):
        audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose=f"Visit {n + 1}")
    entries = list(AuditEntry.objects.order_by("sequence"))
    assert [e.sequence for e in entries] == [1, 2, 3, 4, 5]
    return entries


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def verify(capsys, *args: str) -> tuple[str, str]:
    call_command("verify_audit", *args)
    captured = capsys.readouterr()
    return captured.out, captured.err


def verify_fails(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("verify_audit", *args)
    assert caught.value.returncode == 1
    return str(caught.value)


def test_the_head_is_appended_to_a_private_file_as_one_json_line(views, anchor_file, capsys):
    call_command("audit_anchor_write")

    head = views[-1]
    assert lines(anchor_file) == [
        {
            "sequence": 5,
            "entry_hash": head.entry_hash,
            "entry_timestamp": head.timestamp.astimezone(UTC).isoformat(),
            "written_at": lines(anchor_file)[0]["written_at"],
        }
    ]
    assert stat.S_IMODE(anchor_file.stat().st_mode) == 0o600  # only the app's own account reads it
    assert f"Audit anchor written to {anchor_file}" in capsys.readouterr().out


def test_writing_again_with_nothing_new_appends_nothing(views, anchor_file, capsys, person, social_worker):
    call_command("audit_anchor_write")
    call_command("audit_anchor_write")
    assert len(lines(anchor_file)) == 1
    assert "Audit anchor unchanged: the head is still entry 5" in capsys.readouterr().out

    audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Visit 6")
    assert audit_anchor_write().result == WRITTEN
    assert [line["sequence"] for line in lines(anchor_file)] == [5, 6]


def test_an_intact_log_verifies_against_its_anchor(views, capsys):
    call_command("audit_anchor_write")

    out, err = verify(capsys)
    assert "Audit chain intact: 5 entries verified." in out
    assert "Held to 1 anchor in" in out
    assert "recorded 5 entries" in out
    assert err == ""


def test_deleting_the_newest_entries_fails_naming_the_anchor(views, raw_sql, anchor_file):
    done = audit_anchor_write()
    raw_sql("DELETE FROM audit_auditentry WHERE sequence >= %s", [4])

    message = verify_fails()
    assert (
        f"The audit log has fewer entries than its anchor of {govuk_date(done.anchor.written_at, with_time=True)} "
        "recorded: 5 expected at least, 3 found."
    ) in message
    assert f"anchor file {anchor_file}, line 1" in message


def test_an_emptied_log_fails_instead_of_reporting_zero_entries_intact(views, raw_sql):
    audit_anchor_write()
    raw_sql("DELETE FROM audit_auditentry")

    message = verify_fails()
    assert "fewer entries than its anchor" in message
    assert "5 expected at least, 0 found" in message
    assert "intact" not in message


def test_a_log_emptied_and_written_again_fails_at_the_anchored_entry(views, raw_sql, person, social_worker):
    audit_anchor_write()
    raw_sql("DELETE FROM audit_auditentry")
    for n in range(7):  # a fresh chain, longer than the anchored one
        audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose=f"Again {n}")

    assert "Audit entry 5 is not the one its anchor of" in verify_fails()


def test_every_anchor_is_checked_not_only_the_newest(views, raw_sql, anchor_file, person, social_worker):
    # Someone able to append to the file adds an anchor of their rebuilt log: the earlier
    # lines still hold the log to what it was.
    audit_anchor_write()
    raw_sql("DELETE FROM audit_auditentry")
    for n in range(6):
        audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose=f"Rebuilt {n}")
    forged = AuditEntry.objects.order_by("-sequence").first()
    with anchor_file.open("a") as f:
        f.write(json.dumps({"sequence": 6, "entry_hash": forged.entry_hash, "written_at": "2030-01-01T00:00:00+00:00"}))
        f.write("\n")

    assert "Audit entry 5 is not the one its anchor of" in verify_fails()


def test_no_anchor_yet_is_said_plainly(views, anchor_file):
    message = verify_fails()
    assert f"No audit anchor yet at {anchor_file}" in message
    assert "manage.py audit_anchor_write" in message
    assert "--no-anchor" in message


def test_the_chain_alone_can_still_be_checked_with_a_warning(views, capsys):
    out, err = verify(capsys, "--no-anchor")
    assert "Audit chain intact: 5 entries verified." in out
    assert "Not checking the anchor file (--no-anchor)" in err


def test_an_empty_log_can_be_anchored_and_then_must_not_lose_entries(db, raw_sql, anchor_file):
    assert audit_anchor_write().anchor.sequence == 0
    assert lines(anchor_file)[0]["entry_hash"] == GENESIS
    call_command("verify_audit")  # an empty log, anchored empty: intact

    PersonFactory()  # one entry: the record created
    audit_anchor_write()
    raw_sql("DELETE FROM audit_auditentry")
    assert "1 expected at least, 0 found" in verify_fails()


def test_no_anchor_is_written_over_a_log_cut_short_since_the_last(views, raw_sql, anchor_file):
    audit_anchor_write()
    raw_sql("DELETE FROM audit_auditentry WHERE sequence >= %s", [4])

    with pytest.raises(CommandError, match=r"5 expected at least, 3 found\. .*No new anchor written"):
        call_command("audit_anchor_write")
    assert [line["sequence"] for line in lines(anchor_file)] == [5]  # not a lower head over the loss


def test_no_anchor_is_written_over_an_entry_edited_since_the_last(views, raw_sql, anchor_file, person, social_worker):
    audit_anchor_write()
    audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Visit 6")
    raw_sql("UPDATE audit_auditentry SET purpose = %s WHERE sequence = %s", ["Edited", 6])

    with pytest.raises(AnchorError, match="broken at sequence 6"):
        audit_anchor_write()
    assert len(lines(anchor_file)) == 1


def test_a_damaged_anchor_file_is_named_not_skipped(views, anchor_file):
    audit_anchor_write()
    with anchor_file.open("a") as f:
        f.write("{not an anchor\n")

    assert f"Line 2 of the audit anchor file {anchor_file} is not an anchor" in verify_fails()
    with pytest.raises(AnchorError, match="Line 2"):
        audit_anchors_read()


def test_an_anchor_job_that_has_stopped_is_warned_of(views, capsys, person, social_worker):
    audit_anchor_write()
    with time_machine.travel(datetime.now(UTC) + timedelta(days=2)):
        audit_record(actor=social_worker, kind=AuditKind.VIEW, obj=person, purpose="Two days on")
        out, err = verify(capsys)
    assert "Audit chain intact: 6 entries verified." in out
    assert "1 entries have been written since: is the scheduled audit_anchor_write running?" in err


def test_the_scheduled_jobs_write_the_anchor_and_verify(views, anchor_file, raw_sql):
    result = write_audit_anchor.enqueue()
    assert result.return_value == {"result": WRITTEN, "sequence": 5, "path": str(anchor_file)}
    assert write_audit_anchor.enqueue().return_value["result"] == UNCHANGED

    assert verify_audit_log.enqueue().return_value == {"checked": 5, "head": 5, "anchors": 1}
    raw_sql("DELETE FROM audit_auditentry WHERE sequence = %s", [5])
    failed = verify_audit_log.enqueue()
    assert failed.status == TaskResultStatus.FAILED
    assert "fewer entries than its anchor" in failed.errors[0].traceback


def test_the_anchor_is_written_every_quarter_hour_and_verified_nightly():
    from crontask import scheduler

    jobs = {job.name: {f.name: str(f) for f in job.trigger.fields} for job in scheduler.get_jobs()}
    anchor, nightly = jobs[write_audit_anchor.name], jobs[verify_audit_log.name]
    assert (anchor["minute"], anchor["hour"]) == ("*/15", "*")
    assert (nightly["hour"], nightly["minute"]) == ("3", "40")


def test_an_anchor_file_that_cannot_be_written_is_named(views, tmp_path, settings):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.JIGSAW_AUDIT_ANCHOR_PATH = blocked / "audit-anchors.jsonl"

    with pytest.raises(CommandError, match=f"Cannot write the audit anchor file {blocked}/audit-anchors.jsonl"):
        call_command("audit_anchor_write")
