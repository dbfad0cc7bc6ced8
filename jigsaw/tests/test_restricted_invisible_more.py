"""The second half of the restricted-records walk (test_restricted_invisible.py says what it
checks): in a file of its own so that another test worker walks it at the same time."""

import pytest

from jigsaw.tests.test_restricted_invisible import SECOND_HALF, check_no_trace, quiet_refusals, wednesday  # noqa: F401


@pytest.mark.django_db
def test_restricted_records_leave_no_trace_for_the_other_outsiders():
    check_no_trace(SECOND_HALF, probe=False)
