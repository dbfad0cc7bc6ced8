"""The audit log's external anchor: its chain head, written out of the database on a schedule.

A hash chain shows any entry changed or removed from the middle, but not its newest entries
cut off, nor the whole table emptied: what is left still links up. So every quarter of an
hour (tasks.write_audit_anchor, or `manage.py audit_anchor_write`) the head (sequence,
entry hash, when it was written) is appended as one JSON line to a file outside the
database, JIGSAW_AUDIT_ANCHOR_PATH, and `manage.py verify_audit` checks the chain against
every line: each anchored entry must still be there with the same hash, and the log must
have at least as many entries as the highest anchor recorded.

Lines are only ever appended (the file is opened for appending, never rewritten), and a new
anchor is only written when the chain since the previous one verifies: an anchor never
blesses a log that has already been cut short. In production the file belongs on storage
the application cannot rewrite (docs/deploy.md): a separate volume with the append-only
attribute, or shipped to a log store (the command prints each line it writes).
"""

import fcntl
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from jigsaw.core.jinja2 import govuk_date

from .chain import HEAD_GONE, ChainReport, verify_chain
from .models import GENESIS, AuditEntry

WRITTEN = "written"
UNCHANGED = "unchanged"


class AnchorError(RuntimeError):
    """The anchor file cannot be read, or the chain no longer extends its last anchor."""


@dataclass(frozen=True)
class Anchor:
    sequence: int  # 0: the log was empty when it was written
    entry_hash: str
    entry_timestamp: datetime | None
    written_at: datetime
    line: int  # in the anchor file, for messages

    def as_json(self) -> str:
        return json.dumps(
            {
                "sequence": self.sequence,
                "entry_hash": self.entry_hash,
                "entry_timestamp": self.entry_timestamp.astimezone(UTC).isoformat() if self.entry_timestamp else None,
                "written_at": self.written_at.astimezone(UTC).isoformat(),
            },
            sort_keys=True,
        )

    @property
    def head(self) -> tuple[int, str]:
        return self.sequence, self.entry_hash

    def describe(self) -> str:
        return f"anchor of {govuk_date(self.written_at, with_time=True)}"


@dataclass(frozen=True)
class AnchorWrite:
    result: str  # WRITTEN, or UNCHANGED when the head is the one last anchored
    anchor: Anchor
    path: Path


@dataclass(frozen=True)
class AnchoredReport:
    """What verify_audit found: the chain's report, and the anchors it was held to."""

    report: ChainReport
    anchors: Sequence[Anchor]
    path: Path

    @property
    def newest(self) -> Anchor | None:
        return max(self.anchors, key=lambda a: (a.sequence, a.written_at), default=None)

    def stale(self, *, days: int = 1) -> str | None:
        """A warning when entries have gone unanchored for more than `days`: is the job running?"""
        newest = self.newest
        if newest is None or self.report.head_sequence <= newest.sequence:
            return None
        if timezone.now() - newest.written_at < timedelta(days=days):
            return None
        return (
            f"The newest audit anchor is from {govuk_date(newest.written_at, with_time=True)} and "
            f"{self.report.head_sequence - newest.sequence} entries have been written since: is the "
            "scheduled audit_anchor_write running? Until it runs, those entries could be removed unnoticed."
        )

    def failure(self) -> str | None:
        """The first problem in plain words, naming the anchor that shows it; None if intact."""
        broken = self.report.broken
        if broken is None:
            return None
        by_sequence = {a.sequence: a for a in self.anchors}
        if broken.problem == HEAD_GONE and broken.sequence in by_sequence:
            anchor = by_sequence[broken.sequence]
            if broken.timestamp is None:  # the chain ended before reaching it
                # Counted, not taken from the report: a run from --from starts part-way.
                found = AuditEntry.objects.count()
                return (
                    f"The audit log has fewer entries than its {anchor.describe()} recorded: "
                    f"{anchor.sequence} expected at least, {found} found. "
                    f"Entries have been deleted (anchor file {self.path}, line {anchor.line})."
                )
            return (
                f"Audit entry {anchor.sequence} is not the one its {anchor.describe()} recorded: "
                f"the chain was rebuilt after it (anchor file {self.path}, line {anchor.line})."
            )
        when = f" (written {govuk_date(broken.timestamp, with_time=True)})" if broken.timestamp else ""
        return (
            f"Audit chain broken at sequence {broken.sequence}{when}: {broken.problem}: {broken.detail}. "
            f"{self.report.checked} entries before it verified."
        )


