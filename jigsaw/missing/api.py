"""The police's systems report a missing child, and their return, to the council.

POST /api/v1/missing-episodes            a child is missing (or was: send the return too)
POST /api/v1/missing-episodes/<id>/return  the child is back or found

Thin views (HackSoft): validate the body, call the service (which checks the token's user
is a police officer who may see the child, checks the times, starts the 72-hour return
home interview clock and records the chronology), serialise. A child the officer may not
see is a 404, like one that does not exist; a child not yet known goes to the front door
(POST /api/v1/contacts).
"""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api import errors
from jigsaw.api.people import PartnerApiView
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.models import Person

from . import selectors, services
from .choices import EpisodeKind, MissingFrom, RiskLevel


def _choice(label: str, choices: Any, *, required: bool = True) -> serializers.ChoiceField:
    allowed = ", ".join(str(v) for v in choices.values)
    return serializers.ChoiceField(
        choices=choices.choices,
        required=required,
        help_text=f"One of: {allowed}",
        error_messages={
            "invalid_choice": f"{label} must be one of: {allowed}",
            "required": f"Enter {label[0].lower() + label[1:]}: one of {allowed}",
        },
    )


def _moment(label: str, *, required: bool) -> serializers.DateTimeField:
    return serializers.DateTimeField(
        required=required,
        help_text=f"{label} (ISO 8601, with the time zone)",
        error_messages={
            "invalid": f"{label} must be a date and time, like 2026-11-21T14:30:00Z",
            "required": f"Enter {label[0].lower() + label[1:]}",
        },
    )


def _text(label: str, max_length: int) -> serializers.CharField:
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=max_length,
        help_text=label,
        error_messages={"max_length": f"{label} must be {max_length} characters or fewer"},
    )


class EpisodeReceipt(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person_id = serializers.IntegerField()
    kind = serializers.CharField(help_text="SSDA903 MISSING: M (missing) or A (away from placement)")
    went_missing_at = serializers.DateTimeField()
    returned_at = serializers.DateTimeField(allow_null=True)
    return_interview_due_at = serializers.DateTimeField(
        source="rhi_due_at", allow_null=True, help_text="72 hours after the return"
    )

    class Meta:
        ref_name = "MissingEpisodeReceipt"


def _refused(error: ApplicationError) -> Response:
    return Response({error.field or "non_field_errors": [error.message]}, status=status.HTTP_400_BAD_REQUEST)


def _check_unknown(serializer: serializers.Serializer, what: str) -> None:
    unknown = sorted(set(serializer.initial_data) - set(serializer.fields))
    if unknown:
        raise serializers.ValidationError({key: [f"{key} is not a field of {what}"] for key in unknown})


class MissingEpisodeReportApi(PartnerApiView):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MissingEpisodeReport"  # one name per component in the OpenAPI document

        person_id = serializers.IntegerField(
            help_text="The child's id (a child your user may see)",
            error_messages={"required": "Enter the child's person_id", "invalid": "person_id must be a whole number"},
        )
        kind = _choice("Kind", EpisodeKind, required=False)
        missing_from = _choice("Where the child went missing from", MissingFrom)
        missing_from_detail = _text("Where they were last seen", 300)
        went_missing_at = _moment("When the child went missing", required=True)
        reported_at = _moment("When the police received the report", required=False)
        police_reference = _text("Your reference", 50)
        risk_level = _choice("Risk", RiskLevel)
        risk_notes = _text("The risks", 10000)
        returned_at = _moment("When the child returned or was found", required=False)
        where_found = _text("Where they were found", 300)

        def validate(self, attrs: dict) -> dict:
            _check_unknown(self, "a missing episode")
            return attrs

    @extend_schema(
        operation_id="missing_episodes_create",
        summary="Report a missing child",
        description=(
            "The police report that a child they work with is missing (or was: send `returned_at` and "
            "`where_found` too). The council offers a return home interview within 72 hours of the return."
        ),
        request=InputSerializer,
        responses={
            201: EpisodeReceipt,
            400: OpenApiResponse(
                response=errors.VALIDATION.response,
                description="The report was not valid: plain-English messages per field.",
                examples=[
                    OpenApiExample(
                        "Back before missing",
                        value={
                            "returned_at": [
                                "The return must be after Jayden Corrigan went missing, at 2am on 10 December 2026"
                            ]
                        },
                    )
                ],
            ),
            401: errors.UNAUTHENTICATED,
            403: errors.FORBIDDEN,
            404: errors.NOT_FOUND,
            429: errors.THROTTLED,
        },
        tags=["missing children"],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = Person.objects.visible_to(request.user).filter(pk=data.pop("person_id")).first()
        if person is None:
            raise Http404
        try:
            episode = services.episode_report_by_police(actor=request.user, person=person, data=data)
        except ApplicationError as e:
            return _refused(e)
        return Response(EpisodeReceipt(episode).data, status=status.HTTP_201_CREATED)


class MissingEpisodeReturnApi(PartnerApiView):
    class InputSerializer(serializers.Serializer):
        class Meta:
            ref_name = "MissingEpisodeReturn"  # one name per component in the OpenAPI document

        returned_at = _moment("When the child returned or was found", required=True)
        where_found = serializers.CharField(
            max_length=300,
            help_text="Where they were found or came back from",
            error_messages={
                "required": "Enter where they were found",
                "blank": "Enter where they were found",
                "max_length": "Where they were found must be 300 characters or fewer",
            },
        )
        notes = _text("Notes on the return", 10000)

        def validate(self, attrs: dict) -> dict:
            _check_unknown(self, "a return")
            return attrs

    @extend_schema(
        operation_id="missing_episodes_return",
        summary="Report that a missing child is back",
        request=InputSerializer,
        responses={
            200: EpisodeReceipt,
            400: errors.VALIDATION,
            401: errors.UNAUTHENTICATED,
            403: errors.FORBIDDEN,
            404: errors.NOT_FOUND,
            429: errors.THROTTLED,
        },
        tags=["missing children"],
    )
    def post(self, request: Request, episode_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        episode = selectors.episode_get(
            user=request.user, episode_id=episode_id, purpose=self.audit_purpose(request, "", "missing: return")
        )
        try:
            episode = services.episode_return(
                actor=request.user,
                episode=episode,
                returned_at=d["returned_at"],
                where_found=d["where_found"],
                return_notes=d.get("notes", ""),
            )
        except ApplicationError as e:
            return _refused(e)
        return Response(EpisodeReceipt(episode).data)
