"""Timescales forms: input shape only. The rules (is the deadline missed? who signs off?) are in clocks.py."""

from django import forms

from jigsaw.core.forms import GovukForm
from jigsaw.core.locking import VersionFormMixin


class LateReasonForm(VersionFormMixin, GovukForm):
    reason = forms.CharField(
        label="Reason for the delay",
        max_length=2000,
        help_text="Say why the timescale was missed and what was done for the child meanwhile",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CancelDeadlineForm(GovukForm):
    reason = forms.CharField(
        label="Why is this deadline no longer needed?",
        max_length=300,
        help_text="For example, the child moved to another council, or the conference is no longer needed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the deadline is no longer needed"},
    )


class SignOffForm(VersionFormMixin, GovukForm):
    """The sign-off names the version of the reason the manager read."""
