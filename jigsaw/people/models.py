"""People: the person index every service area shares.

Identifiers, names, addresses, contacts, relationships and households. Every change is
recorded by the audit log (registered in apps.py), which is also the version history.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from jigsaw.access.choices import RestrictedArea
from jigsaw.records.models import PersonIndexRecord

from .choices import ContactKind, Ethnicity, IdentifierKind, NameKind, RelationshipKind, Sex, UpnUnknown


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PersonQuerySet":
        from jigsaw.access.policy import person_scope

        return person_scope(user, self)

    def active(self) -> "PersonQuerySet":
        """Records in use: not merged into another."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    council_id = models.CharField("council's own id", max_length=20, unique=True, editable=False)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    preferred_name = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: the expected date of delivery."
    )
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    gender = models.CharField("gender identity", max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=300, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("unique pupil number", max_length=13, blank=True, db_index=True)
    # CIN census UPNunknown / SSDA903 UPN: why a child has no UPN (UN1 to UN7; the 903 takes UN1 to UN5).
    upn_unknown = models.CharField("reason the UPN is not known", max_length=3, blank=True, choices=UpnUnknown.choices)
    # CIN census Disabilities: the DfE codes, space-separated ("NONE" alone, or one or more others).
    disability_codes = models.CharField("disability (DfE codes)", max_length=60, blank=True)
    school = models.CharField("school or setting", max_length=200, blank=True)
    registered_gp = models.CharField("registered GP practice", max_length=200, blank=True)
    restricted_area = models.CharField(
        max_length=10, choices=RestrictedArea.choices, blank=True, default=RestrictedArea.NONE
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_records"
    )
    # Optimistic locking: an edit names the version it started from; a stale one is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    # records app: retention class and legal basis (ARCHITECTURE rule 5)
    retention_class = "person-index"
    legal_basis = "UK GDPR 6(1)(e) public task; 9(2)(g) substantial public interest (Children Act 1989)"

    class Meta:
        ordering = ["family_name", "given_names"]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["family_name", "given_names"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=F("date_of_birth")),
                name="person_death_not_before_birth",
            ),
            models.CheckConstraint(
                condition=~Q(given_names="", family_name="", preferred_name=""), name="person_has_a_name"
            ),
            models.CheckConstraint(condition=~Q(merged_into=F("id")), name="person_not_merged_into_self"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.given_names, self.family_name) if p) or self.preferred_name
        return name or "Unnamed"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None

    def age_on(self, day) -> int | None:
        if not self.date_of_birth:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class PersonName(PersonIndexRecord, models.Model):
    """Previous names and aliases, with the dates they were used."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="other_names")
    kind = models.CharField(max_length=10, choices=NameKind.choices, default=NameKind.PREVIOUS)
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200, blank=True)
    used_from = models.DateField(null=True, blank=True)
    used_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-used_to", "family_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(used_to__isnull=True) | Q(used_from__isnull=True) | Q(used_to__gte=F("used_from")),
                name="person_name_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p)


class PersonIdentifier(PersonIndexRecord, models.Model):
    """Identifiers beyond the NHS number and UPN: former UPNs, legacy system ids and others."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=20, choices=IdentifierKind.choices)
    value = models.CharField(max_length=100)
    source = models.CharField(max_length=100, blank=True, help_text="Which system issued it, for legacy ids")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source", "value"],
                condition=Q(kind="legacy"),
                name="legacy_id_unique_per_source",
            )
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Address(PersonIndexRecord, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    line_1 = models.CharField(max_length=200)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, db_index=True)
    lived_from = models.DateField(null=True, blank=True)
    lived_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["lived_to", "-lived_from"]
        verbose_name_plural = "addresses"
        constraints = [
            models.CheckConstraint(
                condition=Q(lived_to__isnull=True) | Q(lived_from__isnull=True) | Q(lived_to__gte=F("lived_from")),
                name="address_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line_1, self.line_2, self.town, self.postcode) if p)

    @property
    def is_current(self) -> bool:
        return self.lived_to is None or self.lived_to >= timezone.localdate()


class ContactDetail(PersonIndexRecord, models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_details")
    kind = models.CharField(max_length=10, choices=ContactKind.choices)
    value = models.CharField(max_length=200)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Relationship(PersonIndexRecord, models.Model):
    """from_person is the <kind> of to_person, between the dates given."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_from")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=20, choices=RelationshipKind.choices)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=~Q(from_person=F("to_person")), name="relationship_between_two_people"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="relationship_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"],
                condition=Q(ended_on__isnull=True),
                name="relationship_current_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is {self.get_kind_display().lower()} of {self.to_person}"


class Household(models.Model):
    """People living together, at an address, for a period."""

    name = models.CharField(max_length=200, blank=True)
    members = models.ManyToManyField(Person, through="HouseholdMember", related_name="households")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name or f"Household {self.pk}"


class HouseholdMember(PersonIndexRecord, models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    joined_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(joined_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="household_member_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.household}"


class PersonMerge(PersonIndexRecord, models.Model):
    """A duplicate merged into the record that is kept: who, when, why, and what the duplicate held."""

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_as_duplicate")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    duplicate_snapshot = models.JSONField(help_text="The duplicate's details as they were before the merge")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-merged_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(kept=F("duplicate")), name="merge_two_different_people"),
            models.CheckConstraint(condition=~Q(reason=""), name="merge_needs_reason"),
            models.UniqueConstraint(fields=["duplicate"], name="person_merged_once"),
        ]

    def __str__(self) -> str:
        return f"{self.duplicate} merged into {self.kept}"


class ImportRun(models.Model):
    """One run of `manage.py import_people` over one file: what it did and how far it got.

    Counts and `last_row` are saved with each batch, in the batch's transaction, so after an
    interruption they say exactly what is saved; running the same file again (same contents,
    same source) carries on after `last_row`.
    """

    source = models.CharField(max_length=100)
    file_name = models.CharField(max_length=255)
    file_sha256 = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_row = models.PositiveIntegerField(default=1, help_text="Every row up to this one is done (the header is 1)")
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    set_aside = models.PositiveIntegerField(default=0)
    # Rows the database refused (rare): kept here, as the rows a re-reading cannot tell.
    refused = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "file_sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.source}) {self.started_at:%Y-%m-%d %H:%M}"


class ImportSetAside(PersonIndexRecord, models.Model):
    """A value an import did not put on the person's record (an NHS number failing its check,
    a future date of birth...), kept with the reason for someone to check and resolve."""

    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="set_aside_values")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="import_set_aside")
    source = models.CharField(max_length=100)
    source_id = models.CharField(max_length=100)
    row_number = models.PositiveIntegerField()
    field = models.CharField(max_length=50, help_text="The file's column")
    value = models.TextField(help_text="As it was in the file")
    # Identifies the value for the one-item-per-value rule (a value can be too long to index).
    value_sha256 = models.CharField(max_length=64)
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "value set aside by an import"
        verbose_name_plural = "values set aside by imports"
        constraints = [
            # A re-run of the same file never lists the same value twice.
            models.UniqueConstraint(
                fields=["source", "source_id", "field", "value_sha256"], name="import_set_aside_once"
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="import_set_aside_resolved_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.field} of {self.source} {self.source_id}"


# The "already known?" search index lives in people/matching (its own models module).
from .matching.models import *  # noqa: E402, F403
