"""Front door forms: input shape only, plus the rules a user should hear about on the same
page (consent not given needs a reason and a lawful basis). Business rules are in
services and come back as ApplicationError."""

import datetime as dt
import re
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm
from jigsaw.core.locking import VersionFormMixin
from jigsaw.people.choices import Sex
from jigsaw.people.validators import validate_nhs_number, validate_postcode

from .choices import (
    CallerKind,
    Channel,
    ClosureReason,
    Consent,
    EmergencyType,
    FamilyAware,
    LawfulBasis,
    Outcome,
    PersonRole,
    PrimaryNeed,
    ReferralSource,
    levels_of_need,
)
from .questions import consent_refusals

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str, label: str) -> dt.time:
    """A time as people type it: 9:30, 09.30, 2pm, 2:15pm, 14:15."""
    match = _TIME.match(text.strip().lower())
    if not match:
        raise ValidationError(f"{label} must be a time, like 9:30am or 14:30")
    hour, minute, half = int(match[1]), int(match[2] or 0), match[3]
    if half:
        if not 1 <= hour <= 12:
            raise ValidationError(f"{label} must be a real time, like 9:30am or 14:30")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"{label} must be a real time, like 9:30am or 14:30")
    return dt.time(hour, minute)


def format_time(moment: dt.datetime | dt.time) -> str:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment).time()
    return f"{moment:%H:%M}"


def combine(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _time_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=10,
        help_text="For example, 9:30am or 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )


def _textarea(label: str, required: bool = False, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, widget=forms.Textarea)


def _optional_nhs_number(value: str) -> str:
    """An NHS number if one was given, checked (the validator allows spaces as people type them)."""
    value = value.strip()
    if value:
        validate_nhs_number(value)
    return value


def _optional_postcode(value: str) -> str:
    value = value.strip().upper()
    if value:
        validate_postcode(value)
    return value


def _how_they_know_field() -> forms.CharField:
    return _textarea("How do they know the family? (optional)")


def _nhs_number_field() -> forms.CharField:
    return forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )


def _school_field() -> forms.CharField:
    return forms.CharField(label="School or setting (optional)", required=False, max_length=200)


def _postcode_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.TextInput(attrs={"class": "govuk-input--width-10"})
    )


def _relationship_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=200, help_text=help_text)


# One definition of the questions a contact asks. A contact call (recorded by the front door) and
# a partner's web referral ask the same things: the family, the worries in the referrer's words,
# whether the family knows, consent and the lawful basis for sharing without it. The fields and
# their rules are defined once in the classes below; `wording` only says each question to whoever
# is answering it (a duty worker about "the caller", a partner about "you").


