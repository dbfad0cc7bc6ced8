"""Partner API: a child's family plans (GET /api/v1/people/<id>/family-plans).

The professionals around a child (a school, a health visitor) are often given tasks in the
family's plan. Thin, like jigsaw/timescales/api.py: the people selector applies the access
policy and writes the audit entry (a person the token's user may not see is a 404); the
selector reads the plans agreed at a family group conference; the serializer shapes them.
Network members are named, never their records: what a partner sees is the plan itself.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jigsaw.api.paths import PERSON_ID
from jigsaw.api.people import PartnerApiView, PersonRefSerializer
from jigsaw.api.serializers import PurposeQuery, purpose_from
from jigsaw.people.selectors import person_get

from .selectors import family_plans_for_person


class PlanItemSerializer(serializers.Serializer):
    what = serializers.CharField(help_text="What the plan says will happen")
    who = serializers.CharField(help_text="Who does it: a member of the family network, or a professional")
    by_when = serializers.DateField(allow_null=True, help_text="By when; null for something ongoing")
    ongoing = serializers.BooleanField()

    class Meta:
        ref_name = "FamilyPlanItem"


class FamilyPlanSerializer(serializers.Serializer):
    agreed_on = serializers.DateField(source="decided_on", help_text="The day of the conference that agreed it")
    review_due_on = serializers.DateField(allow_null=True, help_text="When the plan is to be reviewed")
    ended_on = serializers.DateField(allow_null=True, help_text="When a later plan or closure replaced it")
    contingency = serializers.CharField(help_text="What the family will do if the plan is not working")
    items = PlanItemSerializer(many=True, source="items.all")

    class Meta:
        ref_name = "FamilyPlan"


class PersonFamilyPlansApi(PartnerApiView):
    class OutputSerializer(serializers.Serializer):
        person = PersonRefSerializer()
        plans = FamilyPlanSerializer(many=True, help_text="Plans agreed at family group conferences, latest first")

        class Meta:
            ref_name = "PersonFamilyPlans"

    @extend_schema(
        operation_id="people_family_plans",
        summary="A child's family plans",
        description=(
            "The plans a family made at a family group conference and the referrer agreed: who does what, by "
            "when, and the contingency. A person the token's user may not see gets 404, whether or not they "
            "exist. Every read is recorded in the audit log."
        ),
        parameters=[PERSON_ID, PurposeQuery],
        responses={200: OutputSerializer},
        tags=["people"],
    )
    def get(self, request: Request, pk: int) -> Response:
        purpose = purpose_from(request)
        person = person_get(
            user=request.user, person_id=pk, purpose=self.audit_purpose(request, purpose, "family plans"), audit=True
        )
        plans = family_plans_for_person(user=request.user, person=person)
        return Response(self.OutputSerializer({"person": person, "plans": plans}).data)
