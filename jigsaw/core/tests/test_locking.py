"""The shared optimistic locking rule: an edit names the version it started from."""

import pytest

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import NOT_YET_MADE, bump_version, check_version, version_initial


class _Record:
    def __init__(self, version: int) -> None:
        self.version = version


def test_the_current_version_passes_and_an_older_one_is_refused():
    record = _Record(2)
    check_version(record, 2)
    with pytest.raises(ApplicationError, match="Someone else changed this record while you were editing it"):
        check_version(record, 1)
    with pytest.raises(ApplicationError, match="Your own words"):
        check_version(record, 3, message="Your own words")


def test_a_record_not_made_yet_is_version_0():
    check_version(None, 0)
    with pytest.raises(ApplicationError):
        check_version(_Record(1), 0)  # made by someone else meanwhile
    assert version_initial(None) == {"version": 0} == version_initial(NOT_YET_MADE)


def test_no_version_means_no_earlier_read_to_be_stale():
    check_version(_Record(7), None)


def test_each_edit_counts_one_more_version():
    record = _Record(1)
    bump_version(record)
    bump_version(record)
    assert record.version == 3
