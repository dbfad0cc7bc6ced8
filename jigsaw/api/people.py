"""People endpoints: "is this person already known?" and one person's record.

Thin views (HackSoft): validate the query, call the people selectors (which apply the access
policy and write the audit entry), serialise. Nothing here queries Person directly.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle
from rest_framework.views import APIView

from jigsaw.people.choices import Sex
from jigsaw.people.selectors import (
    OpenService,
    person_family_network,
    person_get,
    person_list,
    person_open_services,
    person_search,
)
from jigsaw.people.validators import normalise_nhs_number, normalise_postcode, validate_nhs_number, validate_postcode

from . import errors
from .authentication import ApiTokenAuthentication
from .permissions import CanUseApi

# The details a search may name: the same columns as the people import.
SEARCH_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "date_of_birth",
    "sex",
    "nhs_number",
    "upn",
    "address",
    "postcode",
)
_OUTWARD_CODE = re.compile(r"^[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?$")


class PartnerApiView(APIView):
    """Token only (no session, so no cross-site request forgery), roles that may use the API, throttled."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated, CanUseApi]
    throttle_classes = [UserRateThrottle]

    def audit_purpose(self, request: Request, purpose: str, default: str) -> str:
        # The audit entry names the token as well as its user, so a leaked token can be traced.
        return f"API token {request.auth.prefix}: {purpose or default}"


def _query_data(request: Request) -> dict[str, str]:
    """Query parameters, trimmed; empty ones are as good as absent."""
    return {k: v.strip() for k, v in request.query_params.items() if v.strip()}


def _text(label: str, max_length: int = 100, help_text: str = "") -> serializers.CharField:
    return serializers.CharField(
        required=False,
        max_length=max_length,
        help_text=help_text or label,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


class OpenServiceSerializer(serializers.Serializer):
    service = serializers.CharField(help_text="What the person is open to, e.g. Child protection")
    worker = serializers.CharField(help_text="The worker involved, and their team")
    kind = serializers.CharField(help_text="Allocated worker or Invited professional")
    since = serializers.DateField()

    class Meta:
        ref_name = "OpenService"


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    council_id = serializers.CharField()
    display_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "PersonRef"


class SearchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk")
    council_id = serializers.CharField(source="person.council_id")
    display_name = serializers.CharField(source="person.display_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    score = serializers.FloatField(help_text="How well the person matches the query, 0 to 100")
    confidence = serializers.CharField(help_text="The score in words: high, possible or low")
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text='Why they matched, e.g. "same date of birth"'
    )
    open_services = OpenServiceSerializer(many=True)

    class Meta:
        ref_name = "PersonSearchResult"


class HouseholdResultSerializer(SearchResultSerializer):
    household_of = PersonRefSerializer(
        allow_null=True, help_text="The matched person this person lives with (or lived with)"
    )

    class Meta:
        ref_name = "PersonSearchHouseholdResult"


class AddressSerializer(serializers.Serializer):
    line_1 = serializers.CharField()
    line_2 = serializers.CharField()
    town = serializers.CharField()
    postcode = serializers.CharField()
    lived_from = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "Address"


class OtherNameSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="previous, alias or birth")
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    used_from = serializers.DateField(allow_null=True)
    used_to = serializers.DateField(allow_null=True)

    class Meta:
        ref_name = "OtherName"


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="former_upn, legacy, ni or other")
    value = serializers.CharField()
    source = serializers.CharField(help_text="Which system issued it, for legacy ids")

    class Meta:
        ref_name = "Identifier"


class FamilyMemberSerializer(serializers.Serializer):
    relationship = serializers.CharField(help_text='What the relative is to this person, e.g. "Parent"')
    current = serializers.BooleanField()
    started_on = serializers.DateField(allow_null=True)
    ended_on = serializers.DateField(allow_null=True)
    person = PersonRefSerializer()

    class Meta:
        ref_name = "FamilyMember"


