"""The partnership's forms: shape only; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField

from .choices import (
    CohortRule,
    CourseFormat,
    CourseLevel,
    DocumentKind,
    GroupKind,
    LeadPartner,
    MemberRole,
    NewsletterKind,
    Sector,
)

SCORES = [(str(n), str(n)) for n in range(1, 6)]


class CourseForm(GovukForm):
    title = forms.CharField(label="Course title", max_length=200)
    learning_outcomes = forms.CharField(
        label="Learning outcomes",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="What people will know or be able to do afterwards",
    )
    audience = forms.CharField(label="Who it is for", max_length=300)
    level = forms.ChoiceField(label="Level", choices=CourseLevel.choices, widget=forms.RadioSelect)
    format = forms.ChoiceField(label="Format", choices=CourseFormat.choices, widget=forms.RadioSelect)
    charge_applies = forms.BooleanField(
        label="There is a charge for this course (bookers give a budget code or purchase order number)",
        required=False,
    )


class SessionForm(GovukForm):
    day = GovukDateField(label="Date", help_text="For example, 14 1 2027")
    start_time = TimeField(label="Start time")
    end_time = TimeField(label="End time")
    capacity = forms.IntegerField(label="Places", min_value=1, max_value=1000)
    venue = forms.CharField(label="Venue (face-to-face)", required=False, max_length=300)
    online_link = forms.URLField(label="Joining link (online)", required=False, max_length=200)
    trainer = forms.ChoiceField(label="Internal trainer", required=False)
    external_provider = forms.CharField(
        label="Or an external provider", required=False, max_length=200, help_text="Leave blank for an internal trainer"
    )

    def __init__(self, *args: Any, trainers: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].choices = [("", "None: an external provider")] + [(str(u.pk), str(u)) for u in trainers]

    def clean(self) -> dict:
        data = super().clean()
        for name, message in (
            ("day", "Enter the date of the session"),
            ("start_time", "Enter the start time"),
            ("end_time", "Enter the end time"),
        ):
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, message)
        return data


class BookingForm(GovukForm):
    """Exactly the privacy notice's items; the budget code and requirements only where they apply."""

    name = forms.CharField(label="Full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    job_role = forms.CharField(
        label="Job role", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization-title"})
    )
    organisation = forms.CharField(
        label="Organisation", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    sector = forms.ChoiceField(label="Sector", choices=[("", "Choose a sector"), *Sector.choices])
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    telephone = forms.CharField(
        label="Telephone number (optional)",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    address = forms.CharField(
        label="Work address (optional)", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget_code = forms.CharField(label="Budget code or purchase order number", required=False, max_length=100)
    requirements = forms.CharField(
        label="Dietary or other requirements (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, access needs or a vegetarian lunch",
    )

    def __init__(self, *args: Any, course: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not course.charge_applies:
            del self.fields["budget_code"]
        if not course.face_to_face:
            del self.fields["requirements"]


class CancelForm(GovukForm):
    confirm = forms.BooleanField(label="Yes, cancel my booking", error_messages={"required": "Tick the box to cancel"})


class EvaluationForm(GovukForm):
    rating = forms.ChoiceField(
        label="Overall, how good was the course? (1 poor, 5 excellent)", choices=SCORES, widget=forms.RadioSelect
    )
    confidence = forms.ChoiceField(
        label="How much more confident are you to act on what you learned? (1 not at all, 5 much more)",
        choices=SCORES,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label="Anything else you would like to tell us? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Your answers are anonymous: do not write your name or anything about a child",
    )


class DemandSurveyForm(GovukForm):
    course = forms.ChoiceField(label="Course")
    closes_on = GovukDateField(label="Closing date", help_text="For example, 31 1 2027")

    def __init__(self, *args: Any, courses: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [(str(c.pk), c.title) for c in courses]

    def clean_closes_on(self) -> dt.date:
        day = self.cleaned_data.get("closes_on")
        if day is None:
            raise ValidationError("Enter the closing date")
        return day


class DemandResponseForm(GovukForm):
    organisation = forms.CharField(label="Organisation", max_length=200)
    sector = forms.ChoiceField(label="Sector", choices=[("", "Choose a sector"), *Sector.choices])
    weekday_daytime = forms.IntegerField(
        label="How many could come on a weekday, in the daytime?", min_value=0, max_value=10000, initial=0
    )
    evening = forms.IntegerField(label="How many could come in an evening?", min_value=0, max_value=10000, initial=0)
    weekend = forms.IntegerField(label="How many could come at a weekend?", min_value=0, max_value=10000, initial=0)


class SubscribeForm(GovukForm):
    name = forms.CharField(label="Full name", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    organisation = forms.CharField(
        label="Organisation", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "organization"})
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )


class NewsletterForm(GovukForm):
    kind = forms.ChoiceField(label="What is it?", choices=NewsletterKind.choices, widget=forms.RadioSelect)
    subject = forms.CharField(label="Subject", max_length=200)
    body = forms.CharField(
        label="Message",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Plain text. Every message ends with a link to unsubscribe.",
    )


class GroupForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Executive or subgroup?", choices=GroupKind.choices, widget=forms.RadioSelect)
    terms_of_reference = forms.CharField(
        label="Terms of reference", max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    chair = forms.ChoiceField(label="Chair")

    def __init__(self, *args: Any, users: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", "Choose the chair")] + [(str(u.pk), str(u)) for u in users]


class MemberForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    agency = forms.ChoiceField(label="Agency")
    role = forms.ChoiceField(label="Role", choices=MemberRole.choices, widget=forms.RadioSelect)
    lead_partner = forms.ChoiceField(
        label="Which lead safeguarding partner? (lead partners and delegates)",
        choices=[("", "Not a lead partner or delegate"), *LeadPartner.choices],
        required=False,
    )
    user = forms.ChoiceField(label="Their Jigsaw account (optional)", required=False)
    email = forms.EmailField(label="Email address (optional)", required=False, max_length=254)

    def __init__(self, *args: Any, agencies: list[Any] = (), users: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "Choose the agency")] + [(str(a.pk), a.name) for a in agencies]
        self.fields["user"].choices = [("", "None")] + [(str(u.pk), str(u)) for u in users]


class DocumentVersionForm(GovukForm):
    kind = forms.ChoiceField(label="Document", choices=DocumentKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="Title", max_length=200)
    version = forms.CharField(
        label="Version", max_length=20, widget=forms.TextInput(attrs={"class": "govuk-input--width-5"})
    )
    summary = forms.CharField(label="What changed", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    approved_by = forms.CharField(
        label="Approved by", max_length=300, help_text="For example, the three lead safeguarding partners"
    )
    approved_on = GovukDateField(label="Date approved", help_text="For example, 27 3 2026")
    link = forms.URLField(label="Where it is published (optional)", required=False, max_length=200)

    def clean_approved_on(self) -> dt.date:
        day = self.cleaned_data.get("approved_on")
        if day is None:
            raise ValidationError("Enter the date it was approved")
        return day


class ConveneForm(GovukForm):
    day = GovukDateField(label="Date", help_text="For example, 14 1 2027")
    start_time = TimeField(label="Start time")
    location = forms.CharField(label="Place", max_length=300, required=False)
    agenda = forms.CharField(label="Agenda", max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))

    def clean(self) -> dict:
        data = super().clean()
        for name, message in (("day", "Enter the date of the meeting"), ("start_time", "Enter the start time")):
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, message)
        return data


class ActionUpdateForm(GovukForm):
    text = forms.CharField(label="What has been done", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.CharField(
        label="Evidence (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Where to find it: a document, a link, a report to the executive",
    )
    done = forms.BooleanField(label="The action is done", required=False)


class AuditForm(GovukForm):
    title = forms.CharField(label="Title", max_length=200, help_text="For example, Neglect: children on plans, spring")
    rule = forms.ChoiceField(label="Which children?", choices=CohortRule.choices, widget=forms.RadioSelect)
    size = forms.IntegerField(label="How many children?", min_value=1, max_value=200)
    since = GovukDateField(label="From", help_text="The start of the period the children are picked from")
    until = GovukDateField(label="To")
    ends_on = GovukDateField(label="The audit ends on", help_text="The auditors' access to the children ends then")
    questions = forms.CharField(
        label="The grading tool's questions, one a line",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        initial="Was the child seen and heard?\nWas information shared between agencies in time?\nIs the plan making a difference?",
    )
    grades = forms.CharField(
        label="The grades, one a line",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="Outstanding\nGood\nRequires improvement\nInadequate",
    )

    def clean(self) -> dict:
        data = super().clean()
        for name in ("since", "until", "ends_on"):
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, "Enter a date")
        return data


class AssignForm(GovukForm):
    auditor = forms.ChoiceField(label="Auditor")

    def __init__(self, *args: Any, auditors: list[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"].choices = [("", "Choose an auditor")] + [
            (str(u.pk), f"{u} ({u.agency})" if u.agency_id else str(u)) for u in auditors
        ]


class GradeForm(GovukForm):
    findings = forms.CharField(label="Findings", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    actions = forms.CharField(
        label="Actions for the agencies (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, questions: list[str] = (), grades: list[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, q in enumerate(questions):
            self.fields[f"q{i}"] = forms.ChoiceField(
                label=q,
                choices=[(g, g) for g in grades],
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose a grade for \u201c{q}\u201d"},
            )
        # The questions first, then the findings.
        self.order_fields([f"q{i}" for i in range(len(questions))] + ["findings", "actions"])
