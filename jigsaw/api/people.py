"""People endpoints: "is this person already known?" and one person's record.

Thin views (HackSoft): validate the query, call the people selectors (which apply the access
policy and write the audit entry), serialise. Nothing here queries Person directly.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.parsers import JSONParser
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
from jigsaw.records.disclosures import DisclosureRoute, disclosures_record

from . import errors
from .authentication import ApiTokenAuthentication
from .paths import PERSON_ID
from .permissions import CanUseApi
from .schema import JigsawAutoSchema
from .serializers import Choice, Date, PurposeQuery, QuerySerializer, QueryWholeNumber, Text, purpose_from, query_data

# The details a search may name: the same columns as the people import, and middle names.
SEARCH_FIELDS = (
    "given_name",
    "middle_names",
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
_UPN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")


class PartnerApiView(APIView):
    """Token only (no session, so no cross-site request forgery), roles that may use the API, throttled.

    Bodies are JSON only (415 otherwise), every error is JSON in one of the two shapes of
    jigsaw.api.errors, and the OpenAPI document says so (jigsaw.api.schema).
    """

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [IsAuthenticated, CanUseApi]
    throttle_classes = [UserRateThrottle]
    parser_classes = [JSONParser]
    schema = JigsawAutoSchema()

    def get_exception_handler(self) -> Any:
        return errors.api_exception_handler

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        """A partner's successful read is a disclosure: logged for each person it returned (the
        person read at people/<id>/..., or the people a search found), in one insert."""
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200 and getattr(request, "auth", None) is not None:
            _disclosed(request, response, kwargs)
        return response

    def audit_purpose(self, request: Request, purpose: str, default: str) -> str:
        # The audit entry names the token as well as its user, so a leaked token can be traced.
        return f"API token {request.auth.prefix}: {purpose or default}"


def _disclosed(request: Request, response: Any, kwargs: dict[str, Any]) -> None:
    route = getattr(getattr(request, "resolver_match", None), "route", "") or ""
    if "people/<" in route and "pk" in kwargs:  # the route includes the api/v1/ prefix
        about = [int(kwargs["pk"])]
    else:
        data = response.data if isinstance(response.data, dict) else {}
        about = [r["id"] for r in data.get("results", []) if isinstance(r, dict) and isinstance(r.get("id"), int)]
    user = request.user
    disclosures_record(
        person_ids=about,
        route=DisclosureRoute.API_READ,
        what=f"API {request.path}"[:300],
        recipient_name=getattr(user, "full_name", "") or user.get_username(),
        recipient_email=getattr(user, "email", "") or "",
        recipient_agency=user.agency.name if getattr(user, "agency_id", None) else "",
        purpose=f"API token {request.auth.prefix}: {request.query_params.get('purpose', '') or 'read by a partner system'}"[
            :300
        ],
        shared_by=user,
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
    summary = serializers.CharField(help_text='The match in words, e.g. "Same name and date of birth; address differs"')
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


def _nhs_number_hint(value: str) -> str | None:
    """Why an NHS number cannot be searched for, or None if it can."""
    digits = normalise_nhs_number(value)
    if not re.fullmatch(r"[0-9]{10}", digits):
        return f"The NHS number {value} is not 10 digits long"
    try:
        validate_nhs_number(digits)
    except DjangoValidationError:
        return f"The NHS number {digits[:3]} {digits[3:6]} {digits[6:]} is not valid (its check digit is wrong)"
    return None


def _postcode(value: str) -> str | None:
    """A postcode (LS1 4AP) or its first part (LS1), written the usual way; None if it is neither."""
    postcode = normalise_postcode(value)
    try:
        validate_postcode(postcode)
    except DjangoValidationError:
        compact = postcode.replace(" ", "")
        return compact if _OUTWARD_CODE.match(compact) else None
    return postcode


class PersonSearchApi(PartnerApiView):
    class InputSerializer(QuerySerializer):
        unknown_message = "{key} is not a search field. Use any of: {allowed}"

        given_name = Text("Given name", max_length=100, help_text="First name")
        middle_names = Text(
            "Middle names",
            max_length=100,
            help_text="Middle names, space-separated; used only with given_name (a child known by a middle name is found)",
        )
        family_name = Text("Family name", max_length=100, help_text="Surname")
        other_names = Text(
            "Other names", max_length=200, help_text="Previous names or aliases, separated by semicolons"
        )
        date_of_birth = Date(
            "Date of birth", required=False, help_text="Date of birth, as YYYY-MM-DD: today or in the past"
        )
        sex = Choice(
            required=False,
            choices=Sex.choices,
            help_text="F (female), M (male), U (not known) or I (indeterminate)",
            error_messages={"invalid_choice": "Sex must be F (female), M (male), U (not known) or I (indeterminate)"},
        )
        nhs_number = Text(
            "NHS number",
            max_length=20,
            help_text=(
                "10 digits; spaces allowed. One that is not 10 digits or fails its check digit is left out of "
                "the search, with a warning, rather than refused"
            ),
        )
        upn = Text(
            "Unique pupil number",
            max_length=20,
            help_text=(
                "13 characters, a letter then 12 numbers, like V801200000017 (check letter or not: a school's "
                "copy may carry a typo). One of another shape is left out of the search, with a warning"
            ),
        )
        address = Text("Address", max_length=300, help_text="The address, or part of it")
        postcode = Text(
            "Postcode",
            max_length=10,
            help_text=(
                "A postcode (LS1 4AP) or its first part (LS1), any case, spaces anywhere. One that is neither "
                "is left out of the search, with a warning"
            ),
        )
        purpose = Text("Purpose", max_length=200, help_text="Why you are searching, recorded in the audit log")
        limit = QueryWholeNumber(
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

        def validate(self, attrs: dict) -> dict:
            attrs = super().validate(attrs)  # unknown parameters are refused
            # Identifiers that cannot be right are hints, not faults: search without them, and say so.
            warnings: dict[str, str] = {}
            if nhs := attrs.pop("nhs_number", ""):
                if problem := _nhs_number_hint(nhs):
                    warnings["nhs_number"] = problem
                else:
                    attrs["nhs_number"] = normalise_nhs_number(nhs)
            if upn := attrs.pop("upn", ""):
                compact = upn.replace(" ", "").upper()
                if _UPN.match(compact):
                    attrs["upn"] = compact
                else:
                    warnings["upn"] = f"The unique pupil number {upn} is not a letter then 12 numbers"
            if postcode := attrs.pop("postcode", ""):
                if found := _postcode(postcode):
                    attrs["postcode"] = found
                else:
                    warnings["postcode"] = f"The postcode {postcode} is not a UK postcode or the first part of one"
            if attrs.get("middle_names") and not attrs.get("given_name"):
                warnings["middle_names"] = "Middle names are used only with a given name"
                attrs.pop("middle_names")
            if not any(attrs.get(name) for name in SEARCH_FIELDS):
                if warnings:
                    raise serializers.ValidationError(
                        {
                            name: [f"{problem}. Give it correctly, or another detail to search for"]
                            for name, problem in warnings.items()
                        }
                    )
                raise serializers.ValidationError("Enter at least one detail to search for")
            attrs["warnings"] = [f"{problem}, so the search was made without it" for problem in warnings.values()]
            return attrs

    class OutputSerializer(serializers.Serializer):
        results = SearchResultSerializer(
            many=True, source="people", help_text="People who may be the one searched for, best first"
        )
        household = HouseholdResultSerializer(many=True, help_text="People living with the best matches")
        warnings = serializers.ListField(
            child=serializers.CharField(),
            help_text=(
                "Details the search was made without, and why: an NHS number that fails its check digit, a "
                "postcode or unique pupil number that cannot be one, middle names without a given name. Empty "
                "when every detail was used"
            ),
        )

        class Meta:
            ref_name = "PersonSearchResponse"

    @extend_schema(
        operation_id="people_search",
        summary="Is this person already known?",
        description=(
            "Searches the people the token's user may see, typo-tolerant, and ranks them with the reasons "
            "they matched and what each is open to. `household` lists people who live with the best matches. "
            "Every search is recorded in the audit log with the token's user as the actor.\n\n"
            "Rules the parameters' schemas cannot show, each answered with 400:\n"
            "- at least one detail (a parameter other than `purpose` and `limit`) must be given and usable: "
            "an NHS number, postcode or unique pupil number that cannot be right is left out of the search "
            "with a warning in `warnings`, and middle names are used only with a given name;\n"
            "- `date_of_birth` must be today or in the past;\n"
            "- parameters not listed here are refused (a typo such as `dob` would otherwise widen the search)."
        ),
        parameters=[InputSerializer],
        responses={
            200: OutputSerializer,
            400: errors.validation_response(
                "The query was not valid: messages per parameter.",
                [
                    OpenApiExample(
                        "Impossible date",
                        value={
                            "date_of_birth": [
                                "Date of birth must be a real date, written as YYYY-MM-DD, like 2015-03-27"
                            ]
                        },
                    ),
                    OpenApiExample(
                        "Empty query", value={"non_field_errors": ["Enter at least one detail to search for"]}
                    ),
                    OpenApiExample(
                        "Only an NHS number, and not a valid one",
                        value={
                            "nhs_number": [
                                "The NHS number 943 476 5918 is not valid (its check digit is wrong). "
                                "Give it correctly, or another detail to search for"
                            ]
                        },
                    ),
                    OpenApiExample(
                        "Unknown parameter",
                        value={"dob": ["dob is not a search field. Use any of: given_name, ..."]},
                    ),
                ],
            ),
        },
        tags=["people"],
    )
    def get(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=query_data(request))
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
        answer = {"people": results.people, "household": results.household, "warnings": data["warnings"]}
        return Response(self.OutputSerializer(answer).data)


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
        parameters=[PERSON_ID, PurposeQuery],
        responses={200: OutputSerializer},
        tags=["people"],
    )
    def get(self, request: Request, pk: int) -> Response:
        purpose = purpose_from(request)
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
