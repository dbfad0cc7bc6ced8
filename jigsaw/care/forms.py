"""Children in care forms: shape only; the services decide (their refusals come back as
ApplicationError beside the field they name)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from jigsaw.core.forms import GovukDateField, GovukForm, TimeField

from .choices import (
    ACCOMMODATION_CHOICES,
    PERIOD_END_REASONS,
    Activity,
    CategoryOfNeed,
    ChangeKind,
    ConcernStage,
    HealthAssessmentKind,
    InTouch,
    LegalStatus,
    Participation,
    PlaceChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanence,
    SdqReason,
)
from .services import Placement


def _blank(choices: Any, text: str = "Choose") -> list[tuple[str, str]]:
    return [("", text), *choices]


YES_NO = [("yes", "Yes"), ("no", "No")]
AREA_CHOICES = [("inside", "Inside the council's area"), ("outside", "Outside the council's area")]


class PlacementFields(GovukForm):
    placement_type = forms.ChoiceField(label="Placement type", choices=_blank(PlacementType.choices))
    provider = forms.ChoiceField(
        label="Placement provider",
        choices=_blank(PlacementProvider.choices, "None (temporary move or unregistered placement)"),
        required=False,
    )
    provider_name = forms.CharField(label="Carer or provider name (optional)", max_length=200, required=False)
    urn = forms.CharField(
        label="Ofsted unique reference number (URN)",
        max_length=8,
        required=False,
        help_text=(
            "The provider's, like SC123456: the fostering service, children's home or agency. Not needed with "
            "parents, in hospital, in custody or for a temporary move"
        ),
    )
    postcode = forms.CharField(label="Placement postcode", max_length=8)
    area = forms.ChoiceField(
        label="Is the placement inside the council's area?", choices=AREA_CHOICES, widget=forms.RadioSelect
    )
    host_council = forms.CharField(label="Host council (if outside the area)", max_length=200, required=False)
    host_contact_name = forms.CharField(
        label="Host council contact name (if outside the area)", max_length=200, required=False
    )
    host_contact_email = forms.CharField(
        label="Host council contact email (if outside the area)",
        max_length=254,
        required=False,
        help_text="They are sent notice of the placement (regulation 13(4))",
    )
    distance_miles = forms.CharField(
        label="Distance from home in miles (optional)",
        max_length=8,
        required=False,
        help_text="Worked out from the postcodes where both districts are known",
    )

    PLACEMENT_FIELDS = [
        "placement_type",
        "provider",
        "provider_name",
        "urn",
        "postcode",
        "area",
        "host_council",
        "host_contact_name",
        "host_contact_email",
        "distance_miles",
    ]

    @staticmethod
    def placement(d: dict[str, Any]) -> Placement:
        """The placement the worker typed, from the form's cleaned data."""
        return Placement(
            placement_type=d["placement_type"],
            provider=d.get("provider") or "",
            provider_name=d.get("provider_name") or "",
            urn=d.get("urn") or "",
            postcode=d["postcode"],
            out_of_area=d["area"] == "outside",
            host_council=d.get("host_council") or "",
            host_contact_name=d.get("host_contact_name") or "",
            host_contact_email=d.get("host_contact_email") or "",
            distance_miles=d.get("distance_miles") or None,
        )


class PeriodStartForm(PlacementFields):
    started_on = GovukDateField(label="Date the child became looked after", help_text="For example, 27 3 2026")
    legal_status = forms.ChoiceField(label="Legal status", choices=_blank(LegalStatus.choices))
    category_of_need = forms.ChoiceField(label="Category of need", choices=_blank(CategoryOfNeed.choices))
    home_postcode = forms.CharField(label="Home postcode (optional)", max_length=8, required=False)
    uasc = forms.BooleanField(label="Unaccompanied asylum-seeking child", required=False)
    previous_permanence = forms.ChoiceField(
        label="Was the child adopted, or under a special guardianship or child arrangements order, before?",
        choices=PreviousPermanence.choices,
        initial=PreviousPermanence.Z1,
        widget=forms.RadioSelect,
        required=False,  # not answered: Z1, none or not known
    )
    previous_permanence_council = forms.CharField(
        label="Council that made the arrangement", max_length=200, required=False
    )
    previous_permanence_on = GovukDateField(label="Date of the order", required=False)

    field_order = [
        "started_on",
        "legal_status",
        "category_of_need",
        "home_postcode",
        "uasc",
        "previous_permanence",
        "previous_permanence_council",
        "previous_permanence_on",
        *PlacementFields.PLACEMENT_FIELDS,
    ]
    sections = [
        ("Coming into care", ["started_on", "legal_status", "category_of_need", "home_postcode", "uasc"]),
        ("Before care", ["previous_permanence", "previous_permanence_council", "previous_permanence_on"]),
        ("First placement", PlacementFields.PLACEMENT_FIELDS),
    ]


