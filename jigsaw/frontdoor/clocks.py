"""The front door's decision clocks: one per child on a contact (the subject is the child's
row on the contact), read here so the contact's due date and its owner come from the clocks."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, QuerySet, Subquery

from jigsaw.timescales.models import Clock

REFERRAL_DECISION = "referral_decision"


def _row_type() -> ContentType:
    from .models import ContactPerson

    return ContentType.objects.get_for_model(ContactPerson)


def decision_clocks(contact: Any) -> QuerySet[Clock]:
    """Every decision clock of the contact's children (running or stopped)."""
    rows = contact.people.values("pk")
    return Clock.objects.filter(rule_key=REFERRAL_DECISION, content_type=_row_type(), object_id__in=rows)


def with_clock_due_on(qs: QuerySet) -> QuerySet:
    """Annotate each contact with its decision clocks' earliest due date (`clock_due_on`)."""
    from .models import ContactPerson

    rows = ContactPerson.objects.filter(contact=OuterRef(OuterRef("pk"))).values("pk")
    clocks = (
        Clock.objects.filter(rule_key=REFERRAL_DECISION, content_type=_row_type(), object_id__in=rows)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    return qs.annotate(clock_due_on=Subquery(clocks))
