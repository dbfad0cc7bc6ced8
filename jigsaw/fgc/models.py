"""Family group conferences: records.

A referral (with the family's agreement: a family group conference is voluntary) is about
one or more children (ReferralChild, one row each, so each child's deadlines and
chronology are their own). An independent coordinator is allocated and prepares: the
family network (NetworkMember, people from the person index, most of them wider family
and friends who do not live in the home) and the visits and calls of preparation
(PreparationContact). The conference itself is a meeting in the meetings engine
(MeetingKind.FGC); its three stages are recorded here (Conference): information giving,
private family time and agreeing the plan. The family's plan (FamilyPlan) says who does
what (PlanItem), with a contingency; review conferences follow.

Whoever may see one of the children may see the referral (the access policy decides).
All changes are logged by the audit log (registered in apps.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.core.jinja2 import govuk_date
from jigsaw.core.locking import VersionedModel

from .choices import ConferenceKind, ContactKind, FgdmOffer, Invitation, PlanDecision, ReferralStatus, ReviewOutcome

RETENTION_CLASS = "fgc"
LEGAL_BASIS = (
    "UK GDPR 6(1)(e) public task and 9(2)(g) substantial public interest (DPA 2018 Sch 1 para 18, "
    "safeguarding of children); Children Act 1989 s17 and s31ZA (family group decision-making); "
    "the family's agreement to the referral"
)


def _visible_people(user):
    from jigsaw.people.models import Person

    return Person.objects.visible_to(user)


class FgcRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        abstract = True


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReferralQuerySet:
        """A referral is visible to whoever may see at least one of its children."""
        return self.filter(pk__in=ReferralChild.objects.filter(person__in=_visible_people(user)).values("referral_id"))

    def open(self) -> ReferralQuerySet:
        return self.exclude(status=ReferralStatus.CLOSED)


class Referral(FgcRecord, VersionedModel):
    """A referral for a family group conference, and its allocation to a coordinator."""

    referred_on = models.DateField()
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(help_text="Why a family group conference, and the decisions the family are asked to make")
    # Voluntary: no referral without the family's agreement (statutory-reference 6).
    family_agreed = models.BooleanField(default=False)
    family_agreed_by = models.CharField(max_length=300, help_text="Who in the family agreed to the referral")
    # Children Act 1989 s31ZA: the offer of family group decision-making before proceedings.
    fgdm_offer = models.CharField(max_length=30, choices=FgdmOffer.choices, default=FgdmOffer.NOT_PRE_PROCEEDINGS)
    fgdm_offered_on = models.DateField(null=True, blank=True)
    fgdm_recipients = models.CharField(max_length=500, blank=True)
    fgdm_accepted = models.BooleanField(null=True, blank=True)
    fgdm_exemption_reasons = models.TextField(blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    allocated_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=30, choices=ReferralStatus.choices, default=ReferralStatus.AWAITING_ALLOCATION)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(family_agreed=True), name="fgc_referral_family_agreed"),
            models.CheckConstraint(condition=~Q(reason=""), name="fgc_referral_has_reason"),
            models.CheckConstraint(condition=Q(status__in=ReferralStatus.values), name="fgc_referral_status_valid"),
            models.CheckConstraint(condition=Q(fgdm_offer__in=FgdmOffer.values), name="fgc_referral_fgdm_valid"),
            models.CheckConstraint(
                condition=~Q(fgdm_offer=FgdmOffer.OFFERED)
                | (Q(fgdm_offered_on__isnull=False) & ~Q(fgdm_recipients="") & Q(fgdm_accepted__isnull=False)),
                name="fgc_referral_offer_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(fgdm_offer=FgdmOffer.EXEMPT) | ~Q(fgdm_exemption_reasons=""),
                name="fgc_referral_exemption_has_reasons",
            ),
            models.CheckConstraint(
                condition=Q(coordinator__isnull=True, allocated_on__isnull=True)
                | Q(coordinator__isnull=False, allocated_on__isnull=False),
                name="fgc_referral_allocated_with_date",
            ),
            # The coordinator is independent of the referrer.
            models.CheckConstraint(
                condition=Q(coordinator__isnull=True) | ~Q(coordinator=F("referred_by")),
                name="fgc_referral_coordinator_independent",
            ),
            models.CheckConstraint(
                condition=Q(allocated_on__isnull=True) | Q(allocated_on__gte=F("referred_on")),
                name="fgc_referral_allocated_after_referral",
            ),
            models.CheckConstraint(
                condition=Q(status=ReferralStatus.CLOSED, closed_on__isnull=False)
                | (~Q(status=ReferralStatus.CLOSED) & Q(closed_on__isnull=True)),
                name="fgc_referral_closed_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Family group conference referral of {govuk_date(self.referred_on)}"


class ReferralChild(FgcRecord):
    """One child the referral is about (the subject of that child's clocks)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="children")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["referral", "pk"]
        constraints = [models.UniqueConstraint(fields=["referral", "person"], name="fgc_referral_child_once")]

    def __str__(self) -> str:
        return str(self.person)


class NetworkMember(FgcRecord, VersionedModel):
    """Someone in the family network: family, wider family and friends, whom the family and
    the coordinator agree to invite (or not, for the child's safety)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="network")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    relationship = models.CharField(max_length=200, help_text="To the child, in the family's words")
    lives_in_home = models.BooleanField(default=False)
    invitation = models.CharField(max_length=20, choices=Invitation.choices, default=Invitation.UNDECIDED)
    not_invited_reason = models.TextField(blank=True)
    attending = models.BooleanField(null=True, blank=True)
    interpreter_language = models.CharField(max_length=100, blank=True)
    needs_advocate = models.BooleanField(default=False)
    other_needs = models.CharField(max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["referral", "lives_in_home", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "person"], name="fgc_network_member_once"),
            models.CheckConstraint(condition=~Q(relationship=""), name="fgc_network_has_relationship"),
            models.CheckConstraint(condition=Q(invitation__in=Invitation.values), name="fgc_network_invitation_valid"),
            models.CheckConstraint(
                condition=~Q(invitation=Invitation.NOT_INVITED) | ~Q(not_invited_reason=""),
                name="fgc_network_not_invited_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(invitation=Invitation.INVITED) | Q(attending__isnull=True) | Q(attending=False),
                name="fgc_network_attends_only_if_invited",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.relationship})"

    @property
    def needs(self) -> list[str]:
        out = []
        if self.interpreter_language:
            out.append(f"Interpreter ({self.interpreter_language})")
        if self.needs_advocate:
            out.append("Advocate")
        if self.other_needs:
            out.append(self.other_needs)
        return out

    @property
    def kept_away(self) -> bool:
        """Not to be invited, for a reason (usually a risk to the child): kept out of the plan too."""
        return self.invitation == Invitation.NOT_INVITED


class PreparationContact(FgcRecord):
    """A visit, call or letter of the coordinator's preparation."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="preparation")
    contacted_on = models.DateField()
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    with_whom = models.CharField(max_length=300)
    notes = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-contacted_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ContactKind.values), name="fgc_contact_kind_valid"),
            models.CheckConstraint(condition=~Q(with_whom="") & ~Q(notes=""), name="fgc_contact_has_detail"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.with_whom}"