class EpisodeChangeForm(PlacementFields):
    kind = forms.ChoiceField(label="What changed?", choices=ChangeKind.choices, widget=forms.RadioSelect)
    changed_on = GovukDateField(label="Date of the change")
    legal_status = forms.ChoiceField(label="Legal status from that date", choices=_blank(LegalStatus.choices))
    reason_place_change = forms.ChoiceField(
        label="Reason the placement changed (if it did)",
        choices=_blank(PlaceChangeReason.choices, "Not a change of placement"),
        required=False,
    )

    field_order = ["kind", "changed_on", "legal_status", "reason_place_change", *PlacementFields.PLACEMENT_FIELDS]
    sections = [
        ("The change", ["kind", "changed_on", "legal_status", "reason_place_change"]),
        (
            "Placement from that date (leave as it is for a change of legal status only)",
            PlacementFields.PLACEMENT_FIELDS,
        ),
    ]


class PeriodEndForm(GovukForm):
    ended_on = GovukDateField(label="Date the child stopped being looked after")
    reason = forms.ChoiceField(label="Reason", choices=_blank(PERIOD_END_REASONS))


class HostedChildForm(GovukForm):
    council_id = forms.CharField(
        label="Council id, if the child is already known (optional)",
        max_length=20,
        required=False,
        help_text="Search for the child first; leave blank to add them from the notification",
    )
    given_names = forms.CharField(label="Given names (if not already known)", max_length=200, required=False)
    family_name = forms.CharField(label="Family name (if not already known)", max_length=200, required=False)
    date_of_birth = GovukDateField(label="Date of birth (if not already known)", required=False, past_only=True)
    not_known = forms.BooleanField(
        label="None of the people found is this child: add them as a new person", required=False
    )
    placing_council = forms.CharField(label="Council that placed the child", max_length=200)
    contact_name = forms.CharField(label="Contact at the placing council", max_length=200)
    contact_email = forms.CharField(label="Contact's email address", max_length=254, required=False)
    contact_phone = forms.CharField(label="Contact's phone number", max_length=40, required=False)
    received_on = GovukDateField(label="Date the notification was received")
    placed_on = GovukDateField(label="Date the child was placed here")
    placement_type = forms.ChoiceField(
        label="Placement type (optional)", choices=_blank(PlacementType.choices, "Not known"), required=False
    )
    provider_name = forms.CharField(label="Carer or provider (optional)", max_length=200, required=False)
    placement_postcode = forms.CharField(label="Placement postcode (optional)", max_length=8, required=False)

    sections = [
        ("The child", ["council_id", "given_names", "family_name", "date_of_birth", "not_known"]),
        ("The notification", ["placing_council", "contact_name", "contact_email", "contact_phone", "received_on"]),
        ("The placement", ["placed_on", "placement_type", "provider_name", "placement_postcode"]),
    ]


class EndDateForm(GovukForm):
    ended_on = GovukDateField(label="Date the placement ended")


