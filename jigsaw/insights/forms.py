from __future__ import annotations

from typing import Any

from jigsaw.core.forms import GovukDateField, GovukForm


class PeriodForm(GovukForm):
    date_from = GovukDateField(label="From")
    date_to = GovukDateField(label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end of the period must be the same as or after the start")
        return data
