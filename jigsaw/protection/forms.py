"""Child protection forms: input shape only. The rules (dates in order, who may lead a plan,
quorum) are in services.py and come back as ApplicationError."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField
from jigsaw.core.locking import VersionFormMixin

from .choices import (
    ATTENDANCE_CHOICES,
    DECISIONS_FOR_KIND,
    AssessmentFactor,
    Category,
    ConferenceKind,
    EnquiryLinkKind,
    PlanEndReason,
    Section47Outcome,
)

CATEGORY_MESSAGE = "Choose a category of abuse: neglect, physical abuse, emotional abuse, sexual abuse or multiple"
YES_NO = [("yes", "Yes"), ("no", "No")]


def combine(day: dt.date, time: dt.time | None) -> dt.datetime:
    """A date and a time typed in the UK, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(10, 0)))


class InviteesField(forms.CharField):
    """Other people to invite, one a line: name, agency, email address. The agency must be one
    Jigsaw knows (so the quorum can count it)."""

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
                    f"Line {number}: write the name, the agency and the email address, separated by commas"
                )
            name, agency_name, email = parts
            agency = agencies.get(agency_name.lower())
            if agency is None:
                known = ", ".join(sorted(a.name for a in agencies.values()))
                raise ValidationError(
                    f"Line {number}: {agency_name} is not an agency Jigsaw knows. Use one of: {known}"
                )
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    f"Line {number}: enter an email address in the correct format, like name@example.org"
                ) from None
            people.append({"name": name, "agency": agency, "email": email, "role": agency.name})
        return people


def _invitees_field(required: bool = False) -> InviteesField:
    return InviteesField(
        label="Other people to invite" + ("" if required else " (optional)"),
        required=required,
        help_text="One a line: name, agency, email address. For example: Sam Patel, Northbridge Police, "
        "sam.patel@police.example",
    )


class MeetingTimeForm(GovukForm):
    starts_at = GovukDateField(label="Date", help_text="For example, 14 12 2026")
    start_time = TimeField(label="Start time")
    location = forms.CharField(label="Place (optional)", required=False, max_length=300)
    online_link = forms.CharField(
        label="Online meeting link (optional)", required=False, max_length=500, help_text="A full web address"
    )
    # Set when the page has shown that the chair has another meeting then: convening again goes ahead.
    clash_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_starts_at(self) -> dt.date:
        day = self.cleaned_data.get("starts_at")
        if day is None:
            raise ValidationError("Enter the date of the meeting")
        return day

    def clean_start_time(self) -> dt.time:
        time = self.cleaned_data.get("start_time")
        if time is None:
            raise ValidationError("Enter the start time")
        return time

    @property
    def starts_at_value(self) -> dt.datetime:
        return combine(self.cleaned_data["starts_at"], self.cleaned_data["start_time"])


class StrategyConveneForm(MeetingTimeForm):
    concerns = forms.CharField(
        label="Concerns",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What worries us about the child, in a few sentences",
        max_length=5000,
    )
    invitees = _invitees_field()

    field_order = ["concerns", "starts_at", "start_time", "location", "online_link", "professionals", "invitees"]

    def __init__(self, *args: Any, professionals: list[tuple[Any, str]] = (), required_kinds: Any = (), **kwargs):
        """`professionals`: (user, words) of each professional involved with the child; those from
        the agencies a strategy discussion needs (`required_kinds`) are ticked to start with."""
        super().__init__(*args, **kwargs)
        self.professionals = {str(user.pk): user for user, _ in professionals}
        if professionals:
            self.fields["professionals"] = forms.MultipleChoiceField(
                label="Professionals involved with the child to invite",
                help_text="The police and health must take part. Their people involved with the child are ticked",
                choices=[(str(user.pk), words) for user, words in professionals],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[
                    str(user.pk)
                    for user, _ in professionals
                    if user.agency_id and user.agency.kind in set(required_kinds)
                ],
            )
            self.order_fields(self.field_order)

    def chosen_professionals(self) -> list[Any] | None:
        """The professionals ticked; None when the child has none involved (the service decides)."""
        if "professionals" not in self.fields:
            return None
        return [self.professionals[pk] for pk in self.cleaned_data.get("professionals") or []]


COMPLEX_ROWS = 4


