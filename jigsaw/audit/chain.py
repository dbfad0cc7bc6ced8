"""Walk the audit chain and name the first broken link (used by manage.py verify_audit).

Reads values only, in sequence order, a chunk at a time, so it runs in constant memory
on a table of any size.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .models import GENESIS, HASHED_FIELDS, AuditEntry, chain_hash, hmac_key

MISSING = "missing sequence"
PREVIOUS_HASH = "previous hash mismatch"
CONTENT = "content changed"
HEAD_GONE = "recorded head missing"


@dataclass(frozen=True)
class Break:
    sequence: int
    timestamp: datetime | None
    problem: str  # MISSING, PREVIOUS_HASH, CONTENT or HEAD_GONE
    detail: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head_sequence: int
    head_hash: str
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify_chain(
    *,
    chunk_size: int = 2000,
    anchor: tuple[int, str] | None = None,
    anchors: Iterable[tuple[int, str]] = (),
    start: tuple[int, str] | None = None,
) -> ChainReport:
    """Recompute every entry's hash and check each links to the one before.

    `anchor` (or several, `anchors`) is a (sequence, entry_hash) head recorded earlier
    outside the database (anchor.py): a chain can't show that its newest entries, or all of
    them, were removed, but the anchor can. Each anchored entry must still be there with the
    same hash, and the chain must reach the highest anchored sequence.
    `start` is such a head from an earlier full run: only entries from it on are
    checked (quick daily runs; a full run still needs to happen now and then).
    """
    key = hmac_key()
    columns = (*HASHED_FIELDS, "prev_hash", "entry_hash")
    rows = AuditEntry.objects.order_by("sequence").values_list(*columns)
    expected_sequence = 1
    expected_prev: str | None = GENESIS
    required = dict(anchors)
    if anchor is not None:
        required[anchor[0]] = anchor[1]
    if start is not None:
        rows = rows.filter(sequence__gte=start[0])
        expected_sequence, expected_prev = start[0], None  # its own link was checked by the earlier run
        # Anchors before the start are outside this run; the start itself is one.
        required = {seq: value for seq, value in required.items() if seq > start[0]}
        required[start[0]] = start[1]
    # An anchor of sequence 0 records an empty log: nothing to find, nothing to fall short of.
    required.pop(0, None)
    highest = max(required, default=0)
    checked = 0
    for row in rows.iterator(chunk_size=chunk_size):
        values = dict(zip(columns, row, strict=True))
        sequence, stamp = values["sequence"], values["timestamp"]
        if sequence != expected_sequence:
            gap = (
                f"sequence {expected_sequence}"
                if sequence == expected_sequence + 1
                else f"sequences {expected_sequence} to {sequence - 1}"
            )
            return _report(
                checked,
                expected_sequence - 1,
                expected_prev,
                Break(
                    expected_sequence,
                    stamp,
                    MISSING,
                    f"{gap} not found (deleted); the next entry present is {sequence}, written at {stamp:%Y-%m-%d %H:%M:%S%z}",
                ),
            )
        if expected_prev is not None and values["prev_hash"] != expected_prev:
            return _report(
                checked,
                sequence - 1,
                expected_prev,
                Break(
                    sequence,
                    stamp,
                    PREVIOUS_HASH,
                    f"its previous hash {values['prev_hash'][:12]}… does not match entry {sequence - 1}'s "
                    f"hash {expected_prev[:12]}…",
                ),
            )
        if chain_hash(values["prev_hash"], values, key) != values["entry_hash"]:
            return _report(
                checked,
                sequence - 1,
                expected_prev,
                Break(sequence, stamp, CONTENT, "its content no longer matches its hash (edited in the database)"),
            )
        if sequence in required and values["entry_hash"] != required[sequence]:
            return _report(
                checked,
                sequence,
                values["entry_hash"],
                Break(sequence, stamp, HEAD_GONE, "the recorded head's hash differs: the chain was rebuilt"),
            )
        checked += 1
        expected_sequence, expected_prev = sequence + 1, values["entry_hash"]
    if expected_sequence <= highest:
        return _report(
            checked,
            expected_sequence - 1,
            expected_prev,
            Break(
                highest,
                None,
                HEAD_GONE,
                f"the chain ends at {expected_sequence - 1}, before the recorded head {highest}: "
                "the newest entries were deleted",
            ),
        )
    return _report(checked, expected_sequence - 1, expected_prev, None)


def _report(checked: int, head_sequence: int, head_hash: str | None, broken: Break | None) -> ChainReport:
    return ChainReport(checked=checked, head_sequence=head_sequence, head_hash=head_hash or "", broken=broken)