class AskedQuestions(GovukForm):
    """Base of the shared questions: applies `wording` (label, help, required message) per field."""

    wording: ClassVar[dict[str, dict[str, str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, words in self.wording.items():
            field = self.fields.get(name)
            if field is None:
                continue
            if "label" in words:
                field.label = words["label"]
            if "help" in words:
                field.help_text = words["help"]
            if "required" in words:
                field.error_messages["required"] = words["required"]


class WorriesQuestions(AskedQuestions):
    """The worries, in the referrer's own words."""

    worries = _textarea(
        "What are the caller's worries?", required=True, help_text="In the caller's own words, as far as you can"
    )
    wording: ClassVar[dict[str, dict[str, str]]] = {
        "worries": {"required": "Enter the worries, in the caller's words"},
    }


class ConsentQuestions(AskedQuestions):
    """Whether the family knows, their consent, and the lawful basis for sharing without it."""

    family_aware = forms.ChoiceField(
        label="Does the family know about the contact?", choices=FamilyAware.choices, widget=forms.RadioSelect
    )
    consent = forms.ChoiceField(
        label="Did the family consent to information being shared?", choices=Consent.choices, widget=forms.RadioSelect
    )
    consent_reason = _textarea(
        "Why was consent refused or not sought?", help_text="Only if consent was refused or not sought"
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing without consent",
        required=False,
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        help_text="Only if consent was refused or not sought",
    )

    def clean(self) -> dict:
        data = super().clean()
        for field, message in consent_refusals(
            consent=data.get("consent"), reason=data.get("consent_reason"), lawful_basis=data.get("lawful_basis")
        ):
            self.add_error(field, message)
        return data


class FamilyQuestions(AskedQuestions):
    """The family on a partner's referral: the child and a parent or carer, asked with the same
    fields (and checks) as a new person on a contact call (NewPersonForm)."""

    child_given_names = forms.CharField(label="Given names", required=False, max_length=200)
    child_family_name = forms.CharField(label="Family name", required=False, max_length=200)
    child_date_of_birth = GovukDateField(label="Date of birth (if you know it)", required=False, past_only=True)
    child_nhs_number = _nhs_number_field()
    child_school = _school_field()
    address_line_1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    postcode = _postcode_field("Postcode")
    adult_given_names = forms.CharField(
        label="Parent or carer's given names (optional)", required=False, max_length=200
    )
    adult_family_name = forms.CharField(
        label="Parent or carer's family name (optional)", required=False, max_length=200
    )
    adult_relationship = _relationship_field(
        "Their relationship to the child (optional)", "For example: mother, stepfather, grandmother"
    )

    def __init__(self, *args: Any, known_child: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known_child = known_child

    def clean_child_nhs_number(self) -> str:
        return _optional_nhs_number(self.cleaned_data["child_nhs_number"].replace(" ", ""))

    def clean_postcode(self) -> str:
        return _optional_postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict:
        data = super().clean()
        if self.known_child is None and not (
            (data.get("child_given_names") or "").strip() or (data.get("child_family_name") or "").strip()
        ):
            self.add_error("child_given_names", "Enter the child's given name or family name")
        return data


class CallerForm(GovukForm):
    received_on = GovukDateField(label="Date the contact was received", past_only=True)
    received_time = _time_field("Time the contact was received")
    channel = forms.ChoiceField(label="How did the contact come in?", choices=Channel.choices, widget=forms.RadioSelect)
    caller_kind = forms.ChoiceField(label="Who is the caller?", choices=CallerKind.choices, widget=forms.RadioSelect)
    caller_name = forms.CharField(
        label="Caller's name", required=False, max_length=200, help_text="Leave empty for an anonymous caller"
    )
    caller_agency = forms.ChoiceField(label="Caller's agency", required=False, help_text="Only for a professional")
    caller_role = forms.CharField(
        label="Caller's job or role (optional)", required=False, max_length=200, help_text="For example, class teacher"
    )
    caller_contact_details = forms.CharField(
        label="How to reach the caller (optional)",
        required=False,
        max_length=300,
        help_text="A phone number or email address, so they can be told the decision",
    )
    relationship_to_family = forms.CharField(
        label="Caller's relationship to the family", required=False, max_length=200, help_text="For example, neighbour"
    )
    how_they_know_family = _how_they_know_field()
    source = forms.ChoiceField(
        label="Contact source (optional)",
        required=False,
        choices=[("", "Work it out from the caller"), *ReferralSource.choices],
        help_text="The Children in Need census code for where the contact came from",
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caller_agency"].choices = [("", "No agency"), *agencies]

    def clean(self) -> dict:
        data = super().clean()
        day, time_text = data.get("received_on"), data.get("received_time")
        if day and time_text:
            try:
                received_at = combine(day, parse_time(time_text, "Time the contact was received"))
            except ValidationError as e:
                self.add_error("received_time", e)
            else:
                if received_at > timezone.now():
                    self.add_error("received_time", "The time the contact was received must be now or in the past")
                data["received_at"] = received_at
        kind = data.get("caller_kind")
        if kind == CallerKind.ANONYMOUS and data.get("caller_name"):
            self.add_error("caller_name", "An anonymous caller has no name: leave the name empty")
        elif kind and kind != CallerKind.ANONYMOUS and not data.get("caller_name"):
            self.add_error("caller_name", "Enter the caller's name, or choose Anonymous")
        if data.get("caller_agency") and kind and kind != CallerKind.PROFESSIONAL:
            self.add_error("caller_agency", "Only a professional caller has an agency: choose No agency")
        return data


class ConsentForm(ConsentQuestions):
    """The consent step of a contact call: the shared consent questions, worded for the caller."""


class FindPersonForm(GovukForm):
    """The "already known?" search, for one child or adult on the contact."""

    role = forms.ChoiceField(label="Is this a child or an adult?", choices=PersonRole.choices, widget=forms.RadioSelect)
    relationship = _relationship_field("Relationship", "For example: subject child, sibling, mother")
    name = forms.CharField(label="Name", required=False, help_text="Any part of the name, in any order")
    dob = forms.CharField(
        label="Date of birth",
        required=False,
        help_text="As exact as the caller knows, for example 3/4/2015, April 2015 or 2015",
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


class NewPersonForm(GovukForm):
    role = forms.ChoiceField(label="Is this a child or an adult?", choices=PersonRole.choices, widget=forms.RadioSelect)
    relationship = _relationship_field("Relationship", "For example: subject child, sibling, mother")
    given_names = forms.CharField(label="Given names", required=False, max_length=200)
    family_name = forms.CharField(label="Family name", required=False, max_length=200)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, past_only=True)
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    nhs_number = _nhs_number_field()
    school = _school_field()
    address_line_1 = forms.CharField(label="Address line 1 (optional)", required=False, max_length=200)
    postcode = _postcode_field("Postcode (optional)")

    def clean_nhs_number(self) -> str:
        return _optional_nhs_number(self.cleaned_data["nhs_number"])

    def clean_postcode(self) -> str:
        return _optional_postcode(self.cleaned_data["postcode"])

    def clean(self) -> dict:
        data = super().clean()
        if not ((data.get("given_names") or "").strip() or (data.get("family_name") or "").strip()):
            self.add_error("given_names", "Enter a given name or a family name")
        return data


class WorriesForm(WorriesQuestions):
    """The worries step of a contact call: the shared worries question, and the advice given."""

    advice_to_caller = _textarea(
        "What should the caller do if they are worried again? (optional)",
        help_text="The advice you gave them, for example to call the police on 999 in an emergency",
    )


class NeedForm(GovukForm):
    level_of_need = forms.ChoiceField(
        label="What level of need does the contact suggest?",
        widget=forms.RadioSelect,
        help_text="From the partnership's threshold document",
        error_messages={"required": "Choose the level of need"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level_of_need"].choices = levels_of_need()


class FollowUpForm(VersionFormMixin, GovukForm):
    follow_up_questions = _textarea("Follow-up questions")
    action_plan = _textarea("Summary action plan")
    advice_to_caller = _textarea("What the caller should do if they are worried again")


class DecisionForm(GovukForm):
    decided_on = GovukDateField(label="Date of the decision", past_only=True)
    decided_time = _time_field("Time of the decision")
    outcome = forms.ChoiceField(label="Decision", choices=Outcome.choices, widget=forms.RadioSelect)
    emergency_type = forms.ChoiceField(
        label="Which emergency protection?",
        required=False,
        choices=EmergencyType.choices,
        widget=forms.RadioSelect,
        help_text="Only for emergency protection",
    )
    reason = _textarea("Reasons for the decision", required=True)
    referral_source = forms.ChoiceField(
        label="Referral source",
        choices=ReferralSource.choices,
        help_text="For a referral: the Children in Need census code",
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        choices=PrimaryNeed.choices,
        initial=PrimaryNeed.N0,
        help_text="For a referral: the Children in Need census code",
    )

    level_of_need = forms.ChoiceField(
        label="Level of need",
        required=False,
        help_text="From the partnership's threshold document. Change it if the decision revises the level",
    )
    level_reason = _textarea("Why the level of need changed (optional)")
    referrer_message = _textarea(
        "What to tell the referrer",
        help_text="The partner who made the referral is told this, in Jigsaw and by email. Say what happens next, "
        "in words fit for them",
    )

    def __init__(self, *args: Any, has_referrer: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "Enter the reasons for the decision"
        self.fields["outcome"].error_messages["required"] = "Choose the decision"
        self.fields["level_of_need"].choices = [("", "Not recorded"), *levels_of_need()]
        self.has_referrer = has_referrer
        if has_referrer:
            self.fields["referrer_message"].required = True
            self.fields["referrer_message"].error_messages["required"] = (
                "Enter what to tell the referrer about the outcome"
            )
        else:
            del self.fields["referrer_message"]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("decided_on") and data.get("decided_time"):
            try:
                data["decided_at"] = combine(
                    data["decided_on"], parse_time(data["decided_time"], "Time of the decision")
                )
            except ValidationError as e:
                self.add_error("decided_time", e)
        if data.get("outcome") == Outcome.EMERGENCY_PROTECTION and not data.get("emergency_type"):
            self.add_error("emergency_type", "Choose police protection or an emergency protection order")
        return data


class AllocateForm(GovukForm):
    worker = forms.ChoiceField(label="Allocate to", error_messages={"required": "Choose who to allocate the case to"})

    def __init__(self, *args: Any, workers: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "Choose a worker"), *workers]


class CloseEpisodeForm(GovukForm):
    closure_date = GovukDateField(label="Closure date", past_only=True)
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=[("", "Choose a reason"), *ClosureReason.choices],
        error_messages={"required": "Choose the reason for closure"},
        help_text=(
            "RC8 and RC9 need an authorised assessment, and no section 47 enquiry, conference or plan, "
            "on this episode. RC2 needs the child's date of death on their record"
        ),
    )
    referral_nfa = forms.BooleanField(
        label="The referral needed no further action (closed without an assessment)", required=False
    )


class PeriodForm(GovukForm):
    date_from = GovukDateField(label="From")
    date_to = GovukDateField(label="To")

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", "The end of the period must be the same as or after its start")
        return data


class AssignForm(GovukForm):
    """Who decides on the contact: each worker with their current caseload beside their name."""

    worker = forms.ChoiceField(
        label="Who should decide on this contact?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who should decide on the contact"},
    )

    def __init__(self, *args: Any, caseloads: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [(str(c.worker.pk), c.label) for c in caseloads]


class DutyForm(GovukForm):
    worker = forms.ChoiceField(
        label="Duty social worker today", error_messages={"required": "Choose the duty social worker"}
    )

    def __init__(self, *args: Any, workers: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "Choose a social worker"), *workers]


class ReferralForm(FamilyQuestions, WorriesQuestions, ConsentQuestions):
    """A partner's referral: the same questions as a contact call (one definition, above), in the
    partner's words, and a number to reach them on."""

    how_they_know_family = _how_they_know_field()
    caller_contact_details = forms.CharField(
        label="Phone number the front door can reach you on",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "tel"}),
        error_messages={"required": "Enter a phone number the front door can reach you on"},
    )
    wording: ClassVar[dict[str, dict[str, str]]] = {
        "worries": {
            "label": "What are you worried about?",
            "help": "In your own words: what you have seen or been told, when, and what the child said",
            "required": "Enter what you are worried about",
        },
        "how_they_know_family": {"label": "How do you know the family? (optional)"},
        "family_aware": {
            "label": "Does the family know you are making this referral?",
            "required": "Choose whether the family knows about the referral",
        },
        "consent": {
            "label": "Has the family agreed to information being shared?",
            "required": "Choose whether the family agreed to information being shared",
        },
    }
    # The page asks about the family first, then the worries, then consent.
    field_order = [
        *FamilyQuestions.base_fields,
        "worries",
        "how_they_know_family",
        "caller_contact_details",
        *ConsentQuestions.base_fields,
    ]


class ReferralFindForm(GovukForm):
    name = forms.CharField(
        label="Child's name",
        max_length=200,
        help_text="Only children you already work with are found",
        error_messages={"required": "Enter the child's name to search for"},
    )


class LevelOfNeedForm(GovukForm):
    label = forms.CharField(
        label="Name of the level", max_length=100, error_messages={"required": "Enter the name of the level"}
    )
    canonical_level = forms.TypedChoiceField(
        label="Which of the four levels is it?",
        coerce=int,
        choices=[
            (1, "1 Universal: no additional needs"),
            (2, "2 Additional needs: early help"),
            (3, "3 Complex needs: targeted or multi-agency help"),
            (4, "4 Acute: specialist, statutory social care"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which of the four levels this one is"},
    )
    description = _textarea("What it means (optional)", help_text="As the threshold document describes it")
    position = forms.IntegerField(
        label="Order in the list",
        min_value=0,
        max_value=99,
        help_text="Lowest level first: 1, 2, 3...",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter where the level comes in the list, as a number"},
    )
    in_use = forms.BooleanField(label="In use (untick to retire the level)", required=False, initial=True)


class CinPlanForm(GovukForm):
    started_on = GovukDateField(label="Date the child in need plan started", help_text="For example, 27 3 2026")
    ended_on = GovukDateField(label="Date it ended (if it has)", required=False)
