"""Meeting forms: input shape only. Business rules are in services and come back as ApplicationError."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils import timezone

from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.forms import GovukDateField, GovukForm, TimeField, add_application_error
from jigsaw.core.locking import VersionFormMixin

from .models import Attendance, MeetingKind, Reply

# Where a service's field is asked for on the form under another name.
SERVICE_FIELDS = {
    "starts_at": "start_time",
    "ends_at": "end_time",
    "subjects": "subjects",
    "person": "person",
    "held_at": "date",
}


def add_error(form: forms.Form, error: ApplicationError) -> None:
    """Put a service's refusal on the form, beside the field it is about."""
    field = SERVICE_FIELDS.get(error.field or "", error.field)
    if not form.is_bound:
        raise error
    if field == "start_time" and "start_time" not in form.fields and "date" in form.fields:
        field = "date"
    add_application_error(form, ApplicationError(error.message, field=field))


def combine(day: dt.date | None, at: dt.time | None) -> dt.datetime | None:
    """A London date and time as an aware datetime."""
    if day is None or at is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, at))


class _WhenForm(GovukForm):
    date = GovukDateField(
        label="Date", help_text="For example, 27 3 2027", error_messages={"required": "Enter the date of the meeting"}
    )
    start_time = TimeField(label="Start time", error_messages={"required": "Enter the time the meeting starts"})
    end_time = TimeField(label="End time (optional)", required=False)
    location = forms.CharField(
        label="Place", required=False, max_length=300, help_text="A room and building, or a home"
    )
    online_link = forms.CharField(
        label="Online link",
        required=False,
        max_length=500,
        help_text="The link to join online, if people can. For example, https://meet.example.org/abc",
        widget=forms.TextInput(attrs={"spellcheck": False, "autocomplete": "off"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if not (data.get("location") or "").strip() and not (data.get("online_link") or "").strip():
            self.add_error("location", "Enter a place, an online link, or both")
        data["starts_at"] = combine(data.get("date"), data.get("start_time"))
        data["ends_at"] = combine(data.get("date"), data.get("end_time"))
        return data


class ConveneForm(_WhenForm):
    kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=[("", "Choose a kind of meeting"), *MeetingKind.choices],
        error_messages={"required": "Choose a kind of meeting"},
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What invitees will see in their calendar",
        error_messages={"required": "Enter a title for the meeting"},
    )
    chair = forms.ChoiceField(label="Chair (optional)", required=False)
    subjects = forms.CharField(
        label="Who the meeting is about (optional)",
        required=False,
        help_text="Council ids, separated by commas, for example NB0000101, NB0000102. Leave empty for a board meeting",
        widget=forms.TextInput(attrs={"spellcheck": False, "autocomplete": "off"}),
    )

    # Set when the page has shown that the chair has another meeting then: sent again, it goes ahead.
    clash_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["kind", "title", "date", "start_time", "end_time", "location", "online_link", "chair", "subjects"]

    def __init__(self, *args: Any, chair_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", "No chair yet"), *chair_choices]

    def council_ids(self) -> list[str]:
        text = self.cleaned_data.get("subjects") or ""
        return [part.strip().upper() for part in re.split(r"[,\s;]+", text) if part.strip()]


class RescheduleForm(VersionFormMixin, _WhenForm):
    pass


class HeldForm(GovukForm):
    """When the meeting actually took place."""

    date = GovukDateField(
        label="Date it took place",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the meeting took place"},
    )
    start_time = TimeField(label="Time it started", error_messages={"required": "Enter the time the meeting started"})

    def clean(self) -> dict:
        data = super().clean()
        data["held_at"] = combine(data.get("date"), data.get("start_time"))
        return data


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the meeting is cancelled"},
    )


class InviteForm(GovukForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Enter the name of the person invited"},
    )
    email = forms.CharField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        help_text="The invitation goes here, with a calendar invitation. Leave empty to invite by letter or phone",
        widget=forms.TextInput(attrs={"type": "email", "spellcheck": False, "autocomplete": "off"}),
    )
    role = forms.CharField(
        label="Role at the meeting",
        max_length=100,
        required=False,
        help_text="For example, Parent, Police, Health visitor or School",
    )
    agency = forms.ChoiceField(label="Agency (optional)", required=False)
    person = forms.CharField(
        label="Council id of the family member (optional)",
        required=False,
        help_text="When the invitee is a parent, carer or relative with a record",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": False}),
    )

    def __init__(self, *args: Any, agency_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "None"), *agency_choices]