class PersonSearchApi(PartnerApiView):
    class InputSerializer(serializers.Serializer):
        given_name = _text("Given name")
        family_name = _text("Family name")
        other_names = _text("Other names", 200, "Middle names, previous names or aliases")
        date_of_birth = serializers.DateField(
            required=False,
            input_formats=["iso-8601", "%d/%m/%Y"],
            help_text="Date of birth, as YYYY-MM-DD",
            error_messages={"invalid": "Date of birth must be a real date, written as YYYY-MM-DD, like 2015-03-27"},
        )
        sex = serializers.ChoiceField(
            required=False,
            choices=Sex.choices,
            help_text="F (female), M (male), U (not known) or I (indeterminate)",
            error_messages={"invalid_choice": "Sex must be F (female), M (male), U (not known) or I (indeterminate)"},
        )
        nhs_number = _text("NHS number", 20, "10 digits; spaces allowed")
        upn = _text("Unique pupil number", 20, "13 characters, like V801200000017")
        address = _text("Address", 300, "The address, or part of it")
        postcode = _text("Postcode", 10, "A postcode (LS1 4AP) or its first part (LS1)")
        purpose = _text("Purpose", 200, "Why you are searching, recorded in the audit log")
        limit = serializers.IntegerField(
            required=False,
            default=10,
            min_value=1,
            max_value=50,
            help_text="How many people to return at most (1 to 50)",
            error_messages={
                "invalid": "Limit must be a whole number",
                "min_value": "Limit must be between 1 and 50",
                "max_value": "Limit must be between 1 and 50",
            },
        )

        def validate_date_of_birth(self, value: Any) -> Any:
            if value > timezone.localdate():
                raise serializers.ValidationError("Date of birth must be today or in the past")
            return value

        def validate_nhs_number(self, value: str) -> str:
            try:
                validate_nhs_number(value)
            except DjangoValidationError as e:
                raise serializers.ValidationError(e.messages) from None
            return normalise_nhs_number(value)

        def validate_upn(self, value: str) -> str:
            # Searching takes a UPN as typed, check letter or not: a school's copy may carry a typo.
            upn = value.replace(" ", "").upper()
            if not re.fullmatch(r"[A-Z]\d{11}[0-9A-Z]", upn):
                raise serializers.ValidationError(
                    "Enter a unique pupil number of 13 characters, a letter then 12 numbers, like V801200000017"
                )
            return upn

        def validate_postcode(self, value: str) -> str:
            postcode = normalise_postcode(value)
            try:
                validate_postcode(postcode)
            except DjangoValidationError:
                compact = postcode.replace(" ", "")
                if not _OUTWARD_CODE.match(compact):
                    raise serializers.ValidationError(
                        "Enter a real UK postcode, like LS1 4AP, or its first part, like LS1"
                    ) from None
                return compact
            return postcode

        def validate(self, attrs: dict) -> dict:
            unknown = sorted(set(self.initial_data) - set(self.fields))
            if unknown:
                allowed = ", ".join((*SEARCH_FIELDS, "purpose", "limit"))
                raise serializers.ValidationError(
                    {key: [f"{key} is not a search field. Use any of: {allowed}"] for key in unknown}
                )
            if not any(attrs.get(name) for name in SEARCH_FIELDS):
                raise serializers.ValidationError("Enter at least one detail to search for")
            return attrs

    class OutputSerializer(serializers.Serializer):
        results = SearchResultSerializer(
            many=True, source="people", help_text="People who may be the one searched for, best first"
        )
        household = HouseholdResultSerializer(many=True, help_text="People living with the best matches")

        class Meta:
            ref_name = "PersonSearchResponse"

    @extend_schema(
        operation_id="people_search",
        summary="Is this person already known?",
        description=(
            "Searches the people the token's user may see, typo-tolerant, and ranks them with the reasons "
            "they matched and what each is open to. `household` lists people who live with the best matches. "
            "Every search is recorded in the audit log with the token's user as the actor."
        ),
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer,
            400: errors.VALIDATION,
            401: errors.UNAUTHENTICATED,
            403: errors.FORBIDDEN,
            429: errors.THROTTLED,
        },
        tags=["people"],
    )
    def get(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=_query_data(request))
        serializer.is_valid(raise_exception=True)
        from jigsaw.people.matching import SearchQuery  # here, so that a broken engine cannot stop the URLs loading

        data = serializer.validated_data
        # A date, not text: the engine reads text as a rough date ("April 2015"), a date as exact.
        mapping = {name: data[name] for name in SEARCH_FIELDS if data.get(name)}
        results = person_search(
            user=request.user,
            query=SearchQuery.from_mapping(mapping),
            limit=data["limit"],
            purpose=self.audit_purpose(request, data.get("purpose", ""), "already known? search"),
        )
        return Response(self.OutputSerializer(results).data)


