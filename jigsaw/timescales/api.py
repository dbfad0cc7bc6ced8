"""Partner API: a child's deadlines (GET /api/v1/people/<id>/deadlines).

Thin, like jigsaw/api/people.py: the people selector applies the access policy and writes
the audit entry (a person the token's user may not see is a 404), the timescales selector
reads the deadlines, the serializer shapes them.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api.paths import PERSON_ID
from jigsaw.api.people import PartnerApiView, PersonRefSerializer
from jigsaw.api.serializers import PurposeQuery, purpose_from
from jigsaw.people.selectors import person_get

from .choices import DeadlineStatus
from .selectors import person_deadlines


class DeadlineSerializer(serializers.Serializer):
    rule = serializers.CharField(source="rule_key", help_text='The timescale rule, e.g. "icpc"')
    title = serializers.CharField(help_text='What is due, e.g. "Hold the initial child protection conference"')
    started_on = serializers.DateField(help_text="The date of the event that started the clock")
    due_on = serializers.DateField(help_text="The last day on which the deadline is met on time")
    met_on = serializers.DateField(allow_null=True, help_text="When the deadline was met; null if not yet")
    stopped_on = serializers.DateField(
        allow_null=True, help_text="When the deadline stopped without being met because it was no longer needed"
    )
    status = serializers.ChoiceField(
        choices=DeadlineStatus.choices,
        help_text="due, due_soon, overdue, met_on_time, met_late or stopped (no longer needed)",
    )
    status_label = serializers.CharField(help_text='The status in words, e.g. "Met late"')
    working_days_overdue = serializers.IntegerField(help_text="For an overdue deadline, how many working days late")
    responsible = serializers.CharField(
        source="worker_name",
        help_text="The worker responsible (timescales.ownership); empty if nobody is, when it is on a team "
        "manager's unallocated list",
    )
    late_reason = serializers.CharField(help_text="The reason recorded for a missed deadline; empty if none")
    late_reason_signed_off = serializers.BooleanField(help_text="Whether a team manager has agreed the reason")

    class Meta:
        ref_name = "Deadline"


class PersonDeadlinesApi(PartnerApiView):
    class OutputSerializer(serializers.Serializer):
        person = PersonRefSerializer()
        deadlines = DeadlineSerializer(
            many=True, help_text="Running deadlines first, soonest due first; then finished ones"
        )

        class Meta:
            ref_name = "PersonDeadlines"

    @extend_schema(
        operation_id="people_deadlines",
        summary="A child's deadlines",
        description=(
            "Every statutory and local timescale running or finished for the person: what is due, when it "
            "started, when it is due, when it was met and whether on time, late or overdue, counted in "
            "England & Wales working days. A person the token's user may not see gets 404, whether or not "
            "they exist. Every read is recorded in the audit log."
        ),
        parameters=[PERSON_ID, PurposeQuery],
        responses={200: OutputSerializer},
        tags=["people"],
    )
    def get(self, request: Request, pk: int) -> Response:
        purpose = purpose_from(request)
        person = person_get(
            user=request.user, person_id=pk, purpose=self.audit_purpose(request, purpose, "deadlines"), audit=True
        )
        lines = person_deadlines(user=request.user, person=person)
        return Response(self.OutputSerializer({"person": person, "deadlines": lines}).data)
