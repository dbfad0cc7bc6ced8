"""Every write to the person index: one function per business action, in a transaction.

The audit log records each change (django-auditlog, registered in apps.py) with who made
it; services add the events that are not plain saves (merges) and keep the "already
known?" search index in step.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.forms.models import model_to_dict
from django.utils import timezone

from jigsaw.access.models import BreakGlass, Involvement
from jigsaw.access.policy import Action, can
from jigsaw.audit.actor import records_actor
from jigsaw.audit.models import AuditKind
from jigsaw.audit.services import audit_record
from jigsaw.core.exceptions import ApplicationError
from jigsaw.core.locking import bump_version, lock_for_edit

from .choices import Disability, UpnUnknown
from .models import (
    Address,
    ContactDetail,
    Household,
    HouseholdMember,
    Person,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    Relationship,
)
from .validators import (
    normalise_nhs_number,
    normalise_postcode,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)

PERSON_FIELDS = (
    "given_names",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "date_of_death",
    "sex",
    "gender",
    "ethnicity",
    "first_language",
    "disability",
    "religion",
    "nhs_number",
    "upn",
    "upn_unknown",
    "disability_codes",
    "school",
    "registered_gp",
)


def _clean_census_items(clean: dict) -> None:
    """The census's UPN-unknown reason and disability codes, refused where the rules would be broken."""
    if "disability_codes" in clean:
        value = clean["disability_codes"]
        codes = value.split() if isinstance(value, str) else list(value or [])
        unknown = [c for c in codes if c not in Disability.values]
        if unknown:
            raise ApplicationError("Choose disabilities from the list", field="disability_codes")
        if "NONE" in codes and len(codes) > 1:
            # CIN census rule 8790: "no disability" stands alone.
            raise ApplicationError(
                "Choose 'No disability' on its own, or the disabilities the child has", field="disability_codes"
            )
        clean["disability_codes"] = " ".join(c for c in Disability.values if c in codes)
    if clean.get("upn_unknown"):
        if clean["upn_unknown"] not in UpnUnknown.values:
            raise ApplicationError("Choose why there is no UPN from the list", field="upn_unknown")
        if clean.get("upn"):
            raise ApplicationError(
                "A child with a UPN needs no reason for not having one: leave the reason blank", field="upn_unknown"
            )
    elif "upn_unknown" in clean:
        clean["upn_unknown"] = ""


def _reindex(person_ids: list[int]) -> None:
    from .matching import index_persons

    index_persons(person_ids)


def next_council_id() -> str:
    """The council's own id: NB + 7 digits, issued in order."""
    last = Person.objects.filter(council_id__startswith="NB").aggregate(m=Max("council_id"))["m"]
    number = int(last[2:]) + 1 if last and last[2:].isdigit() else 1
    return f"NB{number:07d}"


def _clean_person_data(data: dict[str, Any]) -> dict[str, Any]:
    """Check the details of a person; each problem names its field, in plain English."""
    clean = {k: v for k, v in data.items() if k in PERSON_FIELDS}
    for key in (
        "given_names",
        "family_name",
        "preferred_name",
        "gender",
        "first_language",
        "religion",
        "school",
        "registered_gp",
    ):
        if key in clean and clean[key] is not None:
            clean[key] = " ".join(str(clean[key]).split())
    if clean.get("nhs_number"):
        try:
            validate_nhs_number(clean["nhs_number"])
        except ValidationError as e:
            raise ApplicationError(e.messages[0], field="nhs_number") from None
        clean["nhs_number"] = normalise_nhs_number(clean["nhs_number"])
    if clean.get("upn"):
        clean["upn"] = clean["upn"].strip().upper()
        try:
            validate_upn(clean["upn"])
        except ValidationError as e:
            raise ApplicationError(e.messages[0], field="upn") from None
    _clean_census_items(clean)
    dob, edd, dod = clean.get("date_of_birth"), clean.get("expected_date_of_birth"), clean.get("date_of_death")
    today = timezone.localdate()
    if dob and dob > today:
        raise ApplicationError(
            "Date of birth must be today or in the past. For an unborn baby, use the expected date of birth",
            field="date_of_birth",
        )
    if dob and dob < dt.date(1900, 1, 1):
        raise ApplicationError("Date of birth must be after 1900", field="date_of_birth")
    if dod and dob and dod < dob:
        raise ApplicationError("Date of death must be the same as or after the date of birth", field="date_of_death")
    if dod and dod > today:
        raise ApplicationError("Date of death must be today or in the past", field="date_of_death")
    if edd and dob:
        raise ApplicationError(
            "Give a date of birth or an expected date of birth, not both", field="expected_date_of_birth"
        )
    return clean