class ComplexStrategyConveneForm(MeetingTimeForm):
    title = forms.CharField(
        label="Name of the enquiry",
        max_length=200,
        help_text="Such as an operation name. Everyone invited sees it, so never a child's name",
    )
    invitees = _invitees_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, COMPLEX_ROWS + 1):
            self.fields[f"child_{n}"] = forms.CharField(
                label=f"Child {n}: council id" + (" (optional)" if n > 2 else ""),
                required=n <= 2,
                max_length=20,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
            )
            self.fields[f"child_{n}_concerns"] = forms.CharField(
                label=f"Child {n}: concerns about this child only" + (" (optional)" if n > 2 else ""),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
            )
            self.fields[f"child_{n}"].error_messages["required"] = f"Enter the council id of child {n}"
        self.order_fields(
            ["title"]
            + [f for n in range(1, COMPLEX_ROWS + 1) for f in (f"child_{n}", f"child_{n}_concerns")]
            + ["starts_at", "start_time", "location", "online_link", "invitees"]
        )

    def clean(self) -> dict:
        data = super().clean()
        for n in range(1, COMPLEX_ROWS + 1):
            if data.get(f"child_{n}") and not (data.get(f"child_{n}_concerns") or "").strip():
                self.add_error(f"child_{n}_concerns", f"Enter the concerns about child {n}")
        return data

    def children(self) -> list[tuple[str, str, str]]:
        """(council id, concerns, field name) of each child entered."""
        return [
            (self.cleaned_data[f"child_{n}"].strip().upper(), self.cleaned_data[f"child_{n}_concerns"], f"child_{n}")
            for n in range(1, COMPLEX_ROWS + 1)
            if self.cleaned_data.get(f"child_{n}")
        ]


def _govuk_messages(form: forms.Form) -> None:
    """GOV.UK "Enter ..." messages for fields added after GovukForm.__init__ (one per child or invitee)."""
    for field in form.fields.values():
        if field.error_messages.get("required") == "This field is required.":
            label = str(field.label or "this").removesuffix(" (optional)")
            field.error_messages["required"] = f"Enter {label[0].lower() + label[1:]}"


def _attendance_fields(form: forms.Form, invitations: list) -> None:
    for invitation in invitations:
        label = invitation.name + (f" ({invitation.role})" if invitation.role else "")
        form.fields[f"attendance_{invitation.pk}"] = forms.ChoiceField(
            label=label, choices=ATTENDANCE_CHOICES, widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"})
        )
        form.fields[f"attendance_{invitation.pk}"].error_messages["required"] = (
            f"Choose whether {invitation.name} attended, sent apologies or was absent"
        )


def _attendance(form: forms.Form) -> dict[int, str]:
    return {
        int(name.removeprefix("attendance_")): value
        for name, value in form.cleaned_data.items()
        if name.startswith("attendance_") and value
    }


