"""Chronology forms: input shape only. Business rules are in services and come back as ApplicationError."""

from typing import Any

from django import forms

from jigsaw.core.forms import GovukDateField, GovukForm

from .choices import Significance
from .selectors import SIGNIFICANCE_FILTER_LABELS, ChronologyFilters

ORDER_CHOICES = [("newest", "Newest first"), ("oldest", "Oldest first")]
# The keys a filter form reads from the query string (so "clear" and the PDF link know them).
FILTER_KEYS = (
    "agency",
    "from-day",
    "from-month",
    "from-year",
    "to-day",
    "to-month",
    "to-year",
    "significance",
    "order",
)


class FilterForm(GovukForm):
    agency = forms.ChoiceField(label="Agency", required=False)
    date_from = GovukDateField(label="From", required=False, help_text="For example, 1 4 2026")
    date_to = GovukDateField(label="To", required=False)
    significance = forms.ChoiceField(
        label="Significance",
        required=False,
        choices=[("", "Any significance")]
        + [(k, v) for k, v in SIGNIFICANCE_FILTER_LABELS.items() if k != Significance.LOW],
    )
    order = forms.ChoiceField(label="Order", required=False, choices=ORDER_CHOICES)

    def __init__(self, *args: Any, agencies: list = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "All agencies")] + [(str(a.pk), a.name) for a in agencies]

    def add_prefix(self, field_name: str) -> str:
        # "from" and "to" in the query string: short, readable links to a filtered chronology.
        return {"date_from": "from", "date_to": "to"}.get(field_name, field_name)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return data

    def filters(self) -> ChronologyFilters:
        """The filters chosen (call after is_valid)."""
        d = self.cleaned_data
        return ChronologyFilters(
            agency_id=int(d["agency"]) if d.get("agency") else None,
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
            significance=d.get("significance") or None,
            oldest_first=d.get("order") == "oldest",
        )


class EntryForm(GovukForm):
    occurred_on = GovukDateField(
        label="Date of the event",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the event"},
    )
    summary = forms.CharField(
        label="What happened",
        max_length=300,
        help_text="One or two sentences, as they should read in the chronology",
        error_messages={"required": "Enter a summary of what happened"},
    )
    detail = forms.CharField(
        label="More detail (optional)",
        required=False,
        max_length=10_000,
        widget=forms.Textarea,
        help_text="What was seen or said, by whom, and what your agency did",
    )
    significance = forms.ChoiceField(
        label="How significant is this event?",
        choices=Significance.choices,
        initial=Significance.STANDARD,
        widget=forms.RadioSelect,
        help_text="High and critical events are the child's significant events",
        error_messages={"required": "Choose how significant the event is"},
    )


class CorrectionForm(GovukForm):
    summary = forms.CharField(
        label="Corrected summary",
        max_length=300,
        error_messages={"required": "Enter the corrected summary"},
    )
    detail = forms.CharField(
        label="Corrected detail (optional)", required=False, max_length=10_000, widget=forms.Textarea
    )
    reason = forms.CharField(
        label="Why does the entry need correcting?",
        max_length=1000,
        widget=forms.Textarea,
        help_text="The original entry is kept, shown as corrected, with your reason",
        error_messages={"required": "Explain why the entry needs correcting"},
    )
