"""Family group conference forms: input shape only. The rules (the family's agreement, an
independent coordinator, dates in order, who does what) are in services.py and come back
as ApplicationError."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField
from jigsaw.people.choices import RelationshipKind, Sex

from .choices import ContactKind, FgdmOffer, Invitation, PlanDecision, ReviewOutcome

YES_NO = [("yes", "Yes"), ("no", "No")]
YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not known yet")]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def as_yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")


class ReferralForm(GovukForm):
    # Conditional questions, beneath the answer that needs them (core/forms.py GovukForm.reveal).
    reveal = {
        "family_agreed": {"yes": ["family_agreed_by"]},
        "fgdm_offer": {
            FgdmOffer.OFFERED: ["fgdm_offered_on", "fgdm_recipients", "fgdm_accepted"],
            FgdmOffer.EXEMPT: ["fgdm_exemption_reasons"],
        },
    }
    other_children = forms.CharField(
        label="Brothers and sisters also referred (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Their council ids, one a line, for example NB0000123",
    )
    referred_on = GovukDateField(label="Date of the referral", past_only=True, help_text="For example, 14 12 2026")
    reason = forms.CharField(
        label="Why a family group conference?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="The worries, and the decisions you are asking the family to make",
    )
    family_agreed = forms.ChoiceField(
        label="Has the family agreed to the referral?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="A family group conference is voluntary: it needs the family's agreement",
    )
    family_agreed_by = forms.CharField(
        label="Who in the family agreed?", required=False, max_length=300, help_text="For example, mother and father"
    )
    fgdm_offer = forms.ChoiceField(
        label="Is this the offer of family group decision-making before care proceedings?",
        choices=FgdmOffer.choices,
        widget=forms.RadioSelect,
        initial=FgdmOffer.NOT_PRE_PROCEEDINGS,
        help_text="Children Act 1989 section 31ZA: the offer goes in the letter before proceedings",
    )
    fgdm_offered_on = GovukDateField(label="Date of the offer (if offered)", required=False, past_only=True)
    fgdm_recipients = forms.CharField(
        label="Who was offered the meeting (if offered)",
        required=False,
        max_length=500,
        help_text="The parents and others with parental responsibility",
    )
    fgdm_accepted = forms.ChoiceField(
        label="Did at least one of them accept? (if offered)",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    fgdm_exemption_reasons = forms.CharField(
        label="Why a meeting is not in the child's best interests (if not offered)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def clean_other_children(self) -> list[str]:
        text = self.cleaned_data.get("other_children") or ""
        return [line.strip().upper() for line in re.split(r"[\n,]", text) if line.strip()]


class AllocateForm(GovukForm):
    coordinator = forms.ChoiceField(label="Coordinator")
    allocated_on = GovukDateField(label="Date allocated", past_only=True)

    def __init__(self, *args: Any, coordinators: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = [("", "Choose a coordinator")] + [
            (str(u.pk), u.full_name or u.username) for u in coordinators
        ]


class FindPersonForm(GovukForm):
    name = forms.CharField(label="Name", required=False, help_text="Any part of the name, in any order")
    dob = forms.CharField(
        label="Date of birth (optional)",
        required=False,
        help_text="As exact as known, for example 3/4/1960, April 1960 or 1960",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)", required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )

    def clean(self) -> dict:
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("name", "dob", "postcode")):
            raise ValidationError("Enter a name, a date of birth or a postcode to search")
        return data


class MemberForm(GovukForm):
    """What the family network needs to know about one person."""

    reveal = {"invitation": {Invitation.NOT_INVITED: ["not_invited_reason"]}}

    relationship = forms.CharField(
        label="Relationship to the child", max_length=200, help_text="For example, maternal grandmother, family friend"
    )
    lives_in_home = forms.ChoiceField(
        label="Do they live in the child's home?", choices=YES_NO, widget=forms.RadioSelect
    )
    invitation = forms.ChoiceField(
        label="Invite them to the conference?", choices=Invitation.choices, widget=forms.RadioSelect
    )
    not_invited_reason = forms.CharField(
        label="If not to be invited, why?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="For example, a risk to the child or to another family member",
    )
    attending = forms.ChoiceField(
        label="Are they coming?", choices=YES_NO_UNKNOWN, widget=forms.RadioSelect, initial="unknown"
    )
    interpreter_language = forms.CharField(
        label="Interpreter needed for (optional)", required=False, max_length=100, help_text="The language, if any"
    )
    needs_advocate = forms.BooleanField(label="Needs an advocate", required=False)
    other_needs = forms.CharField(
        label="Other needs (optional)", required=False, max_length=500, help_text="For example, step-free access"
    )


def member_data(d: dict[str, Any]) -> dict[str, Any]:
    """The network details from a cleaned MemberForm, as the services take them."""
    return {
        "relationship": d["relationship"],
        "lives_in_home": d["lives_in_home"] == "yes",
        "invitation": d["invitation"],
        "not_invited_reason": d["not_invited_reason"],
        "attending": yes_no(d["attending"]),
        "interpreter_language": d["interpreter_language"],
        "needs_advocate": d["needs_advocate"],
        "other_needs": d["other_needs"],
    }


class NewMemberForm(MemberForm):
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, past_only=True)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    relationship_kind = forms.ChoiceField(
        label="Record the relationship on the person index as (optional)",
        required=False,
        choices=[("", "Do not record")] + [c for c in RelationshipKind.choices if c[0] != "professional"],
    )

    field_order = ["given_names", "family_name", "date_of_birth", "sex", "relationship", "relationship_kind"]


def person_data(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("given_names", "family_name", "date_of_birth", "sex") if d.get(k)}


class PreparationForm(GovukForm):
    contacted_on = GovukDateField(label="Date", past_only=True)
    kind = forms.ChoiceField(label="Kind of contact", choices=ContactKind.choices, widget=forms.RadioSelect)
    with_whom = forms.CharField(label="With whom", max_length=300, help_text="For example, grandmother and aunt")
    notes = forms.CharField(label="What was discussed", widget=forms.Textarea(attrs={"rows": 5}), max_length=10000)


class ConveneForm(GovukForm):
    starts_at = GovukDateField(label="Date of the conference", help_text="For example, 14 12 2026")
    start_time = TimeField(label="Start time")
    location = forms.CharField(
        label="Place (optional)", required=False, max_length=300, help_text="Somewhere the family chose"
    )

    def clean_starts_at(self) -> dt.date:
        day = self.cleaned_data.get("starts_at")
        if day is None:
            raise ValidationError("Enter the date of the conference")
        return day

    def clean_start_time(self) -> dt.time:
        time = self.cleaned_data.get("start_time")
        if time is None:
            raise ValidationError("Enter the start time")
        return time

    @property
    def starts_at_value(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["starts_at"], self.cleaned_data["start_time"]))


class InformationForm(GovukForm):
    information = forms.CharField(
        label="Information the referrer and professionals gave",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text="The worries, the strengths, and the help and resources available",
    )
    bottom_lines = forms.CharField(
        label="Bottom lines (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="What any plan must include, or must not allow, for the child to be safe",
    )


class PrivateTimeForm(GovukForm):
    started_at = TimeField(label="Private family time started", required=False)
    ended_at = TimeField(label="Private family time ended", required=False)


class PlanItemForm(GovukForm):
    what = forms.CharField(label="What will happen", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    who = forms.ChoiceField(label="Who will do it", help_text="A member of the family network, or a professional")
    professional = forms.CharField(
        label="Professional (if a professional)",
        required=False,
        max_length=200,
        help_text="Their name and role, for example Tom Okafor, social worker",
    )
    by_when = GovukDateField(label="By when (optional if ongoing)", required=False)
    ongoing = forms.BooleanField(label="Ongoing", required=False)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = (
            [("", "Choose who")]
            + [(str(m.pk), f"{m.person.display_name} ({m.relationship})") for m in members]
            + [("professional", "A professional")]
        )


class PlanDecisionForm(GovukForm):
    reveal = {"decision": {PlanDecision.NOT_AGREED: ["reasons"]}}
    decision = forms.ChoiceField(
        label="Did the referrer agree the family's plan?", choices=PlanDecision.choices, widget=forms.RadioSelect
    )
    contingency = forms.CharField(
        label="Contingency",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="What the family will do if the plan is not working",
    )
    reasons = forms.CharField(
        label="If not agreed, why is the plan not safe?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class ReviewForm(GovukForm):
    progress = forms.CharField(
        label="How has the family's plan gone?", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )
    outcome = forms.ChoiceField(label="What happens next?", choices=ReviewOutcome.choices, widget=forms.RadioSelect)


class CloseForm(GovukForm):
    closed_on = GovukDateField(label="Date closed", past_only=True)
    reason = forms.CharField(
        label="Why is it closing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="For example, the family withdrew their agreement",
    )
