"""Child protection: strategy discussions, section 47 enquiries, assessments, conferences,
plans (with their categories and the agencies told), core groups and visits.

Every record here belongs to a child (`person`, copied from the episode so the access
policy can scope each row in one join) and to that child's episode of need
(jigsaw.frontdoor Episode). A complex strategy meeting covers several children: what
concerns each child is kept on that child's own row, so each child's record shows only
its own part (StrategyDiscussionChild, EnquiryLink). Meetings themselves (invitations,
attendance, minutes) live in the shared meetings engine.

All changes are logged by the audit log (registered in apps.py). Constraints say in the
database what the services check in words.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.core.locking import VersionedModel

from .choices import (
    AssessmentFactor,
    Category,
    ConferenceDecision,
    ConferenceKind,
    EnquiryLinkKind,
    NotificationEvent,
    PlanEndReason,
    Section47Outcome,
    StrategyKind,
)

RETENTION_CLASS = "child-protection"
LEGAL_BASIS = (
    "UK GDPR 6(1)(e) public task and 9(2)(g) substantial public interest (DPA 2018 Sch 1 para 18, "
    "safeguarding of children); Children Act 1989 s47; Working Together to Safeguard Children 2023 ch.3"
)


def _visible_people(user):
    from jigsaw.people.models import Person

    return Person.objects.visible_to(user)


class PersonScopedQuerySet(models.QuerySet):
    """Rows about one child: visible when the child is (the access policy decides)."""

    def visible_to(self, user) -> PersonScopedQuerySet:
        return self.filter(person__in=_visible_people(user))


class ProtectionRecord(models.Model):
    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        abstract = True


class StrategyDiscussionQuerySet(models.QuerySet):
    def visible_to(self, user) -> StrategyDiscussionQuerySet:
        """A discussion is visible if one of its children is; what of it is shown is a selector's job."""
        return self.filter(children__person__in=_visible_people(user)).distinct()

    def awaiting_record(self) -> StrategyDiscussionQuerySet:
        return self.filter(held_on__isnull=True)


class StrategyDiscussion(ProtectionRecord):
    """A strategy discussion (one child) or a complex strategy meeting (several children and
    households, alleged perpetrators and places linked to one enquiry)."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="strategy_discussion")
    kind = models.CharField(max_length=30, choices=StrategyKind.choices, default=StrategyKind.SIMPLE)
    # For a complex meeting, the enquiry's name (an operation name), never a child's name:
    # whoever sees one child's part sees the title too.
    title = models.CharField(max_length=200)
    held_on = models.DateField(null=True, blank=True)
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = StrategyDiscussionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=StrategyKind.values), name="strategy_kind_valid"),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, recorded_at__isnull=True)
                | Q(held_on__isnull=False, recorded_at__isnull=False),
                name="strategy_held_when_recorded",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="strategy_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_complex(self) -> bool:
        return self.kind == StrategyKind.COMPLEX


class StrategyDiscussionChild(ProtectionRecord):
    """One child's part in a strategy discussion: their concerns, what was shared about them,
    and the decision for them (section 47 or not, and why)."""

    strategy = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="children")
    episode = models.ForeignKey("frontdoor.Episode", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    concerns = models.TextField()
    information_shared = models.TextField(blank=True)
    section_47 = models.BooleanField("section 47 enquiries", null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "person"], name="strategy_child_once"),
            models.CheckConstraint(condition=~Q(concerns=""), name="strategy_child_has_concerns"),
            models.CheckConstraint(
                condition=Q(section_47__isnull=True) | ~Q(decision_reason=""),
                name="strategy_child_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} – {self.person}"


class EnquiryLink(ProtectionRecord):
    """An alleged perpetrator or a place linked to a (complex) enquiry, and the children it concerns.

    A user sees a link only through a child of theirs that it concerns, and then only the
    description: never the other children it is also linked to."""

    strategy = models.ForeignKey(StrategyDiscussion, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=30, choices=EnquiryLinkKind.choices)
    description = models.CharField(max_length=300)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The alleged perpetrator's own record, if there is one",
    )
    children = models.ManyToManyField(StrategyDiscussionChild, related_name="links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EnquiryLinkKind.values), name="enquiry_link_kind_valid"),
            models.CheckConstraint(condition=~Q(description=""), name="enquiry_link_has_description"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"


class Section47(ProtectionRecord):
    """A section 47 enquiry, started by a strategy discussion (the ICPC clock's anchor, 1.5)."""

    episode = models.ForeignKey("frontdoor.Episode", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="section_47s")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Section47Outcome.choices, blank=True)
    # CIN census ICPCnotRequired is the negation; kept so the return is a plain query.
    icpc_needed = models.BooleanField("initial conference needed", null=True, blank=True)
    outcome_summary = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            models.UniqueConstraint(fields=["strategy_discussion", "person"], name="section47_once_per_discussion"),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
                name="section47_completed_after_start",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True, outcome="", icpc_needed__isnull=True)
                | Q(completed_on__isnull=False, outcome=Section47Outcome.ICPC, icpc_needed=True)
                | Q(
                    completed_on__isnull=False,
                    outcome__in=[Section47Outcome.NFA, Section47Outcome.CIN_PLAN],
                    icpc_needed=False,
                ),
                name="section47_outcome_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.started_on:%-d %B %Y}"


