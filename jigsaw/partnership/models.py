"""The safeguarding children partnership's own work: multi-agency training and communications.

The personal data here is about professionals, not children, and is kept exactly as the
partnership's privacy notice says (settings, so a partnership can change its periods):

- A booking holds name; job role, organisation and sector; email, telephone and address; a
  budget code or purchase order number where a charge applies; dietary or other requirements
  for face-to-face courses only. Telephone, address, requirements and budget code are removed
  once the course has run; the rest is kept JIGSAW_TRAINING_ATTENDANCE_YEARS (4) after the
  course date, then the session's attendance becomes anonymous counts (AttendanceCount) and
  the bookings are deleted (retention.py, run nightly).
- A subscriber holds name, organisation and email only; unsubscribing deletes the row.

No record here links to a child, and nothing here is shown to case-work screens.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import (
    AuditStatus,
    Availability,
    BookingStatus,
    CohortRule,
    CourseFormat,
    CourseLevel,
    DocumentKind,
    GroupKind,
    LeadPartner,
    MemberRole,
    NewsletterKind,
    NewsletterStatus,
    Sector,
    SessionStatus,
)

TRAINING_LEGAL_BASIS = (
    "UK GDPR 6(1)(e) public task: the partnership's duty to train the multi-agency workforce "
    "(Children Act 2004 s16E, Working Together 2023)"
)


class Course(models.Model):
    title = models.CharField(max_length=200)
    learning_outcomes = models.TextField()
    audience = models.CharField("who it is for", max_length=300)
    level = models.CharField(max_length=2, choices=CourseLevel.choices)
    format = models.CharField(max_length=20, choices=CourseFormat.choices)
    # Where a charge applies, a booking must give a budget code or purchase order number.
    charge_applies = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def face_to_face(self) -> bool:
        return self.format == CourseFormat.FACE_TO_FACE


class Session(models.Model):
    """One date of a course: where, when, how many places, and who trains it."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField("joining link", blank=True)
    capacity = models.PositiveIntegerField("places")
    # An internal trainer (a Jigsaw user, who marks attendance) or an external provider (named).
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="training_sessions"
    )
    external_provider = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)
    # Retention steps done (retention.py): contact details removed; attendance made anonymous.
    details_removed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # The calendar invitation's identity: the same UID for every email about this session.
    ical_uid = models.CharField(max_length=100, default="", editable=False)
    ical_sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.starts_at:%d %B %Y}"

    def save(self, *args, **kwargs) -> None:
        if not self.ical_uid:
            self.ical_uid = f"{uuid.uuid4()}@jigsaw.training"
        super().save(*args, **kwargs)

    @property
    def trained_by(self) -> str:
        return str(self.trainer) if self.trainer_id else self.external_provider


class Booking(models.Model):
    """A professional's place (or place on the waiting list) on a session, with exactly the
    items of the privacy notice. No login: the booker manages it through a signed link."""

    retention_class = "partnership-training"
    legal_basis = TRAINING_LEGAL_BASIS

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    # Kept 4 years after the course date (the record of attendance).
    name = models.CharField(max_length=200)
    job_role = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    email = models.EmailField()
    # Removed once the course has run.
    telephone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    budget_code = models.CharField("budget code or purchase order number", max_length=100, blank=True)
    requirements = models.TextField("dietary or other requirements", blank=True)
    # What happened: not personal details, kept with the booking.
    booked_at = models.DateTimeField(auto_now_add=True)
    place_given_at = models.DateTimeField(null=True, blank=True)  # booked, or offered from the waiting list
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["booked_at", "pk"]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        # Never the name: this text reaches the audit log, which outlives the booking.
        return f"Booking {self.pk}"


class Evaluation(models.Model):
    """A short evaluation after the course. Not linked to the booking (answers are anonymous),
    so the scores stay when the bookings are anonymised."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    rating = models.PositiveSmallIntegerField()  # 1 to 5: how good was the course overall
    confidence = models.PositiveSmallIntegerField()  # 1 to 5: more confident to act on the learning
    comments = models.TextField(blank=True)
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5), name="evaluation_confidence_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation {self.pk}"


class AttendanceCount(models.Model):
    """What is left of a session's bookings after 4 years: counts by sector and job role."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance_counts")
    sector = models.CharField(max_length=20, choices=Sector.choices)
    job_role = models.CharField(max_length=200)
    booked = models.PositiveIntegerField()
    attended = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "sector", "job_role"], name="attendance_count_unique")
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.get_sector_display()}, {self.job_role}"


