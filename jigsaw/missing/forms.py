"""Missing children forms: input shape only. The rules (a return after the child went
missing, no overlapping episodes, who may decide) are in services.py and come back as
ApplicationError on the field they name.

A moment is typed as a date (GOV.UK date input) and a time (a text input, GOV.UK's advice).
The date field carries the service's field name (went_missing_at, returned_at...) so a
refusal lands beside it.
"""

from __future__ import annotations

from typing import Any

from django import forms

from jigsaw.core.forms import GovukDateField, GovukForm
from jigsaw.meetings.forms import TimeField, combine

from .choices import EpisodeKind, Indicator, InterviewResponse, MissingFrom, PromptDecision, RiskLevel

YES_NO = [("yes", "Yes"), ("no", "No")]
TEXT_MAX = 10_000


def _textarea(label: str, *, required: bool = False, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _radios(label: str, choices: Any, *, message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class MomentForm(GovukForm):
    """Pairs of date and time fields: `moments` maps the date field to its time field."""

    moments: dict[str, str] = {}

    def clean(self) -> dict:
        data = super().clean()
        for day_field, time_field in self.moments.items():
            day, at = data.get(day_field), data.get(time_field)
            if day and at is None and time_field not in self.errors:
                label = str(self.fields[time_field].label).removesuffix(" (optional)")
                self.add_error(time_field, f"Enter the {label[0].lower() + label[1:]}")
            if at is not None and not day and day_field not in self.errors:
                label = str(self.fields[day_field].label).removesuffix(" (optional)")
                self.add_error(day_field, f"Enter the {label[0].lower() + label[1:]}")
        return data


class EpisodeForm(MomentForm):
    kind = _radios(
        "Kind of episode",
        EpisodeKind.choices,
        message="Choose missing or away from placement without authorisation",
        initial=EpisodeKind.MISSING,
        help_text="Away from placement without authorisation is for a child in care whose whereabouts are known",
    )
    missing_from = _radios(
        "Where did they go missing from?",
        MissingFrom.choices,
        message="Choose where they went missing from: home, a care placement, school or somewhere else",
    )
    missing_from_detail = forms.CharField(
        label="Where were they last seen? (optional)",
        required=False,
        max_length=300,
        help_text="For example, the placement's name or the street",
    )
    went_missing_at = GovukDateField(
        label="Date they went missing",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date they went missing"},
    )
    went_missing_time = TimeField(
        label="Time they went missing", error_messages={"required": "Enter the time they went missing"}
    )
    reported_to_police = _radios(
        "Was it reported to the police?", YES_NO, message="Choose yes if it was reported to the police"
    )
    police_reference = forms.CharField(label="Police reference (optional)", required=False, max_length=50)
    reported_at = GovukDateField(label="Date it was reported to the police (optional)", required=False)
    reported_time = TimeField(label="Time it was reported (optional)", required=False)
    risk_level = _radios(
        "Risk graded by the police",
        RiskLevel.choices,
        help_text="The police continuum, from no apparent risk to high",
        message="Choose the risk the police graded: no apparent risk, low, medium or high",
    )
    risk_notes = _textarea("Risks", help_text="What worries us: who they may be with, health, exploitation")
    returned_at = GovukDateField(label="Date they returned or were found (optional)", required=False)
    returned_time = TimeField(label="Time they returned or were found (optional)", required=False)
    where_found = forms.CharField(
        label="Where they were found or came back from (optional)", required=False, max_length=300
    )

    moments = {"went_missing_at": "went_missing_time", "reported_at": "reported_time", "returned_at": "returned_time"}
    sections = [
        ("The episode", ["kind", "missing_from", "missing_from_detail", "went_missing_at", "went_missing_time"]),
        (
            "The police",
            ["reported_to_police", "police_reference", "reported_at", "reported_time", "risk_level", "risk_notes"],
        ),
        ("If they are already back", ["returned_at", "returned_time", "where_found"]),
    ]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("returned_at") and not (data.get("where_found") or "").strip():
            self.add_error("where_found", "Enter where they were found or came back from")
        return data

    @staticmethod
    def service_data(d: dict[str, Any]) -> dict[str, Any]:
        return {
            "kind": d["kind"],
            "missing_from": d["missing_from"],
            "missing_from_detail": d["missing_from_detail"],
            "went_missing_at": combine(d["went_missing_at"], d["went_missing_time"]),
            "reported_to_police": d["reported_to_police"] == "yes",
            "police_reference": d["police_reference"],
            "reported_at": combine(d.get("reported_at"), d.get("reported_time")),
            "risk_level": d["risk_level"],
            "risk_notes": d["risk_notes"],
            "returned_at": combine(d.get("returned_at"), d.get("returned_time")),
            "where_found": d["where_found"],
        }


class ReturnForm(MomentForm):
    returned_at = GovukDateField(
        label="Date they returned or were found",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date they returned or were found"},
    )
    returned_time = TimeField(
        label="Time they returned or were found",
        error_messages={"required": "Enter the time they returned or were found"},
    )
    where_found = forms.CharField(label="Where they were found or came back from", max_length=300)
    return_notes = _textarea("Notes on the return", help_text="Who found them, their health, who was told")

    moments = {"returned_at": "returned_time"}


class OfferForm(MomentForm):
    offered_at = GovukDateField(
        label="Date the interview was offered",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the interview was offered"},
    )
    offered_time = TimeField(label="Time it was offered", error_messages={"required": "Enter the time it was offered"})
    interviewer = forms.CharField(
        label="Who will hold the interview (optional)",
        required=False,
        max_length=200,
        help_text="Name and service, for example Sam Idowu, Northbridge Youth Service",
    )
    interviewer_independent = _radios(
        "Is the interviewer independent of the child's carers and placement?",
        [*YES_NO, ("unknown", "Not decided yet")],
        initial="unknown",
        message="Choose yes, no or not decided yet",
    )
    response = _radios(
        "The child's answer",
        [
            (InterviewResponse.ACCEPTED, "Accepted"),
            (InterviewResponse.DECLINED, "Declined"),
            ("none", "Not answered yet"),
        ],
        message="Choose the child's answer: accepted, declined or not answered yet",
    )
    declined_reason = _textarea("If they declined, why")

    moments = {"offered_at": "offered_time"}

    def clean(self) -> dict:
        data = super().clean()
        if data.get("response") == InterviewResponse.DECLINED and not (data.get("declined_reason") or "").strip():
            self.add_error("declined_reason", "Enter why the child declined the interview")
        return data


class DeclineForm(MomentForm):
    declined_at = GovukDateField(
        label="Date the child declined",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the child declined"},
    )
    declined_time = TimeField(
        label="Time the child declined", error_messages={"required": "Enter the time the child declined"}
    )
    declined_reason = _textarea("Why they declined", required=True)

    moments = {"declined_at": "declined_time"}


class InterviewForm(MomentForm):
    held_at = GovukDateField(
        label="Date the interview was held",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the interview was held"},
    )
    held_time = TimeField(
        label="Time the interview started", error_messages={"required": "Enter the time the interview started"}
    )
    interviewer = forms.CharField(label="Who held the interview", max_length=200)
    interviewer_independent = _radios(
        "Is the interviewer independent of the child's carers and placement?",
        YES_NO,
        message="Choose yes if the interviewer is independent of the child's carers and placement",
    )
    where_they_were = _textarea("Where they were")
    with_whom = _textarea("Who they were with")
    push_factors = _textarea("What made them leave (push factors)")
    pull_factors = _textarea("What drew them away (pull factors)")
    indicators = forms.MultipleChoiceField(
        label="Signs of exploitation (optional)",
        required=False,
        choices=Indicator.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that the child told you or you noticed",
    )
    child_said = _textarea("What the child said, in their words", required=True, rows=5)
    actions = _textarea("Actions agreed")

    moments = {"held_at": "held_time"}
    sections = [
        ("The interview", ["held_at", "held_time", "interviewer", "interviewer_independent"]),
        (
            "What the child told you",
            ["where_they_were", "with_whom", "push_factors", "pull_factors", "indicators", "child_said"],
        ),
        ("What happens next", ["actions"]),
    ]

    @staticmethod
    def service_data(d: dict[str, Any]) -> dict[str, Any]:
        return {
            **{k: d[k] for k in ("interviewer", "where_they_were", "with_whom", "push_factors", "pull_factors")},
            "held_at": combine(d["held_at"], d["held_time"]),
            "interviewer_independent": d["interviewer_independent"] == "yes",
            "indicators": d["indicators"],
            "child_said": d["child_said"],
            "actions": d["actions"],
        }


class PromptForm(GovukForm):
    decision = _radios(
        "Is a strategy discussion needed?",
        [
            (PromptDecision.REQUESTED, "Yes: request a strategy discussion"),
            (PromptDecision.NOT_NEEDED, "No: not needed"),
        ],
        message="Choose whether a strategy discussion is needed",
    )
    decision_reason = _textarea(
        "Reason", required=True, help_text="Why, in a sentence or two. It is kept in the record"
    )


class FindForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, help_text="Any order; a nickname or an old surname works")
    dob = forms.CharField(
        label="Date of birth (optional)",
        required=False,
        max_length=40,
        help_text="As much as you know: 3/4/2012, April 2012 or 2012",
    )
    postcode = forms.CharField(label="Postcode (optional)", required=False, max_length=10)