def anchor_path() -> Path:
    return Path(settings.JIGSAW_AUDIT_ANCHOR_PATH)


def audit_anchors_read(*, path: Path | None = None) -> list[Anchor]:
    """Every anchor in the file, in the order written; [] when there is no file yet.

    A line that is not an anchor stops the read: the file is written only by
    audit_anchor_write, so anything else in it is damage worth a person's attention.
    """
    path = path or anchor_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as error:  # e.g. mounted for another account only
        raise AnchorError(f"Cannot read the audit anchor file {path}: {error.strerror}.") from error
    anchors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            sequence, entry_hash = data["sequence"], data["entry_hash"]
            if not (isinstance(sequence, int) and sequence >= 0 and isinstance(entry_hash, str)):
                raise ValueError
            if len(entry_hash) != 64:
                raise ValueError
            stamp = data.get("entry_timestamp")
            anchors.append(
                Anchor(
                    sequence=sequence,
                    entry_hash=entry_hash,
                    entry_timestamp=datetime.fromisoformat(stamp) if stamp else None,
                    written_at=datetime.fromisoformat(data["written_at"]),
                    line=number,
                )
            )
        except (ValueError, KeyError, TypeError) as error:
            raise AnchorError(
                f"Line {number} of the audit anchor file {path} is not an anchor. The file is only ever "
                "appended to by audit_anchor_write: find out what changed it before trusting it again."
            ) from error
    return anchors


def audit_anchor_write(*, path: Path | None = None) -> AnchorWrite:
    """Append the audit log's current head to the anchor file; nothing if it is already there.

    Verifies the entries written since the last anchor first (a full check the first time),
    and refuses (AnchorError) if the chain no longer reaches that anchor or is broken since:
    a new, lower anchor would hide the loss. Safe to run again, and from two places at once
    (the file is locked while it is read and appended to).
    """
    path = path or anchor_path()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Appending only (O_APPEND): works on a file with the append-only attribute, and can
        # never rewrite an earlier line. Only this account may read it (0600).
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as error:
        raise AnchorError(f"Cannot write the audit anchor file {path}: {error.strerror}.") from error
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        anchors = audit_anchors_read(path=path)
        last = max(anchors, key=lambda a: a.sequence, default=None)
        start = last.head if last is not None and last.sequence > 0 else None
        report = AnchoredReport(verify_chain(start=start), anchors=[last] if last else [], path=path)
        if (problem := report.failure()) is not None:
            raise AnchorError(f"{problem} No new anchor written: run manage.py verify_audit and investigate.")
        if last is not None and report.report.head_sequence == last.sequence:
            return AnchorWrite(UNCHANGED, last, path)
        head = report.report
        stamp = (
            AuditEntry.objects.filter(sequence=head.head_sequence).values_list("timestamp", flat=True).first()
            if head.head_sequence
            else None
        )
        anchor = Anchor(
            sequence=head.head_sequence,
            entry_hash=head.head_hash if head.head_sequence else GENESIS,
            entry_timestamp=stamp,
            written_at=timezone.now(),
            line=(anchors[-1].line + 1) if anchors else 1,
        )
        os.write(fd, (anchor.as_json() + "\n").encode())
        os.fsync(fd)
        return AnchorWrite(WRITTEN, anchor, path)
    finally:
        os.close(fd)  # releases the lock


def verify_with_anchors(
    *,
    chunk_size: int = 2000,
    use_anchor_file: bool = True,
    anchor: tuple[int, str] | None = None,
    start: tuple[int, str] | None = None,
    path: Path | None = None,
) -> AnchoredReport:
    """The whole chain (or from `start`), held to every anchor in the file and to `anchor`.

    Raises AnchorError when the file is to be used but holds no anchor yet: with nothing
    outside the database to compare with, an emptied log would look intact.
    """
    path = path or anchor_path()
    anchors = audit_anchors_read(path=path) if use_anchor_file else []
    if use_anchor_file and not anchors:
        raise AnchorError(
            f"No audit anchor yet at {path}: without one, a log whose newest entries (or all of them) "
            "were deleted would look intact. Write the first with `manage.py audit_anchor_write` (the "
            "scheduler then adds one every 15 minutes), or pass --no-anchor to check the chain alone."
        )
    report = verify_chain(
        chunk_size=chunk_size,
        anchor=anchor,
        anchors=[a.head for a in anchors],
        start=start,
    )
    return AnchoredReport(report, anchors=anchors, path=path)