class ReplyForm(GovukForm):
    reply = forms.ChoiceField(
        label="Their reply",
        choices=[(Reply.ACCEPTED, "Accepted"), (Reply.TENTATIVE, "Tentative"), (Reply.DECLINED, "Declined")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accepted, tentative or declined"},
    )


ATTENDANCE_CHOICES = [
    (Attendance.ATTENDED, "Attended"),
    (Attendance.APOLOGIES, "Sent apologies"),
    (Attendance.ABSENT, "Absent"),
]


class AttendanceForm(GovukForm):
    """One question per invitee: attended, sent apologies or absent."""

    def __init__(self, *args: Any, invitations: list = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for inv in self.invitations:
            label = f"{inv.name}{f' ({inv.role})' if inv.role else ''}"
            self.fields[f"inv_{inv.pk}"] = forms.ChoiceField(
                label=label, choices=ATTENDANCE_CHOICES, widget=forms.RadioSelect, required=False
            )
            if inv.attendance != Attendance.UNKNOWN:
                self.initial[f"inv_{inv.pk}"] = inv.attendance

    def attendance(self) -> dict[int, str]:
        return {
            inv.pk: self.cleaned_data[f"inv_{inv.pk}"]
            for inv in self.invitations
            if self.cleaned_data.get(f"inv_{inv.pk}")
        }


def _subject_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False)


class _AboutForm(GovukForm):
    """Forms with an optional "about which of the people" question (complex meetings)."""

    def __init__(self, *args: Any, subject_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            if len(subject_choices) > 1:
                self.fields["person"].choices = [("", "Everyone the meeting is about"), *subject_choices]
            else:
                del self.fields["person"]


class ReportForm(_AboutForm):
    agency = forms.ChoiceField(label="From which agency", required=False)
    person = _subject_field("Who is the report about (optional)")
    text = forms.CharField(
        label="Report", widget=forms.Textarea(attrs={"rows": 12}), error_messages={"required": "Enter the report"}
    )

    def __init__(self, *args: Any, agency_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "None"), *agency_choices]


class ProblemForm(GovukForm):
    """No fields: carries a refusal of a button press (approve, circulate) to the error summary."""


class MinutesApproveForm(VersionFormMixin, GovukForm):
    """The chair's approval names the version of the minutes they read."""


class MinutesForm(VersionFormMixin, GovukForm):
    text = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text="What was shared and discussed. Decisions and actions are recorded separately",
        error_messages={"required": "Enter the minutes"},
    )


class DecisionForm(_AboutForm):
    text = forms.CharField(
        label="Decision", widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": "Enter the decision"}
    )
    code = forms.CharField(
        label="Decision code (optional)",
        required=False,
        max_length=50,
        help_text="A short code a service area reads, for example section_47",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": False}),
    )
    dissent = forms.CharField(
        label="Dissent (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who disagreed, and why",
    )
    person = _subject_field("Who is the decision about (optional)")


class ActionForm(_AboutForm):
    description = forms.CharField(
        label="What needs to be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to be done"},
    )
    owner = forms.ChoiceField(label="Owner (a Jigsaw user)", required=False)
    owner_name = forms.CharField(
        label="Or the owner's name and agency",
        required=False,
        max_length=200,
        help_text="When the owner does not use Jigsaw, for example Jo Ames, health visitor",
    )
    due_on = GovukDateField(label="Due date", error_messages={"required": "Enter the date the action is due"})
    person = _subject_field("Who is the action about (optional)")

    def __init__(self, *args: Any, owner_choices: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Not a Jigsaw user"), *owner_choices]


class SubjectAddForm(GovukForm):
    council_id = forms.CharField(
        label="Council id",
        max_length=20,
        error_messages={"required": "Enter the council id of the person"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": False, "autocomplete": "off"}),
    )
    notes = forms.CharField(
        label="What concerns them (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Seen only by people who may see this person's record",
    )


class SubjectNotesForm(VersionFormMixin, GovukForm):
    notes = forms.CharField(
        label="What concerns them",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Seen only by people who may see this person's record",
    )
