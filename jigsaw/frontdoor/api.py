"""POST /api/v1/contacts: a partner agency's system sends a contact to the front door.

Thin view (HackSoft): validate the body, call contact_record (which checks the role,
the people and the consent rules, starts the decision clock and audits), serialise. The
caller is the token's user and their agency. Each child or adult is an existing record
the user may see (person_id) or details: the front door links those to the record they
surely match, or to a new one, and tells the sender nothing about who matched.
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiRequest, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api import errors
from jigsaw.api.people import PartnerApiView
from jigsaw.api.serializers import Choice, Date, DateTime, RecordId, StrictSerializer, Text
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.choices import Sex
from jigsaw.people.validators import normalise_postcode, validate_nhs_number

from .choices import (
    DEFAULT_LEVELS_OF_NEED,
    CallerKind,
    Channel,
    Consent,
    FamilyAware,
    LawfulBasis,
    PersonRole,
    ReferralSource,
    levels_of_need,
)
from .permissions import may_record_contact, may_refer
from .questions import consent_refusals
from .services import PersonEntry, contact_record


class MaySendContacts(BasePermission):
    """A contact comes from the front door's own staff or a partner who may refer; another role
    that may use the API (to search, say) is refused with 403 before its body is read."""

    message = "Your role does not include sending contacts to the front door"

    def has_permission(self, request: Any, view: Any) -> bool:
        return may_record_contact(request.user) or may_refer(request.user)


def _choices_text(choices: Any) -> str:
    return ", ".join(str(v) for v in choices.values)


def _choice(label: str, choices: Any, *, required: bool = True, help_text: str = "") -> Choice:
    allowed = _choices_text(choices)
    return Choice(
        choices=choices.choices,
        required=required,
        help_text=help_text or f"One of: {allowed}",
        error_messages={
            "invalid_choice": f"{label} must be one of: {allowed}",
            "required": f"Enter {label[0].lower() + label[1:]}: one of {allowed}",
        },
    )


def _letters(text: str) -> str:
    """A regex character class of upper-case letters, written to take lower case too: A-C -> A-Ca-c."""
    return text + text.lower()


# A full UK postcode, any case, with or without the space (the form normalise_postcode makes and
# validate_postcode checks). Written out so that the OpenAPI document can show it.
UK_POSTCODE_PATTERN = (
    rf"^ *([Gg][Ii][Rr] *0[Aa][Aa]|[{_letters('A-PR-UWYZ')}]([0-9]{{1,2}}|[{_letters('A-HK-Y')}][0-9]{{1,2}}"
    rf"|[0-9][{_letters('A-HJKPSTUW')}]|[{_letters('A-HK-Y')}][0-9][{_letters('ABEHMNPRVWXY')}])"
    rf" *[0-9][{_letters('ABD-HJLNP-UW-Z')}]{{2}}) *$"
)
NHS_NUMBER_PATTERN = r"^[\s-]*([0-9][\s-]*){10}$"


class ContactPersonInput(StrictSerializer):
    unknown_message = "{key} is not a field of a child or an adult on a contact"

    person_id = RecordId(
        "person_id",
        required=False,
        help_text="The person's id, if your user can see their record; otherwise send their details",
    )
    relationship = Text("Relationship", max_length=200, help_text="For example: subject child, sibling, mother")
    given_names = Text("Given names", max_length=200)
    family_name = Text("Family name", max_length=200)
    date_of_birth = Date("Date of birth", required=False, help_text="YYYY-MM-DD: today or in the past")
    sex = Choice(
        choices=Sex.choices,
        required=False,
        help_text="F, M, U (not known) or I (indeterminate)",
        error_messages={"invalid_choice": "Sex must be F (female), M (male), U (not known) or I (indeterminate)"},
    )
    nhs_number = Text(
        "NHS number",
        max_length=20,
        pattern=NHS_NUMBER_PATTERN,
        pattern_message="Enter an NHS number that is 10 digits long, like 943 476 5919",
        help_text="10 digits; spaces allowed. It must pass its check digit",
    )
    upn = Text("Unique pupil number", max_length=13)
    school = Text("School or setting", max_length=200)
    address_line_1 = Text("Address line 1", max_length=200)
    postcode = Text(
        "Postcode",
        max_length=10,
        pattern=UK_POSTCODE_PATTERN,
        pattern_message="Enter a real UK postcode, like LS1 4AP",
        help_text="A full UK postcode, like LS1 4AP",
    )

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
        return normalise_postcode(value) if value else value

    def validate(self, attrs: dict) -> dict:
        if attrs.get("person_id") is None and not (attrs.get("given_names") or attrs.get("family_name")):
            raise serializers.ValidationError("Send the person's id, or at least a given name or a family name")
        return attrs


class ContactCreateApi(PartnerApiView):
    permission_classes = [*PartnerApiView.permission_classes, MaySendContacts]

    class InputSerializer(StrictSerializer):
        unknown_message = "{key} is not a field of a contact"

        class Meta:
            ref_name = "ContactInput"

        received_at = DateTime(
            "received_at",
            required=False,
            help_text="When your agency received the information (RFC 3339, with the time zone); now if left out",
        )
        caller_contact_details = Text(
            "How to reach the caller",
            max_length=300,
            help_text="A phone number or email for feedback; your account's email if left out",
        )
        caller_role = Text("Caller's job or role", max_length=200)
        relationship_to_family = Text("Relationship to the family", max_length=200)
        how_they_know_family = Text("How they know the family", max_length=5000)
        family_aware = _choice("Whether the family knows about the contact", FamilyAware)
        consent = _choice("Consent to share", Consent)
        consent_reason = Text(
            "Why consent was refused or not sought",
            max_length=5000,
            help_text="Needed when consent is refused or not sought",
        )
        lawful_basis = _choice(
            "Lawful basis for sharing without consent",
            LawfulBasis,
            required=False,
            help_text=f"Needed when consent is refused or not sought. One of: {_choices_text(LawfulBasis)}",
        )
        worries = Text(
            "Worries",
            required=True,
            max_length=20000,
            help_text="The worries, in the caller's words",
            error_messages={
                "required": "Enter the worries, in the caller's words",
                "blank": "Enter the worries, in the caller's words",
                "null": "Enter the worries, in the caller's words",
            },
        )
        level_of_need = Choice(
            choices=[], required=False, help_text="The level of need on the partnership's continuum, if you know it"
        )
        source = _choice(
            "Contact source",
            ReferralSource,
            required=False,
            help_text="The Children in Need census source code; worked out from your agency if left out",
        )
        children = serializers.ListField(
            child=ContactPersonInput(),
            min_length=1,
            help_text="The children the contact is about (at least one)",
            error_messages={
                "required": "Send at least one child",
                "null": "Send at least one child",
                "min_length": "Send at least one child",
                "not_a_list": "Send the children as a list",
            },
        )
        adults = serializers.ListField(
            child=ContactPersonInput(),
            required=False,
            help_text="The adults in the household",
            error_messages={"not_a_list": "Send the adults as a list", "null": "Send the adults as a list"},
        )

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            try:
                levels = levels_of_need()
            except DatabaseError:
                # The schema is also built by `check --deploy` where no database answers: the
                # canonical levels then, the partnership's own whenever it is served.
                levels = [(str(k), str(v)) for k, v in DEFAULT_LEVELS_OF_NEED]
            allowed = ", ".join(k for k, _ in levels)
            field = self.fields["level_of_need"]
            field.choices = levels
            field.error_messages["invalid_choice"] = f"level_of_need must be one of: {allowed}"

        def validate(self, attrs: dict) -> dict:
            problems = {
                field: [message]
                for field, message in consent_refusals(
                    consent=attrs.get("consent"),
                    reason=attrs.get("consent_reason"),
                    lawful_basis=attrs.get("lawful_basis"),
                )
            }
            if "lawful_basis" in problems:
                # An API client is told the allowed values, as for every other choice.
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
            "by their details. The receipt does not say whether the details matched a known record.\n\n"
            "Rules the body's schema cannot show, each answered with 400: when consent is refused or not sought, "
            "`consent_reason` and `lawful_basis` are needed; each child or adult needs a `person_id` or a given "
            "or family name, and a `person_id` must be a record your user may see, once on the contact; an NHS "
            "number must pass its check digit; `received_at` and dates of birth must not be in the future."
        ),
        request=OpenApiRequest(
            InputSerializer,
            examples=[
                OpenApiExample(
                    "A school's worry",
                    value={
                        "family_aware": "yes",
                        "consent": "given",
                        "worries": "Kai has come to school hungry every day this week and says there is no food.",
                        "children": [
                            {
                                "relationship": "subject child",
                                "given_names": "Kai",
                                "family_name": "Doyle",
                                "date_of_birth": "2018-04-02",
                                "school": "Northbridge Primary",
                            }
                        ],
                    },
                )
            ],
        ),
        responses={
            201: OutputSerializer,
            400: errors.validation_response(
                "The contact was not valid: plain-English messages per field.",
                [
                    OpenApiExample(
                        "Consent refused without a reason",
                        value={"consent_reason": ["Enter why consent was refused"]},
                    ),
                    OpenApiExample("No child", value={"children": ["Send at least one child"]}),
                ],
            ),
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
            problems: dict[str, list[str]] = {}
            for one in e.errors:  # every refusal at once (the service gathers them)
                problems.setdefault(one.field or "non_field_errors", []).append(one.message)
            return Response(problems, status=status.HTTP_400_BAD_REQUEST)
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
