"""POST /api/v1/contacts: a partner agency's system sends a contact to the front door.

Thin view (HackSoft): validate the body, call contact_record (which checks the role,
the people and the consent rules, starts the decision clock and audits), serialise. The
caller is the token's user and their agency. Each child or adult is an existing record
the user may see (person_id) or details: the front door links those to the record they
surely match, or to a new one, and tells the sender nothing about who matched.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api import errors
from jigsaw.api.people import PartnerApiView
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.choices import Sex
from jigsaw.people.validators import normalise_postcode, validate_nhs_number, validate_postcode

from .choices import CallerKind, Channel, Consent, FamilyAware, LawfulBasis, PersonRole, ReferralSource, levels_of_need
from .services import PersonEntry, contact_record


def _choices_text(choices: Any) -> str:
    return ", ".join(str(v) for v in choices.values)


def _choice(label: str, choices: Any, *, required: bool = True, help_text: str = "") -> serializers.ChoiceField:
    allowed = _choices_text(choices)
    return serializers.ChoiceField(
        choices=choices.choices,
        required=required,
        help_text=help_text or f"One of: {allowed}",
        error_messages={
            "invalid_choice": f"{label} must be one of: {allowed}",
            "required": f"Enter {label[0].lower() + label[1:]}: one of {allowed}",
        },
    )


def _text(label: str, max_length: int = 200, help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=max_length,
        help_text=help_text or label,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


class ContactPersonInput(serializers.Serializer):
    person_id = serializers.IntegerField(
        required=False,
        help_text="The person's id, if your user can see their record; otherwise send their details",
        error_messages={"invalid": "person_id must be a whole number"},
    )
    relationship = _text("Relationship", help_text="For example: subject child, sibling, mother")
    given_names = _text("Given names")
    family_name = _text("Family name")
    date_of_birth = serializers.DateField(
        required=False,
        help_text="YYYY-MM-DD",
        error_messages={"invalid": "Date of birth must be a real date, written as YYYY-MM-DD, like 2015-03-27"},
    )
    sex = serializers.ChoiceField(
        choices=Sex.choices,
        required=False,
        help_text="F, M, U (not known) or I (indeterminate)",
        error_messages={"invalid_choice": "Sex must be F (female), M (male), U (not known) or I (indeterminate)"},
    )
    nhs_number = _text("NHS number", 20, "10 digits; spaces allowed")
    upn = _text("Unique pupil number", 13)
    school = _text("School or setting")
    address_line_1 = _text("Address line 1")
    postcode = _text("Postcode", 10)

    class Meta:
        ref_name = "ContactPersonInput"

    def validate_date_of_birth(self, value: Any) -> Any:
        if value > timezone.localdate():
            raise serializers.ValidationError("Date of birth must be today or in the past")
        return value

    def validate_nhs_number(self, value: str) -> str:
        if value:
            try:
                validate_nhs_number(value)
            except DjangoValidationError as e:
                raise serializers.ValidationError(e.messages) from None
        return value

    def validate_postcode(self, value: str) -> str:
        if value:
            value = normalise_postcode(value)
            try:
                validate_postcode(value)
            except DjangoValidationError as e:
                raise serializers.ValidationError(e.messages) from None
        return value

    def validate(self, attrs: dict) -> dict:
        if attrs.get("person_id") is None and not (attrs.get("given_names") or attrs.get("family_name")):
            raise serializers.ValidationError("Send the person's id, or at least a given name or a family name")
        return attrs


class ContactCreateApi(PartnerApiView):
    class InputSerializer(serializers.Serializer):
        received_at = serializers.DateTimeField(
            required=False,
            help_text="When your agency received the information (ISO 8601); now if left out",
            error_messages={"invalid": "received_at must be a date and time, like 2026-11-21T14:30:00Z"},
        )
        caller_contact_details = _text(
            "How to reach the caller", 300, "A phone number or email for feedback; your account's email if left out"
        )
        caller_role = _text("Caller's job or role")
        relationship_to_family = _text("Relationship to the family")
        how_they_know_family = _text("How they know the family", 5000)
        family_aware = _choice("Whether the family knows about the contact", FamilyAware)
        consent = _choice("Consent to share", Consent)
        consent_reason = _text("Why consent was refused or not sought", 5000)
        lawful_basis = _choice(
            "Lawful basis for sharing without consent",
            LawfulBasis,
            required=False,
            help_text=f"Needed when consent is refused or not sought. One of: {_choices_text(LawfulBasis)}",
        )
        worries = serializers.CharField(
            max_length=20000,
            help_text="The worries, in the caller's words",
            error_messages={
                "required": "Enter the worries, in the caller's words",
                "blank": "Enter the worries, in the caller's words",
            },
        )
        level_of_need = serializers.ChoiceField(
            choices=[], required=False, help_text="The level of need on the partnership's continuum, if you know it"
        )
        source = _choice(
            "Contact source",
            ReferralSource,
            required=False,
            help_text="The Children in Need census source code; worked out from your agency if left out",
        )
        children = ContactPersonInput(
            many=True,
            help_text="The children the contact is about (at least one)",
            error_messages={"required": "Send at least one child"},
        )
        adults = ContactPersonInput(many=True, required=False, help_text="The adults in the household")

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            levels = levels_of_need()
            allowed = ", ".join(k for k, _ in levels)
            field = self.fields["level_of_need"]
            field.choices = levels
            field.error_messages["invalid_choice"] = f"level_of_need must be one of: {allowed}"

        def validate(self, attrs: dict) -> dict:
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [f"{key} is not a field of a contact"] for key in unknown})
            if not attrs.get("children"):
                raise serializers.ValidationError({"children": ["Send at least one child"]})
            consent = attrs.get("consent")
            if consent and consent != Consent.GIVEN:
                problems = {}
                what = "refused" if consent == Consent.REFUSED else "not sought"
                if not attrs.get("consent_reason", "").strip():
                    problems["consent_reason"] = [f"Enter why consent was {what}"]
                if not attrs.get("lawful_basis"):
                    problems["lawful_basis"] = [
                        f"Enter the lawful basis for sharing without consent: one of {_choices_text(LawfulBasis)}"
                    ]
                if problems:
                    raise serializers.ValidationError(problems)
            return attrs

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="pk")
        reference = serializers.CharField(help_text="The front door's reference, like C000123")
        received_at = serializers.DateTimeField()
        decision_due_on = serializers.DateField(help_text="A decision is due by this date (one working day)")
        status = serializers.CharField(help_text="awaiting_decision")
        children = serializers.IntegerField(help_text="How many children the contact names")
        adults = serializers.IntegerField(help_text="How many adults the contact names")

        class Meta:
            ref_name = "ContactReceipt"

    @extend_schema(
        operation_id="contacts_create",
        summary="Send a contact to the front door",
        description=(
            "Records a contact from the token's user and their agency about one or more children. A decision is "
            "due within one working day. Name each child or adult by `person_id` (a record your user may see) or "
            "by their details. The receipt does not say whether the details matched a known record."
        ),
        request=InputSerializer,
        responses={
            201: OutputSerializer,
            400: OpenApiResponse(
                response=errors.VALIDATION.response,
                description="The contact was not valid: plain-English messages per field.",
                examples=[
                    OpenApiExample(
                        "Consent refused without a reason",
                        value={"consent_reason": ["Enter why consent was refused"]},
                    ),
                    OpenApiExample("No child", value={"children": ["Send at least one child"]}),
                ],
            ),
            401: errors.UNAUTHENTICATED,
            403: errors.FORBIDDEN,
            429: errors.THROTTLED,
        },
        tags=["contacts"],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        user = request.user
        people = [_entry(PersonRole.CHILD, item) for item in data.pop("children")] + [
            _entry(PersonRole.ADULT, item) for item in data.pop("adults", [])
        ]
        data |= {
            "channel": Channel.API,
            "caller_kind": CallerKind.PROFESSIONAL,
            "caller_name": user.full_name or user.username,
            "caller_agency": user.agency,
            "caller_role": data.get("caller_role") or user.job_title,
            "caller_contact_details": data.get("caller_contact_details") or user.email,
        }
        try:
            contact = contact_record(actor=user, data=data, people=people, via_api=True)
        except ApplicationError as e:
            return Response({e.field or "non_field_errors": [e.message]}, status=status.HTTP_400_BAD_REQUEST)
        receipt = {
            "pk": contact.pk,
            "reference": contact.reference,
            "received_at": contact.received_at,
            "decision_due_on": contact.decision_due_on,
            "status": contact.status,
            "children": sum(1 for p in people if p.role == PersonRole.CHILD),
            "adults": sum(1 for p in people if p.role == PersonRole.ADULT),
        }
        return Response(self.OutputSerializer(receipt).data, status=status.HTTP_201_CREATED)


def _entry(role: str, item: dict[str, Any]) -> PersonEntry:
    item = dict(item)
    return PersonEntry(
        role=role,
        relationship=item.pop("relationship", ""),
        person_id=item.pop("person_id", None),
        details={k: v for k, v in item.items() if v not in (None, "")},
    )
