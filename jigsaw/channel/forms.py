"""Channel panel forms: shape only. The rules (consent before support, dates in order) are the services'."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField
from jigsaw.people.choices import Sex

from .choices import (
    FACTORS,
    ConsentFrom,
    ConsentStatus,
    Dimension,
    ExitReviewOutcome,
    InterventionKind,
    Rating,
    concern_types,
)


def _textarea(label: str, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": 4})
    )


class ChannelForm(GovukForm):
    """A GOV.UK form whose "required" messages say what to enter, in words that read well."""

    messages: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.messages.items():
            if name in self.fields:
                self.fields[name].error_messages["required"] = message


class FindPersonForm(GovukForm):
    name = forms.CharField(label="Name", required=False, help_text="Any part of the name, in any order")
    dob = forms.CharField(
        label="Date of birth",
        required=False,
        help_text="As exact as you know it, for example 3/4/2009, April 2009 or 2009",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    postcode = forms.CharField(
        label="Postcode", required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )

    def clean(self) -> dict:
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("name", "dob", "postcode")):
            raise ValidationError("Enter a name, a date of birth or a postcode to search for")
        return data


class ReferralForm(ChannelForm):
    messages: ClassVar[dict[str, str]] = {
        "received_on": "Enter the date the referral was received",
        "received_from": "Enter who the referral came from",
        "concerns": "Enter the concerns",
    }
    received_on = GovukDateField(label="Date the referral was received", past_only=True)
    received_from = forms.CharField(
        label="Received from",
        max_length=200,
        help_text="Usually the counter-terrorism police, after the gateway assessment",
        initial="Counter-terrorism policing (gateway assessment)",
    )
    gateway_suitable = forms.BooleanField(
        label="The police gateway assessment found the case suitable for Channel",
        required=False,
    )
    concern_type = forms.ChoiceField(label="Type of concern", widget=forms.RadioSelect)
    concerns = _textarea("What are the concerns?", help_text="What was seen or heard, by whom and when")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["concern_type"].choices = concern_types()
        self.fields["concern_type"].error_messages["required"] = "Choose the type of concern"

    def clean_gateway_suitable(self) -> bool:
        if not self.cleaned_data.get("gateway_suitable"):
            raise ValidationError(
                "Confirm the gateway assessment found the case suitable for Channel. "
                "Cases not suitable stay with police-led Prevent case management"
            )
        return True


class NewPersonReferralForm(ReferralForm):
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, past_only=True)
    under_18 = forms.ChoiceField(
        label="Was the person under 18 when referred?",
        required=False,
        help_text="Only needed if the date of birth is not known",
        choices=(("yes", "Yes"), ("no", "No")),
        widget=forms.RadioSelect,
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)

    field_order = ["given_names", "family_name", "date_of_birth", "under_18", "sex"]

    def clean(self) -> dict:
        data = super().clean()
        if not ((data.get("given_names") or "").strip() or (data.get("family_name") or "").strip()):
            self.add_error("given_names", "Enter a given name or a family name")
        if not data.get("date_of_birth") and not data.get("under_18"):
            self.add_error(
                "under_18", "Say whether the person was under 18 when referred, or enter their date of birth"
            )
        return data


class ConsentForm(ChannelForm):
    messages: ClassVar[dict[str, str]] = {
        "recorded_on": "Enter the date of the decision",
        "consent_from": "Choose whose decision it is",
    }
    status = forms.ChoiceField(
        label="What was decided?",
        choices=[(s.value, s.label) for s in ConsentStatus if s != ConsentStatus.AWAITING],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether consent was given, refused or withdrawn"},
    )
    recorded_on = GovukDateField(label="Date of the decision", past_only=True)
    consent_from = forms.ChoiceField(
        label="Whose decision is it?", choices=ConsentFrom.choices, widget=forms.RadioSelect
    )
    given_by_name = forms.CharField(
        label="Name of the person with parental responsibility",
        required=False,
        max_length=200,
        help_text="Only for a child",
    )
    capacity_considered = forms.BooleanField(label="Capacity to consent has been considered", required=False)
    capacity_notes = _textarea("Notes on capacity (optional)", required=False)
    alternative_support = _textarea(
        "Other support considered (if consent is refused or withdrawn)",
        required=False,
        help_text="For example, a referral to children's social care or early help",
    )
    notes = _textarea("Notes (optional)", required=False)


class AssessmentForm(GovukForm):
    """The 22 factors of the vulnerability assessment framework, a rating and evidence for each."""

    assessed_on = GovukDateField(label="Date of the assessment", past_only=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for factor in FACTORS:
            self.fields[f"{factor.code}_rating"] = forms.ChoiceField(
                label=factor.label,
                choices=[("", "Choose a rating"), *Rating.choices],
                error_messages={"required": f"Choose a rating for {factor.label.lower()}"},
            )
            self.fields[f"{factor.code}_evidence"] = forms.CharField(
                label=f"Evidence: {factor.label.lower()}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["summary"] = _textarea(
            "Summary", help_text="What the assessment shows overall, and what has changed since the last one"
        )
        self.fields["summary"].error_messages["required"] = "Enter a summary of the assessment"
        self.fields["assessed_on"].error_messages["required"] = "Enter the date of the assessment"

    @staticmethod
    def sections() -> list[tuple[str, list[str]]]:
        out: list[tuple[str, list[str]]] = [("Date", ["assessed_on"])]
        for dimension in Dimension:
            names: list[str] = []
            for factor in (f for f in FACTORS if f.dimension == dimension):
                names += [f"{factor.code}_rating", f"{factor.code}_evidence"]
            out.append((str(dimension.label), names))
        out.append(("Summary", ["summary"]))
        return out

    @staticmethod
    def ratings(d: dict[str, Any]) -> dict[str, tuple[str, str]]:
        return {f.code: (d.get(f"{f.code}_rating", ""), d.get(f"{f.code}_evidence", "")) for f in FACTORS}


class PanelConveneForm(ChannelForm):
    messages: ClassVar[dict[str, str]] = {"starts_on": "Enter the date of the panel"}
    starts_on = GovukDateField(label="Date of the panel")
    start_time = TimeField(label="Start time")
    location = forms.CharField(label="Place (optional)", required=False, max_length=300)
    online_link = forms.URLField(label="Online meeting link (optional)", required=False, max_length=500)

    def clean_start_time(self) -> dt.time:
        time = self.cleaned_data.get("start_time")
        if time is None:
            raise ValidationError("Enter the start time")
        return time

    @staticmethod
    def starts_at(d: dict[str, Any]) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(d["starts_on"], d["start_time"]))


class AgendaAddForm(GovukForm):
    case = forms.ChoiceField(label="Case", error_messages={"required": "Choose a case to add"})

    def __init__(self, *args: Any, cases: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "Choose a case")] + [
            (str(c.pk), f"{c.person.display_name} ({c.person.council_id}), {c.stage.label.lower()}") for c in cases
        ]


class PanelDecisionForm(GovukForm):
    decision = forms.ChoiceField(label="The panel's decision", widget=forms.RadioSelect)
    reasons = _textarea("Reasons", help_text="Why the panel decided this")

    def __init__(self, *args: Any, decisions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = decisions
        self.fields["decision"].error_messages["required"] = "Choose the panel's decision"
        self.fields["reasons"].error_messages["required"] = "Enter the reasons for the panel's decision"


class InterventionForm(ChannelForm):
    messages: ClassVar[dict[str, str]] = {
        "kind": "Choose the kind of support",
        "provider": "Enter who provides the support",
        "started_on": "Enter the date the support started",
    }
    kind = forms.ChoiceField(label="Kind of support", choices=InterventionKind.choices, widget=forms.RadioSelect)
    provider = forms.CharField(
        label="Provider", max_length=200, help_text="The Intervention Provider, service or organisation"
    )
    started_on = GovukDateField(label="Start date")
    ended_on = GovukDateField(label="End date (optional)", required=False, past_only=True)
    progress = _textarea("Progress so far (optional)", required=False)


class InterventionProgressForm(ChannelForm):
    messages: ClassVar[dict[str, str]] = {"progress": "Enter how the support is going"}
    progress = _textarea("How is the support going?")
    ended_on = GovukDateField(label="End date (optional)", required=False, past_only=True)


class ExitReviewForm(ChannelForm):
    messages: ClassVar[dict[str, str]] = {
        "reviewed_on": "Enter the date of the review",
        "outcome": "Choose the outcome of the review",
        "notes": "Enter what the review found",
    }
    reviewed_on = GovukDateField(label="Date of the review", past_only=True)
    outcome = forms.ChoiceField(label="Outcome", choices=ExitReviewOutcome.choices, widget=forms.RadioSelect)
    notes = _textarea("What did the review find?")