@records_actor()
@transaction.atomic
def person_create(*, actor: Any, data: dict[str, Any], restricted_area: str = "") -> Person:
    """Add a person. A restricted team (LADO, Channel) may add one only its own team can see:
    someone first known to the council through an allegation or a Channel referral."""
    if not can(actor, Action.CREATE):
        raise ApplicationError("Your role does not include adding people")
    if restricted_area and restricted_area != getattr(actor, "restricted_area", ""):
        raise ApplicationError("Only that restricted team can add a person only it can see")
    clean = _clean_person_data(data)
    if not (clean.get("given_names") or clean.get("family_name") or clean.get("preferred_name")):
        raise ApplicationError("Enter a given name or a family name", field="given_names")
    person = Person(council_id=next_council_id(), restricted_area=restricted_area, **clean)
    person.save()
    _reindex([person.pk])
    return person


@records_actor()
@transaction.atomic
def person_update(*, actor: Any, person: Person, data: dict[str, Any], expected_version: int) -> Person:
    """Change a person's details. An edit started from an older version is refused, not overwritten."""
    if not can(actor, Action.CHANGE, person):
        raise ApplicationError("You cannot change this person's details")
    clean = _clean_person_data(data)
    current = lock_for_edit(person, expected_version)
    if current.merged_into_id:
        raise ApplicationError("This record was merged into another; change that one instead")
    merged = {**{f: getattr(current, f) for f in PERSON_FIELDS}, **clean}
    if not (merged.get("given_names") or merged.get("family_name") or merged.get("preferred_name")):
        raise ApplicationError("Enter a given name or a family name", field="given_names")
    for key, value in clean.items():
        setattr(current, key, value)
    bump_version(current)
    current.save()
    current.refresh_from_db()
    _reindex([current.pk])
    return current


def _check_dates(start: dt.date | None, end: dt.date | None, *, field: str, what: str) -> None:
    if start and end and end < start:
        raise ApplicationError(f"The date {what} ended must be the same as or after the date it started", field=field)
    if start and start > timezone.localdate():
        raise ApplicationError(
            f"The date {what} started must be today or in the past", field=field.replace("to", "from")
        )


@records_actor()
@transaction.atomic
def address_add(
    *,
    actor: Any,
    person: Person,
    line_1: str,
    line_2: str = "",
    town: str = "",
    postcode: str = "",
    lived_from: dt.date | None = None,
    lived_to: dt.date | None = None,
    end_current: bool = True,
) -> Address:
    """Record an address. A move (new current address) closes the previous current one."""
    if not can(actor, Action.CHANGE, person):
        raise ApplicationError("You cannot change this person's details")
    if not line_1.strip():
        raise ApplicationError("Enter the first line of the address", field="line_1")
    if postcode:
        try:
            validate_postcode(postcode)
        except ValidationError as e:
            raise ApplicationError(e.messages[0], field="postcode") from None
    _check_dates(lived_from, lived_to, field="lived_to", what="they lived there")
    if end_current and lived_to is None:
        moved_in = lived_from or timezone.localdate()
        for old in person.addresses.filter(lived_to__isnull=True):
            old.lived_to = max(moved_in - dt.timedelta(days=1), old.lived_from or dt.date.min)
            old.save()
    address = Address.objects.create(
        person=person,
        line_1=line_1.strip(),
        line_2=line_2.strip(),
        town=town.strip(),
        postcode=normalise_postcode(postcode) if postcode else "",
        lived_from=lived_from,
        lived_to=lived_to,
    )
    _reindex([person.pk])
    return address


@records_actor()
@transaction.atomic
def name_add(
    *,
    actor: Any,
    person: Person,
    given_names: str,
    family_name: str,
    kind: str = "previous",
    used_from: dt.date | None = None,
    used_to: dt.date | None = None,
) -> PersonName:
    if not can(actor, Action.CHANGE, person):
        raise ApplicationError("You cannot change this person's details")
    if not (given_names.strip() or family_name.strip()):
        raise ApplicationError("Enter a given name or a family name", field="given_names")
    _check_dates(used_from, used_to, field="used_to", what="the name was")
    name = PersonName.objects.create(
        person=person,
        kind=kind,
        given_names=given_names.strip(),
        family_name=family_name.strip(),
        used_from=used_from,
        used_to=used_to,
    )
    _reindex([person.pk])
    return name