class Assessment(ProtectionRecord):
    """A child and family assessment: due 45 working days from the referral (1.4)."""

    episode = models.ForeignKey("frontdoor.Episode", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child_seen = models.BooleanField("child seen during the assessment", null=True, blank=True)
    summary = models.TextField(blank=True)
    # CIN census AssessmentInternalReviewDate: the manager's review before authorisation.
    internal_review_on = models.DateField("internal review date", null=True, blank=True)
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delay_reason = models.TextField(blank=True, help_text="Why it took longer than 45 working days, if it did")

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True) | Q(authorised_on__gte=F("started_on")),
                name="assessment_authorised_after_start",
            ),
            models.CheckConstraint(
                condition=Q(authorised_on__isnull=True, authorised_by__isnull=True)
                | Q(authorised_on__isnull=False, authorised_by__isnull=False),
                name="assessment_authorised_by_someone",
            ),
            models.UniqueConstraint(
                fields=["episode"], condition=Q(authorised_on__isnull=True), name="assessment_one_open_per_episode"
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on:%-d %B %Y}"


class AssessmentFactorIdentified(models.Model):
    """One factor identified at an assessment (a row each, so the census codes are checked by the database)."""

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=3, choices=AssessmentFactor.choices)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_factor_once"),
            models.CheckConstraint(condition=Q(code__in=AssessmentFactor.values), name="assessment_factor_is_code"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Conference(ProtectionRecord):
    """An initial, review or transfer-in child protection conference and its decision."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="conference")
    episode = models.ForeignKey("frontdoor.Episode", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=ConferenceKind.choices)
    # Initial: the enquiry that recommended it. Review: the plan it reviews.
    section_47 = models.ForeignKey(
        Section47, null=True, blank=True, on_delete=models.PROTECT, related_name="conferences"
    )
    plan = models.ForeignKey(
        "ProtectionPlan", null=True, blank=True, on_delete=models.PROTECT, related_name="review_conferences"
    )
    # Transfer-in: when written notice of the permanent move was received (the clock's anchor, 1.9).
    transfer_notified_on = models.DateField(null=True, blank=True)
    transferring_council = models.CharField(max_length=200, blank=True)
    convened_for = models.DateField(help_text="The date the conference is set for")
    convened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=10, choices=ConferenceDecision.choices, blank=True)
    category = models.CharField(max_length=3, choices=Category.choices, blank=True)
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dissent = models.TextField(blank=True, help_text="Who disagreed with the decision, and why")
    inquorate_reason = models.TextField(
        blank=True, help_text="Why the chair went ahead although the conference was not quorate"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-convened_for", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ConferenceKind.values), name="conference_kind_valid"),
            models.CheckConstraint(
                condition=Q(decision="")
                | Q(
                    kind__in=[ConferenceKind.INITIAL, ConferenceKind.TRANSFER_IN],
                    decision__in=[ConferenceDecision.PLAN, ConferenceDecision.NO_PLAN],
                )
                | Q(kind=ConferenceKind.REVIEW, decision__in=[ConferenceDecision.CONTINUE, ConferenceDecision.END]),
                name="conference_decision_fits_kind",
            ),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True, decision="") | Q(held_on__isnull=False) & ~Q(decision=""),
                name="conference_held_when_decided",
            ),
            models.CheckConstraint(
                condition=Q(category="") | Q(category__in=Category.values), name="conference_category_is_category"
            ),
            models.CheckConstraint(
                condition=~Q(decision__in=[ConferenceDecision.PLAN, ConferenceDecision.CONTINUE])
                | (~Q(category="") & Q(lead_practitioner__isnull=False)),
                name="conference_plan_has_category_and_lead",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConferenceKind.REVIEW) | Q(plan__isnull=False), name="review_conference_has_plan"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConferenceKind.INITIAL) | Q(section_47__isnull=False),
                name="initial_conference_has_section47",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConferenceKind.TRANSFER_IN) | Q(transfer_notified_on__isnull=False),
                name="transfer_in_conference_has_notice_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.convened_for:%-d %B %Y}"

    @property
    def starts_plan(self) -> bool:
        return self.decision == ConferenceDecision.PLAN


class ProtectionPlan(ProtectionRecord, VersionedModel):
    """A child protection plan: from the conference that made it to its end, with its category."""

    episode = models.ForeignKey("frontdoor.Episode", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    started_by_conference = models.OneToOneField(Conference, on_delete=models.PROTECT, related_name="plan_started")
    initial_category = models.CharField(max_length=3, choices=Category.choices)
    category = models.CharField("current category", max_length=3, choices=Category.choices)
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ending_conference = models.OneToOneField(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_ended"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = "child protection plan"
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="plan_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False, end_reason__in=PlanEndReason.values),
                name="plan_end_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(initial_category__in=Category.values) & Q(category__in=Category.values),
                name="plan_category_is_category",
            ),
            # The census allows one open plan per child at a time (rule 8935).
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True), name="plan_one_open"),
            # Child protection casework stays with a social worker (statutory-reference 1B).
            models.CheckConstraint(
                condition=Q(ended_on__isnull=False) | Q(lead_practitioner__isnull=False),
                name="plan_open_has_lead_practitioner",
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.started_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CategoryChange(ProtectionRecord):
    plan = models.ForeignKey(ProtectionPlan, on_delete=models.CASCADE, related_name="category_changes")
    from_category = models.CharField(max_length=3, choices=Category.choices)
    to_category = models.CharField(max_length=3, choices=Category.choices)
    changed_on = models.DateField()
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.PROTECT, related_name="category_changes"
    )
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["changed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_category__in=Category.values) & Q(to_category__in=Category.values),
                name="category_change_is_category",
            ),
            models.CheckConstraint(condition=~Q(from_category=F("to_category")), name="category_change_changes"),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_category_display()} to {self.get_to_category_display()}"


class CoreGroupMember(ProtectionRecord):
    """A member of the plan's core group: a professional (a user, or named with their agency) or a family member."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.CASCADE, related_name="core_group")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True, help_text="Role or agency, e.g. Health visitor")
    email = models.EmailField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    family_member = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="core_group_member_has_name"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="core_group_member_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class PlanNotificationQuerySet(models.QuerySet):
    def unsent(self) -> PlanNotificationQuerySet:
        """Confirmed by the chair and not yet sent (a failure stays here and is tried again)."""
        return self.filter(sent_at__isnull=True, confirmed_at__isnull=False, withheld=False)

    def awaiting_confirmation(self) -> PlanNotificationQuerySet:
        return self.filter(confirmed_at__isnull=True)


class PlanNotification(ProtectionRecord):
    """An agency told that a plan started or ended: who, at which address, and when it was sent."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.PROTECT, related_name="notifications")
    event = models.CharField(max_length=10, choices=NotificationEvent.choices)
    agency_name = models.CharField(max_length=200, blank=True)
    recipient_name = models.CharField(max_length=200)
    email = models.EmailField()
    # Why this agency is on the list: found from the child's record, or added by the chair.
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The chair confirms who is told (a check-your-answers list); nothing is sent before.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withheld = models.BooleanField("not to be told", default=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    objects = PlanNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "event", "agency_name", "recipient_name"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "event", "email"], name="plan_notification_once_per_address"),
            models.CheckConstraint(condition=Q(event__in=NotificationEvent.values), name="plan_notification_event"),
            models.CheckConstraint(condition=~Q(email=""), name="plan_notification_has_email"),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(confirmed_at__isnull=False, withheld=False),
                name="plan_notification_sent_only_when_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["sent_at"], name="plan_notification_unsent")]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.recipient_name} <{self.email}>"


class CoreGroupMeeting(ProtectionRecord):
    """A core group meeting of a plan (the first within 10 working days of the conference, 1.6)."""

    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.PROTECT, related_name="core_group_meeting")
    plan = models.ForeignKey(ProtectionPlan, on_delete=models.PROTECT, related_name="core_group_meetings")
    held_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["plan", "held_on", "pk"]

    def __str__(self) -> str:
        return f"Core group meeting {self.held_on:%-d %B %Y}" if self.held_on else "Core group meeting"


class Visit(ProtectionRecord):
    """A statutory visit to a child on a plan: when, by whom, and whether the child was seen alone."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.PROTECT, related_name="visits")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField()
    seen_alone = models.BooleanField("child seen alone")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = PersonScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["person", "visited_on"])]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%-d %B %Y}"
