"""Partnership reviews forms: input shape only. Business rules come back from services as ApplicationError."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField

from .choices import AbuseOrNeglect, Decision, Harm, PanelReply


def _text(label: str, *, required: bool = True, max_length: int = 200, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kwargs)


def _area(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, widget=forms.Textarea)


YES_NO = [("yes", "Yes"), ("no", "No")]


class IncidentForm(GovukForm):
    """A serious incident, with "already known?" for the children on the form itself (the Search
    button posts the form back with the children found to choose from)."""

    children_find_name = _text("A child's name", required=False, help_text="Search for each child in turn")
    children_find_dob = _text(
        "The child's date of birth",
        required=False,
        max_length=40,
        help_text="For example, 27 3 2015. The partnership manager's search needs the full date",
    )
    children = forms.MultipleChoiceField(
        label="Children the incident is about", required=False, widget=forms.CheckboxSelectMultiple
    )
    incident_on = GovukDateField(label="Date of the incident", past_only=True, help_text="For example, 14 11 2026")
    aware_on = GovukDateField(
        label="Date the council became aware",
        past_only=True,
        help_text="The Panel must be notified within 5 working days of this date",
    )
    place = _text("Where it happened", help_text="For example, at home in Northbridge, or a hospital out of area")
    harm = forms.ChoiceField(
        label="Did the child die or were they seriously harmed?", choices=Harm.choices, widget=forms.RadioSelect
    )
    abuse_or_neglect = forms.ChoiceField(
        label="Is abuse or neglect known or suspected?", choices=AbuseOrNeglect.choices, widget=forms.RadioSelect
    )
    looked_after = forms.ChoiceField(
        label="Was the child looked after?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="A looked-after child's death is notified whatever the cause",
    )
    summary = _area("What happened", help_text="As far as it is known now")
    partners_knowledge = _area(
        "What else the council and partners know (optional)",
        required=False,
        help_text="Open services, plans and allocated workers are filled in from Jigsaw's records: add anything "
        "they do not hold",
    )

    def __init__(self, *args: Any, children_options: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = list(children_options)


FIND_CHILDREN = "@find_children"
INCIDENT_SECTIONS = [
    ("The children", ["children_find_name", "children_find_dob", FIND_CHILDREN, "children"]),
    ("The incident", ["incident_on", "aware_on", "place", "harm", "abuse_or_neglect", "looked_after", "summary"]),
    ("What is already known", ["partners_knowledge"]),
]


class SubmittedForm(GovukForm):
    notified_on = GovukDateField(label="Date submitted", past_only=True)
    national_reference = _text("Reference given by the national form", max_length=60)
    late_reason = _area(
        "Why was it late? (if it was)",
        required=False,
        help_text="Needed when it was submitted after the 5 working days",
    )


class CloseForm(GovukForm):
    closed_on = GovukDateField(label="Date closed", past_only=True)
    reason = _area("Why does the incident not meet the criteria?")


class RapidReviewForm(GovukForm):
    sent_on = GovukDateField(label="Date the rapid review was sent to the Panel", past_only=True)
    decision = forms.ChoiceField(label="The partners' decision", choices=Decision.choices, widget=forms.RadioSelect)
    reasons = _area("Reasons for the decision")


class PanelReplyForm(GovukForm):
    reply = forms.ChoiceField(label="The Panel's reply", choices=PanelReply.choices, widget=forms.RadioSelect)
    reply_on = GovukDateField(label="Date of the reply", past_only=True)


class ReceivedForm(GovukForm):
    acknowledged_on = GovukDateField(label="Date the partner confirmed they received it", past_only=True)


ASKS = [
    ("chronology", "A chronology of the agency's involvement"),
    ("summary", "A summary of the agency's involvement"),
    ("practitioners", "The practitioners involved (names and roles)"),
]


class RequestsForm(GovukForm):
    agencies = forms.MultipleChoiceField(
        label="Agencies that knew the child or family",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Found from Jigsaw's records: who worked with the children, and who wrote in their chronology",
    )
    other_agency = forms.ChoiceField(label="Add another agency (optional)", required=False, widget=forms.Select)
    asks = forms.MultipleChoiceField(label="What to send", choices=ASKS, widget=forms.CheckboxSelectMultiple)
    period_from = GovukDateField(label="From", help_text="The start of the period the chronology covers")
    period_to = GovukDateField(label="To")
    due_on = GovukDateField(label="Due by", help_text="In time for the rapid review meeting")

    def __init__(
        self,
        *args: Any,
        found: list[tuple[str, str]] = (),  # type: ignore[assignment]
        others: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].choices = list(found)
        self.fields["other_agency"].choices = [("", "None"), *others]


class AnswerForm(GovukForm):
    chronology = _area(
        "Chronology of your agency's involvement",
        required=False,
        help_text="One line a contact or event: the date, what happened, who was involved",
    )
    summary = _area("Summary", required=False)
    practitioners = _area("Practitioners involved", required=False, help_text="Names and roles, one a line")

    def __init__(self, *args: Any, asks: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chronology", "summary", "practitioners"):
            if name not in asks:
                del self.fields[name]


# The rapid review meeting, its findings and immediate actions.


def at(day: dt.date, time: dt.time | None) -> dt.datetime:
    """A date and a time typed in the UK, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(9, 0)))


class MeetingForm(GovukForm):
    starts_on = GovukDateField(label="Date", help_text="For example, 14 12 2026")
    start_time = TimeField(label="Start time")
    location = _text("Place (optional)", required=False, max_length=300)
    online_link = _text(
        "Online meeting link (optional)", required=False, max_length=500, help_text="A full web address"
    )
    scrutineer_name = _text("The independent scrutineer's name")
    scrutineer_email = forms.EmailField(
        label="The independent scrutineer's email address",
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )


class FindingForm(GovukForm):
    text = _area("What the rapid review found")


class ActionForm(GovukForm):
    action = _area("The action", help_text="What must be done now for the safety of a child")
    owner = forms.ChoiceField(label="Who owns it", widget=forms.Select, help_text="They see it on their My work")
    due_on = GovukDateField(label="Due by", help_text="For example, 14 12 2026")

    def __init__(self, *args: Any, owners: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose someone"), *owners]


class ActionDoneForm(GovukForm):
    done_on = GovukDateField(label="Date it was done", past_only=True)
    note = _area("What was done")
