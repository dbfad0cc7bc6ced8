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
from drf_spectacular.utils import OpenApiExample, OpenApiRequest, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api import errors
from jigsaw.api.paths import record_id_parameter
from jigsaw.api.people import PartnerApiView
from jigsaw.api.serializers import Choice, DateTime, RecordId, StrictSerializer, Text
from jigsaw.core.exceptions import ApplicationError
from jigsaw.people.models import Person

from . import selectors, services
from .choices import EpisodeKind, MissingFrom, RiskLevel
from .deadlines import RHI_HOURS


def _choice(label: str, choices: Any, *, required: bool = True) -> Choice:
    allowed = ", ".join(str(v) for v in choices.values)
    return Choice(
        choices=choices.choices,
        required=required,
        help_text=f"One of: {allowed}",
        error_messages={
            "invalid_choice": f"{label} must be one of: {allowed}",
            "required": f"Enter {label[0].lower() + label[1:]}: one of {allowed}",
        },
    )


class EpisodeReceipt(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    person_id = serializers.IntegerField()
    kind = serializers.CharField(help_text="SSDA903 MISSING: M (missing) or A (away from placement)")
    went_missing_at = serializers.DateTimeField()
    returned_at = serializers.DateTimeField(allow_null=True)
    return_interview_due_at = serializers.DateTimeField(
        source="rhi_due_at", allow_null=True, help_text=f"{RHI_HOURS} hours after the return"
    )

    class Meta:
        ref_name = "MissingEpisodeReceipt"


def _refused(error: ApplicationError) -> Response:
    return Response({error.field or "non_field_errors": [error.message]}, status=status.HTTP_400_BAD_REQUEST)


class MissingEpisodeReportApi(PartnerApiView):
    class InputSerializer(StrictSerializer):
        unknown_message = "{key} is not a field of a missing episode"

        class Meta:
            ref_name = "MissingEpisodeReport"  # one name per component in the OpenAPI document

        person_id = RecordId(
            "person_id",
            help_text="The child's id (a child your user may see)",
            error_messages={"required": "Enter the child's person_id"},
        )
        kind = _choice("Kind", EpisodeKind, required=False)
        missing_from = _choice("Where the child went missing from", MissingFrom)
        missing_from_detail = Text("Where they were last seen", max_length=300)
        went_missing_at = DateTime("When the child went missing")
        reported_at = DateTime("When the police received the report", required=False)
        police_reference = Text("Your reference", max_length=50)
        risk_level = _choice("Risk", RiskLevel)
        risk_notes = Text("The risks", max_length=10000)
        returned_at = DateTime("When the child returned or was found", required=False)
        where_found = Text("Where they were found", max_length=300)

    @extend_schema(
        operation_id="missing_episodes_create",
        summary="Report a missing child",
        description=(
            "The police report that a child they work with is missing (or was: send `returned_at` and "
            "`where_found` too). The council offers a return home interview within 72 hours of the return.\n\n"
            "Only police officers may report (403 for anyone else), about a child their user may see (404 "
            "otherwise). Rules the body's schema cannot show, each answered with 400: the times must be in the "
            "past, the child under 18 and born when they went missing, the report to the police and the return "
            "at or after they went missing, `where_found` with `returned_at`, no overlap with another episode of the same child, and `kind` A (away "
            "from placement) only with `missing_from` care_placement."
        ),
        request=OpenApiRequest(
            InputSerializer,
            examples=[
                OpenApiExample(
                    "Missing from home",
                    value={
                        "person_id": 1,
                        "kind": "M",
                        "missing_from": "home",
                        "missing_from_detail": "Last seen leaving the house after an argument",
                        "went_missing_at": "2026-11-20T21:30:00Z",
                        "police_reference": "NB-2026-11-0042",
                        "risk_level": "medium",
                    },
                )
            ],
        ),
        responses={
            201: EpisodeReceipt,
            400: errors.validation_response(
                "The report was not valid: plain-English messages per field.",
                [
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
            404: errors.NOT_FOUND,
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
    class InputSerializer(StrictSerializer):
        unknown_message = "{key} is not a field of a return"

        class Meta:
            ref_name = "MissingEpisodeReturn"  # one name per component in the OpenAPI document

        returned_at = DateTime("When the child returned or was found")
        where_found = Text(
            "Where they were found",
            required=True,
            max_length=300,
            help_text="Where they were found or came back from",
            error_messages={"required": "Enter where they were found", "blank": "Enter where they were found"},
        )
        notes = Text("Notes on the return", max_length=10000)

    @extend_schema(
        operation_id="missing_episodes_return",
        summary="Report that a missing child is back",
        description=(
            "When and where the child came back or was found. An episode the token's user may not see gets 404. "
            "Rules the body's schema cannot show, each answered with 400: the return must be in the past and "
            "after the child went missing, not already recorded, and not overlap another episode."
        ),
        parameters=[record_id_parameter("episode_id", "The missing episode's id")],
        request=InputSerializer,
        responses={200: EpisodeReceipt},
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