@records_actor()
@transaction.atomic
def identifier_add(*, actor: Any, person: Person, kind: str, value: str, source: str = "") -> PersonIdentifier:
    if not can(actor, Action.CHANGE, person):
        raise ApplicationError("You cannot change this person's details")
    value = value.strip()
    if kind == "former_upn":
        value = value.upper()
        try:
            validate_upn(value)
        except ValidationError as e:
            raise ApplicationError(e.messages[0], field="value") from None
    if not value:
        raise ApplicationError("Enter the identifier", field="value")
    ident = PersonIdentifier.objects.create(person=person, kind=kind, value=value, source=source)
    _reindex([person.pk])
    return ident


@records_actor()
@transaction.atomic
def contact_add(*, actor: Any, person: Person, kind: str, value: str, note: str = "") -> ContactDetail:
    if not can(actor, Action.CHANGE, person):
        raise ApplicationError("You cannot change this person's details")
    value = value.strip()
    if kind == "email":
        from django.core.validators import validate_email

        try:
            validate_email(value)
        except ValidationError:
            raise ApplicationError(
                "Enter an email address in the right format, like name@example.com", field="value"
            ) from None
    elif kind == "phone":
        digits = "".join(c for c in value if c.isdigit())
        if len(digits) < 10 or len(digits) > 13:
            raise ApplicationError("Enter a phone number, like 01632 960 001 or 07700 900 982", field="value")
    return ContactDetail.objects.create(person=person, kind=kind, value=value, note=note.strip())


@records_actor()
@transaction.atomic
def relationship_add(
    *,
    actor: Any,
    from_person: Person,
    to_person: Person,
    kind: str,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
    note: str = "",
) -> Relationship:
    """from_person is the <kind> of to_person. Siblings are recorded both ways."""
    if not (can(actor, Action.CHANGE, from_person) and can(actor, Action.CHANGE, to_person)):
        raise ApplicationError("You cannot change these people's details")
    if from_person.pk == to_person.pk:
        raise ApplicationError("A person cannot be related to themselves", field="to_person")
    _check_dates(started_on, ended_on, field="ended_on", what="the relationship")
    try:
        with transaction.atomic():
            rel = Relationship.objects.create(
                from_person=from_person,
                to_person=to_person,
                kind=kind,
                started_on=started_on,
                ended_on=ended_on,
                note=note,
            )
            if kind == "sibling" and ended_on is None:
                Relationship.objects.get_or_create(
                    from_person=to_person,
                    to_person=from_person,
                    kind=kind,
                    ended_on=None,
                    defaults={"started_on": started_on},
                )
    except IntegrityError:
        raise ApplicationError("This relationship is already recorded", field="kind") from None
    _reindex([from_person.pk, to_person.pk])
    return rel


def _snapshot(person: Person) -> dict[str, Any]:
    data = model_to_dict(person)
    data["council_id"] = person.council_id
    data["other_names"] = [str(n) for n in person.other_names.all()]
    data["addresses"] = [str(a) for a in person.addresses.all()]
    data["identifiers"] = [str(i) for i in person.identifiers.all()]
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}