class Conference(FgcRecord):
    """A family group conference or review, convened in the meetings engine; its stages
    recorded here as they happen."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="conferences")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="fgc_conference")
    kind = models.CharField(max_length=20, choices=ConferenceKind.choices, default=ConferenceKind.INITIAL)
    convened_for = models.DateField()
    # Stage 1: information giving (the conference is held once it is recorded).
    held_on = models.DateField(null=True, blank=True)
    information = models.TextField(blank=True, help_text="What the referrer and professionals told the family")
    bottom_lines = models.TextField(blank=True, help_text="What any plan must include or must not allow")
    # Stage 2: private family time, without professionals.
    private_time_from = models.TimeField(null=True, blank=True)
    private_time_to = models.TimeField(null=True, blank=True)
    # A review conference: how the plan went, and what happens next.
    progress = models.TextField(blank=True)
    review_outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-convened_for", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ConferenceKind.values), name="fgc_conference_kind_valid"),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | Q(held_on__gte=F("convened_for")),
                name="fgc_conference_held_not_before_convened",
            ),
            models.CheckConstraint(
                condition=Q(private_time_from__isnull=True)
                | (Q(private_time_to__isnull=True) | Q(private_time_to__gt=F("private_time_from"))),
                name="fgc_private_time_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(private_time_from__isnull=True) | Q(held_on__isnull=False),
                name="fgc_private_time_after_information",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {govuk_date(self.convened_for)}"

    @property
    def family_plan(self) -> FamilyPlan | None:
        try:
            return self.plan
        except FamilyPlan.DoesNotExist:
            return None

    @property
    def plan_decided(self) -> bool:
        plan = self.family_plan
        return bool(plan and plan.decision)


class FamilyPlan(FgcRecord, VersionedModel):
    """The family's plan, made in private family time: who does what, and what happens if it fails."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="plans")
    conference = models.OneToOneField(Conference, on_delete=models.CASCADE, related_name="plan")
    contingency = models.TextField(blank=True, help_text="What the family will do if the plan is not working")
    decision = models.CharField(max_length=20, choices=PlanDecision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=PlanDecision.values), name="fgc_plan_decision_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision="", decided_on__isnull=True) | (~Q(decision="") & Q(decided_on__isnull=False)),
                name="fgc_plan_decided_with_date",
            ),
            models.CheckConstraint(
                condition=~Q(decision=PlanDecision.NOT_AGREED) | ~Q(decision_reasons=""),
                name="fgc_plan_not_agreed_has_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(decision=PlanDecision.AGREED) | ~Q(contingency=""),
                name="fgc_plan_agreed_has_contingency",
            ),
        ]

    def __str__(self) -> str:
        return f"Family plan of {self.conference}"

    @property
    def agreed(self) -> bool:
        return self.decision == PlanDecision.AGREED


class PlanItem(FgcRecord):
    """One thing the plan says will happen: what, who does it (a network member or a
    professional) and by when."""

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="items")
    what = models.TextField()
    member = models.ForeignKey(NetworkMember, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    professional = models.CharField(max_length=200, blank=True)
    by_when = models.DateField(null=True, blank=True)
    ongoing = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(what=""), name="fgc_plan_item_has_what"),
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(professional=""))
                | (Q(member__isnull=True) & ~Q(professional="")),
                name="fgc_plan_item_one_who",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def who(self) -> str:
        return str(self.member.person) if self.member_id else self.professional