@dataclass
class PersonRecord:
    """What the detail endpoint returns: the person and what the selectors say about them."""

    person: Any
    open_services: list[OpenService]
    family: list[Any] = field(default_factory=list)
    current_address: Any = None
    merged_into: int | None = None


class PersonDetailApi(PartnerApiView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField(source="person.pk")
        council_id = serializers.CharField(source="person.council_id")
        display_name = serializers.CharField(source="person.display_name")
        given_names = serializers.CharField(source="person.given_names")
        family_name = serializers.CharField(source="person.family_name")
        preferred_name = serializers.CharField(source="person.preferred_name")
        date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
        expected_date_of_birth = serializers.DateField(source="person.expected_date_of_birth", allow_null=True)
        date_of_death = serializers.DateField(source="person.date_of_death", allow_null=True)
        sex = serializers.CharField(source="person.sex", help_text="F, M, U (not known) or I (indeterminate)")
        nhs_number = serializers.CharField(source="person.nhs_number")
        upn = serializers.CharField(source="person.upn")
        other_identifiers = IdentifierSerializer(many=True, source="person.identifiers")
        current_address = AddressSerializer(allow_null=True)
        other_names = OtherNameSerializer(many=True, source="person.other_names")
        open_services = OpenServiceSerializer(many=True)
        family = FamilyMemberSerializer(many=True, help_text="Relatives the token's user may see; others are left out")
        merged_into = serializers.IntegerField(
            allow_null=True, help_text="When this record was merged as a duplicate: the id of the record kept"
        )

        class Meta:
            ref_name = "Person"

    @extend_schema(
        operation_id="people_retrieve",
        summary="One person's record",
        description=(
            "The person's names, date of birth, identifiers, current address, other names, what they are open "
            "to and their family network (only relatives the token's user may see). A person the user may not "
            "see gets 404, whether or not they exist. Every read is recorded in the audit log."
        ),
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The person's id"),
            OpenApiParameter("purpose", OpenApiTypes.STR, description="Why you are looking, recorded in the audit log"),
        ],
        responses={200: OutputSerializer, 401: errors.UNAUTHENTICATED, 403: errors.FORBIDDEN, 404: errors.NOT_FOUND},
        tags=["people"],
    )
    def get(self, request: Request, pk: int) -> Response:
        purpose = request.query_params.get("purpose", "").strip()[:200]
        person = person_get(
            user=request.user, person_id=pk, purpose=self.audit_purpose(request, purpose, "person record")
        )
        network = person_family_network(user=request.user, person=person)
        merged_into = None
        if person.merged_into_id and person_list(user=request.user).filter(pk=person.merged_into_id).exists():
            merged_into = person.merged_into_id
        record = PersonRecord(
            person=person,
            open_services=person_open_services(person=person),
            family=[m for m in network.members if m.person is not None],
            current_address=next((a for a in person.addresses.all() if a.is_current), None),
            merged_into=merged_into,
        )
        return Response(self.OutputSerializer(record).data)
