"""The front door: a contact about children, the decision on it within one working day,
and the child-in-need episode a referral opens (with the CIN census data items).

Business rules live in services.py; the rules that one row can check on its own are
database constraints here as well, so no other route (an import, a shell) can break them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.core.locking import VersionedModel

from .choices import (
    CallerKind,
    Channel,
    ClosureReason,
    Consent,
    ContactStatus,
    EmergencyType,
    FamilyAware,
    LawfulBasis,
    Outcome,
    PersonRole,
    PrimaryNeed,
    ReferralSource,
    StrategyStatus,
    level_of_need_label,
)

# records app: retention class and legal basis (ARCHITECTURE rule 5). A contact and an
# episode are part of the child's case record.
RETENTION_CLASS = "person-index"
LEGAL_BASIS = (
    "UK GDPR 6(1)(e) public task (Children Act 1989 s17 and s47); "
    "9(2)(g) substantial public interest, DPA 2018 Sch 1 para 18 safeguarding"
)


class Contact(VersionedModel):
    """What a caller told the front door about one or more children, in their words."""

    received_at = models.DateTimeField("received")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    caller_kind = models.CharField(max_length=20, choices=CallerKind.choices)
    caller_name = models.CharField(max_length=200, blank=True)
    caller_agency = models.ForeignKey(
        "access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    caller_role = models.CharField("caller's job or role", max_length=200, blank=True)
    caller_contact_details = models.CharField(
        "how to reach the caller", max_length=300, blank=True, help_text="Phone number or email, for feedback"
    )
    relationship_to_family = models.CharField(max_length=200, blank=True)
    how_they_know_family = models.TextField("how they know the family", blank=True)
    # CIN census ReferralSource (Annex A List 1 "Contact Source"); the episode copies it.
    source = models.CharField("contact source", max_length=2, choices=ReferralSource.choices)
    family_aware = models.CharField(
        "does the family know about the contact", max_length=10, choices=FamilyAware.choices
    )
    consent = models.CharField("consent to share information", max_length=10, choices=Consent.choices)
    consent_reason = models.TextField("why consent was not given or not sought", blank=True)
    lawful_basis = models.CharField(
        "lawful basis for sharing without consent", max_length=20, choices=LawfulBasis.choices, blank=True
    )
    worries = models.TextField("the worries, in the caller's words")
    already_known = models.TextField(
        "already known and allocated, when the contact was recorded",
        blank=True,
        help_text="A snapshot: what each person was open to at the time",
    )
    follow_up_questions = models.TextField(blank=True)
    action_plan = models.TextField("summary action plan", blank=True)
    advice_to_caller = models.TextField("what the caller should do if they are worried again", blank=True)
    level_of_need = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=20, choices=ContactStatus.choices, default=ContactStatus.AWAITING_DECISION)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # A partner practitioner who made the referral on the web form: they see it under "Your
    # referrals" and are told the outcome. Empty for a contact the front door recorded.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="referrals_made"
    )
    # The named worker the front door gave the contact to: the decision clock's owner.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts_assigned"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["assigned_to", "status"], name="contact_assigned_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="contact_channel_valid"),
            models.CheckConstraint(condition=Q(caller_kind__in=CallerKind.values), name="contact_caller_kind_valid"),
            models.CheckConstraint(condition=Q(source__in=ReferralSource.values), name="contact_source_is_cin_code"),
            models.CheckConstraint(condition=Q(family_aware__in=FamilyAware.values), name="contact_family_aware_valid"),
            models.CheckConstraint(condition=Q(consent__in=Consent.values), name="contact_consent_valid"),
            models.CheckConstraint(condition=Q(status__in=ContactStatus.values), name="contact_status_valid"),
            # Sharing without consent needs a reason and a lawful basis (information sharing rule 7).
            models.CheckConstraint(
                condition=Q(consent=Consent.GIVEN) | (~Q(consent_reason="") & ~Q(lawful_basis="")),
                name="contact_consent_not_given_needs_reason_and_basis",
            ),
            models.CheckConstraint(
                condition=Q(lawful_basis="") | Q(lawful_basis__in=LawfulBasis.values),
                name="contact_lawful_basis_valid",
            ),
            models.CheckConstraint(condition=~Q(worries=""), name="contact_has_worries"),
            # An agency is a professional's; an anonymous caller has no name.
            models.CheckConstraint(
                condition=Q(caller_agency__isnull=True) | Q(caller_kind=CallerKind.PROFESSIONAL),
                name="contact_agency_only_for_professional",
            ),
            models.CheckConstraint(
                condition=~Q(caller_kind=CallerKind.ANONYMOUS) | Q(caller_name=""),
                name="contact_anonymous_has_no_name",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact {self.reference}"

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}" if self.pk else "new"

    @property
    def received_on(self):
        return timezone.localdate(self.received_at)

    @property
    def caller_display(self) -> str:
        if self.caller_kind == CallerKind.ANONYMOUS:
            return "Anonymous"
        parts = [self.caller_name or "Name not given"]
        if self.caller_agency_id:
            parts.append(str(self.caller_agency))
        else:
            parts.append(self.get_caller_kind_display().lower())
        return ", ".join(parts)

    @property
    def level_of_need_display(self) -> str:
        return level_of_need_label(self.level_of_need) if self.level_of_need else "Not recorded"

    @property
    def decision_due_on(self):
        """When the decision is due: the children's decision clocks are the one source of truth
        (clock_recompute_all moves them when the calendar changes). A contact whose children a
        partner typed in, not yet linked to records, has no clock yet: the rule gives the date
        the clock will have when it starts."""
        annotated = getattr(self, "clock_due_on", None)
        if annotated is not None:
            return annotated
        from jigsaw.timescales.rules import deadline_for

        from .clocks import decision_clocks

        due = decision_clocks(self).order_by("due_on").values_list("due_on", flat=True).first()
        return due or deadline_for("referral_decision", self.received_on)


class ContactPerson(models.Model):
    """A child or an adult on a contact: a person in the index, or (from a partner's system)
    the details as sent, until the front door links them to a record."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="contact_links"
    )
    role = models.CharField(max_length=10, choices=PersonRole.choices)
    relationship = models.CharField(
        "relationship", max_length=200, blank=True, help_text="For example: subject child, mother, mother's partner"
    )
    # As sent, for a person not yet linked (and kept afterwards: what the caller said).
    details_name = models.CharField(max_length=300, blank=True)
    details = models.JSONField(default=dict, blank=True)
    already_known = models.TextField(blank=True, help_text="What the person was open to when linked")
    linked_at = models.DateTimeField(null=True, blank=True)

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=PersonRole.values), name="contactperson_role_valid"),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(details_name=""),
                name="contactperson_linked_or_has_details",
            ),
            models.UniqueConstraint(
                fields=["contact", "person"], condition=Q(person__isnull=False), name="contactperson_once_per_contact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_role_display().lower()}) on {self.contact}"

    @property
    def display_name(self) -> str:
        return self.person.display_name if self.person_id else self.details_name

    @property
    def is_linked(self) -> bool:
        return self.person_id is not None


class Decision(models.Model):
    """A qualified social worker's or manager's decision on a contact, within one working day."""

    contact = models.OneToOneField(Contact, on_delete=models.PROTECT, related_name="decision")
    decided_at = models.DateTimeField("decided")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    emergency_type = models.CharField(max_length=20, choices=EmergencyType.choices, blank=True)
    reason = models.TextField("reasons for the decision")
    on_time = models.BooleanField(help_text="Decided on or before the contact's due date")
    # What the partner who referred is told, in words fit for them (no case details beyond
    # what they need), and when they were told.
    referrer_message = models.TextField("what the referrer is told", blank=True)
    referrer_told_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["-decided_at"]
        indexes = [models.Index(fields=["decided_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="decision_outcome_valid"),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.EMERGENCY_PROTECTION, emergency_type__in=EmergencyType.values)
                | (~Q(outcome=Outcome.EMERGENCY_PROTECTION) & Q(emergency_type="")),
                name="decision_emergency_type_only_for_emergency",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.contact})"

    @property
    def outcome_display(self) -> str:
        if self.outcome == Outcome.EMERGENCY_PROTECTION and self.emergency_type:
            return f"{self.get_outcome_display()}: {self.get_emergency_type_display().lower()}"
        return self.get_outcome_display()


class EpisodeQuerySet(models.QuerySet):
    def open(self) -> "EpisodeQuerySet":
        return self.filter(closure_date__isnull=True)


class Episode(models.Model):
    """A child-in-need episode (CIN census CINdetails), opened when a contact becomes a referral."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_episodes")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="episodes")
    referral_date = models.DateField("referral date")  # CINreferralDate
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)  # ReferralSource
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0)
    # ReferralNFA: the referral was accepted but needed no further action (no assessment).
    referral_nfa = models.BooleanField("referral needed no further action", default=False)
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="cin_episodes"
    )
    allocated_on = models.DateField(null=True, blank=True)
    strategy_status = models.CharField(max_length=10, choices=StrategyStatus.choices, blank=True, default="")
    strategy_needed_on = models.DateField(null=True, blank=True)
    strategy_held_on = models.DateField(null=True, blank=True)
    # CIN census CINPlanStartDate / CINPlanEndDate: the child-in-need plan agreed after assessment.
    cin_plan_started_on = models.DateField("child in need plan started", null=True, blank=True)
    cin_plan_ended_on = models.DateField("child in need plan ended", null=True, blank=True)
    closure_date = models.DateField(null=True, blank=True)  # CINclosureDate
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)  # ReasonForClosure
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EpisodeQuerySet.as_manager()

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["-referral_date", "-id"]
        indexes = [models.Index(fields=["person", "closure_date"]), models.Index(fields=["strategy_status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral_source__in=ReferralSource.values), name="episode_referral_source_is_cin_code"
            ),
            models.CheckConstraint(condition=Q(primary_need__in=PrimaryNeed.values), name="episode_need_is_cin_code"),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True, closure_reason="")
                | Q(closure_date__isnull=False, closure_reason__in=ClosureReason.values),
                name="episode_closure_date_and_reason_together",
            ),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=F("referral_date")),
                name="episode_not_closed_before_referral",
            ),
            models.CheckConstraint(
                condition=Q(strategy_status__in=StrategyStatus.values), name="episode_strategy_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(strategy_held_on__isnull=True) | Q(strategy_status=StrategyStatus.HELD),
                name="episode_strategy_held_has_date",
            ),
            # CIN census: a child has at most one open episode of need.
            models.UniqueConstraint(
                fields=["person"], condition=Q(closure_date__isnull=True), name="episode_one_open_per_child"
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need episode from {self.referral_date:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None


class LevelOfNeed(models.Model):
    """One level of the partnership's continuum of need, from its threshold document.

    Local (statutory-reference §9): each partnership names its own levels, mapped to the
    canonical four (1 universal, 2 additional needs or early help, 3 complex or targeted,
    4 acute or specialist). Editable by the partnership manager; a level no longer used is
    retired, not deleted, so contacts that carry it still read.
    """

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    canonical_level = models.PositiveSmallIntegerField(
        choices=[(1, "1 Universal"), (2, "2 Additional needs"), (3, "3 Complex needs"), (4, "4 Acute or specialist")]
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    in_use = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "canonical_level", "id"]
        verbose_name_plural = "levels of need"
        constraints = [
            models.CheckConstraint(
                condition=Q(canonical_level__gte=1, canonical_level__lte=4), name="level_canonical_1_to_4"
            ),
            models.CheckConstraint(condition=~Q(label=""), name="level_has_label"),
        ]

    def __str__(self) -> str:
        return self.label


class LevelOfNeedRevision(models.Model):
    """The decision (or a later review) revising the contact's level of need: what it was,
    what it became, who changed it and why. The contact carries the current level."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="level_revisions")
    previous_level = models.CharField(max_length=40, blank=True)
    new_level = models.CharField(max_length=40)
    reason = models.TextField(blank=True)
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revised_at = models.DateTimeField(default=timezone.now)

    retention_class = RETENTION_CLASS
    legal_basis = LEGAL_BASIS

    class Meta:
        ordering = ["revised_at", "id"]

    def __str__(self) -> str:
        return f"{self.contact}: {self.previous_level or 'none'} to {self.new_level}"


class DutyWorker(models.Model):
    """The front door's duty social worker for a day: with the team managers, they give
    contacts to named workers. A team manager names them."""

    on = models.DateField(unique=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    named_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"Duty social worker on {self.on:%Y-%m-%d}: {self.worker}"