@records_actor()
@transaction.atomic
def person_merge(
    *,
    actor: Any,
    kept: Person,
    duplicate: Person,
    reason: str,
    expected_versions: tuple[int, int] | None = None,
) -> PersonMerge:
    """Merge a duplicate record into the one kept.

    `expected_versions`: the versions of (kept, duplicate) the user compared; if either
    record changed since, the merge is refused so they compare them again.

    Everything the duplicate held (names, addresses, identifiers, relationships, households,
    involvements) moves to the record kept; the duplicate stays, marked as merged, with its
    own history, so the merge can be reviewed. Fields the kept record lacks are filled from
    the duplicate; its different name is kept as an alias.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError("Explain why these are the same person", field="reason")
    if kept.pk == duplicate.pk:
        raise ApplicationError("Choose two different records to merge")
    if not (can(actor, Action.MERGE, kept) and can(actor, Action.MERGE, duplicate)):
        raise ApplicationError("Your role does not include merging records")
    kept, duplicate = (
        Person.objects.select_for_update().get(pk=kept.pk),
        Person.objects.select_for_update().get(pk=duplicate.pk),
    )
    if duplicate.merged_into_id or kept.merged_into_id:
        raise ApplicationError("One of these records has already been merged")
    if expected_versions is not None and (kept.version, duplicate.version) != tuple(expected_versions):
        raise ApplicationError(
            "Someone changed one of these records after you compared them. They have not been merged: "
            "check the records as they are now, then merge them."
        )
    if kept.date_of_birth and duplicate.date_of_birth and kept.date_of_birth != duplicate.date_of_birth:
        # Not refused: a typed date of birth is a common cause of duplicates. Kept as a note.
        pass
    snapshot = _snapshot(duplicate)
    changed = False
    for f in PERSON_FIELDS:
        if not getattr(kept, f) and getattr(duplicate, f):
            setattr(kept, f, getattr(duplicate, f))
            changed = True
    dup_name = (duplicate.given_names, duplicate.family_name)
    if dup_name != (kept.given_names, kept.family_name) and any(dup_name):
        PersonName.objects.create(person=kept, kind="alias", given_names=dup_name[0], family_name=dup_name[1])
    PersonName.objects.filter(person=duplicate).update(person=kept)
    Address.objects.filter(person=duplicate).update(person=kept)
    ContactDetail.objects.filter(person=duplicate).update(person=kept)
    PersonIdentifier.objects.filter(person=duplicate).update(person=kept)
    HouseholdMember.objects.filter(person=duplicate).update(person=kept)
    Involvement.objects.filter(person=duplicate).update(person=kept)
    BreakGlass.objects.filter(person=duplicate).update(person=kept)
    for rel in Relationship.objects.filter(Q(from_person=duplicate) | Q(to_person=duplicate)):
        new_from = kept if rel.from_person_id == duplicate.pk else rel.from_person
        new_to = kept if rel.to_person_id == duplicate.pk else rel.to_person
        exists = Relationship.objects.filter(
            from_person=new_from, to_person=new_to, kind=rel.kind, ended_on__isnull=True
        ).exists()
        if new_from.pk == new_to.pk or (exists and rel.ended_on is None):
            rel.delete()
        else:
            rel.from_person, rel.to_person = new_from, new_to
            rel.save()
    if changed:
        kept.version += 1
        kept.save()
        kept.refresh_from_db()
    duplicate.merged_into = kept
    duplicate.version += 1
    duplicate.save()
    merge = PersonMerge.objects.create(
        kept=kept, duplicate=duplicate, merged_by=actor, reason=reason, duplicate_snapshot=snapshot
    )
    audit_record(
        actor=actor,
        kind=AuditKind.MERGE,
        obj=kept,
        purpose=reason,
        details={"duplicate": duplicate.pk, "duplicate_council_id": duplicate.council_id},
        subject_person_id=kept.pk,
    )
    audit_record(
        actor=actor,
        kind=AuditKind.MERGE,
        obj=duplicate,
        purpose=reason,
        details={"merged_into": kept.pk},
        subject_person_id=duplicate.pk,
    )
    _reindex([kept.pk, duplicate.pk])
    return merge


@records_actor("reviewer")
@transaction.atomic
def person_merge_review(*, reviewer: Any, merge: PersonMerge, note: str) -> PersonMerge:
    """A second person checks a merge afterwards (four eyes)."""
    if not can(reviewer, Action.MERGE, merge.kept):
        raise ApplicationError("Your role does not include reviewing merges")
    if reviewer.pk == merge.merged_by_id:
        raise ApplicationError("Someone other than the person who merged the records must review the merge")
    merge.reviewed_by = reviewer
    merge.reviewed_at = timezone.now()
    merge.review_note = note.strip()
    merge.save()
    return merge


@records_actor()
@transaction.atomic
def household_join(*, actor: Any, person: Person, with_person: Person, joined_on: dt.date | None = None) -> Household:
    """Record that a person lives in the same household as another: joins that person's
    current household, or starts one for the two of them."""
    if not (can(actor, Action.CHANGE, person) and can(actor, Action.CHANGE, with_person)):
        raise ApplicationError("You cannot change these people's details")
    if person.pk == with_person.pk:
        raise ApplicationError("Choose someone else's household", field="other")
    if joined_on and joined_on > timezone.localdate():
        raise ApplicationError("The date they joined must be today or in the past", field="joined_on")
    current = (
        HouseholdMember.objects.filter(person=with_person, left_on__isnull=True).select_related("household").first()
    )
    household = (
        current.household
        if current
        else Household.objects.create(name=f"{with_person.family_name or with_person.display_name} household")
    )
    if not current:
        HouseholdMember.objects.create(household=household, person=with_person, joined_on=joined_on)
    if HouseholdMember.objects.filter(household=household, person=person, left_on__isnull=True).exists():
        raise ApplicationError(f"{person.display_name} is already in this household", field="other")
    HouseholdMember.objects.create(household=household, person=person, joined_on=joined_on)
    _reindex([person.pk, with_person.pk])
    return household