class IROAllocateForm(GovukForm):
    iro = forms.ChoiceField(label="Independent reviewing officer")
    allocated_on = GovukDateField(label="Date allocated")

    def __init__(self, *args: Any, iros: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["iro"].choices = _blank([(str(u.pk), u.full_name or u.username) for u in iros])


class NoteForm(GovukForm):
    noted_on = GovukDateField(label="Date")
    note = forms.CharField(label="What you found monitoring the care plan", widget=forms.Textarea)


class ConcernRaiseForm(GovukForm):
    raised_on = GovukDateField(label="Date raised")
    summary = forms.CharField(label="The concern about practice", widget=forms.Textarea)


class ConcernEscalateForm(GovukForm):
    stage = forms.ChoiceField(label="Escalate to", choices=ConcernStage.choices[1:], widget=forms.RadioSelect)
    escalated_to = forms.ChoiceField(
        label="Who must answer it",
        required=False,
        help_text="They are told, and it is on their My work until the concern is resolved or escalated further. "
        "Not needed for a referral to Cafcass",
    )
    escalated_on = GovukDateField(label="Date escalated")
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, people: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["escalated_to"].choices = [("", "Choose a person")] + [
            (str(u.pk), f"{u.full_name or u.username} ({u.get_role_display()})") for u in people
        ]


class ConcernResolveForm(GovukForm):
    resolved_on = GovukDateField(label="Date resolved")
    resolution = forms.CharField(label="How it was resolved", widget=forms.Textarea)


class ReviewConveneForm(GovukForm):
    starts_on = GovukDateField(label="Date of the review")
    start_time = TimeField(label="Start time")
    location = forms.CharField(label="Place (optional)", max_length=300, required=False)

    def clean_start_time(self) -> dt.time:
        value = self.cleaned_data.get("start_time")
        if value is None:
            raise ValidationError("Enter the start time")
        return value

    @staticmethod
    def starts_at(d: dict[str, Any]) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(d["starts_on"], d["start_time"]))


class ReviewRecordForm(GovukForm):
    held_on = GovukDateField(label="Date the review was held")
    participation = forms.ChoiceField(
        label="How did the child take part?", choices=Participation.choices, widget=forms.RadioSelect
    )


class HealthForm(GovukForm):
    kind = forms.ChoiceField(label="Assessment", choices=HealthAssessmentKind.choices, widget=forms.RadioSelect)
    done_on = GovukDateField(label="Date of the assessment")


class HealthOutcomesForm(GovukForm):
    """SSDA903 OC2: the year's health outcomes of a child looked after for 12 months at 31 March."""

    year = forms.TypedChoiceField(label="Year ending 31 March", coerce=int, widget=forms.RadioSelect)
    sdq_score = forms.IntegerField(
        label="Strengths and difficulties questionnaire score (0 to 40)", required=False, min_value=0, max_value=40
    )
    sdq_reason = forms.ChoiceField(
        label="Or the reason there is no score", choices=_blank(SdqReason.choices, "There is a score"), required=False
    )
    health_check = forms.ChoiceField(
        label="Was the child's health assessment up to date?", choices=YES_NO, widget=forms.RadioSelect
    )
    immunisations = forms.ChoiceField(
        label="Were their immunisations up to date?", choices=YES_NO, widget=forms.RadioSelect
    )
    teeth_check = forms.ChoiceField(
        label="Had a dentist checked their teeth in the year?", choices=YES_NO, widget=forms.RadioSelect
    )
    health_assessment = forms.ChoiceField(
        label="Was the annual health assessment done?", choices=YES_NO, widget=forms.RadioSelect
    )
    substance_misuse = forms.ChoiceField(
        label="Were they identified as having a substance misuse problem?", choices=YES_NO, widget=forms.RadioSelect
    )
    intervention_received = forms.ChoiceField(
        label="Did they receive an intervention for it?", choices=_blank(YES_NO, "Not applicable"), required=False
    )
    intervention_offered = forms.ChoiceField(
        label="Were they offered an intervention and refused it?",
        choices=_blank(YES_NO, "Not applicable"),
        required=False,
    )
    convicted = forms.ChoiceField(
        label="Were they convicted, or given a final warning or reprimand, in the year?",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y - 1} to {y}") for y in years]


class PepForm(GovukForm):
    done_on = GovukDateField(label="Date the personal education plan was made or reviewed")


class VisitForm(GovukForm):
    visited_on = GovukDateField(label="Date of the visit")
    seen_alone = forms.ChoiceField(label="Was the child seen alone?", choices=YES_NO, widget=forms.RadioSelect)


class LeaverForm(GovukForm):
    contacted_on = GovukDateField(label="Date of the contact")
    in_touch = forms.ChoiceField(label="In touch", choices=_blank(InTouch.choices))
    activity = forms.ChoiceField(label="Main activity", choices=_blank(Activity.choices))
    accommodation = forms.ChoiceField(label="Accommodation", choices=_blank(ACCOMMODATION_CHOICES))


class FindForm(GovukForm):
    q = forms.CharField(label="Name or council id", max_length=200)
