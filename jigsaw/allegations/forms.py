"""LADO forms: input shape only. Business rules come back from services as ApplicationError."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField

from .choices import OUTCOME_HINTS, Capacity, Engagement, FollowUp, HarmTest, Outcome, Sector


def at(day: dt.date, time: dt.time | None) -> dt.datetime:
    """A date and a time typed in the UK, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(9, 0)))


class CouncilIdsField(forms.CharField):
    """Council ids, one a line or separated by commas."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        ids = [part.strip().upper() for part in re.split(r"[\s,;]+", text) if part.strip()]
        return list(dict.fromkeys(ids))


def _text(label: str, *, required: bool = True, max_length: int = 200, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length, **kwargs)


def _area(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text, widget=forms.Textarea)


class _Received(GovukForm):
    received_on = GovukDateField(label="Date received", past_only=True, help_text="For example, 14 11 2026")
    received_time = TimeField(label="Time received")
    referrer_name = _text("Name of the person referring")
    referrer_organisation = _text("Their organisation (optional)", required=False)
    referrer_role = _text("Their role (optional)", required=False, help_text="For example, headteacher or HR manager")
    referrer_contact = _text("Phone number or email address (optional)", required=False)

    def clean(self) -> dict:
        data = super().clean()
        day, time = data.get("received_on"), data.get("received_time")
        if day and time and at(day, time) > timezone.now():
            self.add_error("received_time", "Time received must be in the past")
        return data


NEW_SUBJECT = "new"


class ReferralForm(_Received):
    """A referral, with "already known?" for the person it is about and the children: a search on
    the form itself (the Search buttons post the form back with the people found to choose from)."""

    subject_find_name = _text("Their name", required=False, help_text="For example, Declan Fairweather")
    subject_find_dob = _text(
        "Their date of birth, if known", required=False, max_length=40, help_text="For example, 27 3 1985, or 1985"
    )
    subject_find_postcode = _text("Their postcode, if known", required=False, max_length=10)
    subject = forms.ChoiceField(label="Is it one of these people?", required=False, widget=forms.RadioSelect)
    given_names = _text("Given names (if not known)", required=False)
    family_name = _text("Family name (if not known)", required=False)
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, past_only=True)
    subject_role = _text("Their role", help_text="For example, teacher, football coach, foster carer")
    engagement = forms.ChoiceField(
        label="Is the role paid or voluntary?", choices=Engagement.choices, widget=forms.RadioSelect
    )
    employer_name = _text("Employer or organisation")
    employer_sector = forms.ChoiceField(
        label="Sector", choices=[("", "Choose a sector"), *Sector.choices], widget=forms.Select
    )
    employer_aware_on = GovukDateField(
        label="Date the employer first knew of the allegation",
        past_only=True,
        help_text="A referral should reach the LADO within 1 working day of this",
    )
    allegation = _area("What is alleged", help_text="What happened, when and where, as the referrer told it")
    harm_tests = forms.MultipleChoiceField(
        label="Which harm tests does it meet?",
        choices=HarmTest.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. Any one is enough for a referral; if none applies, record advice instead",
        error_messages={"required": "Choose at least one harm test the allegation meets"},
    )
    children_find_name = _text("A child's name", required=False, help_text="Search for each child in turn")
    children_find_dob = _text("The child's date of birth, if known", required=False, max_length=40)
    children = forms.MultipleChoiceField(label="Children involved", required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(
        self,
        *args: Any,
        subject_options: list[tuple[str, str]] = (),  # type: ignore[assignment]
        children_options: list[tuple[str, str]] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            *subject_options,
            (NEW_SUBJECT, "None of these: they are not known, add them with the name below"),
        ]
        self.fields["children"].choices = list(children_options)

    def clean(self) -> dict:
        data = super().clean()
        chosen = data.get("subject") or ""
        named = (data.get("given_names") or "").strip() or (data.get("family_name") or "").strip()
        if chosen and chosen != NEW_SUBJECT and named:
            self.add_error("subject", "Choose a person already known, or give the name of someone not known, not both")
        elif chosen in ("", NEW_SUBJECT) and not named:
            # Beside the choice when there is one on the page; before a search, beside the name.
            where = "subject" if len(self.fields["subject"].choices) > 1 else "given_names"
            self.add_error(where, "Search for the person and choose them, or enter their name if they are not known")
        return data


# Not fields: the Search buttons, placed among the fields (allegations/referral_form.html).
FIND_SUBJECT, FIND_CHILDREN = "@find_subject", "@find_children"

REFERRAL_SECTIONS = [
    (
        "The referral",
        ["received_on", "received_time", "referrer_name", "referrer_organisation", "referrer_role", "referrer_contact"],
    ),
    (
        "The person the allegation is about",
        [
            "subject_find_name",
            "subject_find_dob",
            "subject_find_postcode",
            FIND_SUBJECT,
            "subject",
            "given_names",
            "family_name",
            "date_of_birth",
            "subject_role",
            "engagement",
            "employer_name",
            "employer_sector",
            "employer_aware_on",
        ],
    ),
    ("The allegation", ["allegation", "harm_tests"]),
    ("The children involved", ["children_find_name", "children_find_dob", FIND_CHILDREN, "children"]),
]


class AdviceForm(_Received):
    subject_role = _text("Role of the person it is about (optional)", required=False)
    employer_name = _text("Employer or organisation (optional)", required=False)
    employer_sector = forms.ChoiceField(
        label="Sector (optional)", required=False, choices=[("", "Not known"), *Sector.choices], widget=forms.Select
    )
    question = _area("What did they ask about?")
    advice_given = _area("Advice given")


ADVICE_SECTIONS = [
    (
        "The consultation",
        ["received_on", "received_time", "referrer_name", "referrer_organisation", "referrer_role", "referrer_contact"],
    ),
    ("The concern", ["subject_role", "employer_name", "employer_sector", "question", "advice_given"]),
]


class RotaWeekForm(GovukForm):
    """Monday to Friday of one week: who is on duty each day."""

    DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")

    def __init__(self, *args: Any, officers: list[tuple[str, str]] = (), week_start: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.week_start = week_start
        for n, name in enumerate(self.DAYS):
            day = week_start + dt.timedelta(days=n)
            self.fields[name] = forms.ChoiceField(
                label=f"{day:%A} {day.day} {day:%B}",
                required=False,
                choices=[("", "Nobody on duty"), *officers],
                widget=forms.Select,
            )

    def days(self) -> dict[str, dt.date]:
        return {name: self.week_start + dt.timedelta(days=n) for n, name in enumerate(self.DAYS)}


class AllocateForm(GovukForm):
    officer = forms.ChoiceField(label="LADO officer", choices=(), widget=forms.Select)

    def __init__(self, *args: Any, officers: list[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = [("", "Choose an officer"), *officers]


class InviteForm(GovukForm):
    user = forms.CharField(
        label="Username or email address",
        max_length=254,
        help_text="Of someone who uses Jigsaw, for example the police officer or the employer's HR contact",
    )
    capacity = forms.ChoiceField(label="Why are they invited?", choices=Capacity.choices, widget=forms.RadioSelect)


class InviteesField(forms.CharField):
    """Other people to invite, one a line: name, agency, email address."""

    widget = forms.Textarea(attrs={"rows": 4})

    def clean(self, value: Any) -> list[dict[str, Any]]:
        text = super().clean(value) or ""
        from .selectors import agencies_by_name

        agencies = agencies_by_name()
        people = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(",")]
            if len(parts) != 3 or not all(parts):
                raise ValidationError(
                    f"Line {number}: write the name, the organisation and the email address, separated by commas"
                )
            name, agency_name, email = parts
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    f"Line {number}: enter an email address in the correct format, like name@example.org"
                ) from None
            agency = agencies.get(agency_name.lower())
            people.append({"name": name, "agency": agency, "email": email, "role": agency_name})
        return people


class MeetingForm(GovukForm):
    starts_on = GovukDateField(label="Date", help_text="For example, 14 12 2026")
    start_time = TimeField(label="Start time")
    location = _text("Place (optional)", required=False, max_length=300)
    online_link = _text(
        "Online meeting link (optional)", required=False, max_length=500, help_text="A full web address"
    )
    others = InviteesField(
        label="Other people to invite (optional)",
        required=False,
        help_text="Everyone invited to the case is invited. Add others one a line: name, organisation, email "
        "address. For example: Sam Patel, Northbridge Police, sam.patel@police.example",
    )


class OutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[(value, f"{label}: {OUTCOME_HINTS[value]}") for value, label in Outcome.choices],
        widget=forms.RadioSelect,
    )
    concluded_on = GovukDateField(label="Date concluded", past_only=True)
    followed_by = forms.MultipleChoiceField(
        label="What followed?",
        choices=FollowUp.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Choose what followed, or that the employer took no further action"},
    )
    notes = _area("Notes (optional)", required=False)
