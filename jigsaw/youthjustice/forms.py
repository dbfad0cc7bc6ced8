"""Youth justice forms: input shape only. The rules (ages, dates in order, both consents for
restorative work, lengths of orders) are in services.py and come back as ApplicationError."""

from __future__ import annotations

from typing import Any

from django import forms

from jigsaw.core.forms import GovukDateField, GovukForm
from jigsaw.people.choices import Sex

from .choices import (
    GRAVITY_MAX,
    GRAVITY_MIN,
    AssessmentKind,
    ClosureReason,
    Consent,
    InterventionKind,
    Level,
    OffenceCategory,
    OutcomeKind,
    PartnerKind,
    Progress,
    Rating,
    RestorativeKind,
    VictimKind,
)

RADIOS = forms.RadioSelect
YES_NO = [("yes", "Yes"), ("no", "No")]


def _d(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"


class FindForm(GovukForm):
    """Is the young person already known? (the person index search)"""

    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, help_text="For example, 3 7 2010")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("given_names") or data.get("family_name")) and not self.errors:
            raise forms.ValidationError("Enter a name to search for")
        return data


class NewPersonForm(GovukForm):
    given_names = forms.CharField(label="Given names", max_length=200)
    family_name = forms.CharField(label="Family name", max_length=200)
    date_of_birth = GovukDateField(label="Date of birth", past_only=True, help_text="For example, 3 7 2010")
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=RADIOS)


