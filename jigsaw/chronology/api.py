"""Chronology endpoints: read a child's merged chronology, and add a partner agency's entry.

Thin views (HackSoft): validate, call the chronology selectors and services (which apply
the access policy and write the audit entries), serialise. A child the token's user may
not see is a 404, whether or not they exist.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiRequest, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api import errors
from jigsaw.api.paths import PERSON_ID
from jigsaw.api.people import PartnerApiView, PersonRefSerializer
from jigsaw.api.serializers import (
    MAX_ID,
    Choice,
    Date,
    QuerySerializer,
    QueryWholeNumber,
    StrictSerializer,
    Text,
    query_data,
)
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.selectors import person_get

from .choices import ChronologyKind, Significance
from .models import ChronologyEntry
from .selectors import VIEW_PURPOSE, chronology_for
from .services import DETAIL_MAX, SUMMARY_MAX, partner_entry_add

_SIGNIFICANCE_HELP = "low, standard, high or critical"


class AgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField(help_text="csc, police, health, education, probation, youth_justice, voluntary...")

    class Meta:
        ref_name = "Agency"


def _recorder(entry: ChronologyEntry) -> str | None:
    user = entry.recorded_by
    return (user.full_name or user.username) if user else None


class EntryVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    summary = serializers.CharField()
    detail = serializers.CharField()
    recorded_at = serializers.DateTimeField()
    recorded_by = serializers.SerializerMethodField(help_text="Who recorded it; null when the system did")

    class Meta:
        ref_name = "ChronologyEntryVersion"

    def get_recorded_by(self, entry: ChronologyEntry) -> str | None:
        return _recorder(entry)


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    occurred_on = serializers.DateField(help_text="The date of the event")
    occurred_at = serializers.DateTimeField(allow_null=True, help_text="The time of the event, when known")
    kind = serializers.CharField(help_text='A short code, e.g. "strategy_discussion" or "partner_entry"')
    kind_display = serializers.CharField(help_text="The kind in words")
    summary = serializers.CharField()
    detail = serializers.CharField()
    significance = serializers.CharField(help_text=f"{_SIGNIFICANCE_HELP}; high and critical are significant events")
    agency = AgencySerializer(source="source_agency", allow_null=True, help_text="The agency the entry came from")
    recorded_by = serializers.SerializerMethodField(help_text="Who recorded it; null when the system did")
    recorded_at = serializers.DateTimeField()
    corrects = serializers.IntegerField(
        source="corrects_id",
        allow_null=True,
        help_text="When this entry is a correction: the id of the entry it replaced",
    )
    correction_reason = serializers.CharField(help_text="Why the entry it replaced was corrected")
    earlier_versions = EntryVersionSerializer(
        many=True, help_text="The entries this one corrected, newest first (empty if never corrected)"
    )

    class Meta:
        ref_name = "ChronologyEntry"

    def get_recorded_by(self, entry: ChronologyEntry) -> str | None:
        return _recorder(entry)


def _application_error(e: ApplicationError) -> Response:
    return Response({e.field or "non_field_errors": [e.message]}, status=status.HTTP_400_BAD_REQUEST)


_KINDS_PATTERN = r"^ *[a-z][a-z0-9_]{0,39} *(, *[a-z][a-z0-9_]{0,39} *)*$"
_KNOWN_KINDS = ", ".join(ChronologyKind.values)


class PersonChronologyApi(PartnerApiView):
    class FilterSerializer(QuerySerializer):
        unknown_message = "{key} is not a filter. Use any of: {allowed}"

        agency = QueryWholeNumber(
            required=False,
            min_value=1,
            max_value=MAX_ID,
            help_text="Only entries from this agency (its id)",
            error_messages={
                "invalid": "Agency must be an agency's id, a whole number",
                "min_value": "Agency must be an agency's id, a whole number",
                "max_value": "Agency must be an agency's id, a whole number",
            },
        )
        date_from = Date(
            "date_from",
            required=False,
            help_text="Only events on or after this date, as YYYY-MM-DD",
            error_messages={"invalid": "date_from must be a real date, written as YYYY-MM-DD, like 2026-03-27"},
        )
        date_to = Date(
            "date_to",
            required=False,
            help_text="Only events on or before this date, as YYYY-MM-DD: the same as or after date_from",
            error_messages={"invalid": "date_to must be a real date, written as YYYY-MM-DD, like 2026-03-27"},
        )
        significance = Choice(
            required=False,
            choices=Significance.choices,
            help_text=f"The lowest significance to include: {_SIGNIFICANCE_HELP} (high gives high and critical)",
            error_messages={"invalid_choice": f"Significance must be one of {_SIGNIFICANCE_HELP}"},
        )
        kind = Text(
            "Kind",
            max_length=400,
            pattern=_KINDS_PATTERN,
            pattern_message="Kinds are short codes like strategy_discussion, separated by commas",
            help_text=(
                'Only these kinds, comma-separated, e.g. "conference,plan_started". A kind is a short code: a '
                f"lower-case letter, then up to 39 lower-case letters, digits or underscores. Known kinds: "
                f"{_KNOWN_KINDS}; service areas add their own (a code no entry has finds nothing)"
            ),
        )
        order = Choice(
            required=False,
            choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
            default="newest",
            help_text="newest (the default) or oldest first",
            error_messages={"invalid_choice": "Order must be newest or oldest"},
        )
        purpose = Text("Purpose", max_length=200, help_text="Why you are looking, recorded in the audit log")

        def validate_kind(self, value: str) -> list[str]:
            return [k.strip() for k in value.split(",") if k.strip()]

        def validate(self, attrs: dict) -> dict:
            attrs = super().validate(attrs)  # unknown parameters are refused
            start, end = attrs.get("date_from"), attrs.get("date_to")
            if start and end and end < start:
                raise serializers.ValidationError({"date_to": ["date_to must be the same as or after date_from"]})
            return attrs

    class InputSerializer(StrictSerializer):
        occurred_on = Date(
            "The date of the event",
            help_text="The date of the event, as YYYY-MM-DD: today or in the past, and after 1900",
            error_messages={
                "required": "Enter the date of the event (occurred_on)",
                "null": "Enter the date of the event (occurred_on)",
                "invalid": "The date of the event must be a real date, written as YYYY-MM-DD, like 2026-03-27",
            },
        )
        summary = Text(
            "Summary",
            required=True,
            max_length=SUMMARY_MAX,
            help_text="What happened, in one or two sentences",
            error_messages={
                "required": "Enter a summary of what happened",
                "blank": "Enter a summary of what happened",
                "null": "Enter a summary of what happened",
            },
        )
        detail = Text(
            "Details",
            max_length=DETAIL_MAX,
            default="",
            help_text="More detail: what was seen or said, by whom, and what your agency did",
        )
        significance = Choice(
            required=False,
            default=Significance.STANDARD,
            choices=Significance.choices,
            help_text=f"{_SIGNIFICANCE_HELP} (standard if not given)",
            error_messages={"invalid_choice": f"Significance must be one of {_SIGNIFICANCE_HELP}"},
        )

        class Meta:
            ref_name = "ChronologyEntryInput"

        def validate_occurred_on(self, value: Any) -> Any:
            if value > timezone.localdate():
                raise serializers.ValidationError("The date of the event must be today or in the past")
            return value

    class OutputSerializer(serializers.Serializer):
        person = PersonRefSerializer()
        entries = EntrySerializer(many=True, help_text="Newest first, unless order=oldest")

        class Meta:
            ref_name = "Chronology"

    @extend_schema(
        operation_id="people_chronology_list",
        summary="A child's merged multi-agency chronology",
        description=(
            "Every entry in the child's chronology that the token's user may see, from every agency, newest "
            "first: filter by agency, period, minimum significance and kind. A corrected entry appears once, "
            "as corrected, with what it replaced in `earlier_versions`. A person the user may not see gets "
            "404. Every read is recorded in the audit log.\n\n"
            "Rules the parameters' schemas cannot show, each answered with 400: `date_to` must be the same as or "
            "after `date_from`; parameters not listed here are refused."
        ),
        parameters=[PERSON_ID, FilterSerializer],
        responses={200: OutputSerializer},
        tags=["chronology"],
    )
    def get(self, request: Request, pk: int) -> Response:
        # The person first, so that a bad filter on someone the user may not see is still a 404.
        person = person_get(user=request.user, person_id=pk, audit=False)
        serializer = self.FilterSerializer(data=query_data(request))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        entries = chronology_for(
            user=request.user,
            person=person,
            agency_id=data.get("agency"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            significance=data.get("significance"),
            kinds=data.get("kind"),
            oldest_first=data.get("order") == "oldest",
            purpose=self.audit_purpose(request, data.get("purpose", ""), VIEW_PURPOSE),
        )
        return Response(self.OutputSerializer({"person": person, "entries": entries}).data)

    @extend_schema(
        operation_id="people_chronology_create",
        summary="Add your agency's entry to a child's chronology",
        description=(
            "Adds an entry from the token's user's agency, recorded by that user, to the chronology of a "
            "child they may see (for a partner practitioner: a child they are involved with). The entry "
            "cannot be changed afterwards; a mistake is put right by a correction. A person the user may "
            "not see gets 404.\n\n"
            "Rules the body's schema cannot show, each answered with 400: `occurred_on` must be today or in the "
            "past, and after 1900."
        ),
        parameters=[PERSON_ID],
        request=OpenApiRequest(
            InputSerializer,
            examples=[
                OpenApiExample(
                    "A school's entry",
                    value={
                        "occurred_on": "2026-11-20",
                        "summary": "Came to school with a bruise on his cheek; said he fell off his bike",
                        "detail": "Seen by the class teacher at 8:50am. Designated safeguarding lead informed.",
                        "significance": "high",
                    },
                )
            ],
        ),
        responses={
            201: EntrySerializer,
            400: errors.validation_response(
                "The entry was not valid; nothing was added.",
                [
                    OpenApiExample(
                        "Future date", value={"occurred_on": ["The date of the event must be today or in the past"]}
                    ),
                    OpenApiExample("No summary", value={"summary": ["Enter a summary of what happened"]}),
                ],
            ),
        },
        tags=["chronology"],
    )
    def post(self, request: Request, pk: int) -> Response:
        person = person_get(
            user=request.user, person_id=pk, purpose=self.audit_purpose(request, "", "add chronology entry")
        )
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            entry = partner_entry_add(actor=request.user, person=person, **serializer.validated_data)
        except ApplicationError as e:
            return _application_error(e)
        except PermissionDenied:
            raise NotFound from None
        entry.earlier_versions = []
        return Response(EntrySerializer(entry).data, status=status.HTTP_201_CREATED)
