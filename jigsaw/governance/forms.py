"""Information governance forms: input shape only; the rules are in services.py."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField

from .choices import (
    Article6,
    BreachRisk,
    Consent,
    PeopleTold,
    RequesterRelationship,
    RightsKind,
    RightsOutcome,
    SpecialCondition,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def at(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None or time is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time))


def _text(
    label: str, rows: int = 3, help_text: str = "", required: bool = True, max_length: int = 5000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        required=required,
        max_length=max_length,
    )


class SharingDecisionForm(GovukForm):
    # The reason is always on the page (not revealed): it is needed after two answers, and after
    # "No" to sharing, and one field cannot be revealed under several answers.
    shared = forms.ChoiceField(
        label="Did you share the information?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Record the decision either way: a decision not to share is recorded too",
    )
    decided_on = GovukDateField(label="Date of the decision", past_only=True, help_text="For example, 27 3 2026")
    information = _text(
        "What information?", help_text="Share only what is necessary, relevant, accurate and up to date"
    )
    recipient_name = forms.CharField(label="Shared with (or asked for by): their name", max_length=200)
    recipient_agency = forms.CharField(label="Their agency", max_length=200, help_text="For example, Northmere Police")
    recipient_email = forms.EmailField(label="Their email address (optional)", required=False, max_length=254)
    purpose = forms.CharField(
        label="For what purpose?", max_length=500, help_text="Why they need it to keep the child safe"
    )
    article_6 = forms.ChoiceField(
        label="Lawful basis (UK GDPR Article 6)",
        choices=Article6.choices,
        widget=forms.RadioSelect,
        help_text="The council's safeguarding work is usually 6(1)(e) public task",
    )
    special_condition = forms.ChoiceField(
        label="Condition for special category or criminal offence information",
        choices=SpecialCondition.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Health, ethnicity, religion, sex life, or criminal offences need a condition as well",
    )
    told = forms.ChoiceField(
        label="Was the person (or the child's carers) told what would be shared and why?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    consent = forms.ChoiceField(label="Did they agree?", choices=Consent.choices, widget=forms.RadioSelect)
    reason = _text(
        "Why you shared without their agreement, or why you did not share",
        required=False,
        help_text="Consent is not needed where a child is at risk of harm: say what the risk is",
    )


class ReviewForm(GovukForm):
    note = _text("Your comments (optional)", required=False)


class RightsRequestForm(GovukForm):
    kind = forms.ChoiceField(
        label="What does the person ask for?", choices=RightsKind.choices, widget=forms.RadioSelect
    )
    received_on = GovukDateField(label="Date received", past_only=True, help_text="For example, 27 3 2026")
    requester_name = forms.CharField(label="Who made the request?", max_length=200)
    requester_relationship = forms.ChoiceField(
        label="Who are they to the person?", choices=RequesterRelationship.choices, widget=forms.RadioSelect
    )
    details = _text("What they ask for, in their words", rows=5)


class ExtendForm(GovukForm):
    reason = _text("Why the request is complex", help_text="As you told the requester, within the first month")


class AnswerForm(GovukForm):
    reveal = {"outcome": {RightsOutcome.RECTIFIED: ["addendum"], RightsOutcome.REFUSED: ["reason"]}}
    outcome = forms.ChoiceField(
        label="Outcome", choices=[c for c in RightsOutcome.choices if c[0]], widget=forms.RadioSelect
    )
    addendum = _text(
        "The addendum",
        required=False,
        help_text="The correction, as it will stand beside the record: what was written is kept, never rewritten",
    )
    reason = _text("Why the request is refused", required=False)
    answered_on = GovukDateField(label="Date answered", past_only=True, help_text="For example, 27 3 2026")


class BreachForm(GovukForm):
    summary = forms.CharField(label="What happened, in a line", max_length=200)
    description = _text("What happened, how, and how it was found", rows=5)
    aware_on = GovukDateField(label="Date the council became aware", past_only=True, help_text="For example, 27 3 2026")
    aware_time = TimeField(
        label="Time the council became aware", help_text="The 72 hours start here. For example, 9:30am or 14:00"
    )
    data_affected = _text("What information was affected?")
    people_affected = _text("Who is affected?", help_text="By group: names belong in their own records")
    people_count = forms.IntegerField(label="How many people are affected?", min_value=0, max_value=10_000_000)
    risk = forms.ChoiceField(label="Risk to the people affected", choices=BreachRisk.choices, widget=forms.RadioSelect)
    risk_assessment = _text("Why you assessed the risk so")


class IcoForm(GovukForm):
    reported = forms.ChoiceField(label="Was the breach reported to the ICO?", choices=YES_NO, widget=forms.RadioSelect)
    reveal = {"reported": {"yes": ["reported_on", "reported_time", "ico_reference"], "no": ["not_reported_reason"]}}
    reported_on = GovukDateField(
        label="Date reported", past_only=True, required=False, help_text="For example, 27 3 2026"
    )
    reported_time = TimeField(label="Time reported", required=False)
    ico_reference = forms.CharField(label="The ICO's reference", max_length=50, required=False)
    not_reported_reason = _text("Why the breach is not reportable", required=False)


class CloseForm(GovukForm):
    reveal = {"people_told": {PeopleTold.TOLD: ["people_told_on"]}}
    people_told = forms.ChoiceField(
        label="Were the people affected told?",
        choices=[(PeopleTold.TOLD, "Yes, they were told"), (PeopleTold.NOT_NEEDED, PeopleTold.NOT_NEEDED.label)],
        widget=forms.RadioSelect,
    )
    people_told_on = GovukDateField(
        label="Date they were told", past_only=True, required=False, help_text="For example, 27 3 2026"
    )
    actions = _text("What was done to contain it and stop it happening again", rows=5)