class CaseOpenForm(GovukForm):
    referred_on = GovukDateField(label="Date referred to the service", help_text="For example, 14 11 2026")
    referral_reason = forms.CharField(
        label="Why the young person was referred (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    case_worker = forms.ChoiceField(label="Case worker")

    def __init__(self, *args: Any, officers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.officers = {str(u.pk): u for u in officers}
        self.fields["case_worker"].choices = [(str(u.pk), u.full_name or u.username) for u in officers]


class PartnerForm(GovukForm):
    kind = forms.ChoiceField(label="Agency", choices=PartnerKind.choices, widget=RADIOS)
    name = forms.CharField(label="Contact's name", max_length=200)
    role = forms.CharField(
        label="Role (optional)",
        required=False,
        max_length=200,
        help_text="For example, police officer seconded to the service",
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=40)


class OffenceForm(GovukForm):
    committed_on = GovukDateField(label="Date of the offence", help_text="For example, 2 9 2026")
    category = forms.ChoiceField(label="Offence category", choices=OffenceCategory.choices, widget=RADIOS)
    description = forms.CharField(label="Description", max_length=300, help_text="For example, theft of a bicycle")
    gravity = forms.TypedChoiceField(
        label="Gravity score",
        coerce=int,
        choices=[(str(n), str(n)) for n in range(GRAVITY_MIN, GRAVITY_MAX + 1)],
        widget=RADIOS,
        help_text="From 1 (least serious) to 8 (most serious), as the police and the service score it",
    )


class OutcomeForm(GovukForm):
    offences = forms.MultipleChoiceField(
        label="Offences this outcome is for", widget=forms.CheckboxSelectMultiple, help_text="Select all that apply"
    )
    kind = forms.ChoiceField(label="Outcome", choices=OutcomeKind.choices, widget=RADIOS)
    outcome_on = GovukDateField(label="Date of the outcome", help_text="The date of the disposal or of the sentence")
    length_months = forms.IntegerField(
        label="Length in months (if it is an order)",
        required=False,
        min_value=1,
        max_value=600,
        help_text="Needed for a referral order, a youth rehabilitation order and custody. The end date is worked out",
        error_messages={
            "invalid": "Length must be a whole number of months",
            "min_value": "Length must be at least 1 month",
            "max_value": "Length must be 600 months or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    court_or_panel = forms.CharField(
        label="Court (for a court outcome)",
        required=False,
        max_length=200,
        help_text="For example, Northbridge Youth Court",
    )
    requirements = forms.CharField(
        label="Requirements or conditions (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for a youth rehabilitation order (its requirements) and a youth conditional caution "
        "(its conditions)",
    )

    def __init__(self, *args: Any, offences: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offence_map = {str(o.pk): o for o in offences}
        self.fields["offences"].choices = [
            (str(o.pk), f"{_d(o.committed_on)}: {o.get_category_display()}, {o.description}") for o in offences
        ]
        self.fields["offences"].error_messages["required"] = "Choose the offence or offences this outcome is for"


class AssessmentForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of assessment", choices=AssessmentKind.choices, widget=RADIOS)
    completed_on = GovukDateField(label="Date completed")
    outcome = forms.ChoiceField(label="Outcome it is for (optional)", required=False)
    likelihood_of_reoffending = forms.ChoiceField(
        label="Likelihood of reoffending", choices=Rating.choices, widget=RADIOS
    )
    risk_of_serious_harm = forms.ChoiceField(
        label="Risk of serious harm to others", choices=Level.choices, widget=RADIOS
    )
    safety_and_wellbeing = forms.ChoiceField(
        label="Safety and wellbeing concerns",
        choices=Level.choices,
        widget=RADIOS,
        help_text="High or very high concerns are shared with the young person's safeguarding record",
    )
    narrative = forms.CharField(label="Explanations and conclusions", widget=forms.Textarea(attrs={"rows": 5}))
    safety_summary = forms.CharField(
        label="What to share with the safeguarding record (if concerns are high or very high)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This summary, the level of concern and the date go on the young person's chronology, which "
        "everyone who can see the child's record reads (social workers and partners involved). "
        "The rest of the assessment stays with the youth justice service",
    )

    def __init__(self, *args: Any, outcomes: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcome_map = {str(o.pk): o for o in outcomes}
        self.fields["outcome"].choices = [("", "Not for a particular outcome")] + [
            (str(o.pk), f"{o.get_kind_display()}, {_d(o.outcome_on)}") for o in outcomes
        ]


class InterventionForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of intervention", choices=InterventionKind.choices)
    provider = forms.CharField(
        label="Provider", max_length=200, help_text="Who delivers it, for example the service's ETE worker"
    )
    started_on = GovukDateField(label="Start date")
    sessions_planned = forms.IntegerField(
        label="Sessions planned",
        min_value=1,
        max_value=500,
        error_messages={
            "invalid": "Sessions planned must be a whole number",
            "min_value": "Sessions planned must be at least 1",
            "max_value": "Sessions planned must be 500 or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )


class ProgressForm(GovukForm):
    sessions_attended = forms.IntegerField(
        label="Sessions attended so far",
        min_value=0,
        max_value=500,
        error_messages={
            "invalid": "Sessions attended must be a whole number",
            "min_value": "Sessions attended must be 0 or more",
            "max_value": "Sessions attended must be 500 or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    progress = forms.ChoiceField(label="Progress", choices=Progress.choices, widget=RADIOS)
    progress_notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ended_on = GovukDateField(label="End date (if it has ended)", required=False)


class VictimForm(GovukForm):
    kind = forms.ChoiceField(label="The victim is", choices=VictimKind.choices, widget=RADIOS)
    name = forms.CharField(label="Victim's name or organisation", max_length=200)
    identified_on = GovukDateField(label="Date the service learnt of the victim")
    offence = forms.ChoiceField(label="Offence (optional)", required=False)

    def __init__(self, *args: Any, offences: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offence_map = {str(o.pk): o for o in offences}
        self.fields["offence"].choices = [("", "Not recorded")] + [
            (str(o.pk), f"{_d(o.committed_on)}: {o.description}") for o in offences
        ]


class VictimContactForm(GovukForm):
    contacted_on = GovukDateField(label="Date of contact")
    contact_consent = forms.ChoiceField(
        label="Did the victim consent to contact from the service?",
        choices=[(Consent.GIVEN, "Yes, they consented"), (Consent.REFUSED, "No, they refused")],
        widget=RADIOS,
    )
    rj_offered = forms.ChoiceField(label="Was restorative justice offered?", choices=YES_NO, widget=RADIOS)
    wants_restorative_justice = forms.ChoiceField(
        label="Does the victim want restorative justice?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not yet decided or not offered")],
        widget=RADIOS,
        required=False,
    )
    views = forms.CharField(
        label="The victim's views (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RestorativeForm(GovukForm):
    kind = forms.ChoiceField(label="Kind of restorative work", choices=RestorativeKind.choices, widget=RADIOS)
    victim_consented_on = GovukDateField(
        label="Date the victim agreed", required=False, help_text="Restorative work needs the victim's agreement"
    )
    young_person_consented_on = GovukDateField(
        label="Date the young person agreed",
        required=False,
        help_text="Restorative work needs the young person's agreement too",
    )
    planned_on = GovukDateField(label="Date planned for")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RestorativeCompleteForm(GovukForm):
    completed_on = GovukDateField(label="Date completed")
    notes = forms.CharField(label="How it went (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(GovukForm):
    closed_on = GovukDateField(label="Date the case closed")
    reason = forms.ChoiceField(label="Why the case is closing", choices=ClosureReason.choices, widget=RADIOS)


class MeasuresForm(GovukForm):
    date_from = GovukDateField(label="From")
    date_to = GovukDateField(label="To")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end of the period must be the same as or after the start")
        return data
