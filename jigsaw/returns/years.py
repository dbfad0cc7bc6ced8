"""The collection year of a statutory return: 1 April to 31 March, named by the year it ends
(the DfE's "2025 to 2026" collection is Year 2026, reference date 31 March 2026)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

# The rule sets the installed validators carry (csc-validator-be-903 0.1.17, -cin 0.1.13).
FIRST_RULESET_YEAR = 2023
LAST_RULESET_YEAR = 2027


@dataclass(frozen=True)
class CollectionYear:
    end_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.end_year - 1, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.end_year, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.end_year - 1} to {self.end_year}"

    @property
    def short(self) -> str:
        """As the validators name their rule sets and the DfE its files: 2025_26."""
        return f"{self.end_year - 1}_{self.end_year % 100:02d}"

    @property
    def ruleset_year(self) -> CollectionYear:
        """The validators' rule set for this year (the nearest they carry)."""
        return CollectionYear(min(max(self.end_year, FIRST_RULESET_YEAR), LAST_RULESET_YEAR))

    @property
    def has_dolo(self) -> bool:
        """The deprivation-of-liberty table is in the SSDA903 from the 2023 to 2024 collection."""
        return self.end_year >= 2024

    @property
    def sex_as_letters(self) -> bool:
        """From 2024 to 2025 both returns say sex as M/F/U, before as 1/2 (903) or 0/1/2/9 (CIN)."""
        return self.end_year >= 2025

    def overlaps(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Whether something from `start` to `end` (open if None) falls in the year."""
        return start is not None and start <= self.end and (end is None or end >= self.start)


def last_complete_year(today: dt.date | None = None) -> CollectionYear:
    today = today or timezone.localdate()
    return CollectionYear(today.year if today > dt.date(today.year, 3, 31) else today.year - 1)


def choosable_years(today: dt.date | None = None) -> list[CollectionYear]:
    """The years an analyst may produce: the one in progress and the three before it."""
    latest = last_complete_year(today).end_year + 1
    return [CollectionYear(y) for y in range(latest, latest - 4, -1)]