class DemandSurvey(models.Model):
    """The partnership asks agencies how many would come to a course, and when they could."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="demand_surveys")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    closes_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Demand for {self.course}"


class DemandResponse(models.Model):
    """An agency's answer: how many would come at each time. No one is named."""

    survey = models.ForeignKey(DemandSurvey, on_delete=models.CASCADE, related_name="responses")
    organisation = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    weekday_daytime = models.PositiveIntegerField(default=0)
    evening = models.PositiveIntegerField(default=0)
    weekend = models.PositiveIntegerField(default=0)
    made_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_sector_display()})"

    def count(self, when: str) -> int:
        return {
            Availability.WEEKDAY_DAYTIME: self.weekday_daytime,
            Availability.EVENING: self.evening,
            Availability.WEEKEND: self.weekend,
        }[when]


class Subscriber(models.Model):
    """Someone who receives the partnership's newsletters: name, organisation and email only.
    Unsubscribing deletes this row (not a flag)."""

    retention_class = "partnership-subscriber"
    legal_basis = "UK GDPR 6(1)(a) consent, given by confirming the sign-up email"

    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200)
    email = models.EmailField(unique=True)
    signed_up_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Subscriber {self.pk}"


class Newsletter(models.Model):
    kind = models.CharField(max_length=12, choices=NewsletterKind.choices, default=NewsletterKind.NEWSLETTER)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=NewsletterStatus.choices, default=NewsletterStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    send_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)  # how many it went to (a count, kept)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """This newsletter has gone to this subscriber (so a batch run again sends no one twice).
    Deleted with the subscriber."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["newsletter", "subscriber"], name="delivery_once")]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"Delivery {self.pk}"


# Arrangements and governance.


class PartnershipGroup(models.Model):
    """The executive (the lead partners' delegates, with education and public health) or a subgroup."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=GroupKind.choices)
    terms_of_reference = models.TextField()
    # Overdue actions of the partnership's meetings are escalated to the executive's chair.
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Member(models.Model):
    group = models.ForeignKey(PartnershipGroup, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    agency = models.ForeignKey("access.Agency", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=15, choices=MemberRole.choices, default=MemberRole.MEMBER)
    # For a lead partner or a delegate: which of the three statutory partners.
    lead_partner = models.CharField(max_length=20, choices=LeadPartner.choices, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(blank=True)
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "agency__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class GovernanceDocument(models.Model):
    kind = models.CharField(max_length=15, choices=DocumentKind.choices)
    title = models.CharField(max_length=200, unique=True)

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """A version of a published document: who approved it and when."""

    document = models.ForeignKey(GovernanceDocument, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(max_length=20)
    summary = models.TextField("what changed")
    link = models.URLField("where it is published", blank=True)
    approved_by = models.CharField(max_length=300)  # "The executive", "The three lead partners"
    approved_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-approved_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="document_version_unique")]

    def __str__(self) -> str:
        return f"{self.document}, version {self.version}"


class GroupMeeting(models.Model):
    """A meeting of the executive or a subgroup, held through the meetings engine."""

    group = models.ForeignKey(PartnershipGroup, on_delete=models.PROTECT, related_name="meetings")
    meeting = models.OneToOneField("meetings.Meeting", on_delete=models.CASCADE, related_name="partnership")
    agenda = models.TextField()

    def __str__(self) -> str:
        return f"{self.group}: {self.meeting}"


class ActionUpdate(models.Model):
    """Progress on an action of the action log, with its evidence."""

    action = models.ForeignKey("meetings.Action", on_delete=models.CASCADE, related_name="partnership_updates")
    text = models.TextField()
    evidence = models.TextField(blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"Update {self.pk}"


# Case file audits.


class CaseFileAudit(models.Model):
    """A multi-agency case file audit: a cohort picked by rule, auditors from several agencies,
    each seeing only the children assigned to them until the audit ends."""

    title = models.CharField(max_length=200)
    rule = models.CharField(max_length=20, choices=CohortRule.choices)
    size = models.PositiveIntegerField()
    since = models.DateField()
    until = models.DateField()
    ends_on = models.DateField("audit ends")  # the auditors' access ends with it
    # The grading tool, configured by the partnership: its questions, and the grades each may have.
    questions = models.JSONField(default=list)
    grades = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=AuditStatus.choices, default=AuditStatus.IN_PROGRESS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class AuditCase(models.Model):
    """One child in the cohort: their auditor, the access granted, and the grades given."""

    retention_class = "safeguarding-case"
    legal_basis = (
        "UK GDPR 6(1)(e) public task; 9(2)(g): the partnership's duty to check how well agencies "
        "safeguard children (Children Act 2004 s16E)"
    )

    audit = models.ForeignKey(CaseFileAudit, on_delete=models.CASCADE, related_name="cases")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The time-limited access the auditor was given (an involvement, ended with the audit).
    grant = models.ForeignKey("access.Involvement", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    answers = models.JSONField(default=dict)  # {question number: grade}
    findings = models.TextField(blank=True)
    actions = models.TextField(blank=True)
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["audit", "pk"]
        constraints = [models.UniqueConstraint(fields=["audit", "person"], name="audit_case_once")]

    def __str__(self) -> str:
        return f"Audit case {self.pk}"
