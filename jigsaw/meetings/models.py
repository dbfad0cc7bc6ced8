"""Meetings: one engine for every kind of meeting Jigsaw holds.

Conferences and strategy discussions now; LADO meetings, Channel panels, MACE, family
group conferences and board meetings later. A meeting is about zero or more people (its
subjects); who may see it follows from who may see them (selectors.py). Anything tied to
one subject (their notes, a decision, an action or a report about them) is shown only to
those who may see that subject, so a complex strategy meeting about several children
shows each worker only their own child's part.

Every change is recorded by the audit log (registered in apps.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.core.locking import VersionedModel


class MeetingKind(models.TextChoices):
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    COMPLEX_STRATEGY = "complex_strategy", "Complex strategy meeting"
    ICPC = "icpc", "Initial child protection conference"
    RCPC = "rcpc", "Review child protection conference"
    TRANSFER_IN_CONFERENCE = "transfer_in_conference", "Transfer-in child protection conference"
    CORE_GROUP = "core_group", "Core group meeting"
    LAC_REVIEW = "lac_review", "Looked-after child review"
    LADO = "lado", "LADO meeting"
    CHANNEL_PANEL = "channel_panel", "Channel panel"
    MACE = "mace", "MACE meeting"
    FGC = "fgc", "Family group conference"
    BOARD = "board", "Board meeting"


class MeetingStatus(models.TextChoices):
    CONVENED = "convened", "Convened"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Reply(models.TextChoices):
    NONE = "none", "No reply yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    TENTATIVE = "tentative", "Tentative"


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", "Not recorded"
    ATTENDED = "attended", "Attended"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


def new_ical_uid() -> str:
    """A calendar UID that never changes for the meeting's life (reschedules keep it)."""
    return f"{uuid.uuid4()}@jigsaw"


_RETENTION = "safeguarding-case"
_LEGAL_BASIS = "UK GDPR 6(1)(e) public task; 9(2)(g) substantial public interest (Children Act 1989 s47)"


class Meeting(VersionedModel):
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="chaired_meetings"
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="convened_meetings"
    )
    convened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.CONVENED)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_reason = models.TextField(blank=True)
    # When the meeting actually took place (it may differ from when it was set). Deadlines that
    # a meeting meets are met when it is held, never when it is booked.
    held_at = models.DateTimeField(null=True, blank=True)
    restricted_area = models.CharField(
        max_length=10, choices=RestrictedArea.choices, blank=True, default=RestrictedArea.NONE
    )
    # iCalendar: the UID stays for the meeting's life; SEQUENCE goes up with every
    # reschedule or cancellation so calendars replace the earlier version (RFC 5546).
    ical_uid = models.CharField(max_length=100, unique=True, default=new_ical_uid, editable=False)
    ical_sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["kind", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_is_a_kind"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_is_a_status"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="meeting_has_a_title"),
            models.CheckConstraint(
                condition=Q(status=MeetingStatus.CANCELLED, cancelled_at__isnull=False)
                | (~Q(status=MeetingStatus.CANCELLED) & Q(cancelled_at__isnull=True)),
                name="meeting_cancelled_when_and_only_when_cancelled",
            ),
            models.CheckConstraint(
                condition=Q(held_at__isnull=True) | Q(status=MeetingStatus.HELD), name="meeting_held_at_only_when_held"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d %b %Y %H:%M})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def local_date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    @property
    def held_on(self):
        """The day it took place (London), or None while it has not been held."""
        return timezone.localtime(self.held_at).date() if self.held_at else None


class MeetingSubject(VersionedModel):
    """A person the meeting is about. Their notes are shown only with that person's record."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="meeting_subjects")
    notes = models.TextField(blank=True, help_text="What this meeting is about for this person")

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meeting_subject_once")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"


class Invitation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    agency = models.ForeignKey("access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=100, blank=True, help_text='Their part in the meeting, e.g. "Parent", "Police"')
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_invitations"
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_invitations",
        help_text="When the invitee is a family member with a record",
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    reply = models.CharField(max_length=10, choices=Reply.choices, default=Reply.NONE)
    replied_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN)
    # Sending state, so sending is idempotent: the SEQUENCE of the last calendar message
    # this invitee was sent, and when the approved minutes went to them.
    sent_sequence = models.PositiveIntegerField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    minutes_sent_at = models.DateTimeField(null=True, blank=True)

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="invitation_has_a_name"),
            models.CheckConstraint(condition=Q(reply__in=Reply.values), name="invitation_reply_is_a_reply"),
            models.CheckConstraint(
                condition=Q(attendance__in=Attendance.values), name="invitation_attendance_is_an_attendance"
            ),
            models.CheckConstraint(
                condition=Q(reply=Reply.NONE, replied_at__isnull=True)
                | (~Q(reply=Reply.NONE) & Q(replied_at__isnull=False)),
                name="invitation_replied_when_and_only_when_replied",
            ),
            models.UniqueConstraint(
                fields=["meeting", "email"], condition=~Q(email=""), name="invitation_email_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="invitation_user_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class Report(models.Model):
    """A report an agency submits to the meeting (for a conference: beforehand)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey("access.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    submitted_at = models.DateTimeField(default=timezone.now)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The subject the report is about, when it is about only one of them",
    )

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        ordering = ["submitted_at"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="report_has_text")]

    def __str__(self) -> str:
        return f"Report from {self.agency or self.author} to {self.meeting}"

    @property
    def submitted_before_meeting(self) -> bool:
        """Whether the papers were in before the meeting started (as it stands now)."""
        return self.submitted_at < self.meeting.starts_at


class Minutes(VersionedModel):
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField()
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="minutes_have_text"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__gte=F("drafted_at")),
                name="minutes_approved_by_someone_after_drafting",
            ),
            models.CheckConstraint(
                condition=Q(circulated_at__isnull=True) | Q(circulated_at__gte=F("approved_at")),
                name="minutes_circulated_only_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    code = models.CharField(
        max_length=50, blank=True, help_text="A code the service area reads back, e.g. section_47 or plan"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    dissent = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The subject the decision is about, when it is about only one of them",
    )

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="decision_has_text")]

    def __str__(self) -> str:
        return self.text[:80]


class Action(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="meeting_actions"
    )
    owner_name = models.CharField(max_length=200, blank=True, help_text="When the owner is not a Jigsaw user")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(default=timezone.localdate)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The subject the action is about, when it is about only one of them",
    )

    retention_class = _RETENTION
    legal_basis = _LEGAL_BASIS

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(description=""), name="action_has_a_description"),
            models.CheckConstraint(condition=Q(owner__isnull=False) | ~Q(owner_name=""), name="action_has_an_owner"),
            models.CheckConstraint(condition=Q(due_on__gte=F("created_on")), name="action_due_after_it_was_agreed"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(done_on__gte=F("created_on")),
                name="action_done_after_it_was_agreed",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_display(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_name