class StrategyRecordForm(GovukForm):
    held_on = GovukDateField(label="Date held", past_only=True, help_text="For example, 14 12 2026")

    def __init__(self, *args: Any, rows: list, invitations: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        _attendance_fields(self, invitations)
        for row in rows:
            name = row.person.display_name
            self.fields[f"child_{row.pk}_information"] = forms.CharField(
                label=f"Information shared about {name}",
                widget=forms.Textarea(attrs={"rows": 5}),
                max_length=10000,
            )
            self.fields[f"child_{row.pk}_section_47"] = forms.ChoiceField(
                label=f"Do section 47 enquiries start for {name}?",
                choices=YES_NO,
                widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
            )
            self.fields[f"child_{row.pk}_reason"] = forms.CharField(
                label=f"Reason for the decision about {name}" if len(rows) > 1 else "Reason for the decision",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
            )
        self.fields["held_on"].error_messages["required"] = "Enter the date the strategy discussion was held"
        # The GOV.UK messages are set from the labels in GovukForm.__init__, which ran first.
        for row in rows:
            name = row.person.display_name
            self.fields[f"child_{row.pk}_section_47"].error_messages["required"] = (
                f"Choose whether section 47 enquiries start for {name}"
            )
            self.fields[f"child_{row.pk}_information"].error_messages["required"] = (
                f"Enter the information shared about {name}"
            )
            self.fields[f"child_{row.pk}_reason"].error_messages["required"] = (
                f"Enter the reason for the decision about {name}"
                if len(rows) > 1
                else "Enter the reason for the decision"
            )
        _govuk_messages(self)

    def attendance(self) -> dict[int, str]:
        return _attendance(self)

    def decisions(self) -> dict[int, Any]:
        from .services import ChildDecision

        d = self.cleaned_data
        return {
            row.pk: ChildDecision(
                section_47=d[f"child_{row.pk}_section_47"] == "yes",
                reason=d[f"child_{row.pk}_reason"],
                information_shared=d[f"child_{row.pk}_information"],
            )
            for row in self.rows
        }


class EnquiryLinkForm(GovukForm):
    kind = forms.ChoiceField(label="What are you linking?", choices=EnquiryLinkKind.choices, widget=forms.RadioSelect)
    description = forms.CharField(
        label="Who or where",
        max_length=300,
        help_text="Only the children you choose below will show this on their record",
    )

    def __init__(self, *args: Any, rows: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"] = forms.MultipleChoiceField(
            label="Which children does this concern?",
            choices=[(str(r.pk), r.person.display_name) for r in rows],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose the children this concerns"},
        )


class Section47CompleteForm(GovukForm):
    completed_on = GovukDateField(label="Date completed", past_only=True, help_text="For example, 6 1 2027")
    outcome = forms.ChoiceField(label="Outcome", choices=Section47Outcome.choices, widget=forms.RadioSelect)
    summary = forms.CharField(
        label="Summary of the findings (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AssessmentStartForm(GovukForm):
    started_on = GovukDateField(label="Date started", past_only=True, help_text="For example, 15 12 2026")


class AssessmentAuthoriseForm(GovukForm):
    internal_review_on = GovukDateField(
        label="Date of the internal review (if there was one)",
        past_only=True,
        required=False,
        help_text="The manager's review before authorisation; the children in need census asks for it",
    )
    authorised_on = GovukDateField(label="Date authorised", past_only=True, help_text="For example, 10 2 2027")
    factors = forms.MultipleChoiceField(
        label="Factors identified at the assessment",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every factor that applies, or only “No factors identified”",
    )
    child_seen = forms.ChoiceField(
        label="Was the child seen during the assessment?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
    )
    summary = forms.CharField(label="Summary (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    delay_reason = forms.CharField(
        label="If it took longer than 45 working days, why? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["factors"].error_messages["required"] = (
            "Choose the factors identified at the assessment, or “No factors identified”"
        )


class ConferenceConveneForm(MeetingTimeForm):
    kind = forms.ChoiceField(label="Which conference?", choices=ConferenceKind.choices, widget=forms.RadioSelect)
    transfer_notified_on = GovukDateField(
        label="Transfer-in only: date written notice of the move was received",
        required=False,
        past_only=True,
    )
    transferring_council = forms.CharField(
        label="Transfer-in only: council the child moved from", required=False, max_length=200
    )
    invitees = _invitees_field()

    field_order = [
        "kind",
        "starts_at",
        "start_time",
        "location",
        "online_link",
        "chair",
        "transfer_notified_on",
        "transferring_council",
        "invitees",
    ]

    def __init__(self, *args: Any, chairs: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chairs = {str(u.pk): u for u in chairs}
        self.fields["chair"] = forms.ChoiceField(
            label="Chair",
            choices=[("", "Choose the chair"), *((str(u.pk), str(u)) for u in chairs)],
            error_messages={"required": "Choose the chair"},
        )
        self.order_fields(self.field_order)
        self.fields["kind"].error_messages["required"] = "Choose which conference to convene"

    def clean(self) -> dict:
        data = super().clean()
        if (
            data.get("kind") == ConferenceKind.TRANSFER_IN
            and not data.get("transfer_notified_on")
            and "transfer_notified_on" not in self.errors
        ):
            self.add_error("transfer_notified_on", "Enter the date written notice of the move was received")
        return data

    @property
    def chair(self) -> Any:
        return self.chairs.get(self.cleaned_data.get("chair") or "")


class ConferenceRecordForm(GovukForm):
    held_on = GovukDateField(label="Date held", past_only=True, help_text="For example, 7 1 2027")
    category = forms.ChoiceField(
        label="Category of abuse",
        choices=Category.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="For a plan, or a plan that continues",
        error_messages={"invalid_choice": CATEGORY_MESSAGE},
    )
    dissent = forms.CharField(
        label="Dissent (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who disagreed with the decision, and why",
    )
    inquorate_reason = forms.CharField(
        label="If the conference was not quorate, why did you go ahead? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, conference: Any, invitations: list, lead_practitioners: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _attendance_fields(self, invitations)
        decisions = DECISIONS_FOR_KIND[ConferenceKind(conference.kind)]
        review = conference.kind == ConferenceKind.REVIEW
        self.fields["decision"] = forms.ChoiceField(
            label="Does the plan continue?" if review else "Does the child need a child protection plan?",
            choices=[(d.value, d.label) for d in decisions],
            widget=forms.RadioSelect,
            error_messages={
                "required": "Choose whether the plan continues or ends"
                if review
                else "Choose whether the child needs a child protection plan"
            },
        )
        self.leads = {str(u.pk): u for u in lead_practitioners}
        self.fields["lead_practitioner"] = forms.ChoiceField(
            label="Lead practitioner",
            required=False,
            choices=[("", "Choose a social worker"), *((str(u.pk), str(u)) for u in lead_practitioners)],
            help_text="A social worker, for a child on a plan",
            error_messages={
                "invalid_choice": "The lead practitioner for a child on a plan must be a social worker: "
                "choose one from the list"
            },
        )
        self.fields["core_group"] = forms.MultipleChoiceField(
            label="Core group members (optional)",
            required=False,
            choices=[(str(i.pk), i.name + (f" ({i.role})" if i.role else "")) for i in invitations],
            widget=forms.CheckboxSelectMultiple,
            help_text="From the people invited, for a child on a plan",
        )
        attendance = [f"attendance_{i.pk}" for i in invitations]
        self.order_fields(
            [
                "held_on",
                *attendance,
                "decision",
                "category",
                "lead_practitioner",
                "core_group",
                "dissent",
                "inquorate_reason",
            ]
        )

    def attendance(self) -> dict[int, str]:
        return _attendance(self)

    @property
    def lead_practitioner(self) -> Any:
        return self.leads.get(self.cleaned_data.get("lead_practitioner") or "")


class PlanEndForm(GovukForm):
    ended_on = GovukDateField(label="Date the plan ended", past_only=True, help_text="For example, 7 7 2027")
    reason = forms.ChoiceField(
        label="Why did the plan end?",
        choices=[(r.value, r.label) for r in PlanEndReason if r != PlanEndReason.REVIEW_DECISION],
        widget=forms.RadioSelect,
        help_text="A review conference ends a plan when its outcome is recorded",
        error_messages={"required": "Choose why the plan ended"},
    )


class CategoryChangeForm(VersionFormMixin, GovukForm):
    category = forms.ChoiceField(
        label="New category of abuse",
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CATEGORY_MESSAGE, "required": CATEGORY_MESSAGE},
    )
    changed_on = GovukDateField(label="Date of the change", past_only=True)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class VisitForm(GovukForm):
    visited_on = GovukDateField(label="Date of the visit", past_only=True, help_text="For example, 14 1 2027")
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"class": "govuk-radios--inline"}),
        error_messages={"required": "Choose whether the child was seen alone"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class CoreGroupLeaveForm(GovukForm):
    left_on = GovukDateField(label="Date they left the core group", past_only=True, help_text="For example, 14 1 2027")


class CoreGroupConveneForm(MeetingTimeForm):
    pass


class CoreGroupRecordForm(GovukForm):
    held_on = GovukDateField(label="Date held", past_only=True)
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, invitations: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _attendance_fields(self, invitations)
        self.order_fields(["held_on", *(f"attendance_{i.pk}" for i in invitations), "notes"])

    def attendance(self) -> dict[int, str]:
        return _attendance(self)


class AgencyEmailForm(GovukForm):
    email = forms.CharField(
        label="Safeguarding email address (optional)",
        required=False,
        max_length=254,
        help_text="Where Jigsaw tells the agency that a child's protection plan started or ended. "
        "Leave it empty if the agency has none",
    )


class PlanAgenciesForm(GovukForm):
    """Check your answers: the agencies to tell, all ticked, and one more if the record missed it."""

    other_name = forms.CharField(
        label="Another person or team to tell (optional)",
        required=False,
        max_length=200,
        help_text="For example, the safeguarding lead at a nursery the record does not show",
    )
    other_agency = forms.CharField(label="Their agency (optional)", required=False, max_length=200)
    other_email = forms.CharField(
        label="Their email address (optional)",
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"type": "email", "spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, rows: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (
                str(r.pk),
                ", ".join(p for p in (r.recipient_name, r.agency_name) if p) + f" ({r.email}). {r.reason}".rstrip(" ."),
            )
            for r in rows
        ]
        if choices:
            self.fields["chosen"] = forms.MultipleChoiceField(
                label="Agencies to tell",
                help_text="Untick any agency that must not be told",
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=[pk for pk, _ in choices],
            )
            self.order_fields(["chosen", "other_name", "other_agency", "other_email"])

    def clean(self) -> dict:
        data = super().clean()
        name, email = (data.get("other_name") or "").strip(), (data.get("other_email") or "").strip()
        if name and not email:
            self.add_error("other_email", "Enter their email address")
        elif email and not name:
            self.add_error("other_name", "Enter the name of the person or team to tell")
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                self.add_error("other_email", "Enter an email address in the correct format, like name@example.org")
        return data
